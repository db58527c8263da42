/**
 * Shared plumbing of the datastore conformance suite: the compiled test models, a fresh datastore
 * per test (closed afterwards), sample data, whole-store snapshots and error assertions.
 */
import { readFileSync } from 'node:fs';
import { afterEach, expect } from 'vitest';
import { compileModel, type ModelIR } from '../../../src/model/index.js';
import type { Datastore, Row } from '../../../src/datastore/datastore.js';
import { seedDatastore } from '../../../src/datastore/seed.js';
import { PersistError } from '../../../src/errors.js';
import { featuresData, rainierData } from './sample-data.js';

/** Opens a fresh, empty datastore for a model. */
export type OpenDatastore = (model: ModelIR) => Promise<Datastore>;

function compileFile(url: URL): ModelIR {
  const text = readFileSync(url, 'utf8');
  const { model, diagnostics } = compileModel(text);
  if (!model || diagnostics.length > 0) throw new Error(`${url.pathname} does not compile: ${JSON.stringify(diagnostics)}`);
  return model;
}

function compileText(text: string, path: string): ModelIR {
  const { model, diagnostics } = compileModel(text);
  if (!model || diagnostics.length > 0) throw new Error(`${path} does not compile: ${JSON.stringify(diagnostics)}`);
  return model;
}

/** A model with generated (AUTO_INCREMENT) keys, which neither shared model has. */
const GENERATED_MODEL = `import ballerina/persist as _;
import ballerinax/persist.sql;

type Ticket record {|
    @sql:Generated
    readonly int id;
    string title;
    Comment[] comments;
|};

type Comment record {|
    @sql:Generated
    readonly int id;
    string body;
    Ticket ticket;
|};
`;

/**
 * A model with `@sql:UniqueIndex` indexes over nullable fields, which neither shared model has:
 * one field (email), two fields of which one is a decimal (shirt), a CHAR field (country), next
 * to a 1-1 relation (locker) and a 1-n relation (club) to order their checks against.
 */
const UNIQUE_MODEL = `import ballerina/persist as _;
import ballerinax/persist.sql;

type Club record {|
    readonly string code;
    Member[] members;
|};

type Locker record {|
    readonly int id;
    Member? member;
|};

type Member record {|
    readonly int id;
    @sql:UniqueIndex
    string? email;
    @sql:UniqueIndex {name: "unique_idx_shirt"}
    string? squad;
    @sql:UniqueIndex {name: "unique_idx_shirt"}
    decimal? number;
    @sql:Char {length: 3}
    @sql:UniqueIndex
    string? country;
    Locker locker;
    Club club;
|};
`;

export const models = {
  rainier: compileFile(new URL('../../../model/model.bal', import.meta.url)),
  features: compileFile(new URL('../../models/features.bal', import.meta.url)),
  generated: compileText(GENERATED_MODEL, 'generated.bal'),
  unique: compileText(UNIQUE_MODEL, 'unique.bal'),
};

export type ModelName = keyof typeof models;

export interface Stores {
  /** A fresh, empty datastore for the model; closed after the test. */
  empty(model: ModelName): Promise<Datastore>;
  /** A fresh datastore holding the model's sample data (see sample-data.ts). */
  seeded(model: 'rainier' | 'features'): Promise<Datastore>;
}

/** Registers the per-test lifecycle; call inside the suite's describe. */
export function useStores(open: OpenDatastore): Stores {
  const opened: Datastore[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((ds) => ds.close()));
  });
  const empty = async (name: ModelName): Promise<Datastore> => {
    const ds = await open(models[name]);
    opened.push(ds);
    return ds;
  };
  return {
    empty,
    async seeded(name) {
      const ds = await empty(name);
      await seedDatastore(ds, models[name], name === 'rainier' ? rainierData() : featuresData());
      return ds;
    },
  };
}

/** Every row of every entity (all fields, key order): compare before and after a failed write. */
export async function snapshot(ds: Datastore, model: ModelName): Promise<Record<string, Row[]>> {
  const out: Record<string, Row[]> = {};
  for (const e of models[model].entities) out[e.name] = await ds.list(e.name);
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
