/** getByFields: the children of many parents at once, with where/order/limit/offset per group. */
import { describe, expect, test } from 'vitest';
import type { Row } from '../../../src/datastore/datastore.js';
import { type Stores } from './context.js';

const keys = (groups: Row[][], field: string): unknown[][] => groups.map((g) => g.map((r) => r[field]));

export function describeGetByFields(stores: Stores): void {
  describe('getByFields', () => {
    test('children of many parents: one group per tuple in order, key order inside, empty groups, repeats', async () => {
      const ds = await stores.seeded('rainier');
      const groups = await ds.getByFields('Employee', ['departmentDeptNo'], [['D1'], ['D3'], ['D2'], ['D1'], ['DX']]);
      expect(keys(groups, 'empNo')).toEqual([['E1', 'E2', 'E4', 'E6'], [], ['E3', 'E5'], ['E1', 'E2', 'E4', 'E6'], []]);
      expect(groups[2]![0]).toEqual({
        empNo: 'E3',
        firstName: 'Cy',
        lastName: 'Jones',
        birthDate: '1985-07-20',
        gender: 'MALE',
        hireDate: '2019-11-01',
        departmentDeptNo: 'D2',
        workspaceWorkspaceId: 'W2',
      });
    });

    test('limit and offset apply per group, not across the batch', async () => {
      const ds = await stores.seeded('rainier');
      const groups = await ds.getByFields('Employee', ['departmentDeptNo'], [['D1'], ['D2'], ['D3']], { limit: 2, offset: 1 });
      expect(keys(groups, 'empNo')).toEqual([['E2', 'E4'], ['E5'], []]);
      const first = await ds.getByFields('Employee', ['workspaceWorkspaceId'], [['W1'], ['W2'], ['W3']], { limit: 1 });
      expect(keys(first, 'empNo')).toEqual([['E1'], ['E3'], ['E4']]);
      const none = await ds.getByFields('Employee', ['workspaceWorkspaceId'], [['W1'], ['W2']], { limit: 0 });
      expect(none).toEqual([[], []]);
    });

    test('where and orderBy apply per group', async () => {
      const ds = await stores.seeded('rainier');
      const groups = await ds.getByFields('Employee', ['departmentDeptNo'], [['D1'], ['D2']], {
        where: { kind: 'compare', field: 'lastName', op: 'eq', value: 'Smith' },
        orderBy: [{ field: 'birthDate', direction: 'DESC' }],
      });
      expect(keys(groups, 'empNo')).toEqual([['E6', 'E4', 'E2'], []]);
      const paged = await ds.getByFields('Employee', ['departmentDeptNo'], [['D1'], ['D2']], {
        where: { kind: 'compare', field: 'gender', op: 'eq', value: 'MALE' },
        orderBy: [{ field: 'firstName', direction: 'DESC' }],
        offset: 1,
      });
      expect(keys(paged, 'empNo')).toEqual([[], ['E3']]);
    });

    test('the relation index stays right through inserts, moves and deletes', async () => {
      const ds = await stores.seeded('rainier');
      await ds.insert('Employee', [
        {
          empNo: 'E0',
          firstName: 'Zed',
          lastName: 'Zo',
          birthDate: '2001-01-01',
          gender: 'MALE',
          hireDate: '2024-01-01',
          departmentDeptNo: 'D3',
          workspaceWorkspaceId: 'W1',
        },
      ]);
      await ds.update('Employee', ['E2'], { departmentDeptNo: 'D3' });
      await ds.delete('Employee', ['E6']);
      const groups = await ds.getByFields('Employee', ['departmentDeptNo'], [['D1'], ['D2'], ['D3']]);
      expect(keys(groups, 'empNo')).toEqual([
        ['E1', 'E4'],
        ['E3', 'E5'],
        ['E0', 'E2'],
      ]);
    });

    test('composite foreign keys, in either field order', async () => {
      const ds = await stores.seeded('features');
      const groups = await ds.getByFields(
        'OrderLine',
        ['productVendor', 'productSku'],
        [
          ['acme', 1],
          ['bolt', 1],
          ['acme', 2],
          ['zzz', 9],
          ['bolt', 2],
        ],
      );
      expect(keys(groups, 'lineId')).toEqual([['L1', 'L3'], ['L4'], ['L2'], [], []]);
      const swapped = await ds.getByFields(
        'OrderLine',
        ['productSku', 'productVendor'],
        [
          [1, 'acme'],
          [2, 'acme'],
        ],
      );
      expect(keys(swapped, 'lineId')).toEqual([['L1', 'L3'], ['L2']]);
    });

    test('two relations between the same entities are told apart', async () => {
      const ds = await stores.seeded('features');
      const byCustomer = await ds.getByFields('Order', ['customerId'], [[1], [2], [3]]);
      expect(keys(byCustomer, 'orderNo')).toEqual([['O1', 'O2'], ['O3'], []]);
      const byReferrer = await ds.getByFields('Order', ['referrerId'], [[1], [2], [3]]);
      expect(keys(byReferrer, 'orderNo')).toEqual([['O2', 'O3'], ['O1'], []]);
    });

    test('the other side of 1-1 relations: at most one row per group', async () => {
      const ds = await stores.seeded('features');
      const profiles = await ds.getByFields('Profile', ['customerId'], [[1], [3], [2]]);
      expect(keys(profiles, 'handle')).toEqual([['ada'], [], ['bob']]);
      const warranties = await ds.getByFields(
        'Warranty',
        ['productVendor', 'productSku'],
        [
          ['acme', 1],
          ['acme', 2],
        ],
      );
      expect(keys(warranties, 'id')).toEqual([[1], []]);
    });

    test('key fields and fields without an index', async () => {
      const ds = await stores.seeded('rainier');
      const byKey = await ds.getByFields(
        'OrderItem',
        ['itemId', 'orderId'],
        [
          ['I1', 'O1'],
          ['I9', 'O1'],
        ],
      );
      expect(keys(byKey, 'notes')).toEqual([['n1'], []]);
      const byName = await ds.getByFields('Employee', ['lastName'], [['Smith'], ['Nobody'], ['Jones']], {
        orderBy: [{ field: 'firstName', direction: 'DESC' }],
      });
      expect(keys(byName, 'empNo')).toEqual([['E6', 'E4', 'E2'], [], ['E3']]);
      const features = await stores.seeded('features');
      const byStatus = await features.getByFields(
        'Customer',
        ['status', 'active'],
        [
          ['active', false],
          ['active', true],
          ['CLOSED', true],
        ],
      );
      expect(keys(byStatus, 'id')).toEqual([[4], [1], [3]]);
    });

    test('a NULL in a tuple matches nothing, as = NULL does in SQL', async () => {
      const ds = await stores.seeded('features');
      const groups = await ds.getByFields('OrderLine', ['note'], [[null], ['gift']]);
      expect(keys(groups, 'lineId')).toEqual([[], ['L2']]);
    });

    test('select returns at least the selected, key and matched fields', async () => {
      const ds = await stores.seeded('rainier');
      const [group] = await ds.getByFields('Employee', ['departmentDeptNo'], [['D2']], { select: ['firstName'] });
      expect(group).toHaveLength(2);
      expect(group![0]).toMatchObject({ empNo: 'E3', firstName: 'Cy', departmentDeptNo: 'D2' });
    });
  });
}
