/** update (partial, NULLs, foreign keys, 1-1) and delete (returns the row, restrict), with their errors. */
import { describe, expect, test } from 'vitest';
import type { Datastore, Row } from '../../../src/datastore/datastore.js';
import { expectFailsUnchanged, pluck, type Stores } from './context.js';
import { customer } from '../../support/sample-data.js';

/** Adds product zen/1 (title 'Z', price '1') with warranty 2 (6 months) to the feature model's data. */
async function addZenWithWarranty(ds: Datastore): Promise<void> {
  await ds.insert('Product', [{ vendor: 'zen', sku: 1, title: 'Z', price: '1' }]);
  await ds.insert('Warranty', [{ id: 2, months: 6, productVendor: 'zen', productSku: 1 }]);
}

export function describeUpdate(stores: Stores): void {
  describe('update', () => {
    test('sets only the given fields and returns the whole updated row', async () => {
      const ds = await stores.seeded('rainier');
      const [before] = await ds.getByKeys('Employee', [['E2']]);
      const updated = await ds.update('Employee', ['E2'], { lastName: 'Smythe', hireDate: '2021-04-01' });
      expect(updated).toEqual({ ...before, lastName: 'Smythe', hireDate: '2021-04-01' });
      expect(await ds.getByKeys('Employee', [['E2'], ['E4']])).toEqual([updated, (await ds.getByKeys('Employee', [['E4']]))[0]]);
      expect((await ds.getByKeys('Employee', [['E4']]))[0]!.lastName).toBe('Smith');
    });

    test('canonicalizes values and clears nullable fields with an explicit null', async () => {
      const ds = await stores.seeded('features');
      const updated = await ds.update('Customer', [1], {
        nickname: null,
        avatar: null,
        credit: '007.50',
        deletedAt: '2024-05-05T05:05:05-02:00',
      });
      expect(updated).toMatchObject({ id: 1, name: 'Ada', nickname: null, avatar: null, credit: '7.5', deletedAt: '2024-05-05T07:05:05Z' });
      expect((await ds.getByKeys('Customer', [[1]]))[0]).toEqual(updated);
    });

    test('an empty patch changes nothing and returns the row', async () => {
      const ds = await stores.seeded('rainier');
      const [before] = await ds.getByKeys('Department', [['D1']]);
      expect(await ds.update('Department', ['D1'], {})).toEqual(before);
    });

    test('null on a non-nullable field, a key field, an unknown field, a bad value', async () => {
      const ds = await stores.seeded('features');
      const cases: [Row, string][] = [
        [{ nickname: 'n', name: null }, "Invalid value for 'Customer.name': null is not allowed: the field is not nullable"],
        [{ id: 5 }, "Invalid value for 'Customer.id': a key field cannot be updated"],
        [{ salary: 5 }, "Invalid value for 'Customer.salary': the entity has no such field"],
        [{ age: 2 ** 31 }, "Invalid value for 'Customer.age': 2147483648 is outside the 32-bit integer range -2147483648 to 2147483647"],
      ];
      for (const [patch, message] of cases) {
        await expectFailsUnchanged(ds, 'features', () => ds.update('Customer', [1], patch), 'BAD_USER_INPUT', message);
      }
    });

    test('NOT_FOUND, simple and composite keys, before any value check', async () => {
      const ds = await stores.seeded('rainier');
      await expectFailsUnchanged(
        ds,
        'rainier',
        () => ds.update('Employee', ['E404'], { firstName: null }),
        'NOT_FOUND',
        "A record with the key 'E404' does not exist for the entity 'Employee'.",
      );
      await expectFailsUnchanged(
        ds,
        'rainier',
        () => ds.update('OrderItem', ['O1', 'I9'], { quantity: 1 }),
        'NOT_FOUND',
        `A record with the key '{"orderId":"O1","itemId":"I9"}' does not exist for the entity 'OrderItem'.`,
      );
    });

    test('moving a child to another parent, and to a missing one', async () => {
      const ds = await stores.seeded('rainier');
      await ds.update('Employee', ['E3'], { departmentDeptNo: 'D3' });
      expect(pluck((await ds.getByFields('Employee', ['departmentDeptNo'], [['D2'], ['D3']])).flat(), 'empNo')).toEqual(['E5', 'E3']);
      await expectFailsUnchanged(
        ds,
        'rainier',
        () => ds.update('Employee', ['E3'], { firstName: 'C', workspaceWorkspaceId: 'W9' }),
        'FOREIGN_KEY_VIOLATION',
        "A record with the key 'W9' does not exist for the entity 'Workspace' (referenced by 'Employee.workspace').",
      );
      const features = await stores.seeded('features');
      await expectFailsUnchanged(
        features,
        'features',
        () => features.update('OrderLine', ['L1'], { productSku: 3 }),
        'FOREIGN_KEY_VIOLATION',
        `A record with the key '{"vendor":"acme","sku":3}' does not exist for the entity 'Product' (referenced by 'OrderLine.product').`,
      );
      await features.update('OrderLine', ['L1'], { productVendor: 'bolt' });
      expect(pluck((await features.getByFields('OrderLine', ['productVendor', 'productSku'], [['bolt', 1]]))[0]!, 'lineId')).toEqual([
        'L1',
        'L4',
      ]);
    });

    test("1-1: keeping the same parent is fine, taking another row's parent is ALREADY_EXISTS", async () => {
      const ds = await stores.seeded('features');
      await ds.update('Profile', ['ada'], { customerId: 1, bio: 'same parent' });
      await expectFailsUnchanged(
        ds,
        'features',
        () => ds.update('Profile', ['ada'], { customerId: 2 }),
        'ALREADY_EXISTS',
        "A record of the entity 'Profile' already refers to '2' through the one-to-one relation 'customer'.",
      );
      await ds.update('Profile', ['ada'], { customerId: 3 });
      // The parent it left is free again.
      await ds.update('Profile', ['bob'], { customerId: 1 });
      expect(pluck(await ds.list('Profile'), 'customerId')).toEqual([3, 1]);
    });

    test('1-1 uniqueness is checked before the parent', async () => {
      const ds = await stores.seeded('features');
      await addZenWithWarranty(ds);
      await expectFailsUnchanged(
        ds,
        'features',
        () => ds.update('Warranty', [2], { productVendor: 'acme' }),
        'ALREADY_EXISTS',
        `A record of the entity 'Warranty' already refers to '{"vendor":"acme","sku":1}' through the one-to-one relation 'product'.`,
      );
      await expectFailsUnchanged(
        ds,
        'features',
        () => ds.update('Warranty', [2], { productVendor: 'nope' }),
        'FOREIGN_KEY_VIOLATION',
        `A record with the key '{"vendor":"nope","sku":1}' does not exist for the entity 'Product' (referenced by 'Warranty.product').`,
      );
    });
  });
}

