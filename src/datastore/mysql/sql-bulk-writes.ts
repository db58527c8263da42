/**
 * Upsert and the writes by filter over MySQL, with the answers and errors of the in-memory
 * reference (inmemory/bulk-writes.ts, bulk-checks.ts), each run by the caller inside a transaction.
 *
 * - updateWhere / deleteWhere (updateWhere where its short path, the UPDATE by the filter first,
 *   would not answer the same: sql-update-first.ts): one `SELECT … FOR UPDATE` reads and locks the matching rows (key
 *   order, at most maxAffected + 1), then one `UPDATE` / `DELETE … WHERE <key> IN (…) ORDER BY
 *   <key>` per chunk of keys (under the server's placeholder and packet limits). InnoDB checks
 *   constraints row by row, in that order, as the reference does. When the database refuses (a
 *   unique index, a missing parent, children still referring to a row), the statements are rolled
 *   back to a savepoint and the rows written one by one with the single-row writes, whose
 *   diagnosis names the first failing row exactly as the reference does; then rolled back again.
 * - upsert: a multi-row `INSERT … ON DUPLICATE KEY UPDATE` where the key is the table's only
 *   unique constraint (no `@sql:UniqueIndex`, no 1-1 foreign key: nothing else could turn into an
 *   update), then one SELECT of the stored rows. Otherwise, or when that statement is refused,
 *   read-then-write: the existing keys are read and locked (`SELECT … FOR UPDATE`), then the rows
 *   are inserted (consecutive new rows in one insert) or updated, in input order. Concurrent
 *   upserts of one new key meet on InnoDB's locks: one waits, or is aborted as a deadlock and
 *   replayed by the transaction (mysql-datastore.ts), then updates the row the other inserted.
 */
import type { Filter, Row, Tuple } from '../datastore.js';
import { asStoredAfter, checkMaxAffected, checkUpsertFields, tooManyAffectedError, upsertPatch } from '../bulk-checks.js';
import { canonicalFilter } from '../query-checks.js';
import { checkInsertRow, checkUpdatePatch, emptyInsertError } from '../row-checks.js';
import { tupleKey, type TupleKey } from '../tuple-key.js';
import type { EntitySql } from './entity-sql.js';
import { isConstraintError } from './mysql-errors.js';
import { RowReader } from './row-reader.js';
import { filterSql, keyOrderSql } from './sql-filter.js';
import type { SqlSession } from './sql-session.js';
import { deleteRow, insertRows, setClause, statementRuns, updateRow, type WriteContext } from './sql-writes.js';
import { updateFirst } from './sql-update-first.js';

const BULK_SAVEPOINT = '`__persist_bulk`';
// Room left in a packet for the statement's fixed text and the protocol's header.
const PACKET_MARGIN = 64 * 1024;

function keyOf(meta: EntitySql, row: Row): Tuple {
  return meta.keyFields.map((k) => row[k]!);
}

/** `<key> IN (…)` for `keys` (row constructors for composite keys), its values pushed onto `params`. */
function keysIn(meta: EntitySql, keys: readonly unknown[][], params: unknown[]): string {
  const columns = meta.keyFields.map((k) => meta.fields.get(k)!);
  const one = `(${columns.map((c) => c.operand).join(', ')})`;
  for (const k of keys) params.push(...k);
  const head = columns.length === 1 ? columns[0]!.column : `(${columns.map((c) => c.column).join(', ')})`;
  return `${head} IN (${keys.map(() => (columns.length === 1 ? columns[0]!.operand : one)).join(', ')})`;
}

/** The encoded keys of `rows`, in chunks that fit one statement. */
async function keyChunks(ctx: WriteContext, session: SqlSession, meta: EntitySql, keys: readonly Tuple[]): Promise<unknown[][][]> {
  const columns = meta.keyFields.map((k) => meta.fields.get(k)!);
  const encoded = keys.map((key) => columns.map((c, i) => c.encode(key[i]!)));
  return statementRuns(encoded, columns.length, (await ctx.maxPacketBytes(session)) - PACKET_MARGIN);
}

