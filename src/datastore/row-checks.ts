/**
 * Write checks shared by every datastore backend: the validation and canonicalization of insert
 * rows and update patches, the errors each constraint raises, and the order in which a write's
 * errors are detected. Every backend follows this order so that the same bad request gets the
 * same first error from every datastore (see WRITE_CHECK_ORDER).
 */
import type { EntityIR, FieldIR, IndexIR, ModelIR, RelationIR } from '../model/ir.js';
import { constraintViolation } from '../model/constraints.js';
import { formatBase64, illFormedText, normalizeValue, ValueFormatError } from '../model/values.js';
import { AlreadyExistsError, ForeignKeyViolationError, formatKey, InvalidValueError, NotFoundError, PersistError } from '../errors.js';
import type { Row, Tuple } from './datastore.js';
import { rowBuilder, type RowBuilder } from './row-literal.js';

/** One step of a write's checks; see WRITE_CHECK_ORDER. */
export type WriteCheck = 'empty' | 'notFound' | 'values' | 'key' | 'uniqueIndex' | 'oneToOne' | 'foreignKey' | 'restrict';

/**
 * The canonical order in which a write's errors are detected; the first error found is thrown and
 * nothing is written.
 *
 * insert (rows in input order; all checks of row i come before any check of row i+1):
 * - `empty`: an empty list is BAD_USER_INPUT (emptyInsertError), before anything else.
 * - `values`: checkInsertRow (BAD_USER_INPUT): first every property that is not a stored field,
 *   in the row's property order; then the stored fields in declaration order (a generated field
 *   that is given, a missing required field, a malformed value).
 * - `key`: the key against the stored rows and the earlier rows of the batch (ALREADY_EXISTS).
 * - `uniqueIndex`: per `@sql:UniqueIndex` of the entity, in `entity.indexes` order: another row
 *   (stored, or earlier in the batch) has the same values (ALREADY_EXISTS uniqueIndexTakenError).
 *   Right after the key because, like the key, it is a constraint of the row's own table that
 *   needs no other entity; and before 1-1 so that a unique index that also covers a 1-1 foreign
 *   key (the DDL then has no separate UNIQUE) names the index MySQL reports. As in SQL, a row
 *   with NULL in any indexed field never collides; strings compare by code point (binary NO PAD
 *   collation: 'a', 'a ' and 'A' differ) except `@sql:Char` fields, which compare without
 *   trailing spaces as CHAR columns do; decimals compare by value (canonical strings).
 * - `oneToOne`: per one-to-one relation the row owns, in `model.relations` order: another row
 *   already refers to the same parent (ALREADY_EXISTS with the relation field).
 * - `foreignKey`: per relation the row owns, in `model.relations` order: the parent must exist
 *   among the stored rows and the earlier rows of the batch (FOREIGN_KEY_VIOLATION missingParent).
 *
 * update:
 * - `notFound`: no row with the key (NOT_FOUND).
 * - `values`: checkUpdatePatch (BAD_USER_INPUT), patch properties in property order.
 * - `uniqueIndex`: only for unique indexes with a field the patch gives, in `entity.indexes`
 *   order; the row itself does not count.
 * - `oneToOne`: only for one-to-one relations whose foreign-key fields the patch gives, in
 *   `model.relations` order; the row itself does not count.
 * - `foreignKey`: only for relations whose foreign-key fields the patch gives, in relation order.
 *
 * delete:
 * - `notFound`: no row with the key (NOT_FOUND).
 * - `restrict`: the first relation in `model.relations` order whose referenced entity is this one
 *   and that has at least one child row referring to the row (FOREIGN_KEY_VIOLATION
 *   stillReferenced, naming the child entity and its relation field).
 *
 * Keys given to update/delete/getByKeys are canonicalized with canonicalKey; a key value that
 * cannot be stored (malformed, out of range) matches no row, so it is NOT_FOUND (or null).
 * Generated keys (`@sql:Generated`) take max(every value ever generated) + 1, starting at 1, like
 * AUTO_INCREMENT: never reused after a delete, and not given back by a failed or rolled-back write.
 */
export const WRITE_CHECK_ORDER: { readonly [op in 'insert' | 'update' | 'delete']: readonly WriteCheck[] } = {
  insert: ['empty', 'values', 'key', 'uniqueIndex', 'oneToOne', 'foreignKey'],
  update: ['notFound', 'values', 'uniqueIndex', 'oneToOne', 'foreignKey'],
  delete: ['notFound', 'restrict'],
};

/** A written value, canonical, that keeps the field's `@constraint:` rules (BAD_USER_INPUT naming the rule otherwise). */
function normalizeFor(model: ModelIR, entity: EntityIR, field: FieldIR, input: unknown): Row[string] {
  let value: Row[string];
  try {
    value = normalizeValue(field, model.enums, input);
  } catch (e) {
    if (e instanceof ValueFormatError) throw new InvalidValueError(entity.name, field.name, e.message);
    throw e;
  }
  const violation = field.constraints && value !== null ? constraintViolation(field.type, field.constraints, value) : undefined;
  if (violation !== undefined) throw new InvalidValueError(entity.name, field.name, violation);
  return value;
}

