/**
 * A permission rule's templates made concrete for one request: every `{ claim: "a.b" }` in a
 * where template or a `set` value is replaced by the session's claim at that dotted path, and
 * every value (claim or literal, given in GraphQL input form) is coerced to its field's type as
 * the datastore expects it: Int from a number or a digit string, Float from a number or a numeric
 * string, Decimal from a decimal string or a number, String from a string or a number (its decimal
 * text), Boolean from a boolean or "true"/"false", Bytes from base64, dates and times from their
 * text, enums from the member name GraphQL shows (or the stored value) to the stored value.
 *
 * A claim that is missing, null, or cannot be read as its field's type makes the whole template
 * match no row ('none'): a rule is never weakened by ignoring one of its conditions.
 */
import type { Filter, Value } from '../datastore/datastore.js';
import { whereToFilter, type WhereInput } from '../datastore/where-filter.js';
import type { EntityIR, FieldIR, ModelIR } from '../model/ir.js';
import { normalizeValue, parseBase64, ValueFormatError } from '../model/values.js';
import type { Claims, ClaimRef, ValueTemplate, WhereTemplate } from './rules.js';

/** What a template resolves to when a claim it needs is unusable: no row matches. */
export const NO_MATCH = 'none';
export type NoMatch = typeof NO_MATCH;

/** The filter matching no row (an empty OR). */
export function noRowFilter(): Filter {
  return { kind: 'or', filters: [] };
}

/** True for `{ claim: "…" }` (a claim reference), false for any other value. */
export function isClaimRef(value: unknown): value is ClaimRef {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Uint8Array) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === 'claim' && typeof (value as ClaimRef).claim === 'string';
}

/** The claim at a dotted path (`org.id` reads `claims.org.id`); undefined when any step is missing. */
export function claimAt(claims: Claims, path: string): unknown {
  let at: unknown = claims;
  for (const step of path.split('.')) {
    if (typeof at !== 'object' || at === null || Array.isArray(at) || !Object.hasOwn(at, step)) return undefined;
    at = (at as Record<string, unknown>)[step];
  }
  return at;
}

// Filter operands are compared, not stored: no column limits (as query-checks.ts does).
const UNLIMITED_SQL = { varchar: Number.MAX_SAFE_INTEGER, decimal: { precision: 2000, scale: 1000 } };

/** `value` in the datastore's input form for `field`, before the field's own checks; undefined when it cannot be. */
function convert(model: ModelIR, field: FieldIR, value: unknown): unknown {
  const t = field.type;
  if (t.kind === 'enum') {
    if (typeof value !== 'string') return undefined;
    const members = model.enums.find((e) => e.name === t.name)?.members ?? [];
    return (members.find((m) => m.name === value) ?? members.find((m) => m.value === value))?.value;
  }
  switch (t.name) {
    case 'int':
      return typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
    case 'float':
      return typeof value === 'string' && /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(value) ? Number(value) : value;
    case 'decimal':
      return typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
    case 'string':
      return typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : value;
    case 'bytes':
      return typeof value === 'string' ? parseBase64(value) : value instanceof Uint8Array ? value : undefined;
    default:
      return value;
  }
}

/**
 * One value (a claim's or a literal's) as the canonical value of `field`; undefined when it is
 * missing, null, or not a valid value of the field. `stored`: check it against the column too
 * (a value to write), not only the type (an operand to compare with).
 */
export function coerceValue(model: ModelIR, field: FieldIR, value: unknown, stored = false): Exclude<Value, null> | undefined {
  if (value === null || value === undefined) return undefined;
  try {
    const converted = convert(model, field, value);
    if (converted === undefined) return undefined;
    const target: FieldIR = stored ? { ...field, nullable: false } : { ...field, nullable: false, sql: UNLIMITED_SQL };
    return normalizeValue(target, model.enums, converted) as Exclude<Value, null>;
  } catch (e) {
    if (e instanceof ValueFormatError) return undefined;
    throw e;
  }
}

