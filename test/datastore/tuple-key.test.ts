/** One tuple identity (tuple-key.ts): equal tuples meet, different tuples of one shape never do. */
import { describe, expect, test } from 'vitest';
import type { Value } from '../../src/datastore/datastore.js';
import { rowKey, tupleKey } from '../../src/datastore/tuple-key.js';

describe('tupleKey', () => {
  test('a one-value tuple of a string, number, boolean or null is the value itself', () => {
    for (const v of ['E1', '', 7, 1.5, true, false, null]) expect(tupleKey([v])).toBe(v);
  });

  test('bytes and composite tuples are texts; equal values give equal keys', () => {
    expect(tupleKey([new Uint8Array([1, 2])])).toBe(tupleKey([new Uint8Array([1, 2])]));
    expect(tupleKey([new Uint8Array([1, 2])])).not.toBe(tupleKey([new Uint8Array([1, 3])]));
    expect(tupleKey(['O1', 'I1'])).toBe(tupleKey(['O1', 'I1']));
    // A view into a larger buffer encodes only its own bytes.
    expect(tupleKey([new Uint8Array([9, 1, 2, 9]).subarray(1, 3)])).toBe(tupleKey([new Uint8Array([1, 2])]));
  });

  test('different composite tuples of one shape never share a key, whatever their text holds', () => {
    const tuples: Value[][] = [
      ['a,b', 'c'],
      ['a', 'b,c'],
      ['a"', 'b'],
      ['a', '"b'],
      ['a', null],
      ['a', 'null'],
      [1, 'x'],
      [1.5, 'x'],
      ['1', 'x'],
    ];
    const keys = tuples.map(tupleKey);
    expect(new Set(keys).size).toBe(tuples.length);
  });

  test('rowKey reads a row in place and encodes exactly as tupleKey; undefined when a value is NULL', () => {
    const row = { a: 'O1', b: 2, c: null, d: new Uint8Array([5]) };
    expect(rowKey(row, ['a'])).toBe(tupleKey(['O1']));
    expect(rowKey(row, ['a', 'b'])).toBe(tupleKey(['O1', 2]));
    expect(rowKey(row, ['d'])).toBe(tupleKey([new Uint8Array([5])]));
    expect(rowKey(row, ['a', 'd'])).toBe(tupleKey(['O1', new Uint8Array([5])]));
    expect(rowKey(row, ['c'])).toBeUndefined();
    expect(rowKey(row, ['a', 'c'])).toBeUndefined();
  });
});
