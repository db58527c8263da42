/**
 * The columns of a MySQL read with `include`: a joined row's key is not selected again when its
 * owner's foreign key is in the statement and a selected NOT NULL column of the joined table says
 * whether a row was joined (sql-includes.ts). These cases hold the rows read that way to what the
 * same rows read without a join return: every value type, a filtered-out or dangling related row
 * (null, the parent's foreign key kept), only nullable columns selected (the key is selected then),
 * composite keys and two relations to one entity. With keysUnused (the GraphQL layer reads folded
 * rows from the parent row) neither the foreign keys nor the joined keys are selected, and a frozen
 * read plan keeps its statement between calls but never the rows a call read.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { INCLUDED, type Row } from '../../src/datastore/datastore.js';
import { freezeIncludes } from '../../src/datastore/includes.js';
import type { MysqlDatastore } from '../../src/datastore/mysql/index.js';
import { orderLineIncludes } from '../datastore/conformance/includes.js';
import { countingPool, type StatementLog } from '../support/counting-pool.js';
import { loadModel } from '../support/models.js';
import { featuresData } from '../support/sample-data.js';
import { adminPool, describeMysql, TestDatabases } from './mysql-test-db.js';

const databases = new TestDatabases('include_columns');
const features = loadModel('features');
// Every non-key field of Customer (all value types, nullable and not).
const CUSTOMER_FIELDS = features.entities
  .find((e) => e.name === 'Customer')!
  .fields.filter((f) => !f.key)
  .map((f) => f.name);

/** A row's own fields (without its included rows). */
function fieldsOf(row: Row | null | undefined): Record<string, unknown> | null | undefined {
  return row && Object.fromEntries(Object.entries(row));
}

/** The SELECT list of `sql` (the text between SELECT and the first FROM). */
function selectList(sql: string): string[] {
  return sql.slice('SELECT '.length, sql.indexOf(' FROM ')).split(', ');
}

