/**
 * The shapes of what an application hands the client (rows, patches, keys). Values themselves are
 * checked and canonicalized by the datastore (datastore/row-checks.ts, query-checks.ts), so the
 * client and the gateway report the same errors for the same bad value; here we only check what
 * the datastore contract cannot express: that a row is an object and a composite key a tuple.
 */
import { PersistError } from '../errors.js';
import type { Row, Tuple, Value } from '../datastore/datastore.js';
import type { EntityIR } from '../model/ir.js';

/** A caller mistake that is not about one field's value: unknown names, wrong shapes. */
export function badInput(message: string): PersistError {
  return new PersistError('BAD_USER_INPUT', message);
}

/** An object argument, or a BAD_USER_INPUT error that says which argument was wrong. */
export function asRecord(x: unknown, what: string): Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x) || x instanceof Uint8Array) throw badInput(`${what} must be an object.`);
  return x as Record<string, unknown>;
}

/**
 * A row or patch for the datastore. Its values are still unchecked here: the datastore validates
 * every one (checkInsertRow / checkUpdatePatch) before it stores anything.
 */
export function asRow(x: unknown, what: string): Row {
  return asRecord(x, what) as Row;
}

/**
 * A key as the application writes it (the value, or a tuple in key order for a composite key) →
 * the datastore's tuple.
 */
export function keyTuple(entity: EntityIR, key: unknown): Tuple {
  if (entity.keyFields.length === 1) return [key as Value];
  if (!Array.isArray(key) || key.length !== entity.keyFields.length) {
    throw badInput(`The key of '${entity.name}' is a tuple of ${entity.keyFields.length} values: [${entity.keyFields.join(', ')}].`);
  }
  return key as Value[];
}

/** A stored row's key in the application's form (inverse of `keyTuple`). */
export function keyOf(entity: EntityIR, row: Row): Value | Value[] {
  return entity.keyFields.length === 1 ? row[entity.keyFields[0]!]! : entity.keyFields.map((k) => row[k]!);
}
