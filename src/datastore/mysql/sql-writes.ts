/**
 * Insert, update and delete, each run by the caller inside a transaction (its own, or the one the
 * caller's work is part of). Values are checked and canonicalized by row-checks.ts before any SQL;
 * constraint violations come back from MySQL and are diagnosed into the in-memory store's errors
 * (write-diagnosis.ts), in the order documented on WRITE_CHECK_ORDER.
 */
import type { ModelIR } from '../../model/ir.js';
import type { Row, Tuple, WriteGuard } from '../datastore.js';
import { canonicalKey, checkInsertRow, checkUpdatePatch, emptyInsertError, notFoundError } from '../row-checks.js';
import type { EntitySql, FieldSql } from './entity-sql.js';
import { MysqlStatementError } from './mysql-errors.js';
import { canonicalFilter } from '../query-checks.js';
import { filterSql } from './sql-filter.js';
import { RowReader } from './row-reader.js';
import { MAX_PLACEHOLDERS, sqlLiteralBytes, type SqlSession } from './sql-session.js';
import { diagnoseDelete, diagnoseInsert, diagnoseUpdate, undiagnosedConstraintError } from './write-diagnosis.js';

/** What the writes need besides the entity: the model, every entity's SQL facts, and the AUTO_INCREMENT step. */
export interface WriteContext {
  model: ModelIR;
  metas: ReadonlyMap<string, EntitySql>;
  /** `@@auto_increment_increment`, read once when a generated key is first needed. */
  autoIncrementStep(session: SqlSession): Promise<number>;
  /** `@@max_allowed_packet`, read once: no statement may be longer. */
  maxPacketBytes(session: SqlSession): Promise<number>;
}

const INSERT_SAVEPOINT = '`__persist_insert`';
// Room left in a packet for the statement's fixed text and the protocol's header.
const PACKET_MARGIN = 64 * 1024;

/**
 * Splits `rows` (each with `width` values) into runs that fit one statement: at most
 * MAX_PLACEHOLDERS values and `maxBytes` of values each; a run holds at least one row.
 */
