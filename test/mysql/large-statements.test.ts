/**
 * Requests larger than one MySQL statement may be: a filter with more values than a prepared
 * statement has placeholders (65,535; error 1390), and an insert of more SQL than
 * `max_allowed_packet` (error 1153). Both are split or sent another way, in the same transaction,
 * and answer exactly as the in-memory store does, ordering, limit and offset included.
 */
import { beforeAll, expect, it } from 'vitest';
import type { Datastore, Filter, ListQuery, Row } from '../../src/datastore/datastore.js';
import { InMemoryDatastore } from '../../src/datastore/inmemory/inmemory-datastore.js';
import type { MysqlDatastore } from '../../src/datastore/mysql/index.js';
import { loadModel } from '../support/models.js';
import { countingPool, type StatementLog } from '../support/counting-pool.js';
import { describeMysql, TestDatabases } from './mysql-test-db.js';

const databases = new TestDatabases('large');
const rainier = loadModel('rainier');
const pad = (n: number, w: number): string => String(n).padStart(w, '0');
// ~900 bytes of text per row: 23,000 rows are about 21 MB of SQL, more than max_allowed_packet (16 MB by default).
const ROWS = 23_000;
const filler = (i: number, c: string): string => `${c}${pad(i, 6)}`.padEnd(150, c);
const buildings: Row[] = Array.from({ length: ROWS }, (_, i) => ({
  buildingCode: `B${pad(i, 6)}`,
  city: filler(i % 97, 'c'),
  state: filler(i, 's'),
  country: filler(i, 'k'),
  postalCode: pad(i % 1000, 5),
  type: filler(i, 't'),
}));

describeMysql('statements over the server limits', () => {
  let mysql: MysqlDatastore;
  let memory: Datastore;
  const log: StatementLog = { statements: [] };
  beforeAll(async () => {
    mysql = await databases.open(rainier, (pool) => countingPool(pool, log));
    memory = new InMemoryDatastore(rainier);
    const stored = await mysql.insert('Building', buildings);
    expect(stored).toHaveLength(ROWS);
    await memory.insert('Building', buildings);
  }, 120_000);

  it('stored every row of a ~21 MB insert, as given, in several INSERTs of one transaction', async () => {
    const inserts = log.statements.filter((s) => s.startsWith('INSERT INTO'));
    expect(inserts.length).toBeGreaterThan(1);
    expect(log.statements.filter((s) => s === 'COMMIT')).toHaveLength(1);
    expect(await mysql.list('Building')).toEqual(await memory.list('Building'));
  }, 60_000);

  it('an insert too large for one statement that fails in a later statement keeps nothing, and says why', async () => {
    const more: Row[] = buildings.slice(0, 20_000).map((b, i) => ({ ...b, buildingCode: `N${pad(i, 6)}` }));
    // The last row repeats a stored key: the error comes from the last statement of the split.
    more.push({ ...buildings[5]! });
    const mysqlError = await mysql.insert('Building', more).catch((e: unknown) => e);
    const memoryError = await memory.insert('Building', more).catch((e: unknown) => e);
    expect(mysqlError).toMatchObject({ code: 'ALREADY_EXISTS' });
    expect((mysqlError as Error).message).toBe((memoryError as Error).message);
    expect(await mysql.list('Building', { where: { kind: 'string', field: 'buildingCode', op: 'startsWith', value: 'N' } })).toEqual([]);
  }, 60_000);

  const codes = Array.from({ length: 70_000 }, (_, i) => `B${pad((i * 7919) % 100_000, 6)}`);
  const queries: [string, ListQuery][] = [
    [
      'in, sorted, paged',
      {
        where: { kind: 'in', field: 'buildingCode', values: codes, negate: false },
        orderBy: [{ field: 'city', direction: 'DESC' }],
        limit: 40,
        offset: 3000,
      },
    ],
    ['notIn', { where: { kind: 'in', field: 'buildingCode', values: codes, negate: true }, select: ['buildingCode'] }],
  ];
  for (const [name, query] of queries) {
    it(`a filter of 70,000 values (${name}) answers as the in-memory store`, async () => {
      const expected = await memory.list('Building', query);
      expect(expected.length).toBeGreaterThan(0);
      expect(await mysql.list('Building', query)).toEqual(expected);
    }, 60_000);
  }

  it('an OR of 70,000 equalities answers as the in-memory store', async () => {
    const page = {
      orderBy: [{ field: 'postalCode', direction: 'ASC' as const }],
      limit: 25,
      offset: 7,
      select: ['buildingCode', 'postalCode'],
    };
    const or = (values: readonly string[]): Filter => ({
      kind: 'or',
      filters: values.map((c): Filter => ({ kind: 'compare', field: 'buildingCode', op: 'eq', value: c })),
    });
    const inList = (values: readonly string[]): Filter => ({ kind: 'in', field: 'buildingCode', values: [...values], negate: false });
    // The in-memory store evaluates an OR comparison by comparison (70,000 × 23,000 of them take
    // half a minute): the reference answer is its answer to the equivalent IN list, checked
    // equal to its OR answer on a shorter list.
    const short = codes.slice(0, 300);
    expect(await memory.list('Building', { ...page, where: or(short) })).toEqual(
      await memory.list('Building', { ...page, where: inList(short) }),
    );
    expect(await mysql.list('Building', { ...page, where: or(short) })).toEqual(
      await memory.list('Building', { ...page, where: inList(short) }),
    );
    const expected = await memory.list('Building', { ...page, where: inList(codes) });
    expect(expected).toHaveLength(25);
    expect(await mysql.list('Building', { ...page, where: or(codes) })).toEqual(expected);
  }, 60_000);
});
