/**
 * Who may hold one of the pool's connections, and who waits. mysql2's own pool queues waiters
 * without bound and forever; behind one locked table, every request ends up holding or waiting
 * for a connection and unrelated tables (and everything else) stall. The gate in front of it:
 * - a lane (the entity a statement reads or writes, or `transaction`) holds at most `laneLimit`
 *   connections, so that the others always keep some for themselves;
 * - waiters queue per lane, at most `queueLimit` each; one more is refused at once;
 * - a waiter gives up after `acquireTimeoutMs`.
 * Refusals are DatastoreUnavailableError (retryable), never a wait without end. Waiters are
 * callbacks (no promise each), and one timer serves the whole queue: every waiter waits as long,
 * so the first in arrival order is always the first to time out.
 */
import { performance } from 'node:perf_hooks';
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

/** A permit to hold one connection: give it back exactly once. */
export type Release = () => void;

interface Waiter {
  lane: string;
  grant: (permit: Release) => void;
  refuse: (error: Error) => void;
  /** performance.now() past which it is refused. */
  deadline: number;
}

/** Counts connections held per lane and queues the waiters (see the file comment). */
export class ConnectionGate {
  private held = 0;
  private readonly heldByLane = new Map<string, number>();
  // In arrival order, all lanes together: the first waiter whose lane may hold one more goes first.
  private readonly waiters: Waiter[] = [];
  private readonly waitingByLane = new Map<string, number>();
  // Armed while someone waits, for the first waiter's deadline (see the file comment).
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: GateOptions) {}

  /** Resolves with a permit for `lane`, or rejects with DatastoreUnavailableError (queue full, timeout, closed). */
  acquire(lane: string): Promise<Release> {
    return new Promise<Release>((resolve, reject) => this.wait(lane, resolve, reject));
  }

  /**
   * `grant` gets a permit for `lane` (at once when one is free), or `refuse` a
   * DatastoreUnavailableError (queue full, timeout, closed): exactly one of them is called, once.
   */
  wait(lane: string, grant: (permit: Release) => void, refuse: (error: Error) => void): void {
    if (this.closed) return refuse(new DatastoreUnavailableError('The database connection pool is closed.'));
    if (this.mayTake(lane)) return grant(this.take(lane));
    const waiting = this.waitingByLane.get(lane) ?? 0;
    if (waiting >= this.options.queueLimit) {
      return refuse(
        new DatastoreUnavailableError(
          `The database is too busy: ${waiting} requests already wait for a connection (pool queueLimit); retry later.`,
        ),
      );
    }
    this.waiters.push({ lane, grant, refuse, deadline: performance.now() + this.options.acquireTimeoutMs });
    this.waitingByLane.set(lane, waiting + 1);
    this.timer ??= setTimeout(this.expire, this.options.acquireTimeoutMs);
  }

  /** Permits held now, and waiters queued now (all lanes). */
  counts(): { held: number; waiting: number } {
    return { held: this.held, waiting: this.waiters.length };
  }

  /** Refuses every waiter and every later acquire. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const w of this.waiters.splice(0)) {
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

  /** Takes the waiter at `i` out of the queue. */
  private dequeue(i: number): Waiter {
    const [waiter] = this.waiters.splice(i, 1);
    this.waitingByLane.set(waiter!.lane, (this.waitingByLane.get(waiter!.lane) ?? 1) - 1);
    if (this.waiters.length === 0 && this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    return waiter!;
  }

  private grantNext(): void {
    for (let i = 0; i < this.waiters.length && this.held < this.options.limit; i++) {
      if (!this.mayTake(this.waiters[i]!.lane)) continue;
      const w = this.dequeue(i);
      w.grant(this.take(w.lane));
      i--;
    }
  }

  // Refuses the waiters past their deadline (the first ones), then waits for the next one's.
  private readonly expire = (): void => {
    this.timer = undefined;
    const now = performance.now();
    while (this.waiters.length > 0 && this.waiters[0]!.deadline <= now) {
      this.dequeue(0).refuse(
        new DatastoreUnavailableError(
          `No database connection became free within ${this.options.acquireTimeoutMs} ms (pool acquireTimeout): the database is slow or a table is locked; retry later.`,
        ),
      );
    }
    if (this.waiters.length > 0) this.timer = setTimeout(this.expire, Math.max(1, this.waiters[0]!.deadline - now));
  };
}
