/**
 * What every conformance test uses: a server over a fresh datastore from the factory under test,
 * a `gql` helper that goes through the transport under test (`yoga.fetch`, no ports; or real HTTP
 * through the node handler that `persist serve` listens with, lean path included), and a snapshot
 * of all stored data (read through GraphQL) to prove that a failed request changed nothing.
 */
import type { Server } from 'node:http';
import { afterEach, beforeEach, expect } from 'vitest';
import type { Datastore, Row } from '../../../src/datastore/datastore.js';
import { seedDatastore } from '../../../src/datastore/seed.js';
import type { ModelIR } from '../../../src/model/ir.js';
import { entityNames } from '../../../src/codegen/graphql/graphql-names.js';
import type { Limits } from '../../../src/graphql/limits/index.js';
import { createServer, type PersistYoga } from '../../../src/server/index.js';
import { listenLoopback } from '../../support/http-server.js';
import { featuresData } from '../../support/sample-data.js';
import type { OpenDatastore } from '../../support/open-datastore.js';

export type { OpenDatastore };

/** How the server under test resolves relations: level prefetch (the default) or DataLoaders only. */
export interface Mode {
  name: string;
  levelPrefetch: boolean;
}

export const MODES: readonly Mode[] = [
  { name: 'level prefetch', levelPrefetch: true },
  { name: 'dataloaders only', levelPrefetch: false },
];

/** How requests reach the server under test. */
export interface Transport {
  name: string;
  /** 'fetch': `yoga.fetch`, in process. 'http': the node handler on an ephemeral port of 127.0.0.1. */
  kind: 'fetch' | 'http';
}

export const TRANSPORTS: readonly Transport[] = [
  { name: 'yoga.fetch', kind: 'fetch' },
  { name: 'HTTP', kind: 'http' },
];

/* eslint-disable @typescript-eslint/no-explicit-any -- test data is JSON of many shapes */
export type Json = any;

export interface GqlError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string } & Record<string, unknown>;
}

export interface GqlResponse {
  status: number;
  data?: Json;
  errors?: GqlError[];
}

export interface Harness {
  model: ModelIR;
  datastore: Datastore;
  yoga: PersistYoga;
  /** Sends a request to `path` (`/graphql`, `/health`, …) through the transport under test. */
  request(path: string, init?: RequestInit): Promise<Response>;
  gql(query: string, variables?: Record<string, unknown>): Promise<GqlResponse>;
  /** Runs a query that must succeed; returns its data. */
  ok(query: string, variables?: Record<string, unknown>): Promise<Json>;
  /** Every stored field of every entity, read through GraphQL, in key order. */
  snapshot(): Promise<Json>;
  close(): Promise<void>;
}

/** A server over `datastore`, seeded with `seed` (rows per entity, parents first), with `limits` (default: DEFAULT_LIMITS). */
export async function createHarness(
  model: ModelIR,
  datastore: Datastore,
  seed: Readonly<Record<string, readonly Row[]>> = {},
  mode: Mode = MODES[0]!,
  transport: Transport = TRANSPORTS[0]!,
  limits?: Readonly<Limits>,
): Promise<Harness> {
  await seedDatastore(datastore, model, seed);
  const { yoga, handler } = createServer({
    model,
    datastore,
    logging: false,
    levelPrefetch: mode.levelPrefetch,
    ...(limits === undefined ? {} : { limits }),
  });
  let http: Server | undefined;
  let origin = 'http://yoga';
  if (transport.kind === 'http') ({ server: http, origin } = await listenLoopback(handler));
  const request = async (path: string, init: RequestInit = {}): Promise<Response> =>
    http === undefined ? yoga.fetch(`${origin}${path}`, init) : fetch(`${origin}${path}`, init);
  const gql = async (query: string, variables?: Record<string, unknown>): Promise<GqlResponse> => {
    const res = await request('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
      body: JSON.stringify(variables === undefined ? { query } : { query, variables }),
    });
    const body = (await res.json()) as { data?: Json; errors?: GqlError[] };
    return { status: res.status, ...body };
  };
  const ok = async (query: string, variables?: Record<string, unknown>): Promise<Json> => {
    const res = await gql(query, variables);
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    return res.data;
  };
  const snapshot = async (): Promise<Json> => {
    const parts = model.entities.map((e) => `${entityNames(e).list} { ${e.fields.map((f) => f.name).join(' ')} }`);
    return ok(`{ ${parts.join('\n')} }`);
  };
  const close = async (): Promise<void> => {
    if (http !== undefined) {
      const server = http;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
    await datastore.close();
  };
  return { model, datastore, yoga, request, gql, ok, snapshot, close };
}

/**
 * Before each test of the enclosing describe, a server over a fresh datastore from `open` holding
 * the feature model's sample data (the one data set of test/support/sample-data.ts, which the
 * datastore suite reads too); closed after each test. The returned harness always talks to the
 * current test's server.
 */
export function useFeaturesHarness(
  open: OpenDatastore,
  features: ModelIR,
  mode: Mode = MODES[0]!,
  transport: Transport = TRANSPORTS[0]!,
): Harness {
  let current: Harness | undefined;
  beforeEach(async () => {
    current = await createHarness(features, await open(features), featuresData(), mode, transport);
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  const now = (): Harness => {
    if (current === undefined) throw new Error('useFeaturesHarness: the harness is only there while a test runs');
    return current;
  };
  return {
    model: features,
    get datastore() {
      return now().datastore;
    },
    get yoga() {
      return now().yoga;
    },
    request: (path, init) => now().request(path, init),
    gql: (query, variables) => now().gql(query, variables),
    ok: (query, variables) => now().ok(query, variables),
    snapshot: () => now().snapshot(),
    close: () => now().close(),
  };
}

/**
 * Asserts that a response failed with one error of `code` whose message contains every one of
 * `mentions` (the entity, key or field the error is about).
 */
export function expectError(res: GqlResponse, code: string, ...mentions: string[]): GqlError {
  expect(res.errors, `expected a ${code} error, got ${JSON.stringify(res.data)}`).toBeDefined();
  const error = res.errors![0]!;
  expect(error.extensions?.code, error.message).toBe(code);
  for (const m of mentions) expect(error.message).toContain(m);
  // Never an internal detail in a response.
  expect(JSON.stringify(res.errors)).not.toMatch(/\bat .*\.(js|ts):\d+|stack|SELECT |INSERT /);
  return error;
}

/**
 * Runs `request` and asserts it failed with `code` naming `mentions`, and that all stored data is
 * exactly as it was before.
 */
export async function expectRejectedUnchanged(
  h: Harness,
  request: () => Promise<GqlResponse>,
  code: string,
  ...mentions: string[]
): Promise<GqlError> {
  const before = await h.snapshot();
  const error = expectError(await request(), code, ...mentions);
  expect(await h.snapshot()).toEqual(before);
  return error;
}
