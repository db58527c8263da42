/** locateErrors (error-locations.ts): a compiled run's errors located as graphql-js locates them. */
import { GraphQLError, parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { locateErrors } from '../../src/graphql/error-locations.js';

const text = `mutation M {
  made: createOrders(data: []) { ...F lines { qty } }
}
fragment F on Order { lines { price } }`;
const document = parse(text);
const operation = document.definitions[0] as OperationDefinitionNode;
const located = (path: (string | number)[]) =>
  locateErrors(document, operation, [new GraphQLError('boom', { path, extensions: { code: 'X' } })])[0]!;

describe('locateErrors', () => {
  it('locates a root field by its alias, keeping message, path and extensions', () => {
    const e = located(['made']);
    expect(e.toJSON()).toEqual({ message: 'boom', locations: [{ line: 2, column: 3 }], path: ['made'], extensions: { code: 'X' } });
  });

  it('gives every field node of the field, in selection order through fragments, skipping list indices', () => {
    expect(located(['made', 0, 'lines', 1]).locations).toEqual([
      { line: 4, column: 23 },
      { line: 2, column: 39 },
    ]);
  });

  it('leaves an error without a path, or whose path is not in the document, as it is', () => {
    const free = new GraphQLError('no path');
    const [a, b] = locateErrors(document, operation, [free, new GraphQLError('elsewhere', { path: ['other'] })]);
    expect(a).toBe(free);
    expect(b!.locations).toBeUndefined();
  });
});
