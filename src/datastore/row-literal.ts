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
    `function Row(t, src, o) { ${stores.join(' ')} }\nRow.prototype = Object.prototype;\nreturn (t) => (src, o) => new Row(t, src, o);`,
  ) as () => Factory;
  return factoryOf();
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
 * if it has one. `orNull`: a value read as undefined is taken as null (before its transform).
 */
export function rowBuilder(
  fields: readonly string[],
  transforms: readonly FieldTransform[],
  positional: boolean,
  positions?: readonly number[],
  orNull = false,
): RowBuilder {
  const at = positions ?? fields.map((_, i) => i);
  if (fields.includes('__proto__')) return loopBuilder(fields, transforms, positional, at, orNull);
  const transformed = fields.map((_, i) => transforms[i] !== undefined);
  const where = positions === undefined ? '' : `@${positions.join(',')}`;
  const id = `${positional ? 'p' : 'n'}${orNull ? '?' : ''}${transformed.map((t) => (t ? '1' : '0')).join('')}${where}\0${fields.join('\0')}`;
  let factory = factories.get(id);
  if (factory === undefined) {
    factory = compile(fields, transformed, positional, at, orNull);
    if (factories.size >= MAX_FACTORIES) factories.clear();
    factories.set(id, factory);
  }
  return factory(transforms);
}
