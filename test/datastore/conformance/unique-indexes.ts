/**
 * `@sql:UniqueIndex`: enforced on insert (stored rows and earlier rows of the batch) and update
 * with SQL's semantics (NULLs never collide; strings by code point; decimals by value; CHAR
 * without trailing spaces), checked right after the key, and leaving the store as it was.
 */
import { describe, expect, test } from 'vitest';
import type { Datastore, Row } from '../../../src/datastore/datastore.js';
import { expectFailsUnchanged, pluck, type Stores } from './context.js';

const member = (id: number, over: Row = {}): Row => ({ id, lockerId: id, clubCode: 'C1', ...over });

const taken = (values: string, index: string): string =>
  `A record with the values ${values} for the unique index '${index}' already exists for the entity 'Member'.`;

/** Clubs C1 and C2, lockers 1 to 9, and members 1 (ada@x.org, red 7, LK) and 2 (all NULL). */
async function withMembers(stores: Stores): Promise<Datastore> {
  const ds = await stores.empty('unique');
  await ds.insert('Club', [{ code: 'C1' }, { code: 'C2' }]);
  await ds.insert(
    'Locker',
    Array.from({ length: 9 }, (_, i) => ({ id: i + 1 })),
  );
  await ds.insert('Member', [member(1, { email: 'ada@x.org', squad: 'red', number: '7', country: 'LK' }), member(2)]);
  return ds;
}

