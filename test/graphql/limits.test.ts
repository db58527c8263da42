/**
 * The request limits as pure checks over parsed documents (src/graphql/limits): every limit, every
 * message, fragments measured without expanding them, page sizes from variables, introspection.
 */
import { getIntrospectionQuery, type GraphQLError, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildGraphqlSchema } from '../../src/graphql/build-schema.js';
import { DEFAULT_LIMITS, type Limits, LimitsChecker, maxNesting, textNesting, valueNesting } from '../../src/graphql/limits/index.js';
import { loadModel } from '../support/models.js';

const schema = buildGraphqlSchema(loadModel('rainier'));

function checker(limits: Partial<Limits> = {}): LimitsChecker {
  return new LimitsChecker(schema, { ...DEFAULT_LIMITS, ...limits });
}

function messages(errors: readonly GraphQLError[]): string[] {
  return errors.map((e) => {
    expect(e.extensions['code']).toBe('BAD_USER_INPUT');
    return e.message;
  });
}

function check(text: string, limits: Partial<Limits> = {}, variables?: Record<string, unknown>): string[] {
  const c = checker(limits);
  const document = c.parse(text);
  return [...messages(c.checkDocument(document)), ...messages(c.checkVariables(document, variables))];
}

function parseError(text: string, limits: Partial<Limits> = {}): string {
  try {
    checker(limits).parse(text);
  } catch (e) {
    expect((e as GraphQLError).extensions['code']).toBe('BAD_USER_INPUT');
    return (e as Error).message;
  }
  throw new Error('expected the document to be refused');
}

/** `departments { employees { department { employees … } } }`, `hops` relation hops below departments. */
function hops(n: number, limit?: number): string {
  const arg = limit === undefined ? '' : `(limit: ${limit})`;
  let inner = 'deptNo';
  for (let i = n; i > 0; i--) inner = i % 2 === 1 ? `employees${arg} { ${inner} }` : `department { ${inner} }`;
  return `{ departments${arg} { ${inner} } }`;
}

describe('depth', () => {
  it('counts nested fields, leaves included, and names the limit', () => {
    expect(check('{ departments { deptNo } }', { depth: 2 })).toEqual([]);
    expect(check('{ departments { employees { empNo } } }', { depth: 2 })).toEqual([
      'Query depth 3 exceeds the limit of 2 (persist.limits.depth).',
    ]);
    expect(check(hops(11, 1))).toEqual(['Query depth 13 exceeds the limit of 12 (persist.limits.depth).']);
  });

  it('goes through fragments and inline fragments', () => {
    const text = '{ departments { ...D } } fragment D on Department { employees { ... on Employee { workspace { workspaceId } } } }';
    expect(check(text, { depth: 4 })).toEqual([]);
    expect(check(text, { depth: 3 })).toEqual(['Query depth 4 exceeds the limit of 3 (persist.limits.depth).']);
  });

  it('names the operation kind', () => {
    expect(check('mutation { deleteDepartment(deptNo: "D1") { employees { department { deptNo } } } }', { depth: 2 })).toEqual([
      'Mutation depth 4 exceeds the limit of 2 (persist.limits.depth).',
    ]);
  });
});

