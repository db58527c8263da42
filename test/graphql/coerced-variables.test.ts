/**
 * Operations with a variable of a recursive input type run compiled, their variables coerced by
 * graphql-js (src/graphql/coerced-variables.ts): every answer, bad variables' errors included
 * (messages, locations, codes), is exactly the one graphql-js alone gives.
 */
import {
  type ExecutionResult,
  GraphQLEnumType,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  type OperationDefinitionNode,
  parse,
} from 'graphql';
import { isCompiledQuery } from 'graphql-jit';
import { describe, expect, it } from 'vitest';
import { createDatastore } from '../../src/datastore/create-datastore.js';
import { seedDatastore } from '../../src/datastore/seed.js';
import { CoercedVariables } from '../../src/graphql/coerced-variables.js';
import { buildGraphqlSchema, RequestPipeline } from '../../src/graphql/index.js';
import { loadModel } from '../support/models.js';
import { featuresData } from '../support/sample-data.js';

const features = loadModel('features');
const schema = buildGraphqlSchema(features);

/** The answer of a pipeline over freshly seeded data, as a client reads it (JSON). */
async function answer(compiled: boolean, text: string, variables: Record<string, unknown>, operationName?: string): Promise<unknown> {
  const datastore = await createDatastore(features, { datastore: 'inmemory' });
  try {
    await seedDatastore(datastore, features, featuresData());
    const pipeline = new RequestPipeline(schema, datastore, { compiled });
    const document = pipeline.prepare(text);
    if (document === undefined) throw new Error(`not a valid document: ${text}`);
    const result: ExecutionResult = await pipeline.execute({ document, variables, operationName, context: pipeline.createContext() });
    const after = await pipeline.execute({
      document: pipeline.prepare('{ customers { id name } orders { orderNo customerId } }')!,
      context: pipeline.createContext(),
    });
    return JSON.parse(JSON.stringify({ result, after })) as unknown;
  } finally {
    await datastore.close();
  }
}

const WHERE = 'query Q($w: CustomerWhere) { customers(where: $w, orderBy: [{ id: ASC }]) { id name } }';
const REQUIRED = 'query Q($w: CustomerWhere!) { customers(where: $w) { id } }';
const DEFAULTED = 'query Q($w: CustomerWhere = { id: { eq: 2 } }, $n: Int) { customers(where: { AND: [$w, { age: { gt: $n } }] }) { id } }';
const CUSTOMER = {
  id: 40,
  name: 'N',
  age: 30,
  rating: 1.5,
  balance: '2.50',
  active: true,
  birthDate: '1990-01-02',
  wakeUp: '07:00:00',
  createdAt: '2024-01-01T00:00:00Z',
  lastSeen: '2024-01-01T00:00:00',
  status: 'ACTIVE',
  type: 't',
};
const CREATE =
  'mutation M($data: [CustomerInsert!]!) { createCustomers(data: $data) { id name orders { orderNo total customer { id } } } }';
const orders = (...extra: Record<string, unknown>[]): Record<string, unknown> => ({
  create: [{ orderNo: 'N1', placedOn: '2024-02-03', total: '9.90' }, ...extra],
});

