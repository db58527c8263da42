/**
 * What every backend checks, and how it words it, for the writes of many rows (SPEC §3.5): upsert's
 * update fields, the maxAffected bound of the writes by filter, and what an upsert row updates.
 * Both backends apply an upsert row by row in input order and a write by filter row by row in key
 * order, so that the first failing row (and so the error) is the same everywhere.
 */
import type { EntityIR } from '../model/ir.js';
import { PersistError } from '../errors.js';
import type { Row } from './datastore.js';

/** Upsert's `updateFields`, checked: fields of the entity, none of them a key (nor generated) field. */
export function checkUpsertFields(entity: EntityIR, updateFields: readonly string[]): void {
  for (const name of updateFields) {
    const field = entity.fields.find((f) => f.name === name);
    if (field === undefined)
      throw new PersistError('BAD_USER_INPUT', `The upsert of '${entity.name}' cannot update '${name}': the entity has no such field.`);
    if (field.key)
      throw new PersistError(
        'BAD_USER_INPUT',
        `The upsert of '${entity.name}' cannot update '${name}': it is a key field, which identifies the record to update. Leave it out of the fields to update.`,
      );
  }
}

/** The patch an upsert row applies to the stored row with its key: the update fields it gives. */
export function upsertPatch(row: Row, updateFields: readonly string[]): Row {
  const patch: Row = {};
  for (const f of updateFields) if (Object.hasOwn(row, f) && row[f] !== undefined) patch[f] = row[f]!;
  return patch;
}

/**
 * Upsert's answer from the rows each write returned (input order): every row as stored after the
 * whole upsert, so a key the batch repeats answers, each time, the row its last write left.
 */
export function asStoredAfter(keyFields: readonly string[], written: readonly Row[]): Row[] {
  const last = new Map<string, Row>();
  const idOf = (row: Row): string => JSON.stringify(keyFields.map((k) => row[k]));
  for (const row of written) last.set(idOf(row), row);
  return written.map((row) => {
    const final = last.get(idOf(row))!;
    return final === row ? row : { ...final };
  });
}

/** BAD_USER_INPUT for a write by filter that matches more than `maxAffected` rows (nothing changed). */
export function tooManyAffectedError(entity: EntityIR, verb: 'update' | 'delete', maxAffected: number): PersistError {
  return new PersistError(
    'BAD_USER_INPUT',
    `The ${verb} by filter of '${entity.name}' matches more than ${maxAffected} records, the limit maxAffectedRows: nothing was changed. Narrow the filter, or raise limits.maxAffectedRows.`,
  );
}

/** BAD_USER_INPUT for a maxAffected that is not a non-negative integer (a caller's mistake). */
export function checkMaxAffected(maxAffected: number): void {
  if (!Number.isSafeInteger(maxAffected) || maxAffected < 0)
    throw new PersistError('BAD_USER_INPUT', `maxAffected must be a non-negative integer, got ${maxAffected}.`);
}
