/**
 * list with every filter operator on every type, under SQL's three-valued logic. The cases run
 * over the four sample customers (see test/support/sample-data.ts); each lists the ids it must return.
 */
import { describe, expect, test } from 'vitest';
import type { Filter } from '../../../src/datastore/datastore.js';
import { expectPersistError, pluck, type Stores } from './context.js';

import { and, eq, gt, gte, isIn, isNull, lt, lte, ne, not, notIn, or } from './filter-builders.js';

const bytes = (...b: number[]): Uint8Array => new Uint8Array(b);

/** [what, filter, ids of the customers it returns]. */
const cases: [string, Filter, number[]][] = [
  // int (score is NULL for customer 2)
  ['int eq', eq('age', 36), [1]],
  ['int gt', gt('age', 30), [1, 3, 4]],
  ['int at the 32-bit bounds', or(eq('age', 2147483647), eq('score', -2147483648)), [4]],
  ['int lt on a nullable column skips NULL', lt('score', 8), [3, 4]],
  ['int ne does not match NULL', ne('score', 10), [3, 4]],
  ['int in', isIn('score', [10, 7]), [1, 3]],
  ['int notIn does not match NULL', notIn('score', [10]), [3, 4]],
  ['isNull', isNull('score'), [2]],
  ['isNull false', isNull('score', false), [1, 3, 4]],
  ['NOT of eq keeps NULL out', not(eq('score', 10)), [3, 4]],
  ['NOT of in keeps NULL out', not(isIn('score', [10])), [3, 4]],
  ['NOT of notIn keeps NULL out', not(notIn('score', [10])), [1]],
  ['NOT of isNull', not(isNull('score')), [1, 3, 4]],
  ['empty in is false even for NULL', isIn('score', []), []],
  ['empty notIn is true even for NULL', notIn('score', []), [1, 2, 3, 4]],
  ['NOT of empty in', not(isIn('score', [])), [1, 2, 3, 4]],
  // a long OR of equalities on one field is folded into one IN list (semantics/fold-equalities.ts)
  ['long OR of eq', or(...Array.from({ length: 70 }, (_, i) => eq('age', 100 + i)), eq('age', 36)), [1]],
  [
    'long OR of eq mixed with other conditions',
    or(isNull('score'), ...Array.from({ length: 64 }, (_, i) => eq('score', i + 7))),
    [1, 2, 3],
  ],
  ['NOT of a long OR of eq keeps NULL out', not(or(...Array.from({ length: 64 }, (_, i) => eq('score', 10 + i)))), [3, 4]],
  [
    'long OR of decimal eq in another spelling',
    or(...Array.from({ length: 64 }, (_, i) => eq('balance', `${i + 200}.5`)), eq('balance', '100.500')),
    [1, 3],
  ],
  // float
  ['float gte', gte('rating', 4.5), [1, 3]],
  ['float eq an integral value', eq('rating', 3), [2]],
  ['float lt a negative', lt('rating', 0), [4]],
  ['nullable float lte', lte('weight', 80), [1, 3]],
  // decimal, compared exactly and in canonical form
  ['decimal eq in another spelling', eq('balance', '100.500'), [1, 3]],
  ['decimal gt just below', gt('balance', '100.49999999999999999999'), [1, 3]],
  ['decimal gt just above', gt('balance', '100.50000000000000000001'), []],
  ['decimal lt', lt('balance', '0.01'), [2, 4]],
  ['decimal beyond double precision', gt('credit', '99999999999999999999999999999999999'), [3]],
  ['decimal in', isIn('credit', ['0.10', '-0.5']), [1, 4]],
  ['decimal ne skips NULL', ne('credit', '0.1'), [3, 4]],
  ['negative decimal gte', gte('balance', '-20'), [1, 2, 3, 4]],
  // boolean
  ['boolean eq true', eq('active', true), [1, 3]],
  ['nullable boolean eq false', eq('verified', false), [3]],
  ['nullable boolean ne true skips NULL', ne('verified', true), [3]],
  // bytes
  ['bytes eq by content', eq('avatar', bytes(1, 2, 3)), [1]],
  ['bytes ne skips NULL, not empty bytes', ne('avatar', bytes(0)), [1, 4]],
  ['bytes in', isIn('avatar', [bytes(0), bytes(9)]), [3]],
  ['bytes isNull: empty bytes are not NULL', isNull('avatar'), [2]],
  ['bytes eq empty', eq('avatar', bytes()), [4]],
  // date
  ['date lt', lt('birthDate', '1990-01-01'), [1, 4]],
  ['nullable date gte a leap day', gte('anniversary', '2020-02-29'), [3]],
  ['date eq', eq('birthDate', '1970-01-01'), [4]],
  // time of day, fractions ordered numerically
  ['timeOfDay gt', gt('wakeUp', '06:30:00'), [1, 2, 3]],
  ['timeOfDay lt a fraction', lt('wakeUp', '06:30:00.5'), [4]],
  ['timeOfDay eq a fraction written with trailing zeros', eq('wakeUp', '06:30:00.500'), [2]],
  ['nullable timeOfDay gt midnight', gt('bedTime', '00:00:00'), [1, 3, 4]],
  // utc: offsets are the same instant; fractions sort after the whole second
  ['utc eq', eq('createdAt', '2024-01-01T10:00:00Z'), [1, 4]],
  ['utc eq written with an offset', eq('createdAt', '2024-01-01T11:00:00+01:00'), [1, 4]],
  ['utc gt the whole second', gt('createdAt', '2024-01-01T10:00:00Z'), [2]],
  ['utc lt a fraction', lt('createdAt', '2024-01-01T10:00:00.5Z'), [1, 3, 4]],
  ['nullable utc', lte('deletedAt', '2024-02-01T00:00:00Z'), [2]],
  // civil
  ['civil gt', gt('lastSeen', '2024-03-01T08:00:00'), [2, 4]],
  ['civil lte a fraction', lte('lastSeen', '2024-03-01T08:00:00.25'), [1, 2, 3]],
  ['nullable civil isNull false', isNull('nextVisit', false), [1, 4]],
  // enums: values, and order by declaration (active, suspended, CLOSED), not by string
  ['enum eq a member with a value', eq('status', 'active'), [1, 4]],
  ['enum eq a member without a value', eq('status', 'CLOSED'), [3]],
  ['enum ne', ne('status', 'active'), [2, 3]],
  ['enum in', isIn('status', ['CLOSED', 'suspended']), [2, 3]],
  ['nullable enum ne skips NULL', ne('previousStatus', 'active'), [3, 4]],
  ['nullable enum notIn skips NULL', notIn('previousStatus', ['CLOSED']), [2, 3]],
  ['enum gt by declaration order', gt('status', 'active'), [2, 3]],
  ['enum lt by declaration order', lt('status', 'CLOSED'), [1, 2, 4]],
  // strings (more in list-strings.ts)
  ['string eq', eq('name', 'Bob'), [2]],
  ['string lt by code point: upper case first', lt('name', 'a'), [1, 2, 3]],
  ['quoted field name', eq('type', "it's"), [4]],
  // logic
  ['OR with NULL', or(eq('score', 10), isNull('score')), [1, 2]],
  ['AND', and(eq('active', true), gt('score', 8)), [1]],
  ['NOT of OR: unknown stays unknown', not(or(eq('score', 7), gt('weight', 70))), [1]],
  ['double NOT', not(not(ne('score', 10))), [3, 4]],
  ['p OR NOT p is not true for NULL', or(ne('score', 10), not(ne('score', 10))), [1, 3, 4]],
  ['FALSE AND unknown is false: NOT makes it true', not(and(eq('active', true), gt('weight', 70))), [1, 2, 4]],
  ['TRUE OR unknown is true', or(eq('active', false), gt('weight', 70)), [2, 3, 4]],
  ['empty AND is true', and(), [1, 2, 3, 4]],
  ['empty OR is false', or(), []],
];

