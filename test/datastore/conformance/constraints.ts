/**
 * `@constraint:` rules (ballerina/constraint, test/models/constraints.bal): every datastore
 * refuses an insert or update that breaks one with BAD_USER_INPUT naming the field and the rule,
 * and writes nothing; values at the bounds and nulls pass.
 */
import { describe, expect, test } from 'vitest';
import type { Datastore, Row } from '../../../src/datastore/datastore.js';
import { expectFailsUnchanged, type Stores } from './context.js';

const author = (over: Row = {}): Row => ({ handle: 'ada', name: 'Ada', country: 'GB', age: 36, fee: '10.5', bias: null, ...over });

async function withAuthor(stores: Stores): Promise<Datastore> {
  const ds = await stores.empty('constraints');
  await ds.insert('Author', [author()]);
  return ds;
}

const invalid = (field: string, reason: string): string => `Invalid value for 'Author.${field}': ${reason}`;

export function describeConstraints(stores: Stores): void {
  describe('@constraint rules', () => {
    test('values inside the rules and at their inclusive bounds are stored as given', async () => {
      const ds = await withAuthor(stores);
      const edge = author({ handle: 'b-123456789a', name: 'x'.repeat(40), age: 150, fee: '9999.99', bias: -1.5 });
      await ds.insert('Author', [author({ handle: 'z', name: 'Z', age: 0, fee: '0.000001', bias: 1.4999 }), edge]);
      expect(await ds.getByKeys('Author', [['b-123456789a'], ['z']])).toEqual([edge, expect.objectContaining({ age: 0, fee: '0.000001' })]);
      await ds.insert('Book', [{ id: 1, title: 'Notes', authorHandle: 'b-123456789a' }]);
    });

    const cases: [string, Row, string][] = [
      ['maxLength', { handle: 'abcdefghijklm' }, invalid('handle', 'the string has 13 characters; @constraint:String maxLength is 12')],
      ['pattern', { handle: 'Ada' }, invalid('handle', '"Ada" does not match @constraint:String pattern re`[a-z][a-z0-9-]*`')],
      ['minLength', { handle: 'bo', name: '' }, invalid('name', 'the string has 0 characters; @constraint:String minLength is 1')],
      ['length', { handle: 'bo', country: 'GBR' }, invalid('country', 'the string has 3 characters; @constraint:String length is 2')],
      [
        'length, too short',
        { handle: 'bo', country: 'G' },
        invalid('country', 'the string has 1 characters; @constraint:String length is 2'),
      ],
      ['minValue', { handle: 'bo', age: -1 }, invalid('age', 'the value must be at least 0 (@constraint minValue), found -1')],
      ['maxValue', { handle: 'bo', age: 151 }, invalid('age', 'the value must be at most 150 (@constraint maxValue), found 151')],
      [
        'minValueExclusive',
        { handle: 'bo', fee: '0.00' },
        invalid('fee', 'the value must be greater than 0 (@constraint minValueExclusive), found 0'),
      ],
      [
        'decimal maxValue',
        { handle: 'bo', fee: '9999.991' },
        invalid('fee', 'the value must be at most 9999.99 (@constraint maxValue), found 9999.991'),
      ],
      [
        'maxValueExclusive',
        { handle: 'bo', bias: 1.5 },
        invalid('bias', 'the value must be less than 1.5 (@constraint maxValueExclusive), found 1.5'),
      ],
    ];
    test.each(cases)('an insert that breaks %s writes nothing of its batch', async (_rule, over, message) => {
      const ds = await withAuthor(stores);
      await expectFailsUnchanged(
        ds,
        'constraints',
        () => ds.insert('Author', [author({ handle: 'cy' }), author(over)]),
        'BAD_USER_INPUT',
        message,
      );
    });

    test('an update is checked against the rules of the fields it gives', async () => {
      const ds = await withAuthor(stores);
      await expectFailsUnchanged(
        ds,
        'constraints',
        () => ds.update('Author', ['ada'], { name: 'Ada L', age: 200 }),
        'BAD_USER_INPUT',
        invalid('age', 'the value must be at most 150 (@constraint maxValue), found 200'),
      );
      expect(await ds.update('Author', ['ada'], { age: 37, bias: null })).toEqual(author({ age: 37 }));
    });
  });
}
