/**
 * When MySQL rejects a write (duplicate entry, foreign-key failure), it says little about which
 * row and which constraint, and it may detect violations in another order than the in-memory
 * reference. So the write asks, inside the same transaction, what the stored rows are around the
 * failed statement, and replays the canonical checks of WRITE_CHECK_ORDER (row-checks.ts) over
 * them: the first error found is the one every datastore reports. Its reads are locking (current)
 * reads, `LOCK IN SHARE MODE`: they see the rows other transactions committed after this one's
 * snapshot was taken, such as the row of a concurrent insert that made this one a duplicate.
 */
import type { Row, Tuple } from '../datastore.js';
import {
  duplicateKeyError,
  missingParentError,
  oneToOneTakenError,
  stillReferencedError,
  uniqueIndexTakenError,
  uniqueIndexTouched,
  uniqueIndexValues,
  type UniqueIndexCheck,
} from '../row-checks.js';
import { PersistError } from '../../errors.js';
import { tupleKey, type TupleKey } from '../tuple-key.js';
import type { OwnedRelation } from '../entity-facts.js';
import type { EntitySql } from './entity-sql.js';
import { MAX_KEYS_PER_STATEMENT, tupleInSql } from './sql-reads.js';
import type { SqlSession } from './sql-session.js';
import type { MysqlStatementError } from './mysql-errors.js';

function tupleOf(row: Row, fields: readonly string[]): Tuple | undefined {
  const t = fields.map((f) => row[f] ?? null);
  return t.some((v) => v === null) ? undefined : t;
}

/** The identities of the tuples among `tuples` that exist as `fields` of `meta`'s stored rows. */
async function existing(session: SqlSession, meta: EntitySql, fields: readonly string[], tuples: readonly Tuple[]): Promise<Set<TupleKey>> {
  const found = new Set<TupleKey>();
  const distinct = [...new Map(tuples.map((t) => [tupleKey(t), t])).values()];
  const codecs = fields.map((f) => meta.fields.get(f)!);
  for (let i = 0; i < distinct.length; i += MAX_KEYS_PER_STATEMENT) {
    const params: unknown[] = [];
    const where = tupleInSql(meta, fields, distinct.slice(i, i + MAX_KEYS_PER_STATEMENT), params);
    const rows = await session.select(
      `SELECT ${codecs.map((c) => c.column).join(', ')} FROM ${meta.table} WHERE ${where} LOCK IN SHARE MODE`,
      params,
    );
    for (const raw of rows) found.add(tupleKey(codecs.map((c, j) => c.decode(raw[j]))));
  }
  return found;
}

function present(rows: readonly Row[], fields: readonly string[]): Tuple[] {
  const out: Tuple[] = [];
  for (const r of rows) {
    const t = tupleOf(r, fields);
    if (t) out.push(t);
  }
  return out;
}

/**
 * The first error, in canonical order, of inserting `rows` (already value-checked, in input
 * order) next to the stored rows; undefined when none is found.
 */
export async function diagnoseInsert(
  session: SqlSession,
  metas: ReadonlyMap<string, EntitySql>,
  meta: EntitySql,
  rows: readonly Row[],
): Promise<PersistError | undefined> {
  if (rows.length === 0) return undefined;
  // A generated key is new by construction; only given keys can collide.
  const keyGiven = !meta.keyFields.some((k) => meta.fields.get(k)!.field.generated);
  const keys = keyGiven ? await existing(session, meta, meta.keyFields, present(rows, meta.keyFields)) : new Set<TupleKey>();
  const uniques: { check: UniqueIndexCheck; seen: Set<TupleKey> }[] = [];
  for (const check of meta.uniqueIndexes) {
    const tuples = rows.map((r) => uniqueIndexValues(check, r)).filter((t) => t !== undefined);
    uniques.push({ check, seen: await existing(session, meta, check.index.fields, tuples) });
  }
  const taken = new Map<string, Set<TupleKey>>();
  const parents = new Map<string, Set<TupleKey>>();
  for (const r of meta.owned) {
    const tuples = present(rows, r.fkFields);
    if (r.oneToOne) taken.set(r.relation.id, await existing(session, meta, r.fkFields, tuples));
    const parent = metas.get(r.relation.referenced.entity)!;
    const refFields = r.relation.foreignKeys.map((fk) => fk.references);
    parents.set(r.relation.id, await existing(session, parent, refFields, tuples));
  }
  for (const row of rows) {
    const key = tupleOf(row, meta.keyFields);
    if (keyGiven && key) {
      const id = tupleKey(key);
      if (keys.has(id)) return duplicateKeyError(meta.entity, row);
      keys.add(id);
    }
    for (const { check, seen } of uniques) {
      const t = uniqueIndexValues(check, row);
      if (!t) continue;
      if (seen.has(tupleKey(t))) return uniqueIndexTakenError(meta.entity, check.index, row);
      seen.add(tupleKey(t));
    }
    for (const r of meta.owned) {
      if (!r.oneToOne) continue;
      const t = tupleOf(row, r.fkFields);
      if (!t) continue;
      const set = taken.get(r.relation.id)!;
      if (set.has(tupleKey(t))) return oneToOneTakenError(r.relation, row);
      set.add(tupleKey(t));
    }
    for (const r of meta.owned) {
      const t = tupleOf(row, r.fkFields);
      if (!t) continue;
      // A parent inserted earlier in the same batch counts (self-referencing relations).
      const selfParent = r.relation.referenced.entity === meta.entity.name && keyGiven && keys.has(tupleKey(t)) && !sameTuple(t, key);
      if (!parents.get(r.relation.id)!.has(tupleKey(t)) && !selfParent) return missingParentError(r.relation, row);
    }
  }
  return undefined;
}

