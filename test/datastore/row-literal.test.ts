/** Compiled row builders (row-literal.ts): the rows they build, whatever the field names. */
import { describe, expect, test } from 'vitest';
import type { Row } from '../../src/datastore/datastore.js';
import { rowBuilder } from '../../src/datastore/row-literal.js';
import { haveSameMap } from '../support/v8-probes.js';

const upper = (v: unknown) => (typeof v === 'string' ? v.toUpperCase() : null);

describe('rowBuilder', () => {
  test('orNull: a value read as undefined is null, before its transform; other builders keep undefined', () => {
    const seen: unknown[] = [];
    const spy = (v: unknown) => (seen.push(v), v === null ? 'was null' : v) as string;
    for (const fields of [
      ['a', 'b', 'c'],
      ['__proto__', 'b', 'c'],
    ]) {
      seen.length = 0;
      const orNull = rowBuilder(fields, [undefined, spy, undefined], false, undefined, true);
      const src = { [fields[0]!]: undefined, c: 0 } as Row;
      Object.defineProperty(src, fields[0]!, { value: undefined, enumerable: true });
      expect(Object.entries(orNull(src, 0))).toEqual([
        [fields[0], null],
        ['b', 'was null'],
        ['c', 0],
      ]);
      expect(seen).toEqual([null]);
      const plain = rowBuilder(fields, [undefined, spy, undefined], false);
      expect(Object.entries(plain(src, 0))).toEqual([
        [fields[0], undefined],
        ['b', undefined],
        ['c', 0],
      ]);
    }
    expect(rowBuilder(['x'], [], true, undefined, true)([undefined, 1], 0)).toStrictEqual({ x: null });
  });

  test('reads positional rows from an offset, transforming only the fields that have a transform', () => {
    const build = rowBuilder(['a', 'b', 'c'], [undefined, upper, undefined], true);
    expect(build(['skip', 'x', 'y', 7], 1)).toStrictEqual({ a: 'x', b: 'Y', c: 7 });
    expect(Object.keys(build([1, 'q', null], 0))).toEqual(['a', 'b', 'c']);
  });

  test('reads each field at its given position, before the offset too; one field list at other positions is another builder', () => {
    // A joined row whose key is its owner's foreign key (the column before the joined ones).
    const joined = rowBuilder(['id', 'name', 'age'], [upper, undefined, undefined], true, [-1, 0, 1]);
    expect(joined(['e1', 'k', 'Ada', 36], 2)).toStrictEqual({ id: 'K', name: 'Ada', age: 36 });
    const plain = rowBuilder(['id', 'name', 'age'], [upper, undefined, undefined], true);
    expect(plain(['e1', 'k', 'Ada', 36], 1)).toStrictEqual({ id: 'K', name: 'Ada', age: 36 });
    const proto = rowBuilder(['__proto__', 'a'], [undefined, undefined], true, [1, 0]);
    expect(Object.entries(proto(['x', 'y'], 0))).toEqual([
      ['__proto__', 'y'],
      ['a', 'x'],
    ]);
  });

  test('rows are plain objects, as an object literal makes them: prototype, constructor, keys, JSON, spread', () => {
    for (const positional of [true, false]) {
      const build = rowBuilder(['a', 'b'], [undefined, upper], positional);
      const row = build(positional ? ['x', 'y'] : { a: 'x', b: 'y' }, 0);
      expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
      expect(row.constructor).toBe(Object);
      expect(row).toStrictEqual({ a: 'x', b: 'Y' });
      expect(JSON.stringify(row)).toBe('{"a":"x","b":"Y"}');
      expect({ ...row }).toStrictEqual(row);
      expect(Object.getOwnPropertyDescriptor(row, 'a')).toEqual({ value: 'x', writable: true, enumerable: true, configurable: true });
    }
  });

  test('copies rows by name: only the listed fields, in their order', () => {
    const build = rowBuilder(['b', 'a'], [undefined, upper], false);
    const src: Row = { a: 'x', b: 2, c: 'left out' };
    const out = build(src, 0);
    expect(out).toStrictEqual({ b: 2, a: 'X' });
    expect(out).not.toBe(src);
  });

  test('builders of one field list share nothing but their code: each keeps its own transforms', () => {
    const plain = rowBuilder(['a'], [undefined], false);
    const shouted = rowBuilder(['a'], [upper], false);
    const viaSameCode = rowBuilder(['a'], [(v) => `<${String(v)}>`], false);
    expect([plain({ a: 'x' }, 0), shouted({ a: 'x' }, 0), viaSameCode({ a: 'x' }, 0)]).toStrictEqual([
      { a: 'x' },
      { a: 'X' },
      { a: '<x>' },
    ]);
  });

  test('builders of one field list build rows of one hidden class, however many builders are made', () => {
    // A reader (and its builder) is made per read; a constructor per builder gave every read's rows
    // new maps, allocated in the old space (issue 17: +25 MiB RSS under load).
    for (const positional of [true, false]) {
      const src = (fields: string) => (positional ? ['x', 'y'] : { [fields[0]!]: 'x', [fields[1]!]: 'y' });
      const rows = [upper, upper, (v: unknown) => `<${String(v)}>`].map((t) =>
        rowBuilder(['a', 'b'], [undefined, t], positional)(src('ab'), 0),
      );
      expect(rows.map((r) => r['b'])).toEqual(['Y', 'Y', '<y>']);
      expect(haveSameMap(rows[0]!, rows[1]!)).toBe(true);
      expect(haveSameMap(rows[1]!, rows[2]!)).toBe(true);
      const plain = [1, 2].map(() => rowBuilder(['a', 'b'], [undefined, undefined], positional)(src('ab'), 0));
      expect(haveSameMap(plain[0]!, plain[1]!)).toBe(true);
      expect(haveSameMap(plain[0]!, rowBuilder(['a', 'c'], [undefined, undefined], positional)(src('ac'), 0))).toBe(false);
    }
  });

  test('field names that are not identifiers, or that JavaScript treats specially, are plain own fields', () => {
    const names = ['__proto__', 'constructor', 'with space', 'quote\'"`', 'ünï', '0', 'toString'];
    for (const positional of [true, false]) {
      const build = rowBuilder(
        names,
        names.map(() => undefined),
        positional,
      );
      const src: Row = {};
      names.forEach((n, i) => Object.defineProperty(src, n, { value: `v${i}`, enumerable: true }));
      const row = build(positional ? names.map((_, i) => `v${i}`) : src, 0);
      expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
      expect(Object.keys(row)).toEqual(['0', ...names.filter((n) => n !== '0')]);
      names.forEach((n, i) => expect(Object.getOwnPropertyDescriptor(row, n)?.value).toBe(`v${i}`));
    }
  });
});
