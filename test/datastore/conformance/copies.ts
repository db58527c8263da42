/** Rows are copied on the way in and out: no caller can change stored data by mutating objects. */
import { describe, expect, test } from 'vitest';
import type { Row } from '../../../src/datastore/datastore.js';
import { snapshot, type Stores } from './context.js';
import { customer } from '../../support/sample-data.js';

function scribble(rows: readonly (Row | null)[]): void {
  for (const row of rows) {
    if (!row) continue;
    for (const [field, value] of Object.entries(row)) {
      if (value instanceof Uint8Array) value.fill(0xee);
      else row[field] = 'scribbled';
    }
    row.extra = 'scribbled';
  }
}

export function describeCopies(stores: Stores): void {
  describe('rows are copies', () => {
    test('mutating returned rows and their bytes does not change the store', async () => {
      const ds = await stores.seeded('features');
      const before = await snapshot(ds, 'features');
      scribble(await ds.getByKeys('Customer', [[1], [3]]));
      scribble((await ds.getByFields('Customer', ['status'], [['active'], ['CLOSED']])).flat());
      scribble(await ds.list('Customer'));
      scribble(await ds.list('Customer', { select: ['avatar'] }));
      scribble((await ds.getByFields('OrderLine', ['orderOrderNo'], [['O1']])).flat());
      expect(await snapshot(ds, 'features')).toEqual(before);
    });

    test('mutating returned rows of writes does not change the store', async () => {
      const ds = await stores.seeded('features');
      scribble(await ds.insert('Customer', [customer(9, { avatar: new Uint8Array([9, 9]) })]));
      scribble([await ds.update('Customer', [9], { nickname: 'n' })]);
      const before = await snapshot(ds, 'features');
      expect(before.Customer!.at(-1)).toMatchObject({ id: 9, nickname: 'n', avatar: new Uint8Array([9, 9]) });
      const deleted = await ds.delete('Customer', [9]);
      scribble([deleted]);
      await ds.insert('Customer', [customer(9, { nickname: 'n', avatar: new Uint8Array([9, 9]) })]);
      expect(await snapshot(ds, 'features')).toEqual(before);
    });

    test('mutating the rows, bytes and patches given to writes afterwards does not change the store', async () => {
      const ds = await stores.seeded('features');
      const avatar = new Uint8Array([7, 7, 7]);
      const row = customer(9, { avatar });
      await ds.insert('Customer', [row]);
      row.name = 'changed';
      avatar.fill(0);
      const newAvatar = new Uint8Array([5]);
      const patch: Row = { avatar: newAvatar };
      await ds.update('Customer', [1], patch);
      newAvatar[0] = 6;
      patch.name = 'changed';
      const [c9, c1] = await ds.getByKeys('Customer', [[9], [1]]);
      expect(c9).toMatchObject({ name: 'C9', avatar: new Uint8Array([7, 7, 7]) });
      expect(c1).toMatchObject({ name: 'Ada', avatar: new Uint8Array([5]) });
    });
  });
}
