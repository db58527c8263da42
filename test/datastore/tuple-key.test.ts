/** One tuple identity (tuple-key.ts): equal tuples meet, different tuples of one shape never do. */
import { describe, expect, test } from 'vitest';
import type { Value } from '../../src/datastore/datastore.js';
import { rowKey, tupleKey, TupleMap } from '../../src/datastore/tuple-key.js';

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

describe('TupleMap', () => {
  test("finds a row's entry by its values of the fields: NULL is a value, bytes by content, other values never meet", () => {
    const map = new TupleMap<string>(['a', 'b']);
    map.set({ a: 'x', b: null }, 'x,null');
    map.set({ a: 'x', b: 1 }, 'x,1');
    map.set({ a: new Uint8Array([1]), b: 1 }, 'bytes');
    expect(map.get({ a: 'x', b: null, c: 'ignored' })).toBe('x,null');
    expect(map.get({ a: 'x', b: 1 })).toBe('x,1');
    expect(map.get({ a: new Uint8Array([1]), b: 1 })).toBe('bytes');
    for (const row of [
      { a: 'x', b: 'null' },
      { a: 'x', b: '1' },
      { a: 'y', b: 1 },
      { a: new Uint8Array([2]), b: 1 },
      { a: null, b: null },
    ])
      expect(map.get(row)).toBeUndefined();
    const one = new TupleMap<number>(['a']);
    one.set({ a: null }, 0);
    expect([one.get({ a: null }), one.get({ a: 'null' })]).toEqual([0, undefined]);
    expect(() => new TupleMap([])).toThrow('needs a field');
  });
});
