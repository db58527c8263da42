/**
 * Logs datastore failures without flooding the log: during an outage every request fails the same
 * way, and a stack per request (9 MB per 30 s was measured) buries everything else. Each distinct
 * failure (same code, message and cause) is logged once with its stack; repeats within
 * `quietMs` are counted, and the next one after that logs one line with the count. A failure
 * not seen for `forgetMs` counts as new again.
 */
import type { PersistError } from '../errors.js';

export interface FailureLogOptions {
  /** Writes one log entry: a message and, the first time, the error itself (with its stack). */
  write: (message: string, error?: unknown) => void;
  /** Repeats within this time after a logged line are only counted (default 60 s). */
  quietMs?: number;
  /** A failure not seen for this long is logged in full again (default 5 minutes). */
  forgetMs?: number;
  /** The clock (tests). */
  now?: () => number;
}

interface Seen {
  loggedAt: number;
  lastAt: number;
  repeats: number;
}

// Distinct failures remembered at most: a flood of different messages must not grow memory.
const MAX_REMEMBERED = 100;

function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

function signature(error: PersistError): string {
  const cause = error.cause as { code?: unknown; errno?: unknown; message?: unknown } | undefined;
  const causeText = cause === undefined ? '' : `${text(cause.code)}/${text(cause.errno)}/${text(cause.message)}`;
  return `${error.code}\u0000${error.message}\u0000${causeText}`;
}

/** See the file comment. */
export class FailureLog {
  private readonly seen = new Map<string, Seen>();
  private readonly quietMs: number;
  private readonly forgetMs: number;
  private readonly now: () => number;

  constructor(private readonly options: FailureLogOptions) {
    this.quietMs = options.quietMs ?? 60_000;
    this.forgetMs = options.forgetMs ?? 300_000;
    this.now = options.now ?? Date.now;
  }

  /** Records one occurrence of `error` in `context` (e.g. "A request failed"). */
  report(context: string, error: PersistError): void {
    const now = this.now();
    const key = signature(error);
    const entry = this.seen.get(key);
    if (entry === undefined || now - entry.lastAt > this.forgetMs) {
      if (this.seen.size >= MAX_REMEMBERED) this.seen.clear();
      this.seen.set(key, { loggedAt: now, lastAt: now, repeats: 0 });
      this.options.write(`${context}: ${error.message}`, error);
      return;
    }
    entry.lastAt = now;
    entry.repeats++;
    if (now - entry.loggedAt < this.quietMs) return;
    this.options.write(
      `${context}: ${error.message} (${entry.repeats} times in the last ${Math.round((now - entry.loggedAt) / 1000)} s; stack logged before)`,
    );
    entry.loggedAt = now;
    entry.repeats = 0;
  }
}
