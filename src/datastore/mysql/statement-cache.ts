/**
 * The server-side prepared statements of one connection, by statement text. mysql2 caches them
 * itself, but its `execute` builds the cache key (the options and the text, concatenated anew on
 * every call) and hashes that fresh string each time: for the statements of frozen read plans,
 * whose texts are built once (sql-reads.ts keyReadShape), a Map keyed by the text itself finds
 * them by the hash the string already carries.
 *
 * Typed structurally: only mysql-pool.ts knows the driver.
 */

/** A statement prepared on the connection (mysql2's PreparedStatementInfo), opaque here. */
export type PreparedStatement = object;

/** How a cache closes a statement it evicts (mysql2's `unprepare`, which also drops it from the driver's cache). */
export type CloseStatement = (sql: string) => void;

interface Entry {
  statement: PreparedStatement;
  /** Used since the eviction scan last passed it (the second-chance approximation of LRU). */
  used: boolean;
}

/**
 * At most `limit` statements; when full, the least recently used one by a second-chance scan
 * (an entry used since the scan last passed it goes to the back instead) is closed on the server.
 */
export class StatementCache {
  private readonly byText = new Map<string, Entry>();

  constructor(
    private readonly limit: number,
    private readonly close: CloseStatement,
  ) {}

  get size(): number {
    return this.byText.size;
  }

  get(sql: string): PreparedStatement | undefined {
    const entry = this.byText.get(sql);
    if (entry === undefined) return undefined;
    entry.used = true;
    return entry.statement;
  }

  /** Keeps a statement the driver has just prepared for `sql` (again, when two were in flight). */
  remember(sql: string, statement: PreparedStatement): void {
    if (this.byText.has(sql)) return;
    if (this.byText.size >= this.limit) this.evictOne();
    this.byText.set(sql, { statement, used: false });
  }

  private evictOne(): void {
    // Ends within two passes: every entry moved to the back has lost its mark.
    for (const [sql, entry] of this.byText) {
      this.byText.delete(sql);
      if (entry.used) {
        entry.used = false;
        this.byText.set(sql, entry);
      } else {
        this.close(sql);
        return;
      }
    }
  }
}
