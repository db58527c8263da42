/**
 * `limits.timeoutMs`: a request that runs longer is answered with a REQUEST_TIMEOUT error naming
 * the limit, and its work stops: every datastore call checks the deadline before it starts, so
 * that no new call (no new SQL statement) begins once the time is up. A call already running
 * finishes or is cancelled by the datastore's own statement timeout; its result is dropped.
 */
import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Datastore, ListQuery } from '../../datastore/datastore.js';
import { PersistError } from '../../errors.js';
import { limitSource } from './limit-error.js';
import type { Limits } from './limits.js';
import { createPersistContext, type PersistContext } from '../request-context.js';

/** The code of a request stopped at its deadline. */
export const REQUEST_TIMEOUT = 'REQUEST_TIMEOUT';

function timeoutMessage(timeoutMs: number, committing = false): string {
  const stopped = `The request was stopped after ${timeoutMs} ms, the limit of ${limitSource('timeoutMs')}`;
  // A write that commits by itself (or a COMMIT) already sent cannot be stopped: say so.
  return committing
    ? `${stopped}, while its write was being committed: the write may have been kept; read it before retrying.`
    : `${stopped}.`;
}

/** Thrown by a datastore call attempted after the deadline. */
export class RequestTimeoutError extends PersistError {
  constructor(readonly timeoutMs: number) {
    super('REQUEST_TIMEOUT', timeoutMessage(timeoutMs));
  }
}

/** One request's deadline: expired once `timeoutMs` has passed since `race` began. */
export class RequestDeadline {
  expired = false;
  /** Commits running: a COMMIT, or a write that commits by itself (outside a transaction, or alone in one). */
  private committing = 0;

  constructor(readonly timeoutMs: number) {}

  /** `commit`, counted as running while it runs: a deadline passing meanwhile says the write may have been kept. */
  whileCommitting<T>(commit: Promise<T>): Promise<T> {
    this.committing++;
    return commit.finally(() => this.committing--);
  }

  /** Throws when the deadline has passed (before a datastore call). */
  check(): void {
    if (this.expired) throw new RequestTimeoutError(this.timeoutMs);
  }

