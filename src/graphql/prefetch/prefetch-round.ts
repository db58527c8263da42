/**
 * Where the root fields of one operation meet before their relations are fetched. Each root field
 * fetches its own rows, and they come back whenever their datastore calls finish; if each then
 * fetched the levels below it alone, `a: employee(…) { department }` and `b: employee(…) {
 * department }` would cost a call each, or one, depending on timing. Instead the root fields of a
 * query join one round; when the last of them has its rows, the round fetches each level below
 * all of them at once (level-prefetch.ts), and every root field hands its rows to the executor.
 * The number of datastore calls is then a function of the operation and the data, never of
 * timing.
 *
 * Who is in a round: the executor (Yoga's @graphql-tools/executor, like graphql-js) calls every
 * root resolver of a query in one synchronous loop, and no root field can have its rows before that
 * loop ends (they come from the datastore, which is asynchronous), so a round is sealed at the
 * first microtask after it opens and then holds exactly the query's root fields. We seal this way rather than count the operation's root fields because
 * a root field whose arguments fail to coerce never reaches its resolver, and must not keep the
 * others waiting. Mutation root fields run one after another, so each opens a round of its own.
 */
import type { FieldNode, GraphQLResolveInfo } from 'graphql';
import type { Row } from '../datastore/datastore.js';
import type { EntityPlan, ModelPlans } from './entity-plans.js';
import { type LevelParent, prefetchLevels } from './level-prefetch.js';
import type { PersistRequest } from './request-context.js';

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

  constructor(
    private readonly req: PersistRequest,
    private readonly plans: ModelPlans,
  ) {
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
    prefetchLevels(this.req, this.plans, parents).then(this.finish, this.finish);
  }
}

/** The round a root resolver starting now belongs to: the open one, or a new one. */
export function joinRound(req: PersistRequest, plans: ModelPlans): RoundTicket {
  if (req.round === undefined || req.round.isSealed) req.round = new PrefetchRound(req, plans);
  return req.round.join();
}
