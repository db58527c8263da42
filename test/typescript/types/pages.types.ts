/** Type-level tests of `pages()`: each page's rows follow the selection, as `get`'s do (type-checked by compile.test.ts). */
import { expectTypeOf } from 'vitest';
import type { Client, Employee, Gender } from '../../../src/generated/store/client.js';
import type { RowPage } from '../../../src/client/index.js';

declare const store: Client;

export async function pagesFollowTheSelection(): Promise<void> {
  for await (const page of store.employees.pages({ first: 50, orderBy: [{ lastName: 'ASC' }], select: { empNo: true, gender: true } })) {
    expectTypeOf(page).toEqualTypeOf<RowPage<{ readonly empNo: string; gender: Gender }>>();
    expectTypeOf(page.hasNextPage).toEqualTypeOf<boolean>();
    expectTypeOf(page.totalCount).toEqualTypeOf<number>();
  }
  for await (const page of store.employees.pages({ first: 10, where: { lastName: { startsWith: 'S' } } })) expectTypeOf(page.rows).toEqualTypeOf<Employee[]>();
  // @ts-expect-error: the page size is required
  store.employees.pages({ orderBy: [{ lastName: 'ASC' }] });
  // @ts-expect-error: pages take no limit or offset
  store.employees.pages({ first: 10, limit: 5 });
  // @ts-expect-error: an unknown field in the selection
  store.employees.pages({ first: 10, select: { salary: true } });
}
