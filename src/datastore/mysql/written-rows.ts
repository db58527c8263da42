/**
 * Children read back from the rows a transaction has just inserted (issue 17, M2): a
 * `createDepartments` with nested `employees` that answers the employees would read back, after
 * its two INSERTs, the employees of the department it created. When that read provably finds
 * exactly the employees this transaction inserted under it, with the values it wrote, the
 * transaction answers it from those rows without the statement. That is so when all of this holds:
 *
 * - the read asks for the children of parents that this transaction inserted (`getByFields` on
 *   the foreign key of a relation, with one key of the parent per tuple; every relation refers
 *   to its parent's key), and nothing but a selection: no filter (a role's row filter is one),
 *   order, page or include;
 * - every statement the transaction ran since START TRANSACTION was a SELECT or one of the
 *   inserts recorded here (no UPDATE, DELETE, upsert, savepoint or rollback, which could have
 *   changed, removed or un-inserted a row), and it has not been committed;
 * - the database enforces that relation's FOREIGN KEY (its constraint is declared, and
 *   `@@foreign_key_checks` is on): no stored row could refer to a parent key before this
 *   transaction inserted the parent, and another transaction's row referring to it waits for the
 *   parent's lock until this one ends, so the children are the rows this transaction inserted
 *   with that key;
 * - the database has no trigger (one could insert or change rows behind the INSERT);
 * - every field read (selected, matched) is one whose column gives back exactly the canonical
 *   value written: a string without `@sql:Char` (CHAR drops trailing spaces), an int, a boolean,
 *   an enum member, a date; and the children's order, their key ascending, is one JavaScript
 *   knows: int keys, or string keys in a NO PAD binary collation (code point order).
 *
 * The schema facts are read once, on first need (as `persist serve` reads its tables once: a
 * trigger or constraint changed while the server runs is not seen).
 */
import type { EntityIR, FieldIR, ModelIR, RelationIR } from '../../model/ir.js';
import { compareStrings } from '../../model/values.js';
import type { ListQuery, Row } from '../datastore.js';
import { rowBuilder, type RowBuilder } from '../row-literal.js';
import { tupleKey, valueKey, type TupleKey } from '../tuple-key.js';
import type { EntitySql } from './entity-sql.js';

/** What the database says about its tables, once: the FOREIGN KEYs, triggers and collations. */
export interface SchemaFacts {
  /** `table\0column,column\0referenced table\0column,column` of each FOREIGN KEY enforced. */
  foreignKeys: ReadonlySet<string>;
  /** Whether any table of the database has a trigger. */
  triggers: boolean;
  /** `table\0column` → collation, for the string columns. */
  collations: ReadonlyMap<string, string>;
}

/** The collations that order strings by code point with no padding (schema-push.ts picks one of them). */
const NO_PAD_BINARY = new Set(['utf8mb4_nopad_bin', 'utf8mb4_0900_bin']);

/** Reads the SchemaFacts of the session's database (a SqlSession: `select` with rows as arrays). */
export async function readSchemaFacts(session: { select(sql: string, values: unknown[]): Promise<unknown[][]> }): Promise<SchemaFacts> {
  const keys = await session.select(
    `SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME
       FROM information_schema.KEY_COLUMN_USAGE k
       WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL
       ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`,
    [],
  );
  const byConstraint = new Map<string, { table: string; columns: string[]; referenced: string; references: string[] }>();
  for (const [table, name, column, referenced, references] of keys as string[][]) {
    const id = `${table}\0${name}`;
    let c = byConstraint.get(id);
    if (c === undefined) byConstraint.set(id, (c = { table: table!, columns: [], referenced: referenced!, references: [] }));
    c.columns.push(column!);
    c.references.push(references!);
  }
  const [[checks]] = (await session.select('SELECT @@foreign_key_checks', [])) as [[unknown]];
  const foreignKeys = new Set<string>();
  if (Number(checks) === 1)
    for (const c of byConstraint.values())
      foreignKeys.add(`${c.table}\0${c.columns.join(',')}\0${c.referenced}\0${c.references.join(',')}`);
  const [[triggers]] = (await session.select('SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()', [])) as [
    [unknown],
  ];
  const collations = new Map<string, string>();
  const columns = await session.select(
    'SELECT TABLE_NAME, COLUMN_NAME, COLLATION_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND COLLATION_NAME IS NOT NULL',
    [],
  );
  for (const [table, column, collation] of columns as string[][]) collations.set(`${table}\0${column}`, collation!);
  return { foreignKeys, triggers: Number(triggers) > 0, collations };
}

/** Whether a column of `field` gives back exactly the canonical value written. */
function readsBackAsWritten(field: FieldIR): boolean {
  const t = field.type;
  if (t.kind === 'enum') return true;
  if (t.name === 'string') return field.sql.char === undefined;
  return t.name === 'int' || t.name === 'boolean' || t.name === 'date';
}

/** The relation whose foreign key on `entity` is `fields` (in its key order), if there is one. */
function relationOf(model: ModelIR, entity: EntityIR, fields: readonly string[]): RelationIR | undefined {
  return model.relations.find(
    (r) =>
      r.owner.entity === entity.name && r.foreignKeys.length === fields.length && r.foreignKeys.every((fk, i) => fk.field === fields[i]),
  );
}

const column = (meta: EntitySql, field: string): string => meta.fields.get(field)!.field.columnName;