describe('aliases', () => {
  it('counts aliased fields, through every spread of a fragment', () => {
    expect(check('{ a: departments { deptNo } b: departments { n: deptNo } }', { aliases: 3 })).toEqual([]);
    const many = `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: employee(empNo: "E${i}") { empNo }`).join(' ')} }`;
    expect(check(many)).toEqual(['Query alias count 31 exceeds the limit of 30 (persist.limits.aliases).']);
    const spread = '{ departments { ...A } x: departments { ...A } } fragment A on Department { a: deptNo b: deptName }';
    expect(check(spread, { aliases: 4 })).toEqual(['Query alias count 5 exceeds the limit of 4 (persist.limits.aliases).']);
  });
});

describe('maxLimit', () => {
  it('refuses the largest limit above it, literal or variable (with its default)', () => {
    expect(check('{ employees(limit: 1000) { empNo } }')).toEqual([]);
    expect(check('{ employees(limit: 1001) { empNo } }')).toEqual([
      'A page size (limit) of 1001 exceeds the limit of 1000 (persist.limits.maxLimit).',
    ]);
    const byVariable = 'query($n: Int = 5) { departments(limit: 1) { employees(limit: $n) { empNo } } }';
    expect(check(byVariable, {}, { n: 1000 })).toEqual([]);
    expect(check(byVariable, {}, { n: 2000 })).toEqual([
      'A page size (limit) of 2000 exceeds the limit of 1000 (persist.limits.maxLimit).',
    ]);
    expect(check(byVariable, { maxLimit: 4 }, {})).toEqual(['A page size (limit) of 5 exceeds the limit of 4 (persist.limits.maxLimit).']);
    // A value that is no page size is left to value coercion, which refuses it.
    expect(check(byVariable, {}, { n: 'many' })).toEqual([]);
  });
});

describe('cost', () => {
  it('multiplies list sizes down the nesting and adds root fields and aliases', () => {
    // 10 departments + 10 × 5 employees + 10 × 5 workspaces (to-one: 1 each).
    const one = '{ departments(limit: 10) { employees(limit: 5) { workspace { workspaceId } } } }';
    expect(check(one, { cost: 110 })).toEqual([]);
    expect(check(one, { cost: 109 })).toEqual([
      'Query cost 110 exceeds the limit of 109 (persist.limits.cost): the estimated objects of the answer; give list fields a smaller limit.',
    ]);
    const twice =
      '{ departments(limit: 10) { employees(limit: 5) { workspace { workspaceId } } } again: departments(limit: 10) { deptNo } }';
    expect(check(twice, { cost: 119 })).toEqual([expect.stringContaining('Query cost 120 exceeds')]);
  });

  it('counts a connection as an object whose edges and nodes are lists of first / last rows', () => {
    // The connection (1) + 10 edges × (the edge + its node + the node's workspace) + pageInfo (1).
    const root = '{ employeesConnection(first: 10) { edges { node { workspace { workspaceId } } } pageInfo { hasNextPage } } }';
    expect(check(root, { cost: 32 })).toEqual([]);
    expect(check(root, { cost: 31 })).toEqual([expect.stringContaining('Query cost 32 exceeds')]);
    // 10 departments × (the department + its connection + 5 nodes).
    const perParent =
      'fragment P on EmployeeConnection { nodes { empNo } } { departments(limit: 10) { employeesConnection(last: 5) { ...P } } }';
    expect(check(perParent, { cost: 70 })).toEqual([]);
    expect(check(perParent, { cost: 69 })).toEqual([expect.stringContaining('Query cost 70 exceeds')]);
    expect(check('{ employeesConnection(first: 1001) { totalCount } }')).toEqual([
      expect.stringContaining('A page size (limit) of 1001 exceeds the limit of 1000'),
    ]);
    expect(check('{ departments { employeesConnection(last: 1001) { totalCount } } }')).toEqual([
      expect.stringContaining('of 1001 exceeds the limit of 1000'),
    ]);
  });

  it('counts group-by lists as lists, and aggregate objects as objects', () => {
    // 10 groups × (the group + its sum object); 10 departments × (the department + its aggregate object).
    const groups = '{ orderItemsGroupBy(by: [orderId], limit: 10) { orderId count sum { quantity } } }';
    expect(check(groups, { cost: 20 })).toEqual([]);
    expect(check(groups, { cost: 19 })).toEqual([expect.stringContaining('Query cost 20 exceeds')]);
    expect(check('{ orderItemsGroupBy(by: [orderId]) { count } }', { cost: 19, assumedListSize: 20 })).toEqual([
      expect.stringContaining('Query cost 20 exceeds'),
    ]);
    const perParent = '{ departments(limit: 10) { employeesAggregate { count } } }';
    expect(check(perParent, { cost: 20 })).toEqual([]);
    expect(check(perParent, { cost: 19 })).toEqual([expect.stringContaining('Query cost 20 exceeds')]);
  });

  it('counts lists without a limit as assumedListSize, or as defaultLimit when that is set', () => {
    expect(check('{ departments { employees { empNo } } }', { cost: 420, assumedListSize: 20 })).toEqual([]);
    expect(check('{ departments { employees { empNo } } }', { cost: 419, assumedListSize: 20 })).toEqual([
      expect.stringContaining('Query cost 420 exceeds'),
    ]);
    expect(check('{ departments { employees { empNo } } }', { cost: 6, defaultLimit: 2 })).toEqual([]);
    expect(check('query($n: Int) { departments(limit: $n) { deptNo } }', { cost: 19, assumedListSize: 20 }, { n: null })).toEqual([
      expect.stringContaining('Query cost 20 exceeds'),
    ]);
  });

  it('takes page sizes from the variables of each request', () => {
    const c = checker({ cost: 100 });
    const document = c.parse('query($n: Int!) { employees(limit: $n) { department { deptNo } } }');
    expect(c.checkDocument(document)).toEqual([]);
    expect(c.checkVariables(document, { n: 50 })).toEqual([]);
    expect(messages(c.checkVariables(document, { n: 51 }))).toEqual([expect.stringContaining('Query cost 102 exceeds the limit of 100')]);
  });

  it('refuses the exponential queries of issue 9 and passes the same with limits', () => {
    expect(check(hops(12))).toEqual([
      'Query depth 14 exceeds the limit of 12 (persist.limits.depth).',
      expect.stringMatching(/^Query cost \d{10} exceeds the limit of 100000/),
    ]);
    expect(check(hops(8))).toEqual([expect.stringMatching(/^Query cost \d+ exceeds the limit of 100000/)]);
    expect(check(hops(8, 3))).toEqual([]);
  });

  it('measures doubling fragments in a step per fragment', () => {
    let fragments = 'fragment F0 on Employee { empNo department { deptNo } }';
    for (let i = 1; i <= 60; i++) fragments += ` fragment F${i} on Employee { ...F${i - 1} ...F${i - 1} }`;
    const started = performance.now();
    const errors = check(`{ employees(limit: 1) { ...F60 } } ${fragments}`);
    expect(performance.now() - started).toBeLessThan(200);
    expect(errors).toEqual([expect.stringMatching(/^Query cost 1\.15e\+18 exceeds the limit of 100000/)]);
  });

  it('lets the introspection query of GraphiQL through', () => {
    expect(check(getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, inputValueDeprecation: true }))).toEqual([]);
  });

  it('still refuses introspection that multiplies', () => {
    let inner = 'name';
    for (let i = 0; i < 5; i++) inner = `fields { type { ${inner} } }`;
    expect(check(`{ __schema { types { ${inner} } } }`, { depth: 20 })).toEqual([
      expect.stringMatching(
        /^Query introspection cost \d+ exceeds the limit of \d+ \(twice that of the full introspection query of this schema\)\.$/,
      ),
    ]);
  });
});

describe('parsing within the limits', () => {
  it('refuses a document over documentBytes, counting UTF-8 bytes', () => {
    const text = `{ employees(where: { firstName: { eq: "${'é'.repeat(60)}" } }) { empNo } }`;
    expect(parseError(text, { documentBytes: 100 })).toBe(
      `Document size in bytes ${Buffer.byteLength(text)} exceeds the limit of 100 (persist.limits.documentBytes).`,
    );
  });

  it('refuses deep nesting before parsing: 5,000 levels, and NOT nested 10,000 times', () => {
    const bound = maxNesting(DEFAULT_LIMITS);
    expect(bound).toBe(100);
    const message = `Document nesting exceeds the limit of 100 levels of { and [ (a bound of the server: the larger of 100 and twice persist.limits.depth).`;
    expect(parseError('{'.repeat(5000) + '}'.repeat(5000))).toBe(message);
    let where = '{ empNo: { eq: "x" } }';
    for (let i = 0; i < 10_000; i++) where = `{ NOT: ${where} }`;
    expect(parseError(`{ employees(where: ${where}) { empNo } }`)).toBe(message);
  });

  it('refuses a document of too many tokens', () => {
    const text = `{ ${'empNo '.repeat(70_000)} }`;
    expect(parseError(text, { documentBytes: 1_000_000 })).toBe(
      'Document token count 60001 exceeds the limit of 60000 (a bound of the server).',
    );
  });

  it('leaves syntax errors to graphql-js', () => {
    expect(() => checker().parse('{ employees(')).toThrow(/^Syntax Error/);
  });

  it('refuses variables nested deeper than the bound', () => {
    let where: unknown = { empNo: { eq: 'x' } };
    for (let i = 0; i < 10_000; i++) where = { NOT: where };
    expect(check('query($w: EmployeeWhere) { employees(where: $w) { empNo } }', {}, { w: where })).toEqual([
      'Variables nesting exceeds the limit of 100 levels of { and [ (a bound of the server: the larger of 100 and twice persist.limits.depth).',
    ]);
  });
});

describe('nesting', () => {
  it('counts { and [ outside strings, block strings and comments', () => {
    expect(textNesting('{ a { b(c: [1, [2]]) } }', 100)).toBe(4);
    expect(textNesting('{ a(s: "{{{[[[\\"{{") # {{{{\n }', 100)).toBe(1);
    expect(textNesting('{ a(s: """ {{{ \\""" {{ """) }', 100)).toBe(1);
    expect(textNesting('{'.repeat(1000), 10)).toBe(11);
  });

  it('measures values without recursion', () => {
    expect(valueNesting({ a: [1, { b: 2 }] }, 100)).toBe(3);
    expect(valueNesting(7, 100)).toBe(0);
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(valueNesting(deep, 100)).toBe(101);
  });
});

describe('the cost of the checks', () => {
  it('is paid once per document: the verdict is cached', () => {
    const c = checker();
    const document = parse('{ employees(limit: 100) { empNo department { deptNo } } }');
    const first = c.checkDocument(document);
    expect(c.checkDocument(document)).toBe(first);
  });
});