export function describeDelete(stores: Stores): void {
  describe('delete', () => {
    test('returns the row as it was and removes it', async () => {
      const ds = await stores.seeded('rainier');
      const [before] = await ds.getByKeys('Employee', [['E4']]);
      expect(await ds.delete('Employee', ['E4'])).toEqual(before);
      expect(await ds.getByKeys('Employee', [['E4']])).toEqual([null]);
      expect(pluck(await ds.list('Employee'), 'empNo')).toEqual(['E1', 'E2', 'E3', 'E5', 'E6']);
      expect(await ds.delete('OrderItem', ['O1', 'I2'])).toEqual({ orderId: 'O1', itemId: 'I2', quantity: 1, notes: 'n2' });
      expect(await ds.delete('Department', ['D3'])).toEqual({ deptNo: 'D3', deptName: 'Empty' });
    });

    test('NOT_FOUND, also for a row already deleted', async () => {
      const ds = await stores.seeded('rainier');
      await ds.delete('Employee', ['E4']);
      await expectFailsUnchanged(
        ds,
        'rainier',
        () => ds.delete('Employee', ['E4']),
        'NOT_FOUND',
        "A record with the key 'E4' does not exist for the entity 'Employee'.",
      );
      await expectFailsUnchanged(
        ds,
        'rainier',
        () => ds.delete('OrderItem', ['O2', 'I2']),
        'NOT_FOUND',
        `A record with the key '{"orderId":"O2","itemId":"I2"}' does not exist for the entity 'OrderItem'.`,
      );
    });

    test('restrict: a parent with children cannot be deleted until they are gone', async () => {
      const ds = await stores.seeded('rainier');
      await expectFailsUnchanged(
        ds,
        'rainier',
        () => ds.delete('Department', ['D2']),
        'FOREIGN_KEY_VIOLATION',
        "The record with the key 'D2' of the entity 'Department' cannot be deleted: records of the entity 'Employee' still refer to it through 'department'.",
      );
      await ds.delete('Employee', ['E3']);
      await expectFailsUnchanged(
        ds,
        'rainier',
        () => ds.delete('Department', ['D2']),
        'FOREIGN_KEY_VIOLATION',
        "The record with the key 'D2' of the entity 'Department' cannot be deleted: records of the entity 'Employee' still refer to it through 'department'.",
      );
      await ds.update('Employee', ['E5'], { departmentDeptNo: 'D1' });
      await ds.delete('Department', ['D2']);
      await expectFailsUnchanged(
        ds,
        'rainier',
        () => ds.delete('Building', ['B2']),
        'FOREIGN_KEY_VIOLATION',
        "The record with the key 'B2' of the entity 'Building' cannot be deleted: records of the entity 'Workspace' still refer to it through 'location'.",
      );
    });

    test('restrict names the first referring relation in model order', async () => {
      const ds = await stores.seeded('features');
      // Customer 1 has a profile, orders and referred orders: Profile.customer comes first.
      await expectFailsUnchanged(
        ds,
        'features',
        () => ds.delete('Customer', [1]),
        'FOREIGN_KEY_VIOLATION',
        "The record with the key '1' of the entity 'Customer' cannot be deleted: records of the entity 'Profile' still refer to it through 'customer'.",
      );
      await ds.insert('Customer', [customer(5)]);
      await ds.insert('Order', [{ orderNo: 'O9', placedOn: '2024-02-02', total: '1', customerId: 1, referrerId: 5 }]);
      await expectFailsUnchanged(
        ds,
        'features',
        () => ds.delete('Customer', [5]),
        'FOREIGN_KEY_VIOLATION',
        "The record with the key '5' of the entity 'Customer' cannot be deleted: records of the entity 'Order' still refer to it through 'referrer'.",
      );
      await expectFailsUnchanged(
        ds,
        'features',
        () => ds.delete('Product', ['acme', 1]),
        'FOREIGN_KEY_VIOLATION',
        `The record with the key '{"vendor":"acme","sku":1}' of the entity 'Product' cannot be deleted: records of the entity 'OrderLine' still refer to it through 'product'.`,
      );
      await addZenWithWarranty(ds);
      await expectFailsUnchanged(
        ds,
        'features',
        () => ds.delete('Product', ['zen', 1]),
        'FOREIGN_KEY_VIOLATION',
        `The record with the key '{"vendor":"zen","sku":1}' of the entity 'Product' cannot be deleted: records of the entity 'Warranty' still refer to it through 'product'.`,
      );
      await ds.delete('Warranty', [2]);
      expect(await ds.delete('Product', ['zen', 1])).toEqual({ vendor: 'zen', sku: 1, title: 'Z', price: '1' });
      expect(await ds.delete('Customer', [3])).toMatchObject({ id: 3, name: 'Cy' });
    });
  });
}
