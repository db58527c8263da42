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
   * the round are fetched. Never rejects: a level that fails is left to the resolvers.
   */
  arrive(plan: EntityPlan, rows: readonly Row[], nodes: readonly FieldNode[], info: GraphQLResolveInfo, path: string): Promise<void>;
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
  private readonly done: Promise<void>;
  private finish!: () => void;

  /** `fetchLevels` fetches the levels below the round's root fields (prefetchLevels, bound to the request). */
  constructor(private readonly fetchLevels: (parents: readonly LevelParent[]) => Promise<void>) {
    this.done = new Promise<void>((resolve) => {
      this.finish = resolve;
    });
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
        return this.done;
      },
      leave: () => settle(undefined),
    };
  }

  private runIfComplete(): void {
    if (!this.sealed || this.settled < this.joined) return;
    const parents = this.parents.filter((p): p is LevelParent => p !== undefined);
    // prefetchLevels catches datastore errors per lookup; the catch is for a bug, which must not hang the request.
    this.fetchLevels(parents).then(this.finish, this.finish);
  }
}
