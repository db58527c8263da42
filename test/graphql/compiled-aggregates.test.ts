/**
 * The compiled path (graphql-jit) covers aggregates, groups and connections (issue 11): each of
 * these queries is run by the compiled executor, not handed to graphql-js, and answers exactly as
 * graphql-js does. That the compiled run happens is seen from outside: when the first datastore
 * call of a compiled run fails, the pipeline runs the operation again with graphql-js, so the
 * datastore sees the operation's calls twice; an interpreted run is never repeated.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createDatastore } from '../../src/datastore/create-datastore.js';
import type { Datastore } from '../../src/datastore/datastore.js';
import { seedDatastore } from '../../src/datastore/seed.js';
import { buildGraphqlSchema, RequestPipeline } from '../../src/graphql/index.js';
import { delegating } from '../support/delegating-datastore.js';
import { loadModel } from '../support/models.js';
import { rainierData } from '../support/sample-data.js';

const rainier = loadModel('rainier');
const schema = buildGraphqlSchema(rainier);

// [label, query, whether it pages after page 1's endCursor (a variable)]
const CASES: [string, string, boolean?][] = [
  ['a root aggregate', '{ employeesAggregate(where: { gender: { eq: FEMALE } }) { count min { hireDate } max { lastName } } }'],
  [
    'groups with having and an aggregate order',
    '{ employeesGroupBy(by: [departmentDeptNo, gender], having: { count: { gte: 1 } }, orderBy: [{ count: DESC }]) { departmentDeptNo gender count max { hireDate } } }',
  ],
  [
    'per-parent aggregates and connections',
    '{ departments { deptNo employeesAggregate { count } employeesConnection(first: 1, orderBy: [{ lastName: ASC }]) { totalCount edges { cursor node { empNo } } pageInfo { hasNextPage endCursor } } } }',
  ],
  [
    'a root connection after a cursor, in variables',
    'query($after: String) { employeesConnection(first: 2, after: $after, orderBy: [{ lastName: ASC }]) { totalCount nodes { empNo lastName } pageInfo { hasPreviousPage hasNextPage startCursor endCursor } } }',
    true,
  ],
  [
    'a backwards page',
    '{ employeesConnection(last: 2, orderBy: [{ hireDate: DESC }]) { totalCount edges { node { empNo } } pageInfo { hasPreviousPage startCursor } } }',
  ],
];

const opened: Datastore[] = [];
afterEach(async () => {
  for (const datastore of opened.splice(0)) await datastore.close();
});

/** A seeded in-memory datastore counting its aggregate and connection calls, failing the first when asked. */
async function store(failFirst: boolean): Promise<{ datastore: Datastore; calls: () => number }> {
  const inner = await createDatastore(rainier, { datastore: 'inmemory' });
  opened.push(inner);
  await seedDatastore(inner, rainier, rainierData());
  let calls = 0;
  const counted = <T>(run: () => Promise<T>): Promise<T> =>
    ++calls === 1 && failFirst ? Promise.reject(new Error('the datastore is down')) : run();
  const datastore = delegating(inner, {
    aggregate: (entity, query) => counted(() => inner.aggregate(entity, query)),
    connection: (entity, query) => counted(() => inner.connection(entity, query)),
  });
  return { datastore, calls: () => calls };
}

async function answer(compiled: boolean, failFirst: boolean, text: string, variables?: Record<string, unknown>) {
  const { datastore, calls } = await store(failFirst);
  const pipeline = new RequestPipeline(schema, datastore, { compiled });
  const document = pipeline.prepare(text);
  if (document === undefined) throw new Error(`not a valid document: ${text}`);
  const result = await pipeline.execute({ document, variables: variables ?? {}, context: pipeline.createContext() });
  return { result: JSON.parse(JSON.stringify(result)) as { data?: unknown; errors?: unknown }, calls: calls() };
}

/** `{ after }`: the endCursor of the first page by last name, as the API hands it out. */
async function afterPageOne(): Promise<Record<string, unknown>> {
  const first = await answer(false, false, '{ employeesConnection(first: 1, orderBy: [{ lastName: ASC }]) { pageInfo { endCursor } } }');
  const data = first.result.data as { employeesConnection: { pageInfo: { endCursor: string } } };
  return { after: data.employeesConnection.pageInfo.endCursor };
}

describe('the compiled executor on aggregates and connections', () => {
  for (const [label, text, paged] of CASES) {
    it(`${label}: compiled, with graphql-js's answer`, async () => {
      const variables = paged ? await afterPageOne() : undefined;
      const interpreted = await answer(false, false, text, variables);
      expect(interpreted.result.errors).toBeUndefined();
      expect(interpreted.calls).toBeGreaterThan(0);
      const compiled = await answer(true, false, text, variables);
      expect(compiled.result).toEqual(interpreted.result);
      // No error, so no second run: the same datastore calls as graphql-js's.
      expect(compiled.calls).toBe(interpreted.calls);
      // The compiled run is the one that happened: a failure in it makes graphql-js run the
      // operation again (which then succeeds), while an interpreted run is answered as it failed.
      const retried = await answer(true, true, text, variables);
      expect(retried.result).toEqual(interpreted.result);
      expect(retried.calls).toBeGreaterThan(interpreted.calls);
      const once = await answer(false, true, text, variables);
      expect(once.result.errors).toBeDefined();
      expect(once.calls).toBe(interpreted.calls);
    });
  }
});
