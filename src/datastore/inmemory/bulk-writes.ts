/**
 * Upsert and the writes by filter over the in-memory tables: the reference semantics of
 * bulk-checks.ts. Each applies the single-row writes of writes.ts (and so all of their checks) in
 * order, under one undo-log mark: the first failing row's error is thrown and everything the call
 * did is rolled back.
 */
import type { Filter, Row } from '../datastore.js';
import { asStoredAfter, checkMaxAffected, checkUpsertFields, tooManyAffectedError, upsertPatch } from '../bulk-checks.js';
import { canonicalFilter } from '../query-checks.js';
import { checkInsertRow, checkUpdatePatch, emptyInsertError } from '../row-checks.js';
import { compileFilter } from '../semantics/filter.js';
import type { StoreState, UndoLog } from './store-state.js';
import { deleteRow, insertRows, updateRow } from './writes.js';

/** Runs `work` under a mark of `log`: undone whole when it throws. */
function atomically<T>(log: UndoLog, work: () => T): T {
  const mark = log.mark();
  try {
    return work();
  } catch (e) {
    log.rollbackTo(mark);
    throw e;
  }
}

export function upsertRows(state: StoreState, log: UndoLog, entity: string, rows: readonly Row[], updateFields: readonly string[]): Row[] {
  const meta = state.meta(entity);
  checkUpsertFields(meta.entity, updateFields);
  if (rows.length === 0) throw emptyInsertError(meta.entity);
  const written = atomically(log, () =>
    rows.map((input) => {
      // Checked as an insert first: a row that updates must be a whole row too.
      const row = checkInsertRow(state.model, meta.entity, input);
      const table = state.table(entity);
      const stored = meta.generatedFields.length === 0 ? table.rows.get(table.keyOf(row)) : undefined;
      if (stored === undefined) return insertRows(state, log, entity, [input])[0]!;
      return updateRow(
        state,
        log,
        entity,
        meta.keyFields.map((k) => stored[k]!),
        upsertPatch(input, updateFields),
      );
    }),
  );
  return asStoredAfter(meta.keyFields, written);
}

/** The stored rows matching `filter`, in key order; BAD_USER_INPUT when more than `maxAffected`. */
function matching(state: StoreState, entity: string, filter: Filter, verb: 'update' | 'delete', maxAffected: number): Row[] {
  checkMaxAffected(maxAffected);
  const table = state.table(entity);
  const matches = compileFilter(table.meta, canonicalFilter(state.model, table.meta.entity, filter), state.related);
  const rows: Row[] = [];
  for (const row of table.inKeyOrder()) {
    if (!matches(row)) continue;
    if (rows.length === maxAffected) throw tooManyAffectedError(table.meta.entity, verb, maxAffected);
    rows.push(row);
  }
  return rows;
}

export function updateWhere(state: StoreState, log: UndoLog, entity: string, filter: Filter, patch: Row, maxAffected: number): Row[] {
  const meta = state.meta(entity);
  const rows = matching(state, entity, filter, 'update', maxAffected);
  checkUpdatePatch(state.model, meta.entity, patch);
  return atomically(log, () =>
    rows.map((row) =>
      updateRow(
        state,
        log,
        entity,
        meta.keyFields.map((k) => row[k]!),
        patch,
      ),
    ),
  );
}

export function deleteWhere(state: StoreState, log: UndoLog, entity: string, filter: Filter, maxAffected: number): Row[] {
  const meta = state.meta(entity);
  const rows = matching(state, entity, filter, 'delete', maxAffected);
  return atomically(log, () =>
    rows.map((row) =>
      deleteRow(
        state,
        log,
        entity,
        meta.keyFields.map((k) => row[k]!),
      ),
    ),
  );
}