/** The rows matching `filter`, read and locked, in key order; BAD_USER_INPUT when more than `maxAffected`. */
async function lockMatching(
  ctx: WriteContext,
  session: SqlSession,
  meta: EntitySql,
  filter: Filter,
  verb: 'update' | 'delete',
  maxAffected: number,
): Promise<Row[]> {
  checkMaxAffected(maxAffected);
  const canonical = canonicalFilter(ctx.model, meta.entity, filter);
  const reader = new RowReader(meta, meta.fieldNames);
  const params: unknown[] = [];
  const where = filterSql(meta, canonical, params);
  params.push(maxAffected + 1);
  const raw = await session.select(
    `SELECT ${reader.columns()} FROM ${meta.table} WHERE ${where} ORDER BY ${keyOrderSql(meta)} LIMIT ? FOR UPDATE`,
    params,
  );
  if (raw.length > maxAffected) throw tooManyAffectedError(meta.entity, verb, maxAffected);
  return raw.map((r) => reader.read(r));
}

/**
 * Runs `statements` under a savepoint; when the database refuses one for a constraint, rolls them
 * back and runs `oneByOne`, whose first failure is the answer (then rolled back too). When
 * `single` (one statement), the savepoint is taken only then: InnoDB rolls back a refused
 * statement by itself, so there is nothing to roll back before the rows are written one by one.
 */
async function withDiagnosis(
  session: SqlSession,
  single: boolean,
  statements: () => Promise<void>,
  oneByOne: () => Promise<void>,
): Promise<void> {
  if (!single) await session.execute(`SAVEPOINT ${BULK_SAVEPOINT}`);
  try {
    await statements();
    return;
  } catch (e) {
    if (!isConstraintError(e)) throw e;
    await session.execute(single ? `SAVEPOINT ${BULK_SAVEPOINT}` : `ROLLBACK TO SAVEPOINT ${BULK_SAVEPOINT}`);
    try {
      await oneByOne();
    } catch (diagnosed) {
      await session.execute(`ROLLBACK TO SAVEPOINT ${BULK_SAVEPOINT}`);
      throw diagnosed;
    }
    // Row by row it passed: the rows stay written as the statements would have written them.
  }
}

/**
 * Writes the locked `rows` with one statement per chunk of their keys (`statement` builds it from
 * the `<key> IN (…)` condition), diagnosing a refusal with `oneRow` applied to each row in turn.
 */
async function writeLocked(
  ctx: WriteContext,
  session: SqlSession,
  meta: EntitySql,
  rows: readonly Row[],
  statement: (keysSql: (params: unknown[]) => string, params: unknown[]) => string,
  oneRow: (key: Tuple) => Promise<unknown>,
): Promise<void> {
  const chunks = await keyChunks(
    ctx,
    session,
    meta,
    rows.map((r) => keyOf(meta, r)),
  );
  await withDiagnosis(
    session,
    chunks.length === 1,
    async () => {
      for (const chunk of chunks) {
        const params: unknown[] = [];
        const sql = statement((p) => `${keysIn(meta, chunk, p)} ORDER BY ${keyOrderSql(meta)}`, params);
        await session.execute(sql, params);
      }
    },
    async () => {
      for (const row of rows) await oneRow(keyOf(meta, row));
    },
  );
}

/**
 * The short path first (sql-update-first.ts), else the rows locked, then updated by key. `alone`:
 * the write is its transaction's only change (WriteOptions): the session commits it when its
 * statements are done (sql-session.ts commitAlone), releasing the rows' locks.
 */
