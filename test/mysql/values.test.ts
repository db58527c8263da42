/**
 * Values round-trip exactly through MySQL: decimals with 30 fractional digits (never through a
 * float), Utc unshifted whatever the server's time zone, Civil, TimeOfDay and Date without drift,
 * Bytes, enums, 32-bit int bounds (checked with a clear error), strings by code point.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Row } from '../../src/datastore/datastore.js';
import { INT_MAX, INT_MIN } from '../../src/model/values.js';
import { loadModel } from '../support/models.js';
import { customer } from '../support/sample-data.js';
import type { MysqlDatastore, MysqlPool } from '../../src/datastore/mysql/index.js';
import { adminPool, describeMysql, TestDatabases } from './mysql-test-db.js';

const databases = new TestDatabases('values');
const features = loadModel('features');

describeMysql('mysql value round trips', () => {
  let ds: MysqlDatastore | undefined;
  let admin: MysqlPool;
  beforeAll(() => {
    admin = adminPool();
  });
  afterAll(async () => {
    await admin.end();
  });
  afterEach(async () => {
    await ds?.close();
    ds = undefined;
  });

  async function roundTrip(values: Row): Promise<Row> {
    ds = await databases.open(features);
    const [inserted] = await ds.insert('Customer', [customer(1, values)]);
    const [read] = await ds.getByKeys('Customer', [[1]]);
    for (const [k, v] of Object.entries(values)) {
      expect(inserted![k], `insert returned ${k}`).toEqual(v);
      expect(read![k], `read ${k}`).toEqual(v);
    }
    return read!;
  }

  it('keeps decimals exact: 30 fractional digits, 35 integer digits, signs, trailing zeros dropped', async () => {
    await roundTrip({
      balance: '12345678901234567890123456789012345.123456789012345678901234567891',
      credit: '-0.000000000000000000000000000001',
    });
    await ds!.close();
    const read = await roundTrip({ balance: '0', credit: '100' });
    expect(read.balance).toBe('0');
    await ds!.close();
    ds = await databases.open(features);
    const [row] = await ds.insert('Customer', [customer(2, { balance: '12.500', credit: '-0.0' })]);
    expect(row!.balance).toBe('12.5');
    expect(row!.credit).toBe('0');
    expect((await ds.getByKeys('Customer', [[2]]))[0]).toMatchObject({ balance: '12.5', credit: '0' });
  });

  it('compares decimals exactly, also against operands the column cannot hold', async () => {
    ds = await databases.open(features);
    await ds.insert('Customer', [
      customer(1, { balance: '0.000000000000000000000000000001' }),
      customer(2, { balance: '0' }),
      customer(3, { balance: '-99999999999999999999999999999999999.999999999999999999999999999999' }),
    ]);
    const ids = async (op: 'eq' | 'lt' | 'lte' | 'gt' | 'gte' | 'ne', value: string): Promise<number[]> =>
      (await ds!.list('Customer', { where: { kind: 'compare', field: 'balance', op, value } })).map((r) => r.id as number);
    // A float would make 1e-30 equal to 0 or to 1e-30 + 1e-31.
    expect(await ids('eq', '0.000000000000000000000000000001')).toEqual([1]);
    expect(await ids('gt', '0')).toEqual([1]);
    expect(await ids('eq', '0.0000000000000000000000000000011')).toEqual([]);
    expect(await ids('lt', '0.0000000000000000000000000000011')).toEqual([1, 2, 3]);
    expect(await ids('gt', '0.0000000000000000000000000000009')).toEqual([1]);
    expect(await ids('gte', '0.0000000000000000000000000000001')).toEqual([1]);
    expect(await ids('lte', '-0.0000000000000000000000000000001')).toEqual([3]);
    expect(await ids('ne', '0.0000000000000000000000000000011')).toEqual([1, 2, 3]);
    expect(await ids('lt', '-100000000000000000000000000000000000')).toEqual([]);
    expect(await ids('gt', '-100000000000000000000000000000000000')).toEqual([1, 2, 3]);
    expect(await ids('lt', '100000000000000000000000000000000000')).toEqual([1, 2, 3]);
    const inList = await ds.list('Customer', {
      where: { kind: 'in', field: 'balance', values: ['0.0000000000000000000000000000001', '0'], negate: false },
    });
    expect(inList.map((r) => r.id)).toEqual([2]);
    // NOT keeps three-valued logic for a rewritten comparison: NULL credit stays unknown.
    const notEq = await ds.list('Customer', {
      where: { kind: 'not', filter: { kind: 'compare', field: 'credit', op: 'eq', value: '0.0000000000000000000000000000001' } },
    });
    expect(notEq).toEqual([]);
  });

  it('stores Utc unshifted whatever the server and session time zones', async () => {
    const original = (await admin.query({ sql: 'SELECT @@GLOBAL.time_zone', rowsAsArray: true }))[0] as unknown[][];
    await admin.query({ sql: "SET GLOBAL time_zone = '+05:30'" });
    try {
      ds = await databases.open(features);
      const read = await roundTrip({ createdAt: '2024-02-29T23:59:59.123456Z', deletedAt: '1970-01-01T00:00:01Z' });
      expect(read.createdAt).toBe('2024-02-29T23:59:59.123456Z');
      // Offsets are normalized to Z; the stored instant is the same.
      await ds.update('Customer', [1], { deletedAt: '2038-01-19T08:44:07.5+05:30' });
      expect((await ds.getByKeys('Customer', [[1]], { select: ['deletedAt'] }))[0]!.deletedAt).toBe('2038-01-19T03:14:07.5Z');
      // The server holds the right instant: its epoch seconds agree.
      const db = databases.databaseOf(features)!;
      const [rows] = await admin.query({ sql: `SELECT UNIX_TIMESTAMP(createdAt) FROM \`${db}\`.Customer WHERE id = 1`, rowsAsArray: true });
      expect(String((rows as unknown[][])[0]![0])).toBe(String(Date.UTC(2024, 1, 29, 23, 59, 59) / 1000 + 0.123456));
      const filtered = await ds.list('Customer', {
        where: { kind: 'compare', field: 'createdAt', op: 'eq', value: '2024-03-01T05:29:59.123456+05:30' },
      });
      expect(filtered.map((r) => r.id)).toEqual([1]);
    } finally {
      await admin.query({ sql: 'SET GLOBAL time_zone = ?', values: [original[0]![0]] });
    }
  });

  it('keeps Civil, TimeOfDay and Date without drift, with fractions', async () => {
    await roundTrip({
      lastSeen: '2024-02-29T23:59:59.999999',
      nextVisit: '1000-01-01T00:00:00.000001',
      wakeUp: '23:59:59.5',
      bedTime: '00:00:00',
      birthDate: '2024-02-29',
      anniversary: '9999-12-31',
    });
    const [row] = await ds!.insert('Customer', [customer(2, { wakeUp: '07:30:00.250000', lastSeen: '2024-01-01T10:00:00.100' })]);
    expect(row).toMatchObject({ wakeUp: '07:30:00.25', lastSeen: '2024-01-01T10:00:00.1' });
    expect((await ds!.getByKeys('Customer', [[2]]))[0]).toMatchObject({ wakeUp: '07:30:00.25', lastSeen: '2024-01-01T10:00:00.1' });
    const sorted = await ds!.list('Customer', { orderBy: [{ field: 'wakeUp', direction: 'DESC' }] });
    expect(sorted.map((r) => r.wakeUp)).toEqual(['23:59:59.5', '07:30:00.25']);
  });

  it('keeps bytes exactly: every byte value, empty, and copies that callers cannot change', async () => {
    const all = new Uint8Array(256).map((_, i) => i);
    const read = await roundTrip({ avatar: all });
    expect(read.avatar).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(read.avatar)).toBe(false);
    const [empty] = await ds!.insert('Customer', [customer(2, { avatar: new Uint8Array(0) })]);
    expect(empty!.avatar).toEqual(new Uint8Array(0));
    expect((await ds!.getByKeys('Customer', [[2]], { select: ['avatar'] }))[0]!.avatar).toEqual(new Uint8Array(0));
    const found = await ds!.list('Customer', { where: { kind: 'compare', field: 'avatar', op: 'eq', value: all } });
    expect(found.map((r) => r.id)).toEqual([1]);
  });

  it('keeps enums, booleans, floats and int bounds; rejects ints outside 32 bits clearly', async () => {
    await roundTrip({
      status: 'CLOSED',
      previousStatus: 'suspended',
      active: false,
      verified: true,
      age: INT_MIN,
      score: INT_MAX,
      rating: 0.1 + 0.2,
      weight: -1.7976931348623157e308,
    });
    await expect(ds!.insert('Customer', [customer(2, { age: INT_MAX + 1 })])).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringContaining("Invalid value for 'Customer.age': 2147483648 is outside the 32-bit integer range"),
    });
    expect(await ds!.list('Customer')).toHaveLength(1);
    // Enums order by declaration (active, suspended, CLOSED), not alphabetically.
    await ds!.insert('Customer', [customer(3, { status: 'suspended' }), customer(4, { status: 'active' })]);
    const order = await ds!.list('Customer', { orderBy: [{ field: 'status', direction: 'ASC' }] });
    expect(order.map((r) => r.status)).toEqual(['active', 'suspended', 'CLOSED']);
    const below = await ds!.list('Customer', { where: { kind: 'compare', field: 'status', op: 'lt', value: 'CLOSED' } });
    expect(below.map((r) => r.id)).toEqual([3, 4]);
  });

  it('compares strings case-sensitively by code point, trailing spaces and 4-byte characters included', async () => {
    ds = await databases.open(features);
    const names = ['a', 'A', 'a ', 'a\t', 'é', 'e\u0301', '😀', '\uffff', 'z'];
    await ds.insert(
      'Customer',
      names.map((name, i) => customer(i + 1, { name })),
    );
    const sorted = (await ds.list('Customer', { orderBy: [{ field: 'name', direction: 'ASC' }] })).map((r) => r.name);
    expect(sorted).toEqual(['A', 'a', 'a\t', 'a ', 'e\u0301', 'z', 'é', '\uffff', '😀']);
    const eq = await ds.list('Customer', { where: { kind: 'compare', field: 'name', op: 'eq', value: 'a' } });
    expect(eq.map((r) => r.name)).toEqual(['a']);
    // Keys too: 'x' and 'x ' and 'X' are three different keys.
    await ds.insert('Profile', [
      { handle: 'x', bio: '1', customerId: 1 },
      { handle: 'x ', bio: '2', customerId: 2 },
      { handle: 'X', bio: '3', customerId: 3 },
    ]);
    expect((await ds.getByKeys('Profile', [['x '], ['X'], ['x']])).map((r) => r?.bio)).toEqual(['2', '3', '1']);
  });
});
