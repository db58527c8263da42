/**
 * A selection object (see selection-types.ts) → a plan: which stored fields to return, which to
 * fetch, and which relations to follow with what arguments. Checked at run time as well as by the
 * types, since plain JavaScript callers get no compile-time check.
 */
import type { ListQuery } from '../datastore/datastore.js';
import type { EntityIR, ModelIR, RelationFieldIR } from '../model/ir.js';
import { getEntity, relationJoin } from '../model/model-helpers.js';
import type { ClientRole } from './client-role.js';
import { asRecord, badInput } from './input-values.js';
import { toListQuery } from './to-datastore-query.js';

/** What to read of one entity, at one level of a selection. */
export interface SelectionPlan {
  entity: EntityIR;
  /** The stored fields of the result, in declaration order. */
  output: string[];
  /** The stored fields to fetch: the output plus the fields the relations join on. */
  fetch: string[];
  /** The relations to follow, in declaration order. */
  relations: RelationPlan[];
}

/** One relation field of a selection. */
export interface RelationPlan {
  field: RelationFieldIR;
  /** Fields of this entity's row, matched against `to` of the target entity. */
  from: string[];
  to: string[];
  /** For a 1-n relation: where, orderBy, limit and offset, applied per parent. */
  query: ListQuery;
  plan: SelectionPlan;
}

const LIST_ARGS = new Set(['select', 'where', 'orderBy', 'limit', 'offset']);

function planRelation(model: ModelIR, field: RelationFieldIR, value: unknown, role: ClientRole | undefined): RelationPlan {
  const target = getEntity(model, field.target);
  const { from, to } = relationJoin(model, field);
  let query: ListQuery = {};
  let select: unknown = true;
  if (value !== true) {
    const args = asRecord(value, `The selection of the relation '${field.name}'`);
    if (field.many) {
      for (const name of Object.keys(args)) {
        if (!LIST_ARGS.has(name))
          throw badInput(`Unknown argument '${name}' of the relation '${field.name}' (use select, where, orderBy, limit, offset).`);
      }
      role?.checkWhere(target, args.where);
      if (args.orderBy !== undefined) role?.checkOrderBy(target, args.orderBy);
      query = toListQuery(model, target, args);
      select = args.select ?? true;
    } else {
      select = args;
    }
  }
  return { field, from, to, query, plan: planSelection(model, target, select, role) };
}

/**
 * Plans a selection of `entity`. `undefined` or `true` selects every stored field and no
 * relation (the entity type `E`). Under a `role` (client.as), only the fields it may select: none
 * else may be named (FORBIDDEN), and `true` means the role's columns.
 */
export function planSelection(model: ModelIR, entity: EntityIR, select: unknown, role?: ClientRole): SelectionPlan {
  if (select === undefined || select === true) {
    const all = role === undefined ? entity.fields.map((f) => f.name) : role.columns(entity);
    return { entity, output: all, fetch: all, relations: [] };
  }
  const record = asRecord(select, `The selection of '${entity.name}'`);
  const chosen = new Set<string>();
  for (const [name, value] of Object.entries(record)) {
    if (value === undefined || value === false) continue;
    const known = entity.fields.some((f) => f.name === name) || entity.relationFields.some((r) => r.name === name);
    if (!known) throw badInput(`The entity '${entity.name}' has no field or relation '${name}'.`);
    chosen.add(name);
  }
  const output = entity.fields.filter((f) => chosen.has(f.name)).map((f) => f.name);
  role?.checkFields(entity, output, 'select');
  for (const f of output) {
    if (record[f] !== true) throw badInput(`Select the field '${entity.name}.${f}' with true.`);
  }
  const relations = entity.relationFields.filter((r) => chosen.has(r.name)).map((r) => planRelation(model, r, record[r.name], role));
  const fetch = new Set(output);
  for (const r of relations) for (const f of r.from) fetch.add(f);
  return { entity, output, fetch: entity.fields.map((f) => f.name).filter((f) => fetch.has(f)), relations };
}