export function statementRuns(rows: readonly unknown[][], width: number, maxBytes: number): unknown[][][] {
  const maxRows = Math.max(1, Math.floor(MAX_PLACEHOLDERS / Math.max(1, width)));
  const runs: unknown[][][] = [];
  let run: unknown[][] = [];
  let bytes = 0;
  for (const row of rows) {
    let size = 3; // "(", ")" and ", "
    for (const v of row) size += sqlLiteralBytes(v) + 2;
    if (run.length > 0 && (run.length >= maxRows || bytes + size > maxBytes)) {
      runs.push(run);
      run = [];
      bytes = 0;
    }
    run.push(row);
    bytes += size;
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

/**
 * A row with its fields in declaration order (as every read returns them), with its own copy of
 * any byte array (the caller's input must not be shared with what the write returns).
 */
function inDeclarationOrder(meta: EntitySql, row: Row): Row {
  const out: Row = {};
  for (const f of meta.fieldNames) {
    const v = row[f] ?? null;
    out[f] = v instanceof Uint8Array ? v.slice() : v;
  }
  return out;
}

/** What every insert into an entity's table shares, once per entity (insertShapeOf). */
interface InsertShape {
  /** The columns written: every stored field but the generated one, in declaration order. */
  columns: readonly FieldSql[];
  /** `INSERT INTO <table> (<columns>) VALUES `. */
  head: string;
  /** One row's placeholders. */
  tuple: string;
  /**
   * Whether checked rows (checkInsertRow) are already what an insert returns: their fields in
   * declaration order (no generated field, set after the others) and no byte array (each stored
   * row has its own copy).
   */
  fresh: boolean;
  /** Puts a checked row's values, encoded, at `values[k…]`; returns their bytes bound as statementRuns counts a row. */
  encodeRow: (row: Row, values: unknown[], k: number) => number;
}

/**
 * The encodeRow of `columns`, compiled: each field read by its name written in the code, where a
 * loop over the columns made every read a keyed one (M2: 100 rows of 7 columns per request). Only
 * field names, as JSON strings, enter the text (a read of `row["__proto__"]` reads what the loop's
 * `row[name]` read); the encoders and sqlLiteralBytes are passed in.
 */
function compileEncodeRow(columns: readonly FieldSql[]): InsertShape['encodeRow'] {
  const steps = columns.map((c, i) => `v = E[${i}](row[${JSON.stringify(c.field.name)}] ?? null); values[k + ${i}] = v; b += L(v) + 2;`);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- see the comment above
  const make = new Function('E', 'L', `return (row, values, k) => { let v, b = 3; ${steps.join(' ')} return b; };`) as (
    E: readonly FieldSql['encode'][],
    L: typeof sqlLiteralBytes,
  ) => InsertShape['encodeRow'];
  return make(
    columns.map((c) => c.encode),
    sqlLiteralBytes,
  );
}

const insertShapes = new WeakMap<EntitySql, InsertShape>();
function insertShapeOf(meta: EntitySql): InsertShape {
  let shape = insertShapes.get(meta);
  if (shape === undefined) {
    const columns = meta.fieldNames.filter((f) => !meta.fields.get(f)!.field.generated).map((f) => meta.fields.get(f)!);
    shape = {
      columns,
      head: `INSERT INTO ${meta.table} (${columns.map((c) => c.column).join(', ')}) VALUES `,
      tuple: `(${columns.map(() => '?').join(', ')})`,
      fresh: meta.generated === undefined && columns.every((c) => !(c.field.type.kind === 'scalar' && c.field.type.name === 'bytes')),
      encodeRow: compileEncodeRow(columns),
    };
    insertShapes.set(meta, shape);
  }
  return shape;
}

/**
 * Inserts every row or none (the caller's transaction rolls back on error); returns the stored rows.
 * `alone`: the insert is its transaction's only change (WriteOptions): rows that fit one INSERT go
 * as the session's sole write (autocommitted in a transaction not yet begun, sql-session.ts).
 */
export async function insertRows(
  ctx: WriteContext,
  session: SqlSession,
  meta: EntitySql,
  rows: readonly Row[],
  alone = false,
): Promise<Row[]> {
  if (rows.length === 0) throw emptyInsertError(meta.entity);
  const checked: Row[] = [];
  for (const input of rows) {
    try {
      checked.push(checkInsertRow(ctx.model, meta.entity, input));
    } catch (valueError) {
      // The rows before the bad one are checked first (canonical order): one of them may clash.
      throw (await diagnoseInsert(session, ctx.metas, meta, checked)) ?? valueError;
    }
  }
  const { columns, head, tuple, fresh, encodeRow } = insertShapeOf(meta);
  const width = columns.length;
  // The values, encoded, in one flat list, and an upper bound of their bytes in the statement text.
  const values = new Array<unknown>(checked.length * width);
  let bytes = 0;
  for (let i = 0; i < checked.length; i++) bytes += encodeRow(checked[i]!, values, i * width);
  const maxBytes = (await ctx.maxPacketBytes(session)) - PACKET_MARGIN;
  // Usually one multi-row INSERT; rows beyond the placeholder limit or max_allowed_packet go in
  // further INSERTs of the same transaction (all or none are kept, as with one).
  const runs: { rows: number; values: unknown[] }[] =
    values.length <= MAX_PLACEHOLDERS && bytes <= maxBytes
      ? [{ rows: checked.length, values }]
      : statementRuns(
          checked.map((_, i) => values.slice(i * width, (i + 1) * width)),
          width,
          maxBytes,
        ).map((run) => ({ rows: run.length, values: run.flat() }));
  const tuples = (n: number): string => `${tuple}, `.repeat(n - 1) + tuple;
  const insertIds: number[] = [];
  // The diagnosis reads the table as it was before this insert: the runs already inserted go first.
  const split = runs.length > 1;
  if (split) await session.execute(`SAVEPOINT ${INSERT_SAVEPOINT}`);
  try {
    if (!split && alone) insertIds.push((await session.executeAlone(head + tuples(runs[0]!.rows), runs[0]!.values)).insertId);
    else for (const run of runs) insertIds.push((await session.executeInsert(head + tuples(run.rows), run.values)).insertId);
  } catch (e) {
    if (e instanceof MysqlStatementError && e.constraint) {
      if (split) await session.execute(`ROLLBACK TO SAVEPOINT ${INSERT_SAVEPOINT}`);
      throw (await diagnoseInsert(session, ctx.metas, meta, checked)) ?? undiagnosedConstraintError(meta, e);
    }
    throw e;
  }
  if (meta.generated) {
    // One multi-row INSERT is a "simple insert": InnoDB reserves its AUTO_INCREMENT values in one
    // consecutive run starting at insertId, spaced by auto_increment_increment.
    const step = await ctx.autoIncrementStep(session);
    const g = meta.generated.name;
    let i = 0;
    runs.forEach((run, r) => {
      for (let j = 0; j < run.rows; j++) checked[i++]![g] = insertIds[r]! + j * step;
    });
  }
  // The checked rows hold every field in declaration order but a generated one (set last above).
  const stored = fresh ? checked : checked.map((row) => inDeclarationOrder(meta, row));
  session.noteInserted(meta, stored);
  return stored;
}

function keyWhere(meta: EntitySql, key: Tuple, params: unknown[]): string {
  return meta.keyFields
    .map((k, i) => {
      const c = meta.fields.get(k)!;
      params.push(c.encode(key[i]!));
      return `${c.column} = ${c.operand}`;
    })
    .join(' AND ');
}

/**
 * The stored row with `key`, locked until the transaction ends; NotFoundError when absent or
 * outside the guard's filter (the same statement reads, locks and checks it).
 */
async function readForUpdate(
  ctx: WriteContext,
  session: SqlSession,
  meta: EntitySql,
  key: Tuple,
  guard: WriteGuard | undefined,
): Promise<Row> {
  const filter = guard?.where && canonicalFilter(ctx.model, meta.entity, guard.where);
  const canonical = canonicalKey(ctx.model, meta.entity, key);
  if (!canonical) throw notFoundError(meta.entity, key);
  const reader = new RowReader(meta, meta.fieldNames);
  const params: unknown[] = [];
  let where = keyWhere(meta, canonical, params);
  if (filter) where += ` AND ${filterSql(meta, filter, params)}`;
  const rows = await session.select(`SELECT ${reader.columns()} FROM ${meta.table} WHERE ${where} FOR UPDATE`, params);
  if (rows.length === 0) throw notFoundError(meta.entity, key);
  return reader.read(rows[0]!);
}

/** `col = ?, …` for the fields of `changes`, their values pushed onto `params`. */
export function setClause(meta: EntitySql, changes: Row, params: unknown[]): string {
  return Object.keys(changes)
    .map((f) => {
      const c = meta.fields.get(f)!;
      params.push(c.encode(changes[f] ?? null));
      return `${c.column} = ?`;
    })
    .join(', ');
}

/** Sets the patch's fields on one row; returns the row as updated. */
export async function updateRow(
  ctx: WriteContext,
  session: SqlSession,
  meta: EntitySql,
  key: Tuple,
  patch: Row,
  guard?: WriteGuard,
): Promise<Row> {
  const old = await readForUpdate(ctx, session, meta, key, guard);
  const changes = checkUpdatePatch(ctx.model, meta.entity, patch);
  const names = Object.keys(changes);
  const next = inDeclarationOrder(meta, { ...old, ...changes });
  if (names.length === 0) return next;
  const params: unknown[] = [];
  const set = setClause(meta, changes, params);
  const where = keyWhere(
    meta,
    meta.keyFields.map((k) => old[k]!),
    params,
  );
  try {
    await session.execute(`UPDATE ${meta.table} SET ${set} WHERE ${where}`, params);
  } catch (e) {
    if (e instanceof MysqlStatementError && e.constraint)
      throw (await diagnoseUpdate(session, ctx.metas, meta, old, next, new Set(names))) ?? undiagnosedConstraintError(meta, e);
    throw e;
  }
  return next;
}

/** Deletes one row unless children still refer to it; returns the row as it was. */
export async function deleteRow(ctx: WriteContext, session: SqlSession, meta: EntitySql, key: Tuple, guard?: WriteGuard): Promise<Row> {
  const old = await readForUpdate(ctx, session, meta, key, guard);
  const params: unknown[] = [];
  const where = keyWhere(
    meta,
    meta.keyFields.map((k) => old[k]!),
    params,
  );
  try {
    await session.execute(`DELETE FROM ${meta.table} WHERE ${where}`, params);
  } catch (e) {
    if (e instanceof MysqlStatementError && e.constraint)
      throw (await diagnoseDelete(session, ctx.metas, meta, old)) ?? undiagnosedConstraintError(meta, e);
    throw e;
  }
  return old;
}