/** A template operand: a claim reference or a literal, looked up and coerced; undefined when unusable. */
function operand(model: ModelIR, field: FieldIR, claims: Claims, value: unknown): Exclude<Value, null> | undefined {
  return coerceValue(model, field, isClaimRef(value) ? claimAt(claims, value.claim) : value);
}

/** Thrown inside the walk when a claim is unusable; caught by resolveWhere. */
class Unusable extends Error {}

function operandOrThrow(model: ModelIR, field: FieldIR, claims: Claims, value: unknown): Exclude<Value, null> {
  const v = operand(model, field, claims, value);
  if (v === undefined) throw new Unusable();
  return v;
}

function listOperand(model: ModelIR, field: FieldIR, claims: Claims, value: unknown): Exclude<Value, null>[] {
  const list = isClaimRef(value) ? claimAt(claims, value.claim) : value;
  if (!Array.isArray(list)) throw new Unusable();
  return list.map((v) => operandOrThrow(model, field, claims, v));
}

function booleanOperand(claims: Claims, value: unknown): boolean {
  const v = isClaimRef(value) ? claimAt(claims, value.claim) : value;
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  throw new Unusable();
}

function fieldOps(model: ModelIR, field: FieldIR, claims: Claims, ops: WhereInput): WhereInput {
  const out: Record<string, unknown> = {};
  for (const [op, value] of Object.entries(ops)) {
    // null keeps its meaning (eq/ne: isNull; others: no condition); undefined is no condition.
    if (value === null || value === undefined) out[op] = value;
    else if (op === 'in' || op === 'notIn') out[op] = listOperand(model, field, claims, value);
    else if (op === 'isNull') out[op] = booleanOperand(claims, value);
    else if (op === 'contains' || op === 'startsWith' || op === 'endsWith') {
      const v = isClaimRef(value) ? claimAt(claims, value.claim) : value;
      const text = typeof v === 'number' && Number.isFinite(v) ? String(v) : v;
      if (typeof text !== 'string') throw new Unusable();
      out[op] = text;
    } else out[op] = operandOrThrow(model, field, claims, value);
  }
  return out;
}

function substitute(model: ModelIR, entity: EntityIR, claims: Claims, where: WhereInput): WhereInput {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(where)) {
    if (value === null || value === undefined) continue;
    if (key === 'AND' || key === 'OR') out[key] = (value as readonly WhereInput[]).map((w) => substitute(model, entity, claims, w));
    else if (key === 'NOT') out[key] = substitute(model, entity, claims, value as WhereInput);
    else {
      const field = entity.fields.find((f) => f.name === key);
      // An unknown field is left for the datastore's checks to name (the permission reader refuses it first).
      out[key] = field === undefined ? value : fieldOps(model, field, claims, value as WhereInput);
    }
  }
  return out;
}

/**
 * The filter a where template stands for under these claims, over `entity`'s stored fields:
 * undefined when it sets no condition (no template, `{}`), 'none' when a claim it needs is
 * unusable (the rule then matches no row).
 */
export function resolveWhere(
  template: WhereTemplate | undefined,
  entity: EntityIR,
  model: ModelIR,
  claims: Claims,
): Filter | undefined | NoMatch {
  if (template === undefined) return undefined;
  try {
    return whereToFilter(substitute(model, entity, claims, template));
  } catch (e) {
    if (e instanceof Unusable) return NO_MATCH;
    throw e;
  }
}

/**
 * A `set` value under these claims, as the canonical value to write into `field` (null for a
 * null literal); 'none' when it comes from an unusable claim or is no valid value of the field.
 */
export function resolveValue(template: ValueTemplate, field: FieldIR, model: ModelIR, claims: Claims): { value: Value } | NoMatch {
  if (template === null) return { value: null };
  const v = coerceValue(model, field, isClaimRef(template) ? claimAt(claims, template.claim) : template, true);
  return v === undefined ? NO_MATCH : { value: v };
}
