/**
 * A permission's row filter (`where`, `check`) read and checked against its entity: the `EWhere`
 * language of SPEC §3.1 (datastore/where-filter.ts), exactly the operators the GraphQL filter
 * input of each field offers (codegen/graphql/schema-sdl.ts `filterOperators`), with operand
 * values that may be claims. Stricter than a request's `where` in one way: an operator given
 * null (no condition in a request) is refused, since a rule that silently lets every row through
 * is never what its writer meant; only `eq: null` / `ne: null` (is null / is not null) remain.
 */
import type { EntityIR, FieldIR, ModelIR } from '../model/ir.js';
import { filterOperators } from '../codegen/graphql/schema-sdl.js';
import { graphqlTypeName } from '../codegen/graphql/graphql-names.js';
import type { ConfigPath } from './config-path.js';
import { shownValue } from '../errors.js';
import { fieldLabel, looksLikeClaim, readClaim, readValue } from './read-values.js';
import type { WhereTemplate } from './rules.js';

const COMBINATORS = ['AND', 'OR', 'NOT'];

function readOperand(op: string, raw: unknown, entity: EntityIR, field: FieldIR, model: ModelIR, at: ConfigPath): unknown {
  switch (op) {
    case 'isNull':
      if (typeof raw !== 'boolean') at.fail(`isNull takes true or false, got ${shownValue(raw)}.`);
      return raw;
    case 'in':
    case 'notIn':
      // A claim may hold the whole list (`in: { claim: "departments" }`).
      if (looksLikeClaim(raw)) return readClaim(raw, at);
      if (!Array.isArray(raw)) return at.fail(`${op} takes a list of values or a claim holding one, got ${shownValue(raw)}.`);
      return raw.map((v: unknown, i) => readValue(v, entity, field, model.enums, at.index(i), false));
    case 'contains':
    case 'startsWith':
    case 'endsWith':
      if (looksLikeClaim(raw)) return readClaim(raw, at);
      if (typeof raw !== 'string') return at.fail(`${op} takes a string or a claim, got ${shownValue(raw)}.`);
      return raw;
    default:
      // eq, ne: null means is null / is not null; the comparisons need a value.
      if (raw === null && op !== 'eq' && op !== 'ne')
        at.fail(`${op} needs a value or a claim: null would set no condition (use eq: null or ne: null to test for null).`);
      return readValue(raw, entity, field, model.enums, at, true);
  }
}

function readFieldFilter(raw: unknown, entity: EntityIR, field: FieldIR, model: ModelIR, at: ConfigPath): Record<string, unknown> {
  const ops = filterOperators(field.type);
  const doc = at.mapping(raw, `a mapping of operators for ${fieldLabel(entity, field)} (${ops.join(', ')})`);
  const out: Record<string, unknown> = {};
  for (const [op, value] of Object.entries(doc)) {
    if (!ops.includes(op)) at.key(op).unknown(op, 'operator', ops, 'operators', ` for a ${graphqlTypeName(field.type)} field`);
    out[op] = readOperand(op, value, entity, field, model, at.key(op));
  }
  return out;
}

/** A where object over `entity`'s stored fields, its values checked and canonical. */
export function readWhere(raw: unknown, entity: EntityIR, model: ModelIR, at: ConfigPath): WhereTemplate {
  const doc = at.mapping(raw, `a where object over the fields of ${entity.name} (like { empNo: { eq: { claim: sub } } })`);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) {
    const keyAt: ConfigPath = at.key(key);
    if (key === 'AND' || key === 'OR') {
      if (!Array.isArray(value)) keyAt.fail(`${key} takes a list of where objects, got ${shownValue(value)}.`);
      out[key] = value.map((w: unknown, i) => readWhere(w, entity, model, keyAt.index(i)));
    } else if (key === 'NOT') {
      out[key] = readWhere(value, entity, model, keyAt);
    } else {
      const field =
        entity.fields.find((f) => f.name === key) ??
        keyAt.unknown(key, 'field', [...entity.fields.map((f) => f.name), ...COMBINATORS], 'fields', ` of ${entity.name}`);
      out[key] = readFieldFilter(value, entity, field, model, keyAt);
    }
  }
  return out;
}