export function describeListFilters(stores: Stores): void {
  describe('list filters', () => {
    test.each(cases)('%s', async (_what, where, ids) => {
      const ds = await stores.seeded('features');
      expect(pluck(await ds.list('Customer', { where }), 'id')).toEqual(ids);
    });

    test('filters on foreign-key fields and composite keys', async () => {
      const ds = await stores.seeded('features');
      const lines = await ds.list('OrderLine', { where: and(eq('productVendor', 'acme'), lte('productSku', 1)) });
      expect(pluck(lines, 'lineId')).toEqual(['L1', 'L3']);
      const rainier = await stores.seeded('rainier');
      const items = await rainier.list('OrderItem', { where: or(eq('itemId', 'I2'), gt('quantity', 2)) });
      expect(pluck(items, 'notes')).toEqual(['n2', 'n3']);
    });

    test('a filter on an unknown field is BAD_USER_INPUT', async () => {
      const ds = await stores.seeded('rainier');
      await expectPersistError(
        ds.list('Employee', { where: eq('salary', 1) }),
        'BAD_USER_INPUT',
        "Invalid value for 'Employee.salary': the entity has no such field",
      );
    });

    test('a malformed operand is BAD_USER_INPUT naming the field', async () => {
      const ds = await stores.seeded('features');
      await expectPersistError(
        ds.list('Customer', { where: eq('birthDate', '2024-02-30') }),
        'BAD_USER_INPUT',
        `Invalid value for 'Customer.birthDate': "2024-02-30": day 30 does not exist in 2024-02`,
      );
      await expectPersistError(
        ds.list('Customer', { where: gt('balance', '12,5') }),
        'BAD_USER_INPUT',
        `Invalid value for 'Customer.balance': "12,5" is not a decimal number (expected digits with an optional fraction, like "12.50")`,
      );
    });
  });
}
