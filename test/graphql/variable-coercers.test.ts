/**
 * The coercers of src/graphql/variable-coercers.ts: for every variable value they accept, the
 * very value graphql-js's getVariableValues coerces (same fields in the same order, defaults,
 * enum values, lists of one, what each scalar's parseValue returns); for every value graphql-js
 * reports, and for what they leave to it (a variable's default, @oneOf, iterables that are not
 * arrays), they give up, so that graphql-js answers.
 */
import {
  buildSchema,
  getVariableValues,
  GraphQLInputObjectType,
  GraphQLInt,
  GraphQLObjectType,
  type GraphQLScalarType,
  GraphQLSchema,
  GraphQLString,
  type OperationDefinitionNode,
  parse,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { coerceVariables, GIVE_UP } from '../../src/graphql/variable-coercers.js';

const schema: GraphQLSchema = buildSchema(`
  enum Color { RED GREEN }
  scalar Upper
  input Node {
    name: String!
    size: Int = 3
    tags: [String!]
    color: Color
    kids: [Node!]
    parent: Node
    upper: Upper
    id: ID
  }
  input Pick @oneOf { a: Int, b: String }
  type Query { f(n: Node, p: Pick, l: [Int]): Int }
`);
// Internal values that differ from what was sent: an enum's, and a scalar's parseValue.
(schema.getType('Color') as unknown as { getValue(n: string): { value: unknown } }).getValue('RED').value = 'red-inside';
const upper = schema.getType('Upper') as GraphQLScalarType;
upper.parseValue = (v: unknown) => {
  if (typeof v !== 'string') throw new TypeError('not a string');
  return v === '' ? undefined : v.toUpperCase();
};

const operation = (text: string): OperationDefinitionNode => parse(text).definitions[0] as OperationDefinitionNode;
const NODE = operation('query Q($n: Node, $m: Node!, $l: [Int!]) { f(n: $n) }');

/** graphql-js's coerced variables, or undefined when it reports errors. */
function graphqlJs(op: OperationDefinitionNode, variables: Record<string, unknown>): Record<string, unknown> | undefined {
  const result = getVariableValues(schema, op.variableDefinitions ?? [], variables, { maxErrors: 50 });
  return result.errors === undefined ? result.coerced : undefined;
}

const deep = {
  name: 'a',
  kids: [
    { name: 'b', parent: { name: 'c', tags: ['x'], color: 'RED' } },
    { name: 'd', size: null },
  ],
};

const ACCEPTED: [string, Record<string, unknown>][] = [
  ['a recursive value, defaults filled in, in the type’s field order', { n: { kids: deep.kids, name: 'a' }, m: deep }],
  [
    'enum and scalar values turned into their internal values',
    { m: { name: 'x', color: 'RED', upper: 'abc', kids: [{ name: 'y', color: 'GREEN' }] } },
  ],
  ['single values where lists are taken', { m: { name: 'x', tags: 'one', kids: { name: 'k' } }, l: 4 }],
  ['explicit nulls, an omitted nullable variable', { m: { name: 'x', size: null, tags: null, parent: null }, n: null }],
  ['an explicit undefined for a nullable variable and field', { n: undefined, m: { name: 'x', color: undefined } }],
  ['an integer for an ID', { m: { name: 'x', id: 7 } }],
];

const REFUSED: [string, Record<string, unknown>][] = [
  ['a non-null variable omitted', { n: { name: 'a' } }],
  ['null for a non-null variable', { m: null }],
  ['a required field left out deep inside', { m: { name: 'a', kids: [{ parent: {} }] } }],
  ['an unknown field', { m: { name: 'a', nam: 1 } }],
  ['a key of Object.prototype', { m: JSON.parse('{"name":"a","__proto__":{"x":1},"toString":1}') as unknown }],
  ['a wrong scalar deep inside', { m: { name: 'a', kids: [{ name: 'b', size: 1.5 }] } }],
  ['an int out of range', { m: { name: 'a', size: 2 ** 31 } }],
  ['an unknown enum member', { m: { name: 'a', color: 'BLUE' } }],
  ['a scalar’s parseValue throwing', { m: { name: 'a', upper: 5 } }],
  ['a scalar’s parseValue returning undefined', { m: { name: 'a', upper: '' } }],
  ['an array for an object', { m: [{ name: 'a' }] }],
  ['a string for an object', { m: 'a' }],
  ['null in a non-null list item', { m: { name: 'a', tags: ['x', null] } }],
];

describe('variable coercers', () => {
  for (const [label, variables] of ACCEPTED)
    it(`coerce as graphql-js: ${label}`, () => {
      const expected = graphqlJs(NODE, variables);
      expect(expected).toBeDefined();
      const coerced = coerceVariables(schema, NODE, variables);
      expect(coerced).toStrictEqual(expected);
      // The same key order at every level, as graphql-js builds the objects.
      expect(JSON.stringify(coerced)).toBe(JSON.stringify(expected));
    });

  for (const [label, variables] of REFUSED)
    it(`give up where graphql-js reports: ${label}`, () => {
      expect(graphqlJs(NODE, variables)).toBeUndefined();
      expect(coerceVariables(schema, NODE, variables)).toBe(GIVE_UP);
    });

  it('leave variables with a default value, @oneOf inputs and iterables that are not arrays to graphql-js', () => {
    const defaulted = operation('query Q($n: Node = { name: "z" }) { f(n: $n) }');
    expect(graphqlJs(defaulted, {})).toBeDefined();
    expect(coerceVariables(schema, defaulted, {})).toBe(GIVE_UP);
    const oneOf = operation('query Q($p: Pick) { f(p: $p) }');
    expect(graphqlJs(oneOf, { p: { a: 1 } })).toBeDefined();
    expect(coerceVariables(schema, oneOf, { p: { a: 1 } })).toBe(GIVE_UP);
    const set = { m: { name: 'a', tags: new Set(['x']) } };
    expect(graphqlJs(NODE, set)).toBeDefined();
    expect(coerceVariables(schema, NODE, set)).toBe(GIVE_UP);
  });

  it('build plain objects, as graphql-js does (the compiled input object coercer)', () => {
    const coerced = coerceVariables(schema, NODE, { m: { name: 'x', kids: [{ name: 'y' }] } });
    expect(coerced).not.toBe(GIVE_UP);
    const m = (coerced as { m: { kids: object[] } }).m;
    for (const o of [m, m.kids[0]!]) {
      expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
      expect(o.constructor).toBe(Object);
    }
    expect(Object.keys(m)).toEqual(['name', 'size', 'kids']);
  });

  it('give up on an inherited enumerable key that graphql-js does not see (graphql-js then coerces)', () => {
    const value = Object.create({ extra: 1 }) as Record<string, unknown>;
    value['name'] = 'a';
    expect(graphqlJs(NODE, { m: value })).toBeDefined();
    expect(coerceVariables(schema, NODE, { m: value })).toBe(GIVE_UP);
  });

  it('leave an input type with a field named __proto__ (built without the schema check) to graphql-js', () => {
    const fields = { name: { type: GraphQLString } };
    Object.defineProperty(fields, '__proto__', { value: { type: GraphQLInt }, enumerable: true });
    const odd = new GraphQLInputObjectType({ name: 'Odd', fields });
    const oddSchema = new GraphQLSchema({
      query: new GraphQLObjectType({ name: 'Query', fields: { f: { type: GraphQLInt, args: { o: { type: odd } } } } }),
    });
    const op = operation('query Q($o: Odd) { f(o: $o) }');
    expect(coerceVariables(oddSchema, op, { o: JSON.parse('{"name":"a","__proto__":5}') as unknown })).toBe(GIVE_UP);
  });
});
