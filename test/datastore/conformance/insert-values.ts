/** Every kind of invalid value, rejected with BAD_USER_INPUT naming the field; and the limits that fit. */
import { describe, expect, test } from 'vitest';
import type { Row } from '../../../src/datastore/datastore.js';
import { expectFailsUnchanged, type Stores } from './context.js';
import { customer } from '../../support/sample-data.js';

/** [field, bad value (undefined: left out), the reason in the message]. */
const invalid: [string, unknown, string][] = [
  ['salary', 1, 'the entity has no such field'],
  ['name', undefined, 'a value is required: the field is not nullable'],
  ['name', null, 'null is not allowed: the field is not nullable'],
  ['name', 'x'.repeat(192), 'the string has 192 characters; at most 191 fit'],
  ['name', '😀'.repeat(192), 'the string has 192 characters; at most 191 fit'],
  ['name', 42, '42 is not a string'],
  ['age', 2147483648, '2147483648 is outside the 32-bit integer range -2147483648 to 2147483647'],
  ['age', -2147483649, '-2147483649 is outside the 32-bit integer range -2147483648 to 2147483647'],
  ['age', 1.5, '1.5 is not an integer'],
  ['score', '3', '"3" is not an integer'],
  ['rating', '4.5', '"4.5" is not a finite number'],
  ['balance', 'abc', '"abc" is not a decimal number (expected digits with an optional fraction, like "12.50")'],
  ['balance', '1e5', '"1e5" is not a decimal number (expected digits with an optional fraction, like "12.50")'],
  ['balance', '1'.repeat(36), `"${'1'.repeat(36)}" has 36 digits before the decimal point; at most 35 fit`],
  ['credit', `0.${'1'.repeat(31)}`, `"0.${'1'.repeat(31)}" has 31 digits after the decimal point; at most 30 fit`],
  ['active', 'yes', '"yes" is not a boolean'],
  ['verified', 1, '1 is not a boolean'],
  ['avatar', 'AQID', 'expected bytes (a Uint8Array)'],
  ['birthDate', '2024-02-30', '"2024-02-30": day 30 does not exist in 2024-02'],
  ['birthDate', '2023-02-29', '"2023-02-29": day 29 does not exist in 2023-02'],
  ['anniversary', '24-01-01', '"24-01-01" is not a date (expected YYYY-MM-DD, like "2024-02-29")'],
  ['wakeUp', '24:00:00', '"24:00:00": not a valid time of day (00:00:00 to 23:59:59)'],
  ['bedTime', '7:00', '"7:00" is not a time of day (expected HH:MM:SS with up to 6 fractional digits, like "13:45:00")'],
  [
    'createdAt',
    '2024-01-01T10:00:00',
    '"2024-01-01T10:00:00" is not a UTC timestamp (expected YYYY-MM-DDTHH:MM:SS with Z or an offset, like "2024-02-29T13:45:00Z")',
  ],
  [
    'deletedAt',
    '1969-12-31T23:59:59Z',
    '"1969-12-31T23:59:59Z" is outside the supported range 1970-01-01T00:00:01Z to 2038-01-19T03:14:07Z',
  ],
  [
    'lastSeen',
    '2024-01-01T10:00:00Z',
    '"2024-01-01T10:00:00Z" is not a civil date-time (expected YYYY-MM-DDTHH:MM:SS without a zone, like "2024-02-29T13:45:00")',
  ],
  ['status', 'ACTIVE', '"ACTIVE" is not a member of the enum Status (active, suspended, CLOSED)'],
  ['previousStatus', 'closed', '"closed" is not a member of the enum Status (active, suspended, CLOSED)'],
];

/** Values at the edge of each limit, which must be stored unchanged. */
const limits: Row = {
  name: 'x'.repeat(191),
  nickname: '😀'.repeat(191),
  age: -2147483648,
  score: 2147483647,
  balance: `${'9'.repeat(35)}.${'9'.repeat(30)}`,
  credit: `-${'9'.repeat(35)}.${'0'.repeat(29)}1`,
  createdAt: '2038-01-19T03:14:07Z',
  deletedAt: '1970-01-01T00:00:01Z',
  wakeUp: '23:59:59.999999',
  birthDate: '1000-01-01',
  anniversary: '9999-12-31',
  rating: -1.7976931348623157e308,
  weight: 2.2250738585072014e-308,
};

export function describeInsertValues(stores: Stores): void {
  describe('insert value checks', () => {
    test.each(invalid)('%s = %j', async (field, value, reason) => {
      const ds = await stores.seeded('features');
      // Deliberately ill-typed values: what a JavaScript caller could pass despite the types.
      const row = customer(9, { [field]: value } as Row);
      if (value === undefined) delete row[field];
      await expectFailsUnchanged(
        ds,
        'features',
        () => ds.insert('Customer', [row]),
        'BAD_USER_INPUT',
        `Invalid value for 'Customer.${field}': ${reason}`,
      );
    });

    test('values at the limits are stored exactly', async () => {
      const ds = await stores.seeded('features');
      const [stored] = await ds.insert('Customer', [customer(9, limits)]);
      expect(stored).toMatchObject(limits);
      const [read] = await ds.getByKeys('Customer', [[9]]);
      expect(read).toMatchObject(limits);
    });

    test('bytes round-trip exactly, empty and every byte value', async () => {
      const ds = await stores.seeded('features');
      const all = new Uint8Array(256).map((_, i) => i);
      await ds.insert('Customer', [customer(9, { avatar: all }), customer(10, { avatar: new Uint8Array(0) })]);
      const [a, b] = await ds.getByKeys('Customer', [[9], [10]]);
      expect(a!.avatar).toEqual(all);
      expect(b!.avatar).toEqual(new Uint8Array(0));
    });
  });
}
