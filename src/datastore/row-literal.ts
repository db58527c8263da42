/**
 * Row builders compiled once per list of field names: a constructor that stores every field, read
 * from a positional driver row (`this["empNo"] = t[0](src[o]); this["firstName"] = t[1](src[o + 1]);`,
 * the MySQL row reader) or from another row (`this["empNo"] = src["empNo"];`, the in-memory store's
 * copies). Each row gets its final shape in one allocation; assigning the fields one by one in a
 * loop (`row[fields[i]] = …`) made every store and load a megamorphic keyed access and measured
 * about 5x slower per row (Q2 of the benchmark reads 2,000 rows per request). The constructor's
 * prototype is Object.prototype, so a row is a plain object as an object literal makes it.
 *
 * A constructor rather than an object literal: V8 tracks an allocation site per literal and, when
 * most of a site's objects survive a garbage collection, allocates all of its later objects in the
 * old space ("pretenuring"). Rows live for one request, but under load a collection during the
 * first requests can find most of them alive (many requests in flight); a row literal that tipped
 * then promoted every later request's rows and the rows they reach (+0.5 MB per scavenge on the
 * benchmark's Q1 with a row-filtered role, GC most of its extra cost). Objects made by `new` have
 * no allocation site and are always allocated young.
 *
 * Only field names, as JSON strings, enter the compiled text; the transforms are passed in as an
 * array, never written into it.
 */
import type { Row, Value } from './datastore.js';

/** Turns one source value into a row value; undefined: the value is taken as it is. */
export type FieldTransform = ((value: unknown) => Value) | undefined;

/** Builds a row from `src` (a positional row read from `offset`, or a row by field name). */
export type RowBuilder = (src: readonly unknown[] | Row, offset: number) => Row;

type Factory = (transforms: readonly FieldTransform[]) => RowBuilder;

/**
 * The most properties a row is given room for beyond its fields (`room` of rowBuilder): a row
 * holds at most one per relation of its entity and `row[INCLUDED]`.
 */
export const MAX_ROOM = 4;

/**
 * The room rows of `entity` get (rowBuilder): one slot per relation field, which the GraphQL layer
 * may attach to the row (attached-relations.ts), and one for `row[INCLUDED]` when `included`.
 */
export function roomFor(entity: { relationFields: readonly unknown[] }, included: boolean): number {
  return Math.min(MAX_ROOM, entity.relationFields.length + (included ? 1 : 0));
}

// The dummy row's values and transforms (it is built from nothing, before any real row).
const pass: FieldTransform = (value) => value as Value;
const NOTHING: readonly unknown[] = [];

// Factories by source, field list and which fields are transformed. The lists are subsets of each
// entity's fields in declaration order, so few in practice; the cap only bounds a client that
// selects every combination.
const MAX_FACTORIES = 1000;
const factories = new Map<string, Factory>();

function compile(
  fields: readonly string[],
  transformed: readonly boolean[],
  positional: boolean,
  at: readonly number[],
  room: number,
  orNull: boolean,
): Factory {
  const stores = fields.map((f, i) => {
    const name = JSON.stringify(f);
    const read = positional ? `src[o + ${at[i]!}]` : `src[${name}]`;
    const value = orNull ? `(${read} ?? null)` : read;
    return `this[${name}] = ${transformed[i] ? `t[${i}](${value})` : value};`;
  });
  // One constructor per factory, the transforms passed to it: a constructor made per builder (per
  // read, where a reader is made per request) got a new initial map, and a new map for each field
  // stored, all allocated in the old space (+25 MiB RSS under load on the benchmark's in-memory
  // Q1), and gave every request's rows other maps than the last one's.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- see the module comment
  const factoryOf = new Function(
    `function Row(t, src, o) { ${stores.join(' ')} }\nRow.prototype = Object.prototype;\nreturn [Row, (t) => (src, o) => new Row(t, src, o)];`,
  ) as () => [new (t: readonly FieldTransform[], src: readonly unknown[], o: number) => object, Factory];
  const [Row, factory] = factoryOf();
  // Room for `room` more properties in every row (see rowBuilder): V8 sizes a constructor's
  // objects by the most properties any object it made held when its first few have been made
  // (in-object slack tracking), so the first row, a dummy, gets `room` properties of names no
  // field has at once. A property stored later on a real row then takes one of those slots; a row
  // without room gets a separate property array for it (40 bytes for up to three properties).
  if (room > 0) {
    const dummy = new Row(
      fields.map(() => pass),
      NOTHING,
      0,
    ) as Record<string, unknown>;
    for (let i = 0; i < room; i++) dummy[`\0room${i}`] = 0;
  }
  return factory;
}

