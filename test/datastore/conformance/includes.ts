/**
 * `include`: owner-side to-one relations read along with each row, in the same call. Including
 * must not change which rows come back, their order, paging or filtering; it adds the foreign-key
 * fields it follows, and each row carries its related rows under `row[INCLUDED]`, nested as asked.
 */
import { describe, expect, test } from 'vitest';
import { INCLUDED, type Include, type IncludedRows, type ListQuery, type Row } from '../../../src/datastore/datastore.js';
import { expectPersistError, pluck, type Stores } from './context.js';

/** `row` with its included rows, as a read with `include` returns it. */
function withIncluded(row: Row, included: IncludedRows): Row {
  return { ...row, [INCLUDED]: included };
}

/** A row's stored fields only (spreading would copy the INCLUDED symbol too). */
function fieldsOf(row: Row | null | undefined): Record<string, unknown> | null | undefined {
  return row && Object.fromEntries(Object.entries(row));
}

/** The included rows of each row (asserted explicitly, whatever the matcher does with symbols). */
function includedOf(rows: readonly (Row | null)[]): (IncludedRows | undefined | null)[] {
  return rows.map((r) => (r === null ? null : r[INCLUDED]));
}

const SEATTLE = { buildingCode: 'B1', city: 'Seattle' };
const PORTLAND = { buildingCode: 'B2', city: 'Portland' };

/** An OrderLine's order (row-filtered) with its customer, and its product, each with `keysUnused` as given. */
export function orderLineIncludes(keysUnused: boolean): Include[] {
  return [
    {
      relation: 'order',
      select: ['orderNo', 'placedOn', 'customerId'],
      where: { kind: 'compare', field: 'total', op: 'ne', value: '12.25' },
      include: [{ relation: 'customer', select: ['id', 'nickname'], keysUnused }],
      keysUnused,
    },
    { relation: 'product', select: ['vendor', 'sku', 'price'], keysUnused },
  ];
}