/** Orders rows by the key of `meta`, as `ORDER BY <key>` does, or undefined when that order is not one known here. */
function keyOrder(meta: EntitySql, facts: SchemaFacts): ((a: Row, b: Row) => number) | undefined {
  const keys = meta.keyFields.map((k) => meta.fields.get(k)!.field);
  for (const f of keys) {
    if (f.type.kind !== 'scalar') return undefined;
    if (f.type.name === 'string') {
      if (f.sql.char !== undefined || !NO_PAD_BINARY.has(facts.collations.get(`${meta.entity.tableName}\0${f.columnName}`) ?? ''))
        return undefined;
    } else if (f.type.name !== 'int') return undefined;
  }
  return (a, b) => {
    for (const f of keys) {
      const x = a[f.name]!;
      const y = b[f.name]!;
      const c = typeof x === 'string' ? compareStrings(x, y as string) : (x as number) - (y as number);
      if (c !== 0) return c;
    }
    return 0;
  };
}

/** The values of `fields` of `row` as a key: tupleKey without the tuple for one field (the common case). */
function keyOf(row: Row, fields: readonly string[]): TupleKey {
  return fields.length === 1 ? valueKey(row[fields[0]!]!) : tupleKey(fields.map((f) => row[f]!));
}

/** Per entity, the copier of its stored rows (every field, in declaration order; row-literal.ts). */
const copiers = new WeakMap<EntitySql, RowBuilder>();
function copierOf(meta: EntitySql): RowBuilder {
  let copy = copiers.get(meta);
  if (copy === undefined) copiers.set(meta, (copy = rowBuilder(meta.fieldNames, [], false)));
  return copy;
}

/** The rows one transaction inserted, while they are all it wrote (see the file comment). */
export class WrittenRows {
  private valid = true;
  /** Per entity, copies of the rows inserted (canonical, every field). */
  private readonly rows = new Map<string, Row[]>();
  /** Per entity, the keys of those rows. */
  private readonly keys = new Map<string, Set<TupleKey>>();

  /** A statement ran that is not a recorded insert (or the transaction ended): nothing is answered from here again. */
  forget(): void {
    if (!this.valid) return;
    this.valid = false;
    this.rows.clear();
    this.keys.clear();
  }

  /** Rows `meta`'s INSERT stored, as insertRows returns them. */
  note(meta: EntitySql, stored: readonly Row[]): void {
    if (!this.valid) return;
    const name = meta.entity.name;
    let rows = this.rows.get(name);
    let keys = this.keys.get(name);
    if (rows === undefined || keys === undefined) {
      this.rows.set(name, (rows = []));
      this.keys.set(name, (keys = new Set()));
    }
    // A stored row holds every field of the entity (insertRows), and only those.
    const copy = copierOf(meta);
    for (const row of stored) {
      rows.push(copy(row, 0));
      keys.add(keyOf(row, meta.keyFields));
    }
  }

  /** Whether a getByFields of `fields` on `meta` may be answered here, before the schema facts are asked. */
  mayAnswer(model: ModelIR, meta: EntitySql, fields: readonly string[], query: ListQuery | undefined): boolean {
    if (!this.valid) return false;
    if (query === undefined) return this.mayAnswer(model, meta, fields, {});
    if (query.where !== undefined || (query.orderBy?.length ?? 0) > 0 || query.limit !== undefined || (query.offset ?? 0) > 0) return false;
    if ((query.include?.length ?? 0) > 0) return false;
    const relation = relationOf(model, meta.entity, fields);
    return relation !== undefined && this.keys.has(relation.referenced.entity);
  }

  /**
   * The rows a getByFields (see mayAnswer) reads, per distinct canonical tuple `ids` names
   * (undefined: a tuple no row can hold), each with the fields `read` in that order; undefined
   * when it must be read from the database.
   */
  answer(
    facts: SchemaFacts,
    model: ModelIR,
    meta: EntitySql,
    fields: readonly string[],
    ids: readonly (TupleKey | undefined)[],
    read: readonly string[],
  ): Map<TupleKey, Row[]> | undefined {
    const relation = relationOf(model, meta.entity, fields);
    if (!this.valid || facts.triggers || relation === undefined) return undefined;
    const parent = model.entities.find((e) => e.name === relation.referenced.entity)!;
    const parentMeta = meta.all.get(parent.name)!;
    const fk = `${meta.entity.tableName}\0${fields.map((f) => column(meta, f)).join(',')}\0${parent.tableName}\0${relation.foreignKeys.map((k) => column(parentMeta, k.references)).join(',')}`;
    if (!facts.foreignKeys.has(fk)) return undefined;
    if (!read.every((f) => readsBackAsWritten(meta.fields.get(f)!.field))) return undefined;
    const order = keyOrder(meta, facts);
    const parents = this.keys.get(parent.name);
    if (order === undefined || parents === undefined) return undefined;
    for (const id of ids) if (id !== undefined && !parents.has(id)) return undefined;
    const groups = new Map<TupleKey, Row[]>();
    for (const id of ids) if (id !== undefined) groups.set(id, []);
    for (const row of this.rows.get(meta.entity.name) ?? []) groups.get(keyOf(row, fields))?.push(row);
    const pick = rowBuilder(read, [], false, undefined, 0, true);
    for (const group of groups.values()) {
      group.sort(order);
      for (let i = 0; i < group.length; i++) group[i] = pick(group[i]!, 0);
    }
    return groups;
  }
}