export function updateWhere(
  ctx: WriteContext,
  session: SqlSession,
  meta: EntitySql,
  filter: Filter,
  patch: Row,
  maxAffected: number,
  alone = false,
): Promise<Row[]> {
  const work = async (): Promise<Row[]> => {
    const first = await updateFirst(ctx, session, meta, filter, patch, maxAffected);
    if (first !== undefined) return first;
    const rows = await lockMatching(ctx, session, meta, filter, 'update', maxAffected);
    const changes = checkUpdatePatch(ctx.model, meta.entity, patch);
    const updated = rows.map((old) => {
      const next: Row = {};
      for (const f of meta.fieldNames) next[f] = f in changes ? changes[f]! : old[f]!;
      return next;
    });
    if (rows.length === 0 || Object.keys(changes).length === 0) return updated;
    await writeLocked(
      ctx,
      session,
      meta,
      rows,
      (keys, params) => `UPDATE ${meta.table} SET ${setClause(meta, changes, params)} WHERE ${keys(params)}`,
      (key) => updateRow(ctx, session, meta, key, changes),
    );
    return updated;
  };
  return alone ? session.commitAlone(work) : work();
}

export async function deleteWhere(
  ctx: WriteContext,
  session: SqlSession,
  meta: EntitySql,
  filter: Filter,
  maxAffected: number,
): Promise<Row[]> {
  const rows = await lockMatching(ctx, session, meta, filter, 'delete', maxAffected);
  if (rows.length === 0) return rows;
  await writeLocked(
    ctx,
    session,
    meta,
    rows,
    (keys, params) => `DELETE FROM ${meta.table} WHERE ${keys(params)}`,
    (key) => deleteRow(ctx, session, meta, key),
  );
  return rows;
}

/** Whether a key clash is the only conflict an INSERT of `meta` can meet, so ON DUPLICATE KEY UPDATE hides nothing. */
function keyIsOnlyUnique(meta: EntitySql): boolean {
  return meta.uniqueIndexes.length === 0 && !meta.owned.some((r) => r.oneToOne);
}

export async function upsertRows(
  ctx: WriteContext,
  session: SqlSession,
  meta: EntitySql,
  rows: readonly Row[],
  updateFields: readonly string[],
): Promise<Row[]> {
  checkUpsertFields(meta.entity, updateFields);
  if (rows.length === 0) throw emptyInsertError(meta.entity);
  // A generated key is never given, so no row can have the key of a stored one.
  if (meta.generated !== undefined) return insertRows(ctx, session, meta, rows);
  if (keyIsOnlyUnique(meta)) {
    let checked: Row[] | undefined;
    try {
      checked = rows.map((input) => checkInsertRow(ctx.model, meta.entity, input));
    } catch {
      // A bad value: read-then-write reports it after the rows before it, as the reference does.
    }
    if (checked !== undefined) {
      const stored = await upsertOnDuplicate(ctx, session, meta, rows, checked, updateFields);
      if (stored !== undefined) return stored;
    }
  }
  await session.execute(`SAVEPOINT ${BULK_SAVEPOINT}`);
  try {
    return await readThenWrite(ctx, session, meta, rows, updateFields);
  } catch (e) {
    await session.execute(`ROLLBACK TO SAVEPOINT ${BULK_SAVEPOINT}`);
    throw e;
  }
}

/** Consecutive rows that update the same fields: one statement each. */
function patchRuns(rows: readonly Row[], updateFields: readonly string[]): { from: number; fields: string[] }[] {
  const runs: { from: number; fields: string[] }[] = [];
  rows.forEach((input, i) => {
    const fields = Object.keys(upsertPatch(input, updateFields));
    const last = runs[runs.length - 1];
    if (last === undefined || last.fields.join() !== fields.join()) runs.push({ from: i, fields });
  });
  return runs;
}

