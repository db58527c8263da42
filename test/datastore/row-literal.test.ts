/** Compiled row builders (row-literal.ts): the rows they build, whatever the field names. */
import { describe, expect, test } from 'vitest';
import type { Row } from '../../src/datastore/datastore.js';
import { MAX_ROOM, roomFor, rowBuilder, rowList } from '../../src/datastore/row-literal.js';
import { collectGarbage, hasAllocationMemento, haveSameMap } from '../support/v8-probes.js';

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
      const orNull = rowBuilder(fields, [undefined, spy, undefined], false, undefined, 0, true);
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
    expect(rowBuilder(['x'], [], true, undefined, 0, true)([undefined, 1], 0)).toStrictEqual({ x: null });
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

  test('room: rows look the same with or without it (keys, JSON, equality, hidden class per room), the dummy row leaves no trace', () => {
    const fields = ['roomA', 'roomB'];
    const plain = rowBuilder(fields, [undefined, upper], true);
    const roomy = rowBuilder(fields, [undefined, upper], true, undefined, 2);
    const a = plain(['x', 'y'], 0);
    const b = roomy(['x', 'y'], 0);
    expect(b).toStrictEqual(a);
    expect(Object.keys(b)).toEqual(fields);
    expect(JSON.stringify(b)).toBe('{"roomA":"x","roomB":"Y"}');
    expect(Object.getPrototypeOf(b)).toBe(Object.prototype);
    expect(haveSameMap(b, roomy(['p', 'q'], 0))).toBe(true);
    // Attached later, as the GraphQL layer attaches relations.
    (b as Record<string, unknown>).rel = null;
    expect(Object.keys(b)).toEqual([...fields, 'rel']);
    // By name too (the in-memory store's copies).
    expect(rowBuilder(fields, [], false, undefined, 1)({ roomA: 1, roomB: 2, other: 3 }, 0)).toStrictEqual({ roomA: 1, roomB: 2 });
  });

  test('room: a property stored after building takes a reserved slot (no allocation per row); without room it costs one', () => {
    const n = 20_000;
    // Bytes per row that storing one more property on each of n live rows adds to the heap.
    const addedPerRow = (room: number): number => {
      const build = rowBuilder([`slot${room}a`, `slot${room}b`, `slot${room}c`], [], true, undefined, room);
      const rows: Row[] = [];
      for (let i = 0; i < n; i++) rows.push(build(['a', 'b', 'c'], 0));
      collectGarbage('major');
      const before = process.memoryUsage().heapUsed;
      for (const row of rows) (row as Record<string, unknown>).relation = null;
      collectGarbage('major');
      const after = process.memoryUsage().heapUsed;
      expect(rows.length).toBe(n);
      return (after - before) / n;
    };
    expect(addedPerRow(0)).toBeGreaterThan(24);
    expect(addedPerRow(1)).toBeLessThan(4);
    expect(addedPerRow(2)).toBeLessThan(4);
  });

  test('roomFor: one slot per relation field, one for row[INCLUDED] when included, at most MAX_ROOM', () => {
    expect(roomFor({ relationFields: [] }, false)).toBe(0);
    expect(roomFor({ relationFields: [] }, true)).toBe(1);
    expect(roomFor({ relationFields: [1, 2] }, false)).toBe(2);
    expect(roomFor({ relationFields: [1, 2] }, true)).toBe(3);
    expect(roomFor({ relationFields: [1, 2, 3, 4, 5] }, true)).toBe(MAX_ROOM);
  });

  test('rowList: a plain array of its row, that grows as any array', () => {
    const row: Row = { a: 1 };
    const list = rowList(row);
    expect(Array.isArray(list)).toBe(true);
    expect(Object.getPrototypeOf(list)).toBe(Array.prototype);
    list.push({ a: 2 });
    expect(list).toStrictEqual([{ a: 1 }, { a: 2 }]);
    expect(list[0]).toBe(row);
  });

  test('rowList lists carry no allocation memento, which the literal [row] does: V8 cannot pretenure them', () => {
    // Feedback (and with it the literal's allocation site) is made after a few calls.
    const literal = (r: Row): Row[] => [r];
    const row: Row = { a: 1 };
    let viaLiteral: Row[] = [];
    let viaRowList: Row[] = [];
    for (let i = 0; i < 50; i++) viaLiteral = literal(row);
    expect(hasAllocationMemento(viaLiteral)).toBe(true);
    for (let i = 0; i < 50; i++) viaRowList = rowList(row);
    expect(hasAllocationMemento(viaRowList)).toBe(false);
  });
});
