/**
 * Where the root fields of one operation meet before their relations are fetched (the round of
 * index.ts). A round is sealed at the first microtask after it opens, and then holds exactly the
 * query's root fields: the executor (graphql-js or graphql-jit) calls every root resolver of a
 * query in one synchronous loop, and no root field can have its rows before that loop ends (they
 * come from the datastore, which is asynchronous). We seal this way rather than count the
 * operation's root fields because a root field whose arguments fail to coerce never reaches its
 * resolver, and must not keep the others waiting. Mutation root fields run one after another, so
 * each opens a round of its own.
 */
import type { FieldNode, GraphQLResolveInfo } from 'graphql';
import type { Row } from '../../datastore/datastore.js';
import type { EntityPlan } from '../entity-plans.js';
import type { LevelParent } from './level-prefetch.js';

/** One root field's place in a round: report its rows (or that it has none) exactly once. */
export interface RoundTicket {
  /**
   * Hands over the root field's rows; resolves when the relation levels below every root field of
   * the round are fetched, or is undefined when they already are (this root field was the last to
   * arrive, and no level needed a datastore call). Never rejects: a level that fails is left to
   * the resolvers.
   */
  arrive(
    plan: EntityPlan,
    rows: readonly Row[],
    nodes: readonly FieldNode[],
    info: GraphQLResolveInfo,
    path: string,
  ): Promise<void> | undefined;
  /** The root field failed: nothing to fetch below it, and the round must not wait for it. */
  leave(): void;
}

/** The root fields resolved together, and the levels fetched below them once all have arrived. */
export class PrefetchRound {
  private sealed = false;
  private joined = 0;
  private settled = 0;
  // In join order (the operation's field order), so that calls go out in a stable order.
  private readonly parents: (LevelParent | undefined)[] = [];
  private fetched = false;
  // Made when a root field has to wait for the levels (not when they are filled at once).
  private done: Promise<void> | undefined;
  private finish: (() => void) | undefined;

  /**
   * `fetchLevels` fetches the levels below the round's root fields (prefetchLevels, bound to the
   * request): undefined when it filled them at once.
   */
  constructor(private readonly fetchLevels: (parents: readonly LevelParent[]) => Promise<void> | undefined) {
    queueMicrotask(() => {
      this.sealed = true;
      this.runIfComplete();
    });
  }

  /** True once no more root fields can join (see the file comment). */
  get isSealed(): boolean {
    return this.sealed;
  }

  /** Adds a root field to the round; call it synchronously when its resolver starts. */
  join(): RoundTicket {
    const slot = this.joined++;
    let used = false;
    const settle = (parent: LevelParent | undefined): void => {
      if (used) return;
      used = true;
      this.parents[slot] = parent;
      this.settled++;
      this.runIfComplete();
    };
    return {
      arrive: (plan, rows, nodes, info, path) => {
        settle(rows.length === 0 ? undefined : { plan, rows, nodes, info, path });
        return this.fetched ? undefined : this.waitForLevels();
      },
      leave: () => settle(undefined),
    };
  }

  private runIfComplete(): void {
    if (!this.sealed || this.settled < this.joined) return;
    const parents = this.parents.filter((p): p is LevelParent => p !== undefined);
    // prefetchLevels catches datastore errors per lookup; the catches are for a bug, which must not hang the request.
    let pending: Promise<void> | undefined;
    try {
      pending = this.fetchLevels(parents);
    } catch {
      pending = undefined;
    }
    if (pending === undefined) this.complete();
    else pending.then(this.complete, this.complete);
  }

  private readonly complete = (): void => {
    this.fetched = true;
    this.finish?.();
  };

  private waitForLevels(): Promise<void> {
    return (this.done ??= new Promise<void>((resolve) => {
      this.finish = resolve;
    }));
  }
}