export function describeIncludes(stores: Stores): void {
  describe('include', () => {
    test('getByKeys: nested chains with select, misses and repeated keys', async () => {
      const ds = await stores.seeded('rainier');
      const rows = await ds.getByKeys('Employee', [['E1'], ['E404'], ['E3'], ['E1']], {
        select: ['firstName'],
        include: [
          { relation: 'department', select: ['deptName'] },
          { relation: 'workspace', select: ['workspaceType'], include: [{ relation: 'location', select: ['city'] }] },
        ],
      });
      const e1 = withIncluded(
        { empNo: 'E1', firstName: 'Ada', departmentDeptNo: 'D1', workspaceWorkspaceId: 'W1' },
        {
          department: { deptNo: 'D1', deptName: 'Engineering' },
          workspace: withIncluded({ workspaceId: 'W1', workspaceType: 'desk', locationBuildingCode: 'B1' }, { location: SEATTLE }),
        },
      );
      const e3 = withIncluded(
        { empNo: 'E3', firstName: 'Cy', departmentDeptNo: 'D2', workspaceWorkspaceId: 'W2' },
        {
          department: { deptNo: 'D2', deptName: 'Sales' },
          workspace: withIncluded({ workspaceId: 'W2', workspaceType: 'office', locationBuildingCode: 'B1' }, { location: SEATTLE }),
        },
      );
      expect(rows).toEqual([e1, null, e3, e1]);
      expect(includedOf(rows)).toEqual([e1[INCLUDED], null, e3[INCLUDED], e1[INCLUDED]]);
      expect(rows[0]![INCLUDED]!['workspace']![INCLUDED]).toEqual({ location: SEATTLE });
      // Included fields are not stored fields: keys show only the row's own.
      expect(Object.keys(rows[0]!).sort()).toEqual(['departmentDeptNo', 'empNo', 'firstName', 'workspaceWorkspaceId']);
    });

    test('getByFields: paging, order and select per group are unchanged by the joins', async () => {
      const ds = await stores.seeded('rainier');
      const groups = await ds.getByFields('Employee', ['departmentDeptNo'], [['D2'], ['D3'], ['D1'], ['D2']], {
        orderBy: [{ field: 'firstName', direction: 'DESC' }],
        limit: 2,
        offset: 1,
        select: ['firstName'],
        include: [{ relation: 'workspace', select: [], include: [{ relation: 'location', select: ['city'] }] }],
      });
      expect(groups.map((g) => pluck(g, 'empNo'))).toEqual([['E3'], [], ['E4', 'E2'], ['E3']]);
      const cities = groups.map((g) => g.map((r) => r[INCLUDED]!['workspace']![INCLUDED]!['location']));
      expect(cities).toEqual([[SEATTLE], [], [PORTLAND, SEATTLE], [SEATTLE]]);
      expect(groups[2]![0]).toEqual(
        withIncluded(
          { empNo: 'E4', firstName: 'Di', departmentDeptNo: 'D1', workspaceWorkspaceId: 'W3' },
          {
            workspace: withIncluded({ workspaceId: 'W3', locationBuildingCode: 'B2' }, { location: PORTLAND }),
          },
        ),
      );
    });

    test('getByFields without paging: where per group, every field when nothing is selected', async () => {
      const ds = await stores.seeded('rainier');
      const groups = await ds.getByFields('Employee', ['workspaceWorkspaceId'], [['W3'], ['W1'], ['W9']], {
        where: { kind: 'compare', field: 'gender', op: 'eq', value: 'MALE' },
        include: [{ relation: 'department' }],
      });
      expect(groups.map((g) => pluck(g, 'empNo'))).toEqual([['E5'], ['E2'], []]);
      expect(groups[0]![0]).toEqual(
        withIncluded(
          {
            empNo: 'E5',
            firstName: 'Ed',
            lastName: 'King',
            birthDate: '1970-01-01',
            gender: 'MALE',
            hireDate: '2018-01-01',
            departmentDeptNo: 'D2',
            workspaceWorkspaceId: 'W3',
          },
          { department: { deptNo: 'D2', deptName: 'Sales' } },
        ),
      );
      expect(groups[1]![0]![INCLUDED]).toEqual({ department: { deptNo: 'D1', deptName: 'Engineering' } });
    });

    test('list: where, order, limit and offset on the parent, two included relations', async () => {
      const ds = await stores.seeded('rainier');
      const rows = await ds.list('Employee', {
        where: { kind: 'compare', field: 'gender', op: 'eq', value: 'FEMALE' },
        orderBy: [{ field: 'lastName', direction: 'DESC' }],
        limit: 2,
        offset: 1,
        select: ['lastName'],
        include: [
          { relation: 'workspace', select: ['workspaceType'], include: [{ relation: 'location', select: ['city'] }] },
          { relation: 'department', select: ['deptName'] },
        ],
      });
      // FEMALE: E1 Lovelace, E4 Smith, E6 Smith; lastName DESC, key ASC breaks the tie: E4, E6, E1.
      expect(pluck(rows, 'empNo')).toEqual(['E6', 'E1']);
      expect(includedOf(rows)).toEqual([
        {
          workspace: withIncluded({ workspaceId: 'W2', workspaceType: 'office', locationBuildingCode: 'B1' }, { location: SEATTLE }),
          department: { deptNo: 'D1', deptName: 'Engineering' },
        },
        {
          workspace: withIncluded({ workspaceId: 'W1', workspaceType: 'desk', locationBuildingCode: 'B1' }, { location: SEATTLE }),
          department: { deptNo: 'D1', deptName: 'Engineering' },
        },
      ]);
      expect(rows[0]![INCLUDED]!['workspace']![INCLUDED]).toEqual({ location: SEATTLE });
    });

    test('composite foreign keys, two relations to the same entity, a chain two deep, bytes copied', async () => {
      const ds = await stores.seeded('features');
      const lines = await ds.list('OrderLine', {
        select: ['quantity'],
        include: [
          {
            relation: 'order',
            select: ['total'],
            include: [
              { relation: 'customer', select: ['name', 'avatar'] },
              { relation: 'referrer', select: ['name'] },
            ],
          },
          { relation: 'product', select: ['title'] },
        ],
      });
      expect(lines.map(fieldsOf)).toEqual([
        { lineId: 'L1', quantity: 2, orderOrderNo: 'O1', productVendor: 'acme', productSku: 1 },
        { lineId: 'L2', quantity: 1, orderOrderNo: 'O1', productVendor: 'acme', productSku: 2 },
        { lineId: 'L3', quantity: 5, orderOrderNo: 'O2', productVendor: 'acme', productSku: 1 },
        { lineId: 'L4', quantity: 1, orderOrderNo: 'O3', productVendor: 'bolt', productSku: 1 },
      ]);
      const ada = { id: 1, name: 'Ada', avatar: new Uint8Array([1, 2, 3]) };
      const included = lines.map((l) => {
        const { order, product } = l[INCLUDED]!;
        return { order: fieldsOf(order), people: order![INCLUDED], product };
      });
      expect(included).toEqual([
        {
          order: { orderNo: 'O1', total: '30', customerId: 1, referrerId: 2 },
          people: { customer: ada, referrer: { id: 2, name: 'Bob' } },
          product: { vendor: 'acme', sku: 1, title: 'Anvil' },
        },
        {
          order: { orderNo: 'O1', total: '30', customerId: 1, referrerId: 2 },
          people: { customer: ada, referrer: { id: 2, name: 'Bob' } },
          product: { vendor: 'acme', sku: 2, title: 'Rocket' },
        },
        {
          order: { orderNo: 'O2', total: '12.25', customerId: 1, referrerId: 1 },
          people: { customer: ada, referrer: { id: 1, name: 'Ada' } },
          product: { vendor: 'acme', sku: 1, title: 'Anvil' },
        },
        {
          order: { orderNo: 'O3', total: '0.25', customerId: 2, referrerId: 1 },
          people: { customer: { id: 2, name: 'Bob', avatar: null }, referrer: { id: 1, name: 'Ada' } },
          product: { vendor: 'bolt', sku: 1, title: 'Bolt' },
        },
      ]);
      // Included rows are copies: changing one changes neither the store nor a later read.
      const avatar = included[0]!.people!['customer']!['avatar'] as Uint8Array;
      avatar[0] = 99;
      expect((await ds.getByKeys('Customer', [[1]], { select: ['avatar'] }))[0]!['avatar']).toEqual(new Uint8Array([1, 2, 3]));
      const again = await ds.list('OrderLine', {
        limit: 1,
        include: [{ relation: 'order', include: [{ relation: 'customer', select: ['avatar'] }] }],
      });
      expect(again[0]![INCLUDED]!['order']![INCLUDED]!['customer']!['avatar']).toEqual(new Uint8Array([1, 2, 3]));
    });

    test('keysUnused: the same rows and related rows (a filtered-out one null, one with only NULLs selected a row), keys or not', async () => {
      const ds = await stores.seeded('features');
      // What a caller that takes the related rows from row[INCLUDED] alone reads of them.
      const seen = (rows: readonly Row[]): unknown =>
        rows.map((l) => {
          const { order, product } = l[INCLUDED]!;
          const customer = order?.[INCLUDED]!['customer'];
          return {
            lineId: l['lineId'],
            quantity: l['quantity'],
            order: order && { placedOn: order['placedOn'], customer: customer && { nickname: customer['nickname'] } },
            product: product && { price: product['price'] },
          };
        });
      const query = (keysUnused: boolean): ListQuery => ({
        // As the GraphQL layer asks: the foreign keys and keys too, for a datastore that does not include.
        select: ['lineId', 'quantity', 'orderOrderNo', 'productVendor', 'productSku'],
        orderBy: [{ field: 'lineId', direction: 'DESC' }],
        include: orderLineIncludes(keysUnused),
      });
      const lean = await ds.list('OrderLine', query(true));
      const [l4, l3, l2, l1] = seen(lean) as unknown[];
      expect(seen(lean)).toEqual(seen(await ds.list('OrderLine', query(false))));
      expect(seen(lean)).toEqual([
        { lineId: 'L4', quantity: 1, order: { placedOn: '2024-01-07', customer: { nickname: null } }, product: { price: '0.25' } },
        { lineId: 'L3', quantity: 5, order: null, product: { price: '10' } },
        { lineId: 'L2', quantity: 1, order: { placedOn: '2024-01-05', customer: { nickname: 'ada' } }, product: { price: '99.99' } },
        { lineId: 'L1', quantity: 2, order: { placedOn: '2024-01-05', customer: { nickname: 'ada' } }, product: { price: '10' } },
      ]);
      const { select, include } = query(true) as Required<Pick<ListQuery, 'select' | 'include'>>;
      const byKey = await ds.getByKeys('OrderLine', [['L1'], ['L3'], ['L4']], { select, include });
      expect(seen(byKey as Row[])).toEqual([l1, l3, l4]);
      const byField = await ds.getByFields('OrderLine', ['orderOrderNo'], [['O1']], { select, include });
      expect(seen(byField[0]!)).toEqual([l1, l2]);
    });

    test('1-1 owners, by key and by field; an included row without select has every field', async () => {
      const ds = await stores.seeded('features');
      const [warranty] = await ds.getByKeys('Warranty', [[1]], { select: ['months'], include: [{ relation: 'product' }] });
      const [anvil] = await ds.getByKeys('Product', [['acme', 1]]);
      expect(warranty).toEqual(withIncluded({ id: 1, months: 12, productVendor: 'acme', productSku: 1 }, { product: anvil! }));
      expect(warranty![INCLUDED]).toEqual({ product: anvil });
      const profiles = await ds.getByFields('Profile', ['customerId'], [[2], [1], [3]], {
        select: ['bio'],
        include: [{ relation: 'customer', select: ['name'] }],
      });
      expect(profiles.map((g) => g.map((p) => [p['handle'], p[INCLUDED]]))).toEqual([
        [['bob', { customer: { id: 2, name: 'Bob' } }]],
        [['ada', { customer: { id: 1, name: 'Ada' } }]],
        [],
      ]);
    });

    test('without include no row carries included rows', async () => {
      const ds = await stores.seeded('rainier');
      const [byKey] = await ds.getByKeys('Employee', [['E1']]);
      const [listed] = await ds.list('Employee', { limit: 1 });
      const [group] = await ds.getByFields('Employee', ['departmentDeptNo'], [['D1']], { limit: 1 });
      const grouped = group?.[0];
      expect([byKey, listed, grouped].map((r) => r !== undefined && r !== null && INCLUDED in r)).toEqual([false, false, false]);
    });

    test('only owner-side relations can be included; unknown selected fields are BAD_USER_INPUT', async () => {
      const ds = await stores.seeded('features');
      await expect(ds.list('Customer', { include: [{ relation: 'orders' }] })).rejects.toThrow("Cannot include 'Customer.orders'");
      await expect(ds.getByKeys('Customer', [[1]], { include: [{ relation: 'profile' }] })).rejects.toThrow(
        "Cannot include 'Customer.profile'",
      );
      await expect(ds.getByFields('Order', ['customerId'], [[1]], { include: [{ relation: 'customerId' }] })).rejects.toThrow(
        "Cannot include 'Order.customerId'",
      );
      await expectPersistError(
        ds.getByKeys('OrderLine', [['L1']], { include: [{ relation: 'order', include: [{ relation: 'customer', select: ['nope'] }] }] }),
        'BAD_USER_INPUT',
        "Invalid value for 'Customer.nope': the entity has no such field",
      );
    });
  });
}
