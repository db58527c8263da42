/** sortsAsKey (semantics/sort.ts): when a requested order is the key order, so the in-memory store skips the sort. */
import { describe, expect, test } from 'vitest';
import type { EntityFacts } from '../../src/datastore/entity-facts.js';
import { sortsAsKey } from '../../src/datastore/semantics/sort.js';

const composite = { keyFields: ['a', 'b'] } as unknown as EntityFacts;

describe('sortsAsKey', () => {
  test('no order, or the key fields ascending in key order (anything after them never decides)', () => {
    expect(sortsAsKey(composite, undefined)).toBe(true);
    expect(sortsAsKey(composite, [])).toBe(true);
    expect(
      sortsAsKey(composite, [
        { field: 'a', direction: 'ASC' },
        { field: 'b', direction: 'ASC' },
      ]),
    ).toBe(true);
    expect(
      sortsAsKey(composite, [
        { field: 'a', direction: 'ASC' },
        { field: 'b', direction: 'ASC' },
        { field: 'c', direction: 'DESC' },
      ]),
    ).toBe(true);
  });

  test('a descending key field, another order of the key fields, a prefix of the key, another field first, or a path: a sort', () => {
    expect(
      sortsAsKey(composite, [
        { field: 'a', direction: 'ASC' },
        { field: 'b', direction: 'DESC' },
      ]),
    ).toBe(false);
    expect(
      sortsAsKey(composite, [
        { field: 'b', direction: 'ASC' },
        { field: 'a', direction: 'ASC' },
      ]),
    ).toBe(false);
    expect(sortsAsKey(composite, [{ field: 'a', direction: 'ASC' }])).toBe(false);
    expect(
      sortsAsKey(composite, [
        { field: 'c', direction: 'ASC' },
        { field: 'a', direction: 'ASC' },
      ]),
    ).toBe(false);
    expect(
      sortsAsKey(composite, [
        { field: 'a', direction: 'ASC', path: [{ relation: 'r' } as never] },
        { field: 'b', direction: 'ASC' },
      ]),
    ).toBe(false);
  });
});