/** The names of an entity's stored fields, once per entity. */
const fieldNameSets = new WeakMap<EntityIR, ReadonlySet<string>>();
function fieldNamesOf(entity: EntityIR): ReadonlySet<string> {
  let names = fieldNameSets.get(entity);
  if (names === undefined) fieldNameSets.set(entity, (names = new Set(entity.fields.map((f) => f.name))));
  return names;
}

function findField(entity: EntityIR, name: string): FieldIR | undefined {
  for (const f of entity.fields) if (f.name === name) return f;
  return undefined;
}

/**
 * Per entity, the canonical form of an insert row's stored fields built at once (row-literal.ts):
 * each non-generated field, in declaration order, through a transform that throws what the loop
 * of checkInsertRow throws for it. Used when the row gives no generated field (then the loop
 * finds the first error, a generated field being one).
 */
interface InsertRowBuilder {
  model: ModelIR;
  generated: readonly string[];
  build: RowBuilder;
}
const insertRowBuilders = new WeakMap<EntityIR, InsertRowBuilder>();
function insertRowBuilderOf(model: ModelIR, entity: EntityIR): InsertRowBuilder {
  let builder = insertRowBuilders.get(entity);
  if (builder === undefined || builder.model !== model) {
    const fields = entity.fields.filter((f) => !f.generated);
    const transforms = fields.map((field) => (input: unknown): Row[string] => {
      if (input === undefined && !field.nullable) throw requiredError(entity, field);
      return normalizeFor(model, entity, field, input);
    });
    builder = {
      model,
      generated: entity.fields.filter((f) => f.generated).map((f) => f.name),
      build: rowBuilder(
        fields.map((f) => f.name),
        transforms,
        false,
      ),
    };
    insertRowBuilders.set(entity, builder);
  }
  return builder;
}

const requiredError = (entity: EntityIR, field: FieldIR): InvalidValueError =>
  new InvalidValueError(entity.name, field.name, 'a value is required: the field is not nullable');

/**
 * Validates one insert row and returns its canonical form: every stored field present (a missing
 * nullable field is null) except the generated ones, which the datastore fills in.
 * Throws InvalidValueError (BAD_USER_INPUT) in the order documented on WRITE_CHECK_ORDER.
 */
export function checkInsertRow(model: ModelIR, entity: EntityIR, row: Readonly<Record<string, unknown>>): Row {
  const names = fieldNamesOf(entity);
  for (const name of Object.keys(row)) {
    if (row[name] !== undefined && !names.has(name)) {
      throw new InvalidValueError(entity.name, name, `the entity has no such field`);
    }
  }
  const builder = insertRowBuilderOf(model, entity);
  if (builder.generated.every((name) => row[name] === undefined)) return builder.build(row as Row, 0);
  const out: Row = {};
  for (const field of entity.fields) {
    const input = row[field.name];
    if (field.generated) {
      if (input !== undefined) {
        throw new InvalidValueError(entity.name, field.name, 'the value is generated by the datastore; leave the field out');
      }
      continue;
    }
    if (input === undefined && !field.nullable) throw requiredError(entity, field);
    out[field.name] = normalizeFor(model, entity, field, input);
  }
  return out;
}

/**
 * Validates an update patch and returns its canonical form: only non-key stored fields; an
 * explicit null only on nullable fields; undefined properties are ignored (not given).
 */
export function checkUpdatePatch(model: ModelIR, entity: EntityIR, patch: Readonly<Record<string, unknown>>): Row {
  const out: Row = {};
  for (const name of Object.keys(patch)) {
    const input = patch[name];
    if (input === undefined) continue;
    const field = findField(entity, name);
    if (!field) throw new InvalidValueError(entity.name, name, 'the entity has no such field');
    if (field.key) throw new InvalidValueError(entity.name, name, 'a key field cannot be updated');
    out[name] = normalizeFor(model, entity, field, input);
  }
  return out;
}

/**
 * The canonical form of a key given by a caller, or undefined when no stored row can have it
 * (a malformed or out-of-range value matches nothing, as in SQL). Throws when the tuple has the
 * wrong number of values (a programming error, not user input).
 */
export function canonicalKey(model: ModelIR, entity: EntityIR, key: Tuple): Tuple | undefined {
  if (key.length !== entity.keyFields.length) {
    throw new Error(`A key of '${entity.name}' has ${entity.keyFields.length} value(s), got ${key.length}`);
  }
  let out: Row[string][] | undefined;
  for (let i = 0; i < key.length; i++) {
    const field = findField(entity, entity.keyFields[i]!)!;
    const v = key[i]!;
    // Values already in canonical form skip the parser (the hot path of batched reads); a value
    // that cannot be stored, like an over-long string, simply finds nothing.
    if (isCanonicalAsIs(field, v)) continue;
    let c: Row[string];
    try {
      c = normalizeValue({ ...field, nullable: false }, model.enums, v);
    } catch {
      return undefined;
    }
    if (c !== v) (out ??= [...key])[i] = c;
  }
  return out ?? key;
}