/** The loop builder, for a field named `__proto__` (in a literal it would set the prototype). */
function loopBuilder(
  fields: readonly string[],
  transforms: readonly FieldTransform[],
  positional: boolean,
  at: readonly number[],
  orNull: boolean,
): RowBuilder {
  return (src, offset) => {
    const row: Row = {};
    for (let i = 0; i < fields.length; i++) {
      const read: unknown = positional ? (src as readonly unknown[])[offset + at[i]!] : (src as Row)[fields[i]!];
      const raw = orNull ? (read ?? null) : read;
      const t = transforms[i];
      Object.defineProperty(row, fields[i]!, { value: t ? t(raw) : raw, enumerable: true, writable: true, configurable: true });
    }
    return row;
  };
}

/**
 * The builder of rows of `fields`, each value read from `src` by position (`positional`: field i
 * at `src[offset + i]`, or at `src[offset + positions[i]]` when positions are given: a joined row
 * whose key is read from its parent's foreign key) or by name, then passed through its transform
 * if it has one. `room`: how many properties may be stored on a row after it is built (its
 * relations, `row[INCLUDED]`; roomFor) without a separate allocation each (at most MAX_ROOM; 8
 * bytes per row each, used or not).
 * `orNull`: a value read as undefined is taken as null (before its transform).
 */
export function rowBuilder(
  fields: readonly string[],
  transforms: readonly FieldTransform[],
  positional: boolean,
  positions?: readonly number[],
  room = 0,
  orNull = false,
): RowBuilder {
  const at = positions ?? fields.map((_, i) => i);
  if (fields.includes('__proto__')) return loopBuilder(fields, transforms, positional, at, orNull);
  const transformed = fields.map((_, i) => transforms[i] !== undefined);
  const where = positions === undefined ? '' : `@${positions.join(',')}`;
  const slots = Math.max(0, Math.min(MAX_ROOM, Math.floor(room)));
  const id = `${positional ? 'p' : 'n'}${slots}${orNull ? '?' : ''}${transformed.map((t) => (t ? '1' : '0')).join('')}${where}\0${fields.join('\0')}`;
  let factory = factories.get(id);
  if (factory === undefined) {
    factory = compile(fields, transformed, positional, at, slots, orNull);
    if (factories.size >= MAX_FACTORIES) factories.clear();
    factories.set(id, factory);
  }
  return factory(transforms);
}

/**
 * A new list holding `first`, for rows grouped by a key as they are read (a to-many relation's
 * rows, one list per parent). Not the literal `[first]`: an array literal is an allocation site
 * too, and the lists of one request live until its answer is written; a collection during the
 * first requests under load found most of them alive, V8 then allocated every later list in the
 * old space, where a dead list still holds its rows alive through each scavenge until the next
 * full GC (issue 17, benchmark Q2 with a row-filtered role: some server processes at ~230 MiB
 * RSS and 1.5x the CPU). `new Array` leaves no allocation memento, so its lists stay young.
 */
export function rowList(first: Row): Row[] {
  const list = new Array<Row>(1);
  list[0] = first;
  return list;
}