function sameTuple(a: Tuple, b: Tuple | undefined): boolean {
  return b !== undefined && tupleKey(a) === tupleKey(b);
}

function whereEquals(meta: EntitySql, fields: readonly string[], values: Tuple, params: unknown[]): string {
  return fields
    .map((f, i) => {
      const c = meta.fields.get(f)!;
      params.push(c.encode(values[i]!));
      return `${c.column} = ${c.operand}`;
    })
    .join(' AND ');
}

async function anyRow(session: SqlSession, meta: EntitySql, where: string, params: unknown[]): Promise<boolean> {
  return (await session.select(`SELECT 1 FROM ${meta.table} WHERE ${where} LIMIT 1 LOCK IN SHARE MODE`, params)).length > 0;
}

/**
 * The first error, in canonical order, of updating `old` to `next` where `changed` names the
 * patched fields; undefined when none is found.
 */
export async function diagnoseUpdate(
  session: SqlSession,
  metas: ReadonlyMap<string, EntitySql>,
  meta: EntitySql,
  old: Row,
  next: Row,
  changed: ReadonlySet<string>,
): Promise<PersistError | undefined> {
  const touched = (r: OwnedRelation): boolean => r.fkFields.some((f) => changed.has(f));
  const key = meta.keyFields.map((k) => old[k]!);
  for (const check of meta.uniqueIndexes) {
    if (!uniqueIndexTouched(check, changed)) continue;
    const t = uniqueIndexValues(check, next);
    if (!t) continue;
    const params: unknown[] = [];
    const where = `${whereEquals(meta, check.index.fields, t, params)} AND NOT (${whereEquals(meta, meta.keyFields, key, params)})`;
    if (await anyRow(session, meta, where, params)) return uniqueIndexTakenError(meta.entity, check.index, next);
  }
  for (const r of meta.owned) {
    if (!r.oneToOne || !touched(r)) continue;
    const t = tupleOf(next, r.fkFields);
    if (!t) continue;
    const params: unknown[] = [];
    const where = `${whereEquals(meta, r.fkFields, t, params)} AND NOT (${whereEquals(meta, meta.keyFields, key, params)})`;
    if (await anyRow(session, meta, where, params)) return oneToOneTakenError(r.relation, next);
  }
  for (const r of meta.owned) {
    if (!touched(r)) continue;
    const t = tupleOf(next, r.fkFields);
    if (!t) continue;
    const parent = metas.get(r.relation.referenced.entity)!;
    const params: unknown[] = [];
    const where = whereEquals(
      parent,
      r.relation.foreignKeys.map((fk) => fk.references),
      t,
      params,
    );
    if (!(await anyRow(session, parent, where, params))) return missingParentError(r.relation, next);
  }
  return undefined;
}

/** The first relation (in `model.relations` order) whose children still refer to `old`. */
export async function diagnoseDelete(
  session: SqlSession,
  metas: ReadonlyMap<string, EntitySql>,
  meta: EntitySql,
  old: Row,
): Promise<PersistError | undefined> {
  for (const relation of meta.referencedBy) {
    const child = metas.get(relation.owner.entity)!;
    const params: unknown[] = [];
    const values = relation.foreignKeys.map((fk) => old[fk.references]!);
    const where = whereEquals(
      child,
      relation.foreignKeys.map((fk) => fk.field),
      values,
      params,
    );
    if (await anyRow(session, child, where, params)) return stillReferencedError(meta.entity, old, relation);
  }
  return undefined;
}

/**
 * The error to report when a constraint failed but the diagnosis found nothing (a concurrent
 * write changed the rows in between): the right code, a message without SQL.
 */
export function undiagnosedConstraintError(meta: EntitySql, error: MysqlStatementError): PersistError {
  switch (error.constraint) {
    case 'duplicate':
      return new PersistError('ALREADY_EXISTS', `A record of the entity '${meta.entity.name}' conflicts with a stored record.`, {
        cause: error,
      });
    case 'referenced':
      return new PersistError(
        'FOREIGN_KEY_VIOLATION',
        `A record of the entity '${meta.entity.name}' is still referred to by other records.`,
        { cause: error },
      );
    case 'missingParent':
      return new PersistError(
        'FOREIGN_KEY_VIOLATION',
        `A record of the entity '${meta.entity.name}' refers to a record that does not exist.`,
        { cause: error },
      );
    default:
      return error;
  }
}
