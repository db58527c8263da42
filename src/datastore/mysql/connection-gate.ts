/**
 * Who may hold one of the pool's connections, and who waits. mysql2's own pool queues waiters
 * without bound and forever; behind one locked table, every request ends up holding or waiting
 * for a connection and unrelated tables (and everything else) stall. The gate in front of it:
 * - a lane (the entity a statement reads or writes, or `transaction`) holds at most `laneLimit`
 *   connections, so that the others always keep some for themselves;
 * - waiters queue per lane, at most `queueLimit` each; one more is refused at once;
 * - a waiter gives up after `acquireTimeoutMs`.
 * Refusals are DatastoreUnavailableError (retryable), never a wait without end.
 */
import { DatastoreUnavailableError } from '../../errors.js';

export interface GateOptions {
  /** Connections held at most, in all lanes (the pool's connectionLimit). */
  limit: number;
  /** Connections one lane holds at most. */
  laneLimit: number;
  /** Waiters per lane at most. */
  queueLimit: number;
  /** How long a waiter waits at most, in milliseconds. */
  acquireTimeoutMs: number;
}

interface Waiter {
  lane: string;
  grant: () => void;
  refuse: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** A permit to hold one connection: give it back exactly once. */
export type Release = () => void;

/** Counts connections held per lane and queues the waiters (see the file comment). */
export class ConnectionGate {
  private held = 0;
  private readonly heldByLane = new Map<string, number>();
  // In arrival order, all lanes together: the first waiter whose lane may hold one more goes first.
  private readonly waiters: Waiter[] = [];
  private readonly waitingByLane = new Map<string, number>();
  private closed = false;

  constructor(private readonly options: GateOptions) {}

  /** A permit for `lane` when one is free now (as `acquire` would grant at once), else undefined. */
  tryAcquire(lane: string): Release | undefined {
    return !this.closed && this.mayTake(lane) ? this.take(lane) : undefined;
  }

  /** Resolves with a permit for `lane`, or rejects with DatastoreUnavailableError (queue full, timeout, closed). */
  acquire(lane: string): Promise<Release> {
    if (this.closed) return Promise.reject(new DatastoreUnavailableError('The database connection pool is closed.'));
    if (this.mayTake(lane)) return Promise.resolve(this.take(lane));
    const waiting = this.waitingByLane.get(lane) ?? 0;
    if (waiting >= this.options.queueLimit) {
      return Promise.reject(
        new DatastoreUnavailableError(
          `The database is too busy: ${waiting} requests already wait for a connection (pool queueLimit); retry later.`,
        ),
      );
    }
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = {
        lane,
        grant: () => resolve(this.take(lane)),
        refuse: reject,
        timer: setTimeout(() => {
          this.dequeue(waiter);
          reject(
            new DatastoreUnavailableError(
              `No database connection became free within ${this.options.acquireTimeoutMs} ms (pool acquireTimeout): the database is slow or a table is locked; retry later.`,
            ),
          );
        }, this.options.acquireTimeoutMs),
      };
      this.waiters.push(waiter);
      this.waitingByLane.set(lane, waiting + 1);
    });
  }

  /** Permits held now, and waiters queued now (all lanes). */
  counts(): { held: number; waiting: number } {
    return { held: this.held, waiting: this.waiters.length };
  }

  /** Refuses every waiter and every later acquire. */
  close(): void {
    this.closed = true;
    for (const w of this.waiters.splice(0)) {
      clearTimeout(w.timer);
      this.waitingByLane.set(w.lane, (this.waitingByLane.get(w.lane) ?? 1) - 1);
      w.refuse(new DatastoreUnavailableError('The database connection pool is closed.'));
    }
  }

  // The unnamed lane ('') is bounded by the pool's limit only (statements of unknown purpose: push, tests).
  private mayTake(lane: string): boolean {
    return this.held < this.options.limit && (lane === '' || (this.heldByLane.get(lane) ?? 0) < this.options.laneLimit);
  }

  private take(lane: string): Release {
    this.held++;
    this.heldByLane.set(lane, (this.heldByLane.get(lane) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.held--;
      this.heldByLane.set(lane, (this.heldByLane.get(lane) ?? 1) - 1);
      this.grantNext();
    };
  }

  private dequeue(waiter: Waiter): void {
    const i = this.waiters.indexOf(waiter);
    if (i < 0) return;
    this.waiters.splice(i, 1);
    clearTimeout(waiter.timer);
    this.waitingByLane.set(waiter.lane, (this.waitingByLane.get(waiter.lane) ?? 1) - 1);
  }

  private grantNext(): void {
    for (let i = 0; i < this.waiters.length && this.held < this.options.limit; i++) {
      const w = this.waiters[i]!;
      if (!this.mayTake(w.lane)) continue;
      this.dequeue(w);
      w.grant();
      i--;
    }
  }
}
