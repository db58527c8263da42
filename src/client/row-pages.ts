/**
 * The client's cursor-paged stream (`accessor.pages({ first, where, orderBy, select })`): an async
 * iterable of pages, each one datastore call (Datastore.connection) after the previous page's last
 * row, so that rows inserted or deleted between pages are neither skipped nor repeated. Lazy and
 * re-runnable, as RowStream.
 */
import type { ConnectionQuery, Page, Row, Tuple } from '../datastore/datastore.js';

/** One page of rows: `hasNextPage` says whether another page follows; `totalCount` counts every row matching `where`. */
export interface RowPage<T> {
  rows: T[];
  hasNextPage: boolean;
  totalCount: number;
}

export class RowPages<T> implements AsyncIterable<RowPage<T>> {
  /**
   * @param read reads the page after `after` (the first page without it).
   * @param shape turns a page's rows into results.
   */
  constructor(
    private readonly read: (after: Tuple | undefined) => Promise<Page>,
    private readonly shape: (rows: Row[]) => Promise<T[]>,
  ) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<RowPage<T>, void, undefined> {
    let after: Tuple | undefined;
    for (;;) {
      const page = await this.read(after);
      // Every page's query asks for both (ROW_PAGE_FACTS).
      const hasNextPage = page.hasNextPage!;
      yield { rows: await this.shape(page.rows), hasNextPage, totalCount: page.totalCount! };
      if (!hasNextPage || page.cursors.length === 0) return;
      after = page.cursors[page.cursors.length - 1];
    }
  }
}

/** What a page of the stream tells besides its rows (RowPage): the query of every page asks for these. */
export const ROW_PAGE_FACTS = ['hasNextPage', 'totalCount'] as const;

/** The query of one page, `after` the given tuple. */
export function pageQuery(base: Omit<ConnectionQuery, 'after'>, after: Tuple | undefined): ConnectionQuery {
  return after === undefined ? base : { ...base, after };
}
