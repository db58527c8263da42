/**
 * Type-level tests of selections: what each selection yields, checked by the compiler (this file
 * is never run; compile.test.ts type-checks it under `strict` and requires zero errors, so a
 * wrong `expectTypeOf` or a `@ts-expect-error` that no longer errors fails the suite).
 */
import { expectTypeOf } from 'vitest';
import type { Client, Department, Employee, EmployeeResult, Gender, OrderItem, Workspace } from '../../../src/generated/store/client.js';
import type * as F from '../golden/features/client.js';

declare const store: Client;
declare const features: F.Client;

export async function defaultsToTheEntityType(): Promise<void> {
  expectTypeOf(await store.employees.getByKey('E1')).toEqualTypeOf<Employee>();
  expectTypeOf(await store.orderItems.getByKey(['O1', 'I1'])).toEqualTypeOf<OrderItem>();
  for await (const row of store.departments.get()) expectTypeOf(row).toEqualTypeOf<Department>();
  for await (const row of store.departments.get({ where: { deptName: { startsWith: 'R' } }, limit: 2 })) expectTypeOf(row).toEqualTypeOf<Department>();
  expectTypeOf(await store.departments.get().toArray()).toEqualTypeOf<Department[]>();
}

export async function flatSelectionsKeepTypesAndReadonlyKeys(): Promise<void> {
  const e = await store.employees.getByKey('E1', { select: { empNo: true, firstName: true, gender: true } });
  expectTypeOf(e).toEqualTypeOf<{ readonly empNo: string; firstName: string; gender: Gender }>();
  const c = await features.customers.getByKey(1, { select: { nickname: true, score: true, balance: true, avatar: true, active: true, status: true } });
  expectTypeOf(c).toEqualTypeOf<{ nickname: string | null; score: number | null; balance: string; avatar: Uint8Array | null; active: boolean; status: F.Status }>();
}

export async function nestedToOneRelations(): Promise<void> {
  const e = await store.employees.getByKey('E1', {
    select: { empNo: true, department: { deptName: true }, workspace: { location: { city: true } } },
  });
  expectTypeOf(e).toEqualTypeOf<{ readonly empNo: string; department: { deptName: string }; workspace: { location: { city: string } } }>();
  // `true` on a relation: every stored field of the related entity.
  const w = await store.employees.getByKey('E1', { select: { workspace: true } });
  expectTypeOf(w).toEqualTypeOf<{ workspace: Workspace }>();
}

export async function nullableOneToOneSide(): Promise<void> {
  const c = await features.customers.getByKey(1, { select: { name: true, profile: { handle: true } } });
  expectTypeOf(c).toEqualTypeOf<{ name: string; profile: { readonly handle: string } | null }>();
  const p = await features.products.getByKey(['acme', 1], { select: { warranty: true } });
  expectTypeOf(p).toEqualTypeOf<{ warranty: F.Warranty | null }>();
  // The owner side of a 1-1 is never null.
  const pr = await features.profiles.getByKey('h', { select: { customer: { id: true } } });
  expectTypeOf(pr).toEqualTypeOf<{ customer: { readonly id: number } }>();
}

export async function listsAndTheirArguments(): Promise<void> {
  for await (const d of store.departments.get({
    select: {
      deptName: true,
      employees: { where: { gender: { eq: 'FEMALE' } }, orderBy: [{ hireDate: 'DESC' }], limit: 3, offset: 1, select: { firstName: true, gender: true } },
    },
  })) {
    expectTypeOf(d).toEqualTypeOf<{ deptName: string; employees: { firstName: string; gender: Gender }[] }>();
  }
  // A list without a nested selection, or with arguments only: full rows.
  const d2 = await store.departments.getByKey('D1', { select: { employees: true } });
  expectTypeOf(d2).toEqualTypeOf<{ employees: Employee[] }>();
  const d3 = await store.departments.getByKey('D1', { select: { employees: { limit: 1 } } });
  expectTypeOf(d3).toEqualTypeOf<{ employees: Employee[] }>();
}

export async function anyDepth(): Promise<void> {
  const b = await store.buildings.getByKey('B1', {
    select: { city: true, workspaces: { select: { workspaceType: true, employees: { select: { department: { employees: { select: { empNo: true } } } } } } } },
  });
  expectTypeOf(b).toEqualTypeOf<{
    city: string;
    workspaces: { workspaceType: string; employees: { department: { employees: { readonly empNo: string }[] } }[] }[];
  }>();
  // Two relations to the same entity, and a composite foreign key, in one selection.
  const o = await features.orders.getByKey('O1', {
    select: { customer: { name: true }, referrer: { profile: true }, lines: { select: { product: { title: true } } } },
  });
  expectTypeOf(o).toEqualTypeOf<{ customer: { name: string }; referrer: { profile: F.Profile | null }; lines: { product: { title: string } }[] }>();
}

export function namedResultTypes(): void {
  type R = EmployeeResult<{ lastName: true; department: true }>;
  expectTypeOf<R>().toEqualTypeOf<{ lastName: string; department: Department }>();
}

export async function wrongNamesDoNotCompile(): Promise<void> {
  // @ts-expect-error a misspelt field
  await store.employees.getByKey('E1', { select: { empNoo: true } });
  // @ts-expect-error a misspelt field next to a correct one
  await store.employees.getByKey('E1', { select: { empNo: true, frstName: true } });
  // @ts-expect-error a misspelt field of a nested to-one relation
  await store.employees.getByKey('E1', { select: { department: { deptNam: true } } });
  // @ts-expect-error a misspelt field two levels down
  await store.employees.getByKey('E1', { select: { workspace: { location: { citty: true } } } });
  // @ts-expect-error a misspelt field in a list's selection
  store.departments.get({ select: { employees: { select: { firstNam: true } } } });
  // @ts-expect-error a misspelt list argument
  store.departments.get({ select: { employees: { limt: 2 } } });
  // @ts-expect-error a 1-n relation takes arguments, not a bare selection
  store.departments.get({ select: { employees: { firstName: true } } });
  // @ts-expect-error a field of another entity
  store.departments.get({ select: { city: true } });
  // @ts-expect-error `false` is not a selection
  store.departments.get({ select: { deptName: false } });
  // @ts-expect-error a misspelt field in where
  store.departments.get({ where: { deptNam: { eq: 'x' } } });
  // @ts-expect-error a misspelt field in orderBy
  store.departments.get({ orderBy: { deptNam: 'ASC' } });
}
