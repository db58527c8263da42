/**
 * Shared plumbing of the datastore conformance suite: a fresh datastore per test (closed
 * afterwards) over a test model (test/support/models.ts), sample data, whole-store snapshots and
 * error assertions.
 */
import { afterEach, expect } from 'vitest';
import type { Datastore, Row } from '../../../src/datastore/datastore.js';
import { seedDatastore } from '../../../src/datastore/seed.js';
import { PersistError } from '../../../src/errors.js';
import { loadModel, type ModelName } from '../../support/models.js';
import { sampleData } from '../../support/sample-data.js';
import type { OpenDatastore } from '../../support/open-datastore.js';

export type { OpenDatastore };

export interface Stores {
  /** A fresh, empty datastore for the model; closed after the test. */
  empty(model: ModelName): Promise<Datastore>;
  /** A fresh datastore holding the model's sample data (see test/support/sample-data.ts). */
  seeded(model: 'rainier' | 'features'): Promise<Datastore>;
}

/** Registers the per-test lifecycle; call inside the suite's describe. */
export function useStores(open: OpenDatastore): Stores {
  const opened: Datastore[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((ds) => ds.close()));
  });
  const empty = async (name: ModelName): Promise<Datastore> => {
    const ds = await open(loadModel(name));
    opened.push(ds);
    return ds;
  };
  return {
    empty,
    async seeded(name) {
      const ds = await empty(name);
      await seedDatastore(ds, loadModel(name), sampleData(name));
      return ds;
    },
  };
}

/** Every row of every entity (all fields, key order): compare before and after a failed write. */
export async function snapshot(ds: Datastore, model: ModelName): Promise<Record<string, Row[]>> {
  const out: Record<string, Row[]> = {};
  for (const e of loadModel(model).entities) out[e.name] = await ds.list(e.name);
  return out;
}

/** Asserts the promise rejects with a PersistError of this code and exactly this message. */
export async function expectPersistError(promise: Promise<unknown>, code: string, message: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'expected the call to fail').toBeInstanceOf(PersistError);
  expect({ code: (error as PersistError).code, message: (error as PersistError).message }).toEqual({ code, message });
}

/**
 * Asserts that `write` fails with the code and message and that the whole store is exactly as it
 * was before.
 */
export async function expectFailsUnchanged(
  ds: Datastore,
  model: ModelName,
  write: () => Promise<unknown>,
  code: string,
  message: string,
): Promise<void> {
  const before = await snapshot(ds, model);
  await expectPersistError(write(), code, message);
  expect(await snapshot(ds, model)).toEqual(before);
}

/** The values of one field of each row (the key by default), in order. */
export function pluck(rows: readonly (Row | null)[], field: string): unknown[] {
  return rows.map((r) => (r === null ? null : r[field]));
}
