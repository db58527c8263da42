/**
 * String filters and order: case-sensitive, code-point order, every character literal (LIKE
 * wildcards, escape characters, quotes and SQL comment sequences mean only themselves), trailing
 * spaces significant.
 */
import { describe, expect, test } from 'vitest';
import type { Datastore, Filter } from '../../../src/datastore/datastore.js';
import { pluck, type Stores } from './context.js';
import { customer } from '../../support/sample-data.js';

const NAMES = [
  '100%',
  '100 percent',
  'a_b',
  'axb',
  'back\\slash',
  'backslash',
  "O'Brien",
  'say "hi"',
  '-- comment',
  '/* c */',
  "x'; DROP TABLE Customer; --",
  'Zed',
  'zed',
  'é',
  '😀',
  'ｚ',
  'a ',
  'a',
  'A',
  '',
];

/** Customers 10, 11, … named after NAMES, in that order. */
async function withNames(stores: Stores): Promise<Datastore> {
  const ds = await stores.empty('features');
  await ds.insert(
    'Customer',
    NAMES.map((name, i) => customer(10 + i, { name, nickname: i % 2 === 0 ? name : null })),
  );
  return ds;
}

async function names(ds: Datastore, where: Filter): Promise<unknown[]> {
  return pluck(await ds.list('Customer', { where }), 'name');
}

const str = (op: 'contains' | 'startsWith' | 'endsWith', value: string, field = 'name'): Filter => ({ kind: 'string', field, op, value });
const eq = (value: string): Filter => ({ kind: 'compare', field: 'name', op: 'eq', value });

const cases: [string, Filter, string[]][] = [
  ['contains % literally', str('contains', '%'), ['100%']],
  ['endsWith %', str('endsWith', '%'), ['100%']],
  ['startsWith 100% does not treat % as a wildcard', str('startsWith', '100%'), ['100%']],
  ['contains _ literally', str('contains', '_'), ['a_b']],
  ['startsWith a_ does not match axb', str('startsWith', 'a_'), ['a_b']],
  ['contains a backslash', str('contains', '\\'), ['back\\slash']],
  ['contains a backslash followed by a letter', str('contains', 'k\\s'), ['back\\slash']],
  ['contains a single quote', str('contains', "'"), ["O'Brien", "x'; DROP TABLE Customer; --"]],
  ['contains a double quote', str('contains', '"'), ['say "hi"']],
  ['contains a comment opener', str('contains', '--'), ['-- comment', "x'; DROP TABLE Customer; --"]],
  ['contains a block comment', str('contains', '/*'), ['/* c */']],
  ['eq a string full of SQL', eq("x'; DROP TABLE Customer; --"), ["x'; DROP TABLE Customer; --"]],
  ['contains is case-sensitive', str('contains', 'z'), ['zed']],
  ['startsWith is case-sensitive', str('startsWith', 'Z'), ['Zed']],
  ['endsWith a multi-unit character', str('endsWith', '😀'), ['😀']],
  ['eq does not ignore trailing spaces', eq('a'), ['a']],
  ['eq with a trailing space', eq('a '), ['a ']],
  ['endsWith a space', str('endsWith', ' '), ['a ']],
  ['eq is case-sensitive', eq('A'), ['A']],
  ['eq the empty string is not NULL', eq(''), ['']],
  ['startsWith the empty string matches every non-NULL string', str('startsWith', ''), NAMES],
  ['string operators do not match NULL', str('contains', '', 'nickname'), NAMES.filter((_, i) => i % 2 === 0)],
  [
    'NOT of a string operator does not match NULL',
    { kind: 'not', filter: str('contains', 'a', 'nickname') },
    NAMES.filter((n, i) => i % 2 === 0 && !n.includes('a')),
  ],
];

export function describeListStrings(stores: Stores): void {
  describe('list string filters and order', () => {
    test.each(cases)('%s', async (_what, where, expected) => {
      const ds = await withNames(stores);
      expect(await names(ds, where)).toEqual(expected);
    });

    test('strings order by code point (binary), not by locale or UTF-16 unit', async () => {
      const ds = await stores.empty('features');
      // 'a ' gets the smaller id: a collation that pads spaces would tie it with 'a' and order it first.
      const input = ['😀', 'ｚ', 'é', 'zed', 'Zed', 'a ', 'a', '100%', 'A', 'ab'];
      await ds.insert(
        'Customer',
        input.map((name, i) => customer(i + 1, { name })),
      );
      const asc = await ds.list('Customer', { orderBy: [{ field: 'name', direction: 'ASC' }] });
      expect(pluck(asc, 'name')).toEqual(['100%', 'A', 'Zed', 'a', 'a ', 'ab', 'zed', 'é', 'ｚ', '😀']);
      const desc = await ds.list('Customer', { orderBy: [{ field: 'name', direction: 'DESC' }] });
      expect(pluck(desc, 'name')).toEqual(['😀', 'ｚ', 'é', 'zed', 'ab', 'a ', 'a', 'Zed', 'A', '100%']);
      const after = await ds.list('Customer', { where: { kind: 'compare', field: 'name', op: 'gt', value: 'zzz' } });
      expect(pluck(after, 'name')).toEqual(['😀', 'ｚ', 'é']);
    });
  });
}