describeMysql('mysql include columns', () => {
  let ds: MysqlDatastore;
  const log: StatementLog = { statements: [] };
  beforeAll(async () => {
    ds = await databases.open(features, (p) => countingPool(p, log));
    for (const [entity, rows] of Object.entries(featuresData())) await ds.insert(entity, rows);
  });
  afterAll(async () => {
    await ds.close();
  });

  /** The statement `read` sends, and what it returns. */
  async function statementOf<T>(read: () => Promise<T>): Promise<{ columns: string[]; result: T }> {
    log.statements.length = 0;
    const result = await read();
    expect(log.statements).toHaveLength(1);
    return { columns: selectList(log.statements[0]!), result };
  }

  it('reads every value type of a joined row as a read without a join does, its key from the foreign key', async () => {
    const customers = await ds.getByKeys('Customer', [[1], [2]], { select: CUSTOMER_FIELDS });
    const { columns, result } = await statementOf(() =>
      ds.list('Order', {
        select: ['total'],
        orderBy: [{ field: 'orderNo', direction: 'ASC' }],
        include: [
          { relation: 'customer', select: CUSTOMER_FIELDS },
          { relation: 'referrer', select: ['name'] },
        ],
      }),
    );
    expect(result.map((o) => o[INCLUDED]!['customer'])).toEqual([customers[0], customers[0], customers[1]]);
    expect(result.map((o) => o[INCLUDED]!['referrer'])).toEqual([
      { id: 2, name: 'Bob' },
      { id: 1, name: 'Ada' },
      { id: 1, name: 'Ada' },
    ]);
    expect(result.map((o) => [o['customerId'], o['referrerId']])).toEqual([
      [1, 2],
      [1, 1],
      [2, 1],
    ]);
    // The parent's key, total and two foreign keys; Customer's columns without `id`, twice.
    expect(columns.filter((c) => c.endsWith('.`id`'))).toEqual([]);
    expect(columns).toHaveLength(4 + CUSTOMER_FIELDS.length + 1);
  });

  it('selects the key when only nullable columns are selected: a joined row with NULLs there is still a row', async () => {
    const { columns, result } = await statementOf(() =>
      ds.list('Order', {
        select: [],
        orderBy: [{ field: 'orderNo', direction: 'ASC' }],
        include: [{ relation: 'customer', select: ['nickname', 'credit'] }],
      }),
    );
    expect(columns.filter((c) => c.endsWith('.`id`'))).toHaveLength(1);
    const ada = (await ds.getByKeys('Customer', [[1]], { select: ['nickname', 'credit'] }))[0]!;
    const bob = (await ds.getByKeys('Customer', [[2]], { select: ['nickname', 'credit'] }))[0]!;
    expect(bob).toEqual({ id: 2, nickname: null, credit: null });
    expect(result.map((o) => o[INCLUDED]!['customer'])).toEqual([ada, ada, bob]);
  });

  it('a related row outside the include filter is null, the parent keeps its foreign key; nested keys too', async () => {
    const rows = await ds.list('OrderLine', {
      select: [],
      orderBy: [{ field: 'lineId', direction: 'ASC' }],
      include: [
        {
          relation: 'order',
          select: ['placedOn'],
          where: { kind: 'compare', field: 'total', op: 'ne', value: '12.25' },
          include: [{ relation: 'customer', select: ['status', 'active'] }],
        },
        { relation: 'product', select: ['price'] },
      ],
    });
    const orders = rows.map((r) => r[INCLUDED]!['order'] as Row | null);
    expect(rows.map((r) => r['orderOrderNo'])).toEqual(['O1', 'O1', 'O2', 'O3']);
    expect(orders.map(fieldsOf)).toEqual([
      { orderNo: 'O1', placedOn: '2024-01-05', customerId: 1 },
      { orderNo: 'O1', placedOn: '2024-01-05', customerId: 1 },
      null,
      { orderNo: 'O3', placedOn: '2024-01-07', customerId: 2 },
    ]);
    expect(orders.map((o) => o?.[INCLUDED])).toEqual([
      { customer: { id: 1, status: 'active', active: true } },
      { customer: { id: 1, status: 'active', active: true } },
      undefined,
      { customer: { id: 2, status: 'suspended', active: false } },
    ]);
    // Composite key from the composite foreign key.
    expect(rows.map((r) => r[INCLUDED]!['product'])).toEqual([
      { vendor: 'acme', sku: 1, price: '10' },
      { vendor: 'acme', sku: 2, price: '99.99' },
      { vendor: 'acme', sku: 1, price: '10' },
      { vendor: 'bolt', sku: 1, price: '0.25' },
    ]);
  });

  it('a foreign key that names no row (written with the checks off) includes null and keeps the key', async () => {
    const admin = adminPool();
    const c = await admin.getConnection();
    try {
      await c.query({ sql: 'SET FOREIGN_KEY_CHECKS = 0' });
      await c.query({
        sql: `INSERT INTO \`${databases.databaseOf(features)!}\`.\`Order\` (orderNo, placedOn, total, customerId, referrerId) VALUES ('O9', '2024-02-01', 1, 404, 1)`,
      });
      await c.query({ sql: 'SET FOREIGN_KEY_CHECKS = 1' });
    } finally {
      c.release();
      await admin.end();
    }
    const [o9] = await ds.getByKeys('Order', [['O9']], { select: [], include: [{ relation: 'customer', select: ['name'] }] });
    expect(fieldsOf(o9)).toEqual({ orderNo: 'O9', customerId: 404 });
    expect(o9![INCLUDED]).toEqual({ customer: null });
  });

  it('with keysUnused selects neither foreign keys nor joined keys, unless no NOT NULL column tells whether a row was joined', async () => {
    const { columns, result } = await statementOf(() =>
      ds.list('OrderLine', {
        select: ['quantity', 'orderOrderNo', 'productVendor', 'productSku'],
        orderBy: [{ field: 'lineId', direction: 'ASC' }],
        include: orderLineIncludes(true),
      }),
    );
    // lineId, quantity; placedOn; the customer's id (its only other column is nullable) and nickname; price.
    expect(columns.map((c) => c.slice(c.lastIndexOf('.') + 1))).toEqual([
      '`lineId`',
      '`quantity`',
      '`placedOn`',
      '`id`',
      '`nickname`',
      '`price`',
    ]);
    expect(result.map(fieldsOf)).toEqual([1, 2, 3, 4].map((i) => ({ lineId: `L${i}`, quantity: [2, 1, 5, 1][i - 1] })));
    const orders = result.map((l) => l[INCLUDED]!['order'] as Row | null);
    expect(orders.map(fieldsOf)).toEqual([{ placedOn: '2024-01-05' }, { placedOn: '2024-01-05' }, null, { placedOn: '2024-01-07' }]);
    expect(orders.map((o) => o?.[INCLUDED])).toEqual([
      { customer: { id: 1, nickname: 'ada' } },
      { customer: { id: 1, nickname: 'ada' } },
      undefined,
      { customer: { id: 2, nickname: null } },
    ]);
    expect(result.map((l) => l[INCLUDED]!['product'])).toEqual([{ price: '10' }, { price: '99.99' }, { price: '10' }, { price: '0.25' }]);
  });

  it('with keysUnused a foreign key that names no row still includes null', async () => {
    const { columns, result } = await statementOf(() =>
      ds.getByKeys('Order', [['O9'], ['O1']], {
        select: ['customerId'],
        include: [{ relation: 'customer', select: ['id', 'name'], keysUnused: true }],
      }),
    );
    expect(columns).toHaveLength(2);
    expect(result.map(fieldsOf)).toEqual([{ orderNo: 'O9' }, { orderNo: 'O1' }]);
    expect(result.map((o) => o![INCLUDED])).toEqual([{ customer: null }, { customer: { name: 'Ada' } }]);
  });

  it('keeps the statement of a frozen read plan between calls, never the rows one call read', async () => {
    const select = Object.freeze(['total']);
    const include = freezeIncludes([{ relation: 'customer', select: ['name'] }]);
    const name = async (read: () => Promise<readonly (Row | null)[]>): Promise<unknown> =>
      (await read())[0]![INCLUDED]!['customer']!['name'];
    const reads = [
      () => ds.getByKeys('Order', [['O1']], { select, include }),
      () => ds.list('Order', { select, include, orderBy: [{ field: 'orderNo', direction: 'ASC' }], limit: 1 }),
      async () =>
        (await ds.getByFields('Order', ['customerId'], [[1]], { select, include, orderBy: [{ field: 'orderNo', direction: 'ASC' }] }))[0]!,
    ];
    try {
      for (const read of reads) expect(await name(read)).toBe('Ada');
      await ds.update('Customer', [1], { name: 'Ada L.' });
      for (const read of reads) expect(await name(read)).toBe('Ada L.');
    } finally {
      await ds.update('Customer', [1], { name: 'Ada' });
    }
  });
});