/** The ON DUPLICATE KEY UPDATE path; undefined when the database refused it (nothing kept). */
async function upsertOnDuplicate(
  ctx: WriteContext,
  session: SqlSession,
  meta: EntitySql,
  inputs: readonly Row[],
  checked: readonly Row[],
  updateFields: readonly string[],
): Promise<Row[] | undefined> {
  const columns = meta.fieldNames.map((f) => meta.fields.get(f)!);
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const maxBytes = (await ctx.maxPacketBytes(session)) - PACKET_MARGIN;
  const runs = patchRuns(inputs, updateFields);
  await session.execute(`SAVEPOINT ${BULK_SAVEPOINT}`);
  try {
    for (const [r, run] of runs.entries()) {
      const end = runs[r + 1]?.from ?? inputs.length;
      const encoded = checked.slice(run.from, end).map((row) => columns.map((c) => c.encode(row[c.field.name] ?? null)));
      // Without fields to update, a no-op assignment: the stored row stays as it is.
      const first = meta.fields.get(meta.keyFields[0]!)!.column;
      const update =
        run.fields.length === 0
          ? `${first} = ${first}`
          : run.fields
              .map((f) => meta.fields.get(f)!.column)
              .map((c) => `${c} = VALUES(${c})`)
              .join(', ');
      for (const chunk of statementRuns(encoded, columns.length, maxBytes))
        await session.execute(
          `INSERT INTO ${meta.table} (${columns.map((c) => c.column).join(', ')}) VALUES ${chunk.map(() => tuple).join(', ')} ON DUPLICATE KEY UPDATE ${update}`,
          chunk.flat(),
        );
    }
  } catch (e) {
    if (!isConstraintError(e)) throw e;
    await session.execute(`ROLLBACK TO SAVEPOINT ${BULK_SAVEPOINT}`);
    return undefined;
  }
  const keys = checked.map((row) => keyOf(meta, row));
  const reader = new RowReader(meta, meta.fieldNames);
  const byKey = new Map<TupleKey, Row>();
  for (const chunk of await keyChunks(ctx, session, meta, keys)) {
    const params: unknown[] = [];
    for (const raw of await session.select(`SELECT ${reader.columns()} FROM ${meta.table} WHERE ${keysIn(meta, chunk, params)}`, params)) {
      const row = reader.read(raw);
      byKey.set(tupleKey(keyOf(meta, row)), row);
    }
  }
  return keys.map((k) => ({ ...byKey.get(tupleKey(k))! }));
}

/** Reads and locks the stored keys, then inserts or updates each row in input order. */
async function readThenWrite(
  ctx: WriteContext,
  session: SqlSession,
  meta: EntitySql,
  inputs: readonly Row[],
  updateFields: readonly string[],
): Promise<Row[]> {
  // The keys of the rows up to the first with a bad value (reported in its turn, below).
  const keys: Tuple[] = [];
  for (const input of inputs) {
    try {
      keys.push(keyOf(meta, checkInsertRow(ctx.model, meta.entity, input)));
    } catch {
      break;
    }
  }
  const existing = new Set<TupleKey>();
  const keyReader = new RowReader(meta, meta.keyFields);
  for (const chunk of keys.length === 0 ? [] : await keyChunks(ctx, session, meta, keys)) {
    const params: unknown[] = [];
    const raw = await session.select(
      `SELECT ${keyReader.columns()} FROM ${meta.table} WHERE ${keysIn(meta, chunk, params)} FOR UPDATE`,
      params,
    );
    for (const r of raw) existing.add(tupleKey(keyOf(meta, keyReader.read(r))));
  }
  const out: Row[] = new Array<Row>(inputs.length);
  let pending: number[] = [];
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const stored = await insertRows(
      ctx,
      session,
      meta,
      pending.map((i) => inputs[i]!),
    );
    pending.forEach((i, j) => (out[i] = stored[j]!));
    pending = [];
  };
  for (const [i, input] of inputs.entries()) {
    let row: Row;
    try {
      row = checkInsertRow(ctx.model, meta.entity, input);
    } catch (valueError) {
      await flush();
      throw valueError;
    }
    const k = tupleKey(keyOf(meta, row));
    if (!existing.has(k)) {
      existing.add(k);
      pending.push(i);
      continue;
    }
    await flush();
    out[i] = await updateRow(ctx, session, meta, keyOf(meta, row), upsertPatch(input, updateFields));
  }
  await flush();
  return asStoredAfter(meta.keyFields, out);
}
