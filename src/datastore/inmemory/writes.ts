/**
 * Insert, update and delete over the in-memory tables, enforcing what MySQL enforces (key
 * uniqueness, `@sql:UniqueIndex` uniqueness, 1-1 uniqueness, foreign-key existence, restrict on
 * delete) in the order documented
 * on WRITE_CHECK_ORDER. Each write applies its changes through an undo log and rolls them back
 * itself when it fails, so a failed write leaves the store exactly as it was.
 */
import type { Row, Tuple, WriteGuard } from '../datastore.js';
import {
  canonicalKey,
  checkInsertRow,
  checkUpdatePatch,
  duplicateKeyError,
  emptyInsertError,
  missingParentError,
  notFoundError,
  oneToOneTakenError,
  stillReferencedError,
  uniqueIndexTakenError,
  uniqueIndexTouched,
} from '../row-checks.js';
import { INT_MAX } from '../../model/values.js';
import { PersistError } from '../../errors.js';
import { canonicalFilter } from '../query-checks.js';
import { compileFilter } from '../semantics/filter.js';
import type { OwnedRelation } from '../entity-facts.js';
import { rowKey, tupleKey } from '../tuple-key.js';
import { RowCopier } from './row-copier.js';
import type { StoreState, UndoLog } from './store-state.js';
import type { Table } from './table.js';

/** Copies the caller's byte arrays so that later changes to them do not reach the store. */
function ownBytes(table: Table, row: Row): void {
  for (const f of table.meta.bytesFields) {
    const v = row[f];
    if (v instanceof Uint8Array) row[f] = v.slice();
  }
}

function assignGenerated(table: Table, row: Row): void {
  for (const g of table.meta.generatedFields) {
    const next = table.nextGenerated.get(g.name)!;
    if (next > INT_MAX)
      throw new PersistError(
        'BAD_USER_INPUT',
        `The generated key '${table.meta.entity.name}.${g.name}' has reached its maximum ${INT_MAX}.`,
      );
    // Consumed even if the write fails later, as AUTO_INCREMENT values are.
    table.nextGenerated.set(g.name, next + 1);
    row[g.name] = next;
  }
}

function parentExists(state: StoreState, r: OwnedRelation, row: Row): boolean {
  const k = rowKey(row, r.fkFields);
  // A NULL foreign key refers to nothing and is not checked, as in SQL.
  return k === undefined || state.table(r.relation.referenced.entity).rows.has(k);
}

/** True when a row other than `self` already refers to the same parent through `r`. */
function oneToOneTaken(table: Table, r: OwnedRelation, row: Row, self?: Row): boolean {
  const k = rowKey(row, r.fkFields);
  if (k === undefined) return false;
  const holders = table.group(r.relation.id, k);
  if (!holders) return false;
  for (const h of holders) if (h !== self) return true;
  return false;
}

/** Inserts every row or none; returns copies of the stored rows in input order. */
export function insertRows(state: StoreState, log: UndoLog, entity: string, rows: readonly Row[]): Row[] {
  const table = state.writable(entity);
  const meta = table.meta;
  if (rows.length === 0) throw emptyInsertError(meta.entity);
  const copier = new RowCopier(meta);
  const mark = log.mark();
  const out: Row[] = [];
  try {
    for (const input of rows) {
      const row = checkInsertRow(state.model, meta.entity, input);
      ownBytes(table, row);
      assignGenerated(table, row);
      if (table.rows.has(table.keyOf(row))) throw duplicateKeyError(meta.entity, row);
      // Earlier rows of the batch are already in the table's indexes, so they count too.
      for (const [i, check] of meta.uniqueIndexes.entries())
        if (table.uniqueHolder(i, row)) throw uniqueIndexTakenError(meta.entity, check.index, row);
      for (const r of meta.owned) if (r.oneToOne && oneToOneTaken(table, r, row)) throw oneToOneTakenError(r.relation, row);
      for (const r of meta.owned) if (!parentExists(state, r, row)) throw missingParentError(r.relation, row);
      log.add(table, row);
      out.push(copier.copy(row));
    }
  } catch (e) {
    log.rollbackTo(mark);
    throw e;
  }
  return out;
}

/** The stored row with `key`; NotFoundError when absent or outside the guard's filter. */
function findStored(state: StoreState, table: Table, key: Tuple, guard: WriteGuard | undefined): Row {
  const entity = table.meta.entity;
  const matches = guard?.where && compileFilter(table.meta, canonicalFilter(state.model, entity, guard.where), state.related);
  const canonical = canonicalKey(state.model, entity, key);
  const k = canonical && tupleKey(canonical);
  const row = k === undefined ? undefined : table.rows.get(k);
  if (!row || (matches !== undefined && !matches(row))) throw notFoundError(entity, key);
  return row;
}

/** Sets the patch's fields on one row; returns a copy of the updated row. */
export function updateRow(state: StoreState, log: UndoLog, entity: string, key: Tuple, patch: Row, guard?: WriteGuard): Row {
  const table = state.writable(entity);
  const meta = table.meta;
  const old = findStored(state, table, key, guard);
  const changes = checkUpdatePatch(state.model, meta.entity, patch);
  ownBytes(table, changes);
  const next: Row = { ...old, ...changes };
  const changed = new Set(Object.keys(changes));
  for (const [i, check] of meta.uniqueIndexes.entries()) {
    if (!uniqueIndexTouched(check, changed)) continue;
    const holder = table.uniqueHolder(i, next);
    if (holder && holder !== old) throw uniqueIndexTakenError(meta.entity, check.index, next);
  }
  const touched = (r: OwnedRelation): boolean => r.fkFields.some((f) => f in changes);
  for (const r of meta.owned)
    if (r.oneToOne && touched(r) && oneToOneTaken(table, r, next, old)) throw oneToOneTakenError(r.relation, next);
  for (const r of meta.owned) if (touched(r) && !parentExists(state, r, next)) throw missingParentError(r.relation, next);
  log.replace(table, old, next);
  return new RowCopier(meta).copy(next);
}

/** Deletes one row unless children still refer to it; returns a copy of the row as it was. */
export function deleteRow(state: StoreState, log: UndoLog, entity: string, key: Tuple, guard?: WriteGuard): Row {
  const table = state.writable(entity);
  const meta = table.meta;
  const old = findStored(state, table, key, guard);
  const k = table.keyOf(old);
  for (const relation of meta.referencedBy) {
    const children = state.table(relation.owner.entity).group(relation.id, k);
    if (children && children.size > 0) throw stillReferencedError(meta.entity, old, relation);
  }
  log.remove(table, old);
  return new RowCopier(meta).copy(old);
}
