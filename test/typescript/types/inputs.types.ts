/**
 * Type-level tests of the derived types and the write operations: keys, Insert, Update,
 * Optionalized, WithRelations, filters and enums. Type-checked by compile.test.ts, never run.
 */
import { expectTypeOf } from 'vitest';
import type {
  Client,
  DepartmentCreate,
  DepartmentInsert,
  DepartmentOptionalized,
  Employee,
  EmployeeInsert,
  EmployeeOptionalized,
  EmployeeUpdate,
  EmployeeWithRelations,
  OrderItemKey,
  WorkspaceOptionalized,
} from '../../../src/generated/store/client.js';
import { GenderValues } from '../../../src/generated/store/client.js';
import type { ListRelationFilter } from '../../../src/client/index.js';
import type * as F from '../golden/features/client.js';
import type * as L from '../golden/ledger/client.js';

declare const store: Client;
declare const features: F.Client;
declare const ledger: L.Client;

export async function writesReturnKeysAndEntities(): Promise<void> {
  expectTypeOf(store.departments.post).parameter(0).toEqualTypeOf<readonly DepartmentCreate[]>();
  expectTypeOf(await store.departments.post([{ deptNo: 'D1', deptName: 'R&D' }])).toEqualTypeOf<string[]>();
  expectTypeOf(await store.orderItems.post([{ orderId: 'O', itemId: 'I', quantity: 1, notes: '' }])).toEqualTypeOf<[orderId: string, itemId: string][]>();
  expectTypeOf<OrderItemKey>().toEqualTypeOf<[orderId: string, itemId: string]>();
  expectTypeOf(await ledger.accounts.post([{ owner: 'ann' }])).toEqualTypeOf<number[]>();
  expectTypeOf(await store.employees.put('E1', { lastName: 'Lee' })).toEqualTypeOf<Employee>();
  expectTypeOf(await store.employees.delete('E1')).toEqualTypeOf<Employee>();
  // @ts-expect-error a generated key is not part of the Insert type
  await ledger.accounts.post([{ id: 7, owner: 'ann' }]);
  // @ts-expect-error a required field is missing
  await store.departments.post([{ deptNo: 'D1' }]);
  // @ts-expect-error a composite key is a tuple
  await store.orderItems.getByKey('O1');
  // @ts-expect-error the key of Customer is a number
  await features.customers.getByKey('1');
}

export async function updatesAndNulls(): Promise<void> {
  expectTypeOf<keyof EmployeeUpdate>().toEqualTypeOf<Exclude<keyof Employee, 'empNo'>>();
  await features.customers.put(1, { nickname: null, credit: null });
  // @ts-expect-error a non-nullable field cannot be cleared
  await features.customers.put(1, { name: null });
  // @ts-expect-error key fields cannot be updated
  await store.employees.put('E1', { empNo: 'E2' });
  // Nullable fields may be left out of an insert; required ones may not.
  expectTypeOf<F.CustomerInsert['nickname']>().toEqualTypeOf<string | null | undefined>();
  expectTypeOf<EmployeeInsert['firstName']>().toEqualTypeOf<string>();
}

export function optionalizedAndWithRelations(): void {
  expectTypeOf<EmployeeOptionalized>().toEqualTypeOf<Partial<Employee>>();
  expectTypeOf<EmployeeWithRelations['department']>().toEqualTypeOf<DepartmentOptionalized | undefined>();
  expectTypeOf<EmployeeWithRelations['workspace']>().toEqualTypeOf<WorkspaceOptionalized | undefined>();
  expectTypeOf<F.CustomerWithRelations['profile']>().toEqualTypeOf<F.ProfileOptionalized | null | undefined>();
  expectTypeOf<F.CustomerWithRelations['orders']>().toEqualTypeOf<F.OrderOptionalized[] | undefined>();
  expectTypeOf<EmployeeWithRelations>().toExtend<EmployeeOptionalized>();
}

export function enums(): void {
  expectTypeOf(GenderValues).toEqualTypeOf<readonly ['MALE', 'FEMALE']>();
  expectTypeOf<F.Status>().toEqualTypeOf<'active' | 'suspended' | 'CLOSED'>();
}

export function filtersAreTypedPerField(): void {
  store.employees.get({ where: { OR: [{ firstName: { contains: 'an' } }, { NOT: { gender: { in: ['MALE'] } } }], birthDate: { lt: '2000-01-01' } } });
  features.customers.get({ where: { nickname: { isNull: true }, age: { gte: 18 }, active: { eq: true } } });
  // @ts-expect-error substring operators are for string fields only
  store.employees.get({ where: { birthDate: { contains: '1990' } } });
  // @ts-expect-error not a member of the enum
  store.employees.get({ where: { gender: { eq: 'OTHER' } } });
  // @ts-expect-error an int field compares with numbers
  features.customers.get({ where: { age: { gt: '18' } } });
  // @ts-expect-error booleans have no ordering operators (as the GraphQL BooleanFilter)
  features.customers.get({ where: { active: { lt: true } } });
}

export function relationFiltersAndToOneOrderAreTyped(): void {
  // 1-n: some / every / none over the related entity's where; to-one: its where itself.
  store.departments.get({ where: { employees: { some: { gender: { eq: 'FEMALE' } } } } });
  store.departments.get({ where: { employees: { every: { lastName: { startsWith: 'S' } }, none: {} } } });
  store.employees.get({ where: { department: { deptName: { eq: 'Sales' } }, NOT: { workspace: {} } } });
  features.customers.get({ where: { profile: { bio: { contains: 'x' } }, orders: { some: { lines: { some: { quantity: { gt: 1 } } } } } } });
  expectTypeOf<F.CustomerWhere['orders']>().toEqualTypeOf<ListRelationFilter<F.OrderWhere> | null | undefined>();
  expectTypeOf<F.OrderWhere['customer']>().toEqualTypeOf<F.CustomerWhere | null | undefined>();
  // Owner-side to-one relations sort, to any depth; 1-n relations do not.
  store.employees.get({ orderBy: [{ department: { deptName: 'ASC' } }, { lastName: 'DESC' }] });
  features.orderLines.get({ orderBy: { order: { customer: { name: 'DESC' } } } });
  expectTypeOf<F.OrderOrderBy['referrer']>().toEqualTypeOf<F.CustomerOrderBy | undefined>();
  // @ts-expect-error a 1-n relation takes some / every / none, not a where
  store.departments.get({ where: { employees: { gender: { eq: 'FEMALE' } } } });
  // @ts-expect-error a 1-n relation does not sort
  store.departments.get({ orderBy: { employees: { lastName: 'ASC' } } });
  // @ts-expect-error the related entity's fields only
  store.employees.get({ where: { department: { lastName: { eq: 'x' } } } });
}
