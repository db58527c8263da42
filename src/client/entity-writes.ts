/**
 * The client's writes of many rows (SPEC §3.5), as the gateway's mutations run them: nested
 * inserts through the datastore layer's tree reader and writer (datastore/insert-tree.ts, the
 * same as `createEs`), upsert, and updates and deletes by filter bounded by `maxAffectedRows`.
 * Everything is checked before the first write; a nested insert runs in one transaction (the
 * caller's, inside `client.transaction`, else its own), so it is kept whole or not at all.
 */
import type { Datastore, Filter, Row } from '../datastore/datastore.js';
import {
  checkUpsertRows,
  insertTree,
  isNested,
  readInsertTree,
  treePlans,
  type Offered,
  type TreeEntity,
} from '../datastore/insert-tree.js';
import type { EntityIR } from '../model/ir.js';
import type { ClientContext } from './client-context.js';
import { asRecord, asRow, badInput } from './input-values.js';
import { toListQuery } from './to-datastore-query.js';

type Args = Record<string, unknown>;

/** Every row (`where: {}`): allowed for a bulk write within maxAffectedRows, as in the gateway. */
const EVERY_ROW: Filter = { kind: 'and', filters: [] };

function asList(rows: unknown, what: string): readonly Args[] {
  if (!Array.isArray(rows)) throw badInput(`${what} must be a list of rows.`);
  return rows as readonly Args[];
}

/** The relations a nested insert may go through: all of them, or for a role those its GraphQL schema offers. */
function offeredTo(context: ClientContext): Offered<TreeEntity> {
  const role = context.role;
  if (role === undefined) return () => true;
  return (plan, field) => role.offersNestedCreate(plan.entity, plan.relations.get(field)!);
}

/** Inserts `rows` with the rows they create through relations; returns the root rows as stored, in input order. */
export async function postRows(context: ClientContext, entity: EntityIR, rows: unknown): Promise<Row[]> {
  const input = asList(rows, `The rows to insert into '${entity.name}'`);
  if (input.length === 0) return [];
  const plans = treePlans(context.model);
  const plan = plans.get(entity.name)!;
  const nodes = readInsertTree(plans, plan, input, context.maxAffectedRows, offeredTo(context), 'rows');
  const write = (datastore: Datastore): Promise<Row[]> => insertTree(datastore, plans, plan, nodes);
  return isNested(nodes) ? context.datastore.transaction(write) : write(context.datastore);
}

/**
 * Inserts each row, or updates the stored row with its key: the fields of `options.update`
 * (default: every non-key field the row gives). Returns the rows as stored, in input order.
 */
export async function upsertRows(context: ClientContext, entity: EntityIR, rows: unknown, options: unknown): Promise<Row[]> {
  const input = asList(rows, `The rows to upsert into '${entity.name}'`);
  const args = options === undefined ? {} : asRecord(options, `The options of '${entity.name}' upsert`);
  const update = args['update'] ?? entity.fields.filter((f) => !f.key).map((f) => f.name);
  if (!Array.isArray(update) || update.some((f) => typeof f !== 'string'))
    throw badInput(`'update' of '${entity.name}' upsert must be a list of field names.`);
  checkUpsertRows(treePlans(context.model).get(entity.name)!, input, offeredTo(context), 'rows');
  return context.datastore.upsert(
    entity.name,
    input.map((row) => ({ ...row }) as Row),
    update as string[],
  );
}

/** The filter of a write by filter: the `where` language of reads, checked the same way. */
function bulkFilter(context: ClientContext, entity: EntityIR, where: unknown, what: string): Filter {
  if (where === undefined || where === null)
    throw badInput(
      `${what} of '${entity.name}' needs a where: pass {} to mean every row (up to maxAffectedRows, ${context.maxAffectedRows}).`,
    );
  context.role?.checkWhere(entity, where);
  return toListQuery(context.model, entity, { where }).where ?? EVERY_ROW;
}

/** Sets `patch` on every row matching `where`; returns the rows as updated, in key order. */
export function updateRows(context: ClientContext, entity: EntityIR, where: unknown, patch: unknown): Promise<Row[]> {
  const filter = bulkFilter(context, entity, where, 'updateWhere');
  const changes = asRow(patch, `The patch of '${entity.name}' updateWhere`);
  return context.datastore.updateWhere(entity.name, filter, changes, context.maxAffectedRows);
}

/** Deletes every row matching `where`; returns them as they were, in key order. */
export function deleteRows(context: ClientContext, entity: EntityIR, where: unknown): Promise<Row[]> {
  const filter = bulkFilter(context, entity, where, 'deleteWhere');
  return context.datastore.deleteWhere(entity.name, filter, context.maxAffectedRows);
}