  /**
   * The result of `work`, or the timeout's result if it does not finish in time (the deadline
   * then expires, and `work`'s own outcome is dropped).
   */
  race(work: () => ExecutionResult | Promise<ExecutionResult>): Promise<ExecutionResult> {
    return new Promise<ExecutionResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.expired = true;
        resolve(timeoutResult(this.timeoutMs, this.committing > 0));
      }, this.timeoutMs);
      let running: ExecutionResult | Promise<ExecutionResult>;
      try {
        running = work();
      } catch (error) {
        running = Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
      Promise.resolve(running).then(
        (result) => {
          clearTimeout(timer);
          resolve(result);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }
}

/** The answer of a request stopped at its deadline. */
export function timeoutResult(timeoutMs: number, committing = false): ExecutionResult {
  return { data: null, errors: [new GraphQLError(timeoutMessage(timeoutMs, committing), { extensions: { code: REQUEST_TIMEOUT } })] };
}

/**
 * A request's view of `inner`: every data call refused once `deadline` has expired (transactions
 * included), and `defaultLimit` (`limits.defaultLimit`) the limit of every list read given none.
 */
export class DeadlineDatastore implements Datastore {
  constructor(
    private readonly inner: Datastore,
    private readonly deadline: RequestDeadline,
    private readonly defaultLimit?: number,
    /** Whether `inner` is a transaction's handle (its writes commit with the transaction). */
    private readonly inTransaction = false,
  ) {}

  /** A write of `inner`: one that commits by itself (outside a transaction, or alone in one) counts as a commit. */
  private written<T>(write: Promise<T>, alone = false): Promise<T> {
    return this.inTransaction && !alone ? write : this.deadline.whileCommitting(write);
  }

  private paged(query: ListQuery | undefined): ListQuery | undefined {
    if (this.defaultLimit === undefined || query?.limit !== undefined) return query;
    return { ...query, limit: this.defaultLimit };
  }

  /** The wrapped store, once the deadline is checked: every data call goes through here. */
  private open(): Datastore {
    this.deadline.check();
    return this.inner;
  }

  readonly getByKeys: Datastore['getByKeys'] = (entity, keys, query) => this.open().getByKeys(entity, keys, query);
  readonly getByFields: Datastore['getByFields'] = (entity, fields, values, query) =>
    this.open().getByFields(entity, fields, values, this.paged(query));
  readonly list: Datastore['list'] = (entity, query) => this.open().list(entity, this.paged(query));
  // A grouped read returns a list of groups: it gets the default limit as a list of rows does.
  readonly aggregate: Datastore['aggregate'] = (entity, query) =>
    this.open().aggregate(
      entity,
      this.defaultLimit === undefined || query.limit !== undefined || (query.groupBy ?? []).length === 0
        ? query
        : { ...query, limit: this.defaultLimit },
    );
  // A page given neither size gets the default limit as its `first`.
  readonly connection: Datastore['connection'] = (entity, query) =>
    this.open().connection(
      entity,
      this.defaultLimit === undefined || query.first !== undefined || query.last !== undefined
        ? query
        : { ...query, first: this.defaultLimit },
    );
  readonly insert: Datastore['insert'] = (entity, rows, options) =>
    this.written(this.open().insert(entity, rows, options), options?.alone === true);
  readonly update: Datastore['update'] = (entity, key, patch, guard) => this.written(this.open().update(entity, key, patch, guard));
  readonly delete: Datastore['delete'] = (entity, key, guard) => this.written(this.open().delete(entity, key, guard));
  readonly upsert: Datastore['upsert'] = (entity, rows, updateFields) => this.written(this.open().upsert(entity, rows, updateFields));
  readonly updateWhere: Datastore['updateWhere'] = (entity, filter, patch, max, options) =>
    this.written(this.open().updateWhere(entity, filter, patch, max, options), options?.alone === true);
  readonly deleteWhere: Datastore['deleteWhere'] = (entity, filter, max) => this.written(this.open().deleteWhere(entity, filter, max));

  /** A transaction (a savepoint inside one): from the end of its work until it settles, its COMMIT counts as running. */
  transaction<T>(work: (tx: Datastore) => Promise<T>): Promise<T> {
    const inner = this.open();
    const handle = (tx: Datastore): DeadlineDatastore => new DeadlineDatastore(tx, this.deadline, this.defaultLimit, true);
    if (this.inTransaction) return inner.transaction((tx) => work(handle(tx)));
    let committing: (() => void) | undefined;
    return inner
      .transaction(async (tx) => {
        const result = await work(handle(tx));
        committing ??= this.committingUntilSettled();
        return result;
      })
      .finally(() => committing?.());
  }

  /** Counts a commit as running until the returned function is called. */
  private committingUntilSettled(): () => void {
    let settle!: () => void;
    void this.deadline.whileCommitting(new Promise<void>((resolve) => (settle = resolve)));
    return settle;
  }

  // Health checks and shutdown are no part of a request's work: never refused.
  ping(): Promise<void> {
    return this.inner.ping();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** The context key of a request's deadline. */
export const DEADLINE = Symbol('persist.deadline');

/** A request context under the limits: its datastore calls stop at its deadline. */
export type LimitedContext = PersistContext & { [DEADLINE]?: RequestDeadline };

/** A request's context over `datastore`; under `limits`, over it as the request's DeadlineDatastore. */
export function limitedContext(datastore: Datastore, limits: Readonly<Limits> | false): LimitedContext {
  if (limits === false) return createPersistContext(datastore);
  const deadline = new RequestDeadline(limits.timeoutMs);
  const context: LimitedContext = createPersistContext(
    new DeadlineDatastore(datastore, deadline, limits.defaultLimit),
    limits.maxAffectedRows,
  );
  context[DEADLINE] = deadline;
  return context;
}
