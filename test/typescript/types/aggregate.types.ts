/**
 * Type-level tests of `aggregate()` and `groupBy()`: the result's keys follow what is asked for,
 * `groupBy`'s follow the `by` fields, typed as the entity's (type-checked by compile.test.ts).
 */
import { expectTypeOf } from 'vitest';
import type { Client, Gender } from '../../../src/generated/store/client.js';
import type * as F from '../golden/features/client.js';

declare const store: Client;
declare const features: F.Client;

export async function aggregateResultsFollowTheSpec(): Promise<void> {
  const a = await store.orderItems.aggregate({ count: true, sum: { quantity: true }, max: { notes: true } });
  expectTypeOf(a).toEqualTypeOf<{ count: number; sum: { quantity: number | null }; max: { notes: string | null } }>();
  const b = await features.customers.aggregate({ where: { active: { eq: true } }, avg: { balance: true, age: true }, min: { status: true } });
  expectTypeOf(b).toEqualTypeOf<{ avg: { age: number | null; balance: string | null }; min: { status: F.Status | null } }>();
  // @ts-expect-error: sum applies to numeric fields only
  await store.employees.aggregate({ sum: { lastName: true } });
  // @ts-expect-error: bytes have no min
  await features.customers.aggregate({ min: { avatar: true } });
}

export async function groupByResultsFollowTheByFields(): Promise<void> {
  const g = await store.employees.groupBy({ by: ['departmentDeptNo', 'gender'], count: true });
  expectTypeOf(g).toEqualTypeOf<{ departmentDeptNo: string; gender: Gender; count: number }[]>();
  const h = await features.customers.groupBy({
    by: ['previousStatus'],
    sum: { credit: true },
    having: { count: { gt: 1 }, max: { name: { startsWith: 'A' } } },
    orderBy: [{ count: 'DESC' }, { previousStatus: 'ASC' }],
    limit: 2,
  });
  expectTypeOf(h).toEqualTypeOf<{ previousStatus: F.Status | null; sum: { credit: string | null } }[]>();
  // @ts-expect-error: by needs at least one field
  await store.employees.groupBy({ by: [], count: true });
  // @ts-expect-error: no such field
  await store.employees.groupBy({ by: ['salary'], count: true });
  // @ts-expect-error: groups sort by their by fields only
  await store.employees.groupBy({ by: ['gender'], orderBy: { lastName: 'ASC' } });
}
