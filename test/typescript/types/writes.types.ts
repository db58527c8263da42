/**
 * Type-level tests of the writes of many rows (SPEC §3.5): nested inserts typed along the
 * relations, upsert's update fields, updateWhere / deleteWhere over the Where types, and
 * transactions. Type-checked by compile.test.ts, never run.
 */
import { expectTypeOf } from 'vitest';
import type {
  Client,
  DepartmentCreate,
  DepartmentInsert,
  Employee,
  EmployeeCreate,
  EmployeeInsert,
  EmployeeUpdate,
  EmployeeWhere,
} from '../../../src/generated/store/client.js';
import type * as F from '../golden/features/client.js';
import type * as L from '../golden/ledger/client.js';

declare const store: Client;
declare const features: F.Client;
declare const ledger: L.Client;

const person = { empNo: 'E9', firstName: 'Ann', lastName: 'Lee', birthDate: '1990-01-01', gender: 'FEMALE', hireDate: '2020-01-01' } as const;

export async function nestedInsertsFollowRelations(): Promise<void> {
  expectTypeOf(store.departments.post).parameter(0).toEqualTypeOf<readonly DepartmentCreate[]>();
  expectTypeOf(store.employees.post).parameter(0).toEqualTypeOf<readonly EmployeeCreate[]>();
  // The plain Insert rows are nested-insert rows without relations.
  expectTypeOf<EmployeeInsert>().toExtend<EmployeeCreate>();
  expectTypeOf<DepartmentInsert>().toExtend<DepartmentCreate>();
  // Children through Department.employees; a parent through Employee.department / workspace.location.
  expectTypeOf(
    await store.departments.post([
      {
        deptNo: 'D9',
        deptName: 'R&D',
        employees: {
          create: [
            { ...person, workspaceWorkspaceId: 'W1' },
            { ...person, empNo: 'E10', workspace: { create: { workspaceId: 'W9', workspaceType: 'desk', locationBuildingCode: 'B1' } } },
          ],
        },
      },
    ]),
  ).toEqualTypeOf<string[]>();
  await store.employees.post([
    {
      ...person,
      department: { create: { deptNo: 'D9', deptName: 'R&D' } },
      workspace: { create: { workspaceId: 'W9', workspaceType: 'desk', location: { create: { buildingCode: 'B9', city: 'c', state: 's', country: 'LK', postalCode: 'p', type: 't' } } } },
    },
  ]);
  // @ts-expect-error a relation and its foreign-key field, both
  await store.employees.post([{ ...person, departmentDeptNo: 'D1', department: { create: { deptNo: 'D9', deptName: 'R&D' } }, workspaceWorkspaceId: 'W1' }]);
  // @ts-expect-error neither the relation nor its foreign key
  await store.employees.post([{ ...person, workspaceWorkspaceId: 'W1' }]);
  // @ts-expect-error a child carries no foreign key to its parent
  await store.departments.post([{ deptNo: 'D9', deptName: 'R&D', employees: { create: [{ ...person, departmentDeptNo: 'D1', workspaceWorkspaceId: 'W1' }] } }]);
  // @ts-expect-error a child does not lead back to its parent
  await store.departments.post([{ deptNo: 'D9', deptName: 'R&D', employees: { create: [{ ...person, workspaceWorkspaceId: 'W1', department: { create: { deptNo: 'D8', deptName: 'x' } } }] } }]);
  // @ts-expect-error a 1-n relation creates a list
  await store.departments.post([{ deptNo: 'D9', deptName: 'R&D', employees: { create: { ...person, workspaceWorkspaceId: 'W1' } } }]);
  // @ts-expect-error the nested row is checked against its own entity
  await store.employees.post([{ ...person, department: { create: { deptNo: 'D9' } }, workspaceWorkspaceId: 'W1' }]);
  // Generated keys: a child of a generated-key account needs no accountId; an entry may create its account.
  expectTypeOf(await ledger.accounts.post([{ owner: 'ann', entries: { create: [{ amount: '1.50' }] } }])).toEqualTypeOf<number[]>();
  await ledger.entries.post([{ amount: '2', account: { create: { owner: 'bo' } } }]);
  // 1-1: the other side carries one row, which leaves out its foreign key; a parent created through a 1-1 does not lead back.
  const customer = {} as F.CustomerInsert;
  await features.customers.post([{ ...customer, profile: { create: { handle: 'h', bio: 'b' } } }]);
  await features.profiles.post([{ handle: 'h', bio: 'b', customer: { create: customer } }]);
  // @ts-expect-error a cycle through a 1-1 relation
  await features.profiles.post([{ handle: 'h', bio: 'b', customer: { create: { ...customer, profile: { create: { handle: 'i', bio: 'c' } } } } }]);
  // @ts-expect-error the 1-1 child's foreign key comes from its parent
  await features.customers.post([{ ...customer, profile: { create: { handle: 'h', bio: 'b', customerId: 1 } } }]);
  // Composite foreign keys: both fields, or the relation.
  await features.orderLines.post([{ lineId: 'L1', quantity: 1, orderOrderNo: 'O1', productVendor: 'v', productSku: 1 }]);
  await features.orderLines.post([{ lineId: 'L1', quantity: 1, orderOrderNo: 'O1', product: { create: { vendor: 'v', sku: 1, title: 't', price: '1' } } }]);
  // @ts-expect-error half a composite foreign key and the relation
  await features.orderLines.post([{ lineId: 'L1', quantity: 1, orderOrderNo: 'O1', productVendor: 'v', product: { create: { vendor: 'v', sku: 1, title: 't', price: '1' } } }]);
}

