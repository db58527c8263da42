/**
 * The result of a list read: an async iterable (the seed's `stream<T>`), lazy and re-runnable.
 *
 * Why the rows are read all at once rather than in pages: the datastore contract has no cursor,
 * and paging with limit/offset over a live table skips or repeats rows when other writers insert
 * or delete between pages; one read gives a consistent snapshot and keeps the batching guarantee
 * (one datastore call per relation field per level for the whole result). Applications page
 * large tables explicitly with `limit` and `offset`.
 */
export class RowStream<T> implements AsyncIterable<T> {
  /** @param read runs the query; called once per iteration (nothing is read before that). */
  constructor(private readonly read: () => Promise<T[]>) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for (const row of await this.read()) yield row;
  }

  /** Runs the query and collects every row (Node 20 has no `Array.fromAsync`). */
  toArray(): Promise<T[]> {
    return this.read();
  }
}
