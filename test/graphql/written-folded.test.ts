/**
 * Folded to-one relations in written answers (src/graphql/json-answer/answer-writer.ts): the
 * writer reads them from `row[INCLUDED]`, so a written run stores nothing on the parent rows
 * (prefetch/request-prefetch.ts, attachIncluded with `store` false), while a compiled run, which
 * reads relations as row properties, still stores them; and a datastore that returns no included
 * rows has its relations fetched by key and attached, and answered as graphql-js answers them.
 */
import { describe, expect, it } from 'vitest';
import { createDatastore } from '../../src/datastore/create-datastore.js';
import { INCLUDED, type Datastore, type Row } from '../../src/datastore/datastore.js';
import { seedDatastore } from '../../src/datastore/seed.js';
import { buildGraphqlSchema, RequestPipeline } from '../../src/graphql/index.js';
import { WrittenQuery } from '../../src/graphql/json-answer/written-query.js';
import { closedAfterEach } from '../support/closed-after-each.js';
import { delegating } from '../support/delegating-datastore.js';
import { loadModel } from '../support/models.js';
import { rainierData } from '../support/sample-data.js';
import { auditWrittenAnswers } from './conformance/written-audit.js';

const rainier = loadModel('rainier');
const schema = buildGraphqlSchema(rainier);
const closing = closedAfterEach();
const audit = auditWrittenAnswers({ atLeast: 2 });

const Q1 =
  '{ employees(limit: 100, orderBy: [{ empNo: ASC }]) { empNo department { deptNo deptName } workspace { workspaceId location { city } } } }';

/** The rows the root read returned, and the answer: written (or compiled, `written` false), and graphql-js's. */
async function run(
  written: boolean,
  change: (q: Parameters<Datastore['list']>[1]) => Parameters<Datastore['list']>[1] = (q) => q,
): Promise<{ rows: Row[]; text: string; reference: string; audited: number }> {
  const inner = await createDatastore(rainier, { datastore: 'inmemory' });
  await seedDatastore(inner, rainier, rainierData());
  closing.push(() => inner.close());
  // The rows of each root read, in order: the first is the run's (then the audit's and graphql-js's).
  const reads: Row[][] = [];
  const store = delegating(inner, { list: async (e, q) => (reads.push(await inner.list(e, change(q))), reads.at(-1)!) });
  const answer = async (compiled: boolean): Promise<string> => {
    const pipeline = new RequestPipeline(schema, store, { compiled });
    const document = pipeline.prepare(Q1)!;
    return String(pipeline.serialize(await pipeline.execute({ document, context: pipeline.createContext() })));
  };
  const before = audit.audited;
  const compile = WrittenQuery.compile;
  if (!written) WrittenQuery.compile = () => undefined;
  let text: string;
  try {
    text = await answer(true);
  } finally {
    WrittenQuery.compile = compile;
  }
  const audited = audit.audited - before;
  return { rows: reads[0]!, text, reference: await answer(false), audited };
}

const has = (row: unknown, name: string): boolean => Object.hasOwn(row as object, name);

describe('folded relations in written answers', () => {
  it('are read from row[INCLUDED]: nothing is stored on the parent rows or on their included rows', async () => {
    const { rows, text, reference, audited } = await run(true);
    expect(audited).toBe(1);
    expect(text).toBe(reference);
    expect(rows.length).toBeGreaterThan(2);
    for (const row of rows) {
      expect(row[INCLUDED]).toBeDefined();
      expect(has(row, 'department') || has(row, 'workspace')).toBe(false);
      const workspace = row[INCLUDED]!['workspace'];
      if (workspace !== null && workspace !== undefined) expect(has(workspace, 'location')).toBe(false);
    }
  });

  it('are still stored on the rows by a compiled run (graphql-jit reads them as properties)', async () => {
    const { rows, text, reference, audited } = await run(false);
    expect(audited).toBe(0);
    expect(JSON.parse(text)).toEqual(JSON.parse(reference));
    for (const row of rows) expect(has(row, 'department') && has(row, 'workspace')).toBe(true);
  });

  it('are fetched by key and attached when the datastore returns no included rows, and written as graphql-js answers', async () => {
    const { rows, text, reference, audited } = await run(true, (q) => {
      const { include: _dropped, ...rest } = q ?? {};
      return rest;
    });
    expect(audited).toBe(1);
    expect(text).toBe(reference);
    for (const row of rows) {
      expect(row[INCLUDED]).toBeUndefined();
      expect(has(row, 'department') && has(row, 'workspace')).toBe(true);
    }
  });
});