export function describeUniqueIndexes(stores: Stores): void {
  describe('unique indexes', () => {
    test('a duplicate of a stored row, one field and two fields', async () => {
      const ds = await withMembers(stores);
      await expectFailsUnchanged(
        ds,
        'unique',
        () => ds.insert('Member', [member(3, { email: 'ada@x.org' })]),
        'ALREADY_EXISTS',
        taken('{"email":"ada@x.org"}', 'unique_idx_email'),
      );
      // Decimals compare by value: 7.00 is 7.
      await expectFailsUnchanged(
        ds,
        'unique',
        () => ds.insert('Member', [member(3, { squad: 'red', number: '7.00' })]),
        'ALREADY_EXISTS',
        taken('{"squad":"red","number":"7"}', 'unique_idx_shirt'),
      );
    });

    test('a duplicate inside one batch inserts nothing of the batch', async () => {
      const ds = await withMembers(stores);
      await expectFailsUnchanged(
        ds,
        'unique',
        () => ds.insert('Member', [member(3, { email: 'bo@x.org' }), member(4, { email: 'cy@x.org' }), member(5, { email: 'bo@x.org' })]),
        'ALREADY_EXISTS',
        taken('{"email":"bo@x.org"}', 'unique_idx_email'),
      );
      await expectFailsUnchanged(
        ds,
        'unique',
        () => ds.insert('Member', [member(3, { squad: 'blue', number: '10' }), member(4, { squad: 'blue', number: '10.0' })]),
        'ALREADY_EXISTS',
        taken('{"squad":"blue","number":"10"}', 'unique_idx_shirt'),
      );
      expect(await ds.getByKeys('Member', [[3], [4]])).toEqual([null, null]);
    });

    test('an update to values another row holds; the row itself does not count', async () => {
      const ds = await withMembers(stores);
      await ds.insert('Member', [member(3, { email: 'bo@x.org', squad: 'red', number: '8' })]);
      await expectFailsUnchanged(
        ds,
        'unique',
        () => ds.update('Member', [3], { email: 'ada@x.org' }),
        'ALREADY_EXISTS',
        taken('{"email":"ada@x.org"}', 'unique_idx_email'),
      );
      // Changing one field of a composite index to collide on the whole of it.
      await expectFailsUnchanged(
        ds,
        'unique',
        () => ds.update('Member', [3], { number: '7.0' }),
        'ALREADY_EXISTS',
        taken('{"squad":"red","number":"7"}', 'unique_idx_shirt'),
      );
      expect(await ds.update('Member', [1], { email: 'ada@x.org', squad: 'red', number: '7' })).toMatchObject({
        email: 'ada@x.org',
        number: '7',
      });
    });

    test('values freed by an update, a delete or a failed batch can be taken again', async () => {
      const ds = await withMembers(stores);
      await ds.update('Member', [1], { email: 'ada@y.org', number: null });
      await ds.insert('Member', [member(3, { email: 'ada@x.org', squad: 'red', number: '7' })]);
      await ds.delete('Member', [3]);
      await expectFailsUnchanged(
        ds,
        'unique',
        () => ds.insert('Member', [member(4, { email: 'new@x.org' }), member(5, { email: 'ada@y.org' })]),
        'ALREADY_EXISTS',
        taken('{"email":"ada@y.org"}', 'unique_idx_email'),
      );
      const rows = await ds.insert('Member', [
        member(6, { email: 'ada@x.org', squad: 'red', number: '7' }),
        member(7, { email: 'new@x.org' }),
      ]);
      expect(pluck(rows, 'email')).toEqual(['ada@x.org', 'new@x.org']);
    });

    test('rows with NULL in an indexed field never collide', async () => {
      const ds = await withMembers(stores);
      await ds.insert('Member', [
        member(3, { squad: 'red' }),
        member(4, { squad: 'red' }),
        member(5, { number: '7' }),
        member(6, { number: '7' }),
      ]);
      await ds.update('Member', [1], { email: null, number: null, country: null });
      await ds.update('Member', [3], { number: null });
      expect(pluck(await ds.list('Member'), 'email')).toEqual([null, null, null, null, null, null]);
    });

    test('strings differing in case or trailing space are distinct; in a CHAR field trailing spaces do not count', async () => {
      const ds = await withMembers(stores);
      await ds.insert('Member', [
        member(3, { email: 'Ada@x.org', squad: 'Red', number: '7' }),
        member(4, { email: 'ada@x.org ', squad: 'red ', number: '7' }),
      ]);
      await ds.insert('Member', [member(5, { email: ' ada@x.org', country: 'lk' })]);
      expect(pluck(await ds.list('Member'), 'email')).toEqual(['ada@x.org', null, 'Ada@x.org', 'ada@x.org ', ' ada@x.org']);
      // A CHAR column pads its values, so MySQL finds 'LK ' equal to 'LK' there.
      await expectFailsUnchanged(
        ds,
        'unique',
        () => ds.insert('Member', [member(6, { country: 'LK ' })]),
        'ALREADY_EXISTS',
        taken('{"country":"LK "}', 'unique_idx_country'),
      );
    });

    test('the first error follows the documented order: values, key, unique indexes in order, 1-1, parent', async () => {
      const ds = await withMembers(stores);
      // Row 1's duplicate comes before row 2's bad value.
      await expectFailsUnchanged(
        ds,
        'unique',
        () => ds.insert('Member', [member(3, { email: 'ada@x.org' }), member(4, { number: 'x' })]),
        'ALREADY_EXISTS',
        taken('{"email":"ada@x.org"}', 'unique_idx_email'),
      );
      // A bad value before the row's own duplicate.
      await expectFailsUnchanged(
        ds,
        'unique',
        () => ds.insert('Member', [member(3, { email: 'ada@x.org', number: 'x' })]),
        'BAD_USER_INPUT',
        `Invalid value for 'Member.number': "x" is not a decimal number (expected digits with an optional fraction, like "12.50")`,
      );
      // The key before the unique index.
      await expectFailsUnchanged(
        ds,
        'unique',
        () => ds.insert('Member', [member(1, { email: 'ada@x.org' })]),
        'ALREADY_EXISTS',
        "A record with the key '1' already exists for the entity 'Member'.",
      );
      // The unique indexes in declaration order.
      await expectFailsUnchanged(
        ds,
        'unique',
        () => ds.insert('Member', [member(3, { email: 'ada@x.org', squad: 'red', number: '7', country: 'LK' })]),
        'ALREADY_EXISTS',
        taken('{"email":"ada@x.org"}', 'unique_idx_email'),
      );
      await expectFailsUnchanged(
        ds,
        'unique',
        () => ds.insert('Member', [member(3, { squad: 'red', number: '7', country: 'LK' })]),
        'ALREADY_EXISTS',
        taken('{"squad":"red","number":"7"}', 'unique_idx_shirt'),
      );
      // The unique index before a taken 1-1 parent and a missing parent.
      await expectFailsUnchanged(
        ds,
        'unique',
        () => ds.insert('Member', [member(3, { lockerId: 1, clubCode: 'CX', country: 'LK' })]),
        'ALREADY_EXISTS',
        taken('{"country":"LK"}', 'unique_idx_country'),
      );
      await expectFailsUnchanged(
        ds,
        'unique',
        () => ds.update('Member', [2], { email: 'ada@x.org', lockerId: 1, clubCode: 'CX' }),
        'ALREADY_EXISTS',
        taken('{"email":"ada@x.org"}', 'unique_idx_email'),
      );
      await expectFailsUnchanged(
        ds,
        'unique',
        () => ds.update('Member', [2], { email: 'bo@x.org', lockerId: 1, clubCode: 'CX' }),
        'ALREADY_EXISTS',
        "A record of the entity 'Member' already refers to '1' through the one-to-one relation 'locker'.",
      );
    });

    test('a failed write inside a transaction rolls back with it and frees its values', async () => {
      const ds = await withMembers(stores);
      const outcome = ds.transaction(async (tx) => {
        await tx.insert('Member', [member(3, { email: 'bo@x.org' })]);
        await tx.update('Member', [1], { email: 'ada@y.org' });
        await tx.insert('Member', [member(4, { email: 'ada@y.org' })]);
      });
      await expect(outcome).rejects.toMatchObject({ code: 'ALREADY_EXISTS', message: taken('{"email":"ada@y.org"}', 'unique_idx_email') });
      expect(pluck(await ds.list('Member'), 'email')).toEqual(['ada@x.org', null]);
      await ds.insert('Member', [member(3, { email: 'ada@y.org' }), member(4, { email: 'bo@x.org' })]);
    });
  });
}
