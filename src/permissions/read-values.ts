/**
 * The values a permission rule holds, checked against their field: a literal in the GraphQL
 * input form (`"12.50"`, `"2024-01-01"`, an enum member's name) or a claim of the token
 * (`{ claim: "sub" }`, `{ claim: "org.id" }`). Literals are checked by the model's value parsers
 * (model/values.ts, which the GraphQL scalars and every datastore use) and kept in the form a
 * datastore filter takes: canonical text (`"12.5"`), an enum's stored value, bytes.
 */
import type { EnumIR, EntityIR, FieldIR } from '../model/ir.js';
import { normalizeValue, parseBase64, type Value, ValueFormatError } from '../model/values.js';
import { graphqlTypeName } from '../codegen/graphql/graphql-names.js';
import { type ConfigPath, isMapping } from './config-path.js';
import type { ClaimRef, ValueTemplate } from './rules.js';

// Dotted path segments: no empty one, no space.
const CLAIM_PATH = /^[^.\s]+(\.[^.\s]+)*$/;

/** True when `raw` is written as a claim reference (a mapping with the key `claim`). */
export function looksLikeClaim(raw: unknown): raw is Record<string, unknown> {
  return isMapping(raw) && 'claim' in raw;
}

/** A `{ claim: "…" }` checked for its syntax. */
export function readClaim(raw: Record<string, unknown>, at: ConfigPath): ClaimRef {
  const extra = Object.keys(raw).filter((k) => k !== 'claim');
  if (extra.length > 0) at.key(extra[0]!).fail(`a claim reference has only the key 'claim' ({ claim: "sub" }), not '${extra[0]!}'.`);
  const claim = raw['claim'];
  if (typeof claim === 'string' && CLAIM_PATH.test(claim)) return { claim };
  const got = typeof claim === 'string' ? `'${claim}'` : (JSON.stringify(claim) ?? 'nothing');
  return at.key('claim').fail(`a claim must be the name or dotted path of a token claim, like 'sub' or 'org.id', got ${got}.`);
}

/** `Employee.empNo (String)`: a field as messages name it. */
export function fieldLabel(entity: EntityIR, field: FieldIR): string {
  return `${entity.name}.${field.name} (${graphqlTypeName(field.type)}${field.nullable ? '' : '!'})`;
}

/** A literal for `field`, checked and canonical; never null (callers decide where null may stand). */
export function readLiteral(
  raw: unknown,
  entity: EntityIR,
  field: FieldIR,
  enums: readonly EnumIR[],
  at: ConfigPath,
): Exclude<Value, null> {
  const invalid = (reason: string): never => at.fail(`not a valid value for ${fieldLabel(entity, field)}: ${reason}.`);
  if (raw === null || raw === undefined) return invalid('null is not allowed here');
  if (isMapping(raw) || Array.isArray(raw))
    return invalid(
      `expected a ${graphqlTypeName(field.type)} value or a claim ({ claim: "sub" }), got ${Array.isArray(raw) ? 'a list' : 'a mapping'}`,
    );
  const type = field.type;
  if (type.kind === 'enum') {
    const members = enums.find((e) => e.name === type.name)?.members ?? [];
    // The GraphQL form is the member's name; its stored value is what filters compare.
    const member = members.find((m) => m.name === raw) ?? members.find((m) => m.value === raw);
    if (member === undefined)
      return invalid(`${JSON.stringify(raw)} is not a member of the enum ${type.name} (${members.map((m) => m.name).join(', ')})`);
    return member.value;
  }
  try {
    if (type.name === 'bytes') {
      if (typeof raw !== 'string') return invalid(`${JSON.stringify(raw)} is not base64 text`);
      return parseBase64(raw);
    }
    return normalizeValue({ ...field, nullable: false }, enums, raw)!;
  } catch (e) {
    if (e instanceof ValueFormatError) return invalid(e.message);
    throw e;
  }
}

/** A literal or a claim for `field` (null only where `allowNull`). */
export function readValue(
  raw: unknown,
  entity: EntityIR,
  field: FieldIR,
  enums: readonly EnumIR[],
  at: ConfigPath,
  allowNull: boolean,
): ValueTemplate | Uint8Array {
  if (looksLikeClaim(raw)) return readClaim(raw, at);
  if (raw === null && allowNull) return null;
  return readLiteral(raw, entity, field, enums, at);
}
