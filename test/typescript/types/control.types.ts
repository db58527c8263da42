/**
 * The negative control of compile.test.ts: every line marked `// FAILS` must produce a compiler
 * error, proving that a wrong expectation or a stale `@ts-expect-error` does fail the type tests.
 * Not part of tsconfig.json (it is meant not to compile).
 */
import { expectTypeOf } from 'vitest';
import type { Client, Employee } from '../../../src/generated/store/client.js';

declare const store: Client;

export async function wrongExpectations(): Promise<void> {
  const e = await store.employees.getByKey('E1', { select: { empNo: true, department: { deptName: true } } });
  expectTypeOf(e).toEqualTypeOf<{ readonly empNo: string; department: { deptName: string } | null }>(); // FAILS
  expectTypeOf(e).toEqualTypeOf<{ empNo: string; department: { deptName: string } }>(); // FAILS
  expectTypeOf(await store.employees.getByKey('E1')).toEqualTypeOf<Partial<Employee>>(); // FAILS
  // @ts-expect-error FAILS: the next line is valid, so this directive is unused
  await store.employees.getByKey('E1', { select: { empNo: true } });
}
