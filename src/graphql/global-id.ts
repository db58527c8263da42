/**
 * Global ids (Relay global object identification): the base64 of the JSON array
 * `["Entity", ...key values]`, as PostGraphile writes them. Decoding checks everything: a
 * malformed id is BAD_USER_INPUT, saying what is wrong; an id of an entity the schema does not
 * show decodes to `undefined` (the caller answers null, revealing nothing).
 */
import type { GraphQLError } from 'graphql';
import type { Row, Tuple, Value } from '../datastore/datastore.js';
import { parseDecimal } from '../model/values.js';
import type { EntityPlan, ModelPlans } from './entity-plans.js';
import { badUserInput } from './bad-input.js';

/** The global id of a row of `plan`'s entity (its key fields are always read). */
export function globalId(plan: EntityPlan, row: Row): string {
  return Buffer.from(JSON.stringify([plan.entity.name, ...plan.keyFields.map((k) => row[k])]), 'utf8').toString('base64');
}

function malformed(id: string, why: string): GraphQLError {
  return badUserInput(`${JSON.stringify(id)} is not a valid global id: ${why}. Use the id a row's global id field gave.`);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A key value read from JSON, checked against the key field's type; undefined when it does not fit. */
function keyValue(plan: EntityPlan, field: string, value: unknown): Value | undefined {
  const type = plan.fields.get(field)!.type;
  if (type.kind === 'enum') return undefined;
  switch (type.name) {
    case 'int':
      return typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= 2 ** 31 ? value : undefined;
    case 'float':
      return typeof value === 'number' ? value : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
    case 'decimal':
      try {
        return typeof value === 'string' ? parseDecimal(value) : undefined;
      } catch {
        return undefined;
      }
    default:
      return typeof value === 'string' ? value : undefined;
  }
}

/**
 * The entity and key a global id names, when `visible` admits that entity; a malformed id (not
 * base64 JSON of `["Entity", ...key]`, or a key that does not fit the entity) throws BAD_USER_INPUT.
 */
export function decodeGlobalId(
  plans: ModelPlans,
  id: string,
  visible: (entity: string) => boolean,
): { plan: EntityPlan; key: Value | Tuple } | undefined {
  if (!BASE64.test(id) || id === '') throw malformed(id, 'it is not base64');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(id, 'base64').toString('utf8'));
  } catch {
    throw malformed(id, 'it does not hold a JSON array');
  }
  if (!Array.isArray(parsed) || typeof parsed[0] !== 'string') throw malformed(id, 'it does not hold ["Entity", ...key]');
  const [entity, ...values] = parsed as [string, ...unknown[]];
  const plan = plans.get(entity);
  if (plan === undefined || !visible(entity)) return undefined;
  if (values.length !== plan.keyFields.length)
    throw malformed(
      id,
      `a ${entity} key has ${plan.keyFields.length} value${plan.keyFields.length === 1 ? '' : 's'}, not ${values.length}`,
    );
  const key = plan.keyFields.map((field, i) => {
    const value = keyValue(plan, field, values[i]);
    if (value === undefined) throw malformed(id, `${JSON.stringify(values[i])} is not a ${entity}.${field}`);
    return value;
  });
  return { plan, key: key.length === 1 ? key[0]! : key };
}