export async function upsertAndWritesByFilter(): Promise<void> {
  expectTypeOf(await store.employees.upsert([{ ...person, departmentDeptNo: 'D1', workspaceWorkspaceId: 'W1' }])).toEqualTypeOf<Employee[]>();
  await store.employees.upsert([{ ...person, departmentDeptNo: 'D1', workspaceWorkspaceId: 'W1' }], { update: ['lastName', 'departmentDeptNo'] });
  // @ts-expect-error upsert's update cannot name a key field
  await store.employees.upsert([{ ...person, departmentDeptNo: 'D1', workspaceWorkspaceId: 'W1' }], { update: ['empNo'] });
  // @ts-expect-error an upsert creates no related rows
  await store.employees.upsert([{ ...person, department: { create: { deptNo: 'D9', deptName: 'x' } }, workspaceWorkspaceId: 'W1' }]);

  expectTypeOf(store.employees.updateWhere).parameter(0).toEqualTypeOf<EmployeeWhere>();
  expectTypeOf(store.employees.updateWhere).parameter(1).toEqualTypeOf<EmployeeUpdate>();
  expectTypeOf(await store.employees.updateWhere({ department: { deptName: { eq: 'Sales' } } }, { lastName: 'Lee' })).toEqualTypeOf<Employee[]>();
  // @ts-expect-error an update patch cannot name a key field
  await store.employees.updateWhere({}, { empNo: 'E2' });
  // @ts-expect-error nor a field the entity lacks
  await store.employees.updateWhere({}, { salary: 1 });
  // @ts-expect-error the where is the entity's Where type
  await store.employees.updateWhere({ deptName: { eq: 'x' } }, { lastName: 'Lee' });
  expectTypeOf(await store.employees.deleteWhere({ hireDate: { lt: '2000-01-01' } })).toEqualTypeOf<Employee[]>();
  // @ts-expect-error a where is required
  await store.employees.deleteWhere();
}

export async function transactions(): Promise<void> {
  const result = await store.transaction(async (tx) => {
    expectTypeOf(tx).toEqualTypeOf<Client>();
    await tx.departments.post([{ deptNo: 'D9', deptName: 'R&D' }]);
    return tx.employees.updateWhere({ departmentDeptNo: { eq: 'D9' } }, { lastName: 'Lee' });
  });
  expectTypeOf(result).toEqualTypeOf<Employee[]>();
  expectTypeOf(await store.withLimits({ maxAffectedRows: 10 }).transaction(async () => 1)).toEqualTypeOf<number>();
}