const CASES: [string, string, Record<string, unknown>][] = [
  ['a valid recursive where', WHERE, { w: { OR: [{ id: { eq: 1 } }, { AND: [{ NOT: { id: { lt: 3 } } }, { age: { gte: 0 } }] }] } }],
  ['a single value where a list is taken', WHERE, { w: { AND: { id: { in: 2 } } } }],
  [
    'a relation filter down several levels',
    WHERE,
    { w: { orders: { some: { customer: { orders: { none: { total: { gt: '1000' } } } } } } } },
  ],
  ['an explicit null', WHERE, { w: null }],
  ['an omitted nullable variable', WHERE, {}],
  ['a variable with a default, omitted and beside one in a list', DEFAULTED, { n: 0 }],
  ['a wrong type deep inside AND', WHERE, { w: { AND: [{ AND: [{ OR: [{ age: { eq: 'x' } }] }] }] } }],
  ['null for a non-null list item', WHERE, { w: { AND: [{ id: { eq: 1 } }, null] } }],
  ['null for a non-null variable', REQUIRED, { w: null }],
  ['a non-null variable omitted', REQUIRED, {}],
  ['an unknown field deep inside', WHERE, { w: { NOT: { OR: [{ nam: { eq: 'a' } }] } } }],
  ['several faults at once', WHERE, { w: { AND: [{ age: { eq: 1.5 } }, { status: { eq: 'GONE' } }, { shoeSize: 1 }, 7] } }],
  ['a string for an object', WHERE, { w: 'everyone' }],
  ['a nested create', CREATE, { data: [{ ...CUSTOMER, orders: orders({ orderNo: 'N2', placedOn: '2024-02-04', total: '1' }) }] }],
  [
    'a nested create with a parent created below it',
    CREATE,
    {
      data: [
        {
          ...CUSTOMER,
          orders: orders({ orderNo: 'N3', placedOn: '2024-02-05', total: '1', referrer: { create: { ...CUSTOMER, id: 41 } } }),
        },
      ],
    },
  ],
  [
    'a nested create with a wrong type deep inside',
    CREATE,
    { data: [{ ...CUSTOMER, orders: orders({ orderNo: 'N2', placedOn: '2024-02-04', total: 1.5 }) }] },
  ],
  [
    'a nested create missing a required field deep inside',
    CREATE,
    { data: [{ ...CUSTOMER, orders: orders({ orderNo: 'N2', total: '1' }) }] },
  ],
  [
    'a nested create with an unknown field deep inside',
    CREATE,
    { data: [{ ...CUSTOMER, orders: orders({ orderNo: 'N2', placedOn: '2024-02-04', total: '1', totl: '1' }) }] },
  ],
  [
    'a nested create with a date that does not exist',
    CREATE,
    { data: [{ ...CUSTOMER, orders: orders({ orderNo: 'N2', placedOn: '2024-02-30', total: '1' }) }] },
  ],
];

describe('variables of recursive input types, compiled', () => {
  for (const [label, text, variables] of CASES)
    it(`answers as graphql-js: ${label}`, async () => {
      const interpreted = await answer(false, text, variables);
      expect(await answer(true, text, variables)).toEqual(interpreted);
    });

  it('answers bad variables with graphql-js’s messages, naming the place and the fault', async () => {
    const { result } = (await answer(true, WHERE, { w: { AND: [{ AND: [{ age: { eq: 'x' } }] }] } })) as { result: ExecutionResult };
    expect(result).toEqual({
      errors: [
        {
          message: 'Variable "$w" got invalid value "x" at "w.AND[0].AND[0].age.eq"; Int cannot represent non-integer value: "x"',
          locations: [{ line: 1, column: 9 }],
        },
      ],
    });
  });

  it('compiles with the graphql-jit options it is given, those of every compiled operation (jit-options.ts)', async () => {
    // An enum leaf shows the option: serialized, the member's name; not serialized, the value the resolver gave.
    const letter = new GraphQLEnumType({ name: 'Letter', values: { A: { value: 'a' } } });
    const query = new GraphQLObjectType({
      name: 'Query',
      fields: { letter: { type: letter, args: { x: { type: GraphQLString } }, resolve: () => 'a' } },
    });
    const tiny = new GraphQLSchema({ query });
    const document = parse('query Q($x: String) { letter(x: $x) }');
    const operation = document.definitions[0] as OperationDefinitionNode;
    const run = async (disableLeafSerialization: boolean): Promise<unknown> => {
      const compiled = new CoercedVariables(tiny).compile(document, operation, undefined, { disableLeafSerialization });
      if (compiled === undefined || !isCompiledQuery(compiled)) throw new Error('not compiled');
      return compiled.query(undefined, {}, { x: null });
    };
    expect(await run(false)).toEqual({ data: { letter: 'A' } });
    expect(await run(true)).toEqual({ data: { letter: 'a' } });
  });
});
