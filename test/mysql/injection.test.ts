/**
 * SQL metacharacters and comment sequences are data, never SQL: in every string filter operator,
 * in inserted values and in keys they are stored and compared literally. Each filter's answer is
 * checked against the in-memory reference over the same rows.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Datastore, Filter, Row } from '../../src/datastore/datastore.js';
import { InMemoryDatastore } from '../../src/datastore/inmemory/inmemory-datastore.js';
import { loadModel } from '../support/models.js';
import { customer } from '../support/sample-data.js';
import { describeMysql, TestDatabases } from './mysql-test-db.js';

const databases = new TestDatabases('injection');
const features = loadModel('features');

const NASTY = [
  "'",
  "''",
  '"',
  '\\',
  "\\'",
  '%',
  '_',
  '\\%',
  'a%b_c',
  '--',
  "x' OR '1'='1",
  "x'; DROP TABLE `Customer`; --",
  '/* comment */',
  '*/',
  '#',
  '`',
  '`Customer`',
  ';',
  '\0',
  '\n\r\t',
  '\u001a',
  '?',
  '??',
  ':name',
  '$1',
  '😀%',
  'ab',
  'AB',
];

/** A customer whose strings are `name`: the name, the nickname (on two of three) and the quoted `type`. */
function nastyCustomer(id: number, name: string): Row {
  return customer(id, { name, nickname: id % 3 === 0 ? null : `${name}${name}`, type: name });
}

describeMysql('mysql injection', () => {
  let mysql: Datastore;
  const reference = new InMemoryDatastore(features);

  beforeAll(async () => {
    mysql = await databases.open(features);
    const rows = NASTY.map((s, i) => nastyCustomer(i + 1, s));
    await mysql.insert('Customer', rows);
    await reference.insert('Customer', rows);
    // Metacharacters in keys: string keys of Profile and Order.
    const profiles = NASTY.map((s, i) => ({ handle: s, bio: `bio ${s}`, customerId: i + 1 }));
    await mysql.insert('Profile', profiles);
    await reference.insert('Profile', profiles);
  });
  afterAll(async () => {
    await mysql.close();
  });

  it('stores inserted values literally', async () => {
    const rows = await mysql.list('Customer', { select: ['name', 'nickname', 'type'] });
    expect(rows.map((r) => r.name)).toEqual(NASTY);
    expect(rows.map((r) => r.type)).toEqual(NASTY);
    expect(rows).toEqual(await reference.list('Customer', { select: ['name', 'nickname', 'type'] }));
  });

  it('finds rows by keys holding metacharacters, and nothing by near-misses', async () => {
    const keys = [...NASTY, "' OR 1=1 --", '%%', '_'.repeat(2)].map((s) => [s]);
    const got = await mysql.getByKeys('Profile', keys);
    expect(got).toEqual(await reference.getByKeys('Profile', keys));
    expect(got.slice(0, NASTY.length).every((r) => r !== null)).toBe(true);
    expect(got.slice(NASTY.length)).toEqual([null, null, null]);
    const children = await mysql.getByFields('Profile', ['handle'], keys, { limit: 1 });
    expect(children).toEqual(await reference.getByFields('Profile', ['handle'], keys, { limit: 1 }));
  });

  for (const op of ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'notIn', 'contains', 'startsWith', 'endsWith'] as const) {
    it(`compares every metacharacter literally with ${op}`, async () => {
      for (const value of [...NASTY, '', "' OR ''='"]) {
        for (const field of ['name', 'nickname']) {
          const filter: Filter =
            op === 'in' || op === 'notIn'
              ? { kind: 'in', field, values: [value, `${value}x`], negate: op === 'notIn' }
              : op === 'contains' || op === 'startsWith' || op === 'endsWith'
                ? { kind: 'string', field, op, value }
                : { kind: 'compare', field, op, value };
          const query = { where: { kind: 'or' as const, filters: [filter, { kind: 'not' as const, filter }] }, select: ['name'] };
          const expected = await reference.list('Customer', { where: filter, select: ['name'] });
          expect(await mysql.list('Customer', { where: filter, select: ['name'] }), `${op} ${field} ${JSON.stringify(value)}`).toEqual(
            expected,
          );
          expect(await mysql.list('Customer', query)).toEqual(await reference.list('Customer', query));
        }
      }
    });
  }

  it('updates and deletes rows whose keys and values hold metacharacters', async () => {
    for (const s of ["x'; DROP TABLE `Customer`; --", '\\', '%']) {
      const key = [s];
      const patch = { bio: `${s} */ --` };
      expect(await mysql.update('Profile', key, patch)).toEqual(await reference.update('Profile', key, patch));
      expect(await mysql.delete('Profile', key)).toEqual(await reference.delete('Profile', key));
    }
    expect(await mysql.list('Profile')).toEqual(await reference.list('Profile'));
    expect(await mysql.list('Customer', { select: ['id'] })).toHaveLength(NASTY.length);
  });
});