function isCanonicalAsIs(field: FieldIR, v: Row[string]): boolean {
  const t = field.type;
  if (t.kind === 'enum') return typeof v === 'string';
  switch (t.name) {
    case 'string':
      // A lone surrogate goes to normalizeValue, which refuses it: such a key matches nothing.
      return typeof v === 'string' && illFormedText(v) === undefined;
    case 'int':
      return Number.isInteger(v);
    case 'float':
      return typeof v === 'number';
    case 'boolean':
      return typeof v === 'boolean';
    default:
      return false;
  }
}

/** The identity of a row as messages show it. */
export function formatRowKey(entity: EntityIR, row: Row): string {
  return formatKey(
    entity.keyFields,
    entity.keyFields.map((f) => row[f]),
  );
}

/** BAD_USER_INPUT for `insert(entity, [])`. */
export function emptyInsertError(entity: EntityIR): PersistError {
  return new PersistError('BAD_USER_INPUT', `Nothing to insert: the list of '${entity.name}' records is empty.`);
}

/** NOT_FOUND for update/delete of a key that is not stored. */
export function notFoundError(entity: EntityIR, key: Tuple): NotFoundError {
  return new NotFoundError(entity.name, formatKey(entity.keyFields, key));
}

/** ALREADY_EXISTS for a duplicate identity. */
export function duplicateKeyError(entity: EntityIR, row: Row): AlreadyExistsError {
  return new AlreadyExistsError(entity.name, formatRowKey(entity, row));
}

/** A `@sql:UniqueIndex` with the fields it covers, in index order. */
export interface UniqueIndexCheck {
  index: IndexIR;
  fields: readonly FieldIR[];
}

/** The unique indexes of `entity`, in `entity.indexes` order. */
export function uniqueIndexesOf(entity: EntityIR): UniqueIndexCheck[] {
  return entity.indexes.filter((i) => i.unique).map((index) => ({ index, fields: index.fields.map((f) => findField(entity, f)!) }));
}

/** True when an update that sets the `changed` fields can change the index's values. */
export function uniqueIndexTouched(check: UniqueIndexCheck, changed: ReadonlySet<string>): boolean {
  return check.fields.some((f) => changed.has(f.name));
}

/**
 * The values of `row` that the unique index compares, or undefined when one of them is NULL (a
 * NULL never collides in SQL). `@sql:Char` values lose their trailing spaces: a CHAR column pads
 * them away, so MySQL finds 'a' and 'a ' equal there (and only there).
 */
export function uniqueIndexValues(check: UniqueIndexCheck, row: Row): Tuple | undefined {
  const out: Row[string][] = [];
  for (const field of check.fields) {
    const v = row[field.name];
    if (v === null || v === undefined) return undefined;
    out.push(field.sql.char !== undefined && typeof v === 'string' ? v.replace(/ +$/, '') : v);
  }
  return out;
}

/** ALREADY_EXISTS when another row has the same values in a `@sql:UniqueIndex`. */
export function uniqueIndexTakenError(entity: EntityIR, index: IndexIR, row: Row): AlreadyExistsError {
  // Named by field even for one field: the values are not the entity's key.
  const pairs = index.fields.map((f) => {
    const v = row[f];
    return `${JSON.stringify(f)}:${JSON.stringify(v instanceof Uint8Array ? formatBase64(v) : v)}`;
  });
  return new AlreadyExistsError(entity.name, `{${pairs.join(',')}}`, undefined, index.name);
}

function parentKeyText(relation: RelationIR, row: Row): string {
  return formatKey(
    relation.foreignKeys.map((fk) => fk.references),
    relation.foreignKeys.map((fk) => row[fk.field]),
  );
}

/** ALREADY_EXISTS when another row already refers to the same parent through a 1-1 relation. */
export function oneToOneTakenError(relation: RelationIR, row: Row): AlreadyExistsError {
  return new AlreadyExistsError(relation.owner.entity, parentKeyText(relation, row), relation.owner.field);
}

/** FOREIGN_KEY_VIOLATION when the parent a row refers to does not exist. */
export function missingParentError(relation: RelationIR, row: Row): ForeignKeyViolationError {
  return ForeignKeyViolationError.missingParent(
    relation.owner.entity,
    relation.owner.field,
    relation.referenced.entity,
    parentKeyText(relation, row),
  );
}

/** FOREIGN_KEY_VIOLATION when deleting a parent that children of `relation` still refer to. */
export function stillReferencedError(entity: EntityIR, row: Row, relation: RelationIR): ForeignKeyViolationError {
  return ForeignKeyViolationError.stillReferenced(entity.name, formatRowKey(entity, row), relation.owner.entity, relation.owner.field);
}
