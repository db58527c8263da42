/**
 * Reads the relations of a selection for a whole batch of rows at once, level by level: each
 * relation field at each level is one datastore call, whatever the number of parent rows (the
 * gateway's batching guarantee, SPEC §3), through the same per-request DataLoaders as the gateway
 * (datastore/loaders.ts). Parents that share a target (many employees, one department) ask for it
 * once, and a target row reached from several parents is expanded once.
 *
 * Levels are read one after another (a level needs its parents' rows), relation fields of one
 * level concurrently.
 */
import { PersistError } from '../errors.js';
import type { Row, Tuple } from '../datastore/datastore.js';
import type { LoaderKey, RequestLoaders } from '../datastore/loaders.js';
import { tupleKey, type TupleKey } from '../datastore/tuple-key.js';
import type { RelationPlan, SelectionPlan } from './selection-plan.js';

/** A result object as the application receives it. */
export type Shaped = Record<string, unknown>;

function pick(row: Row, fields: readonly string[]): Tuple {
  return fields.map((f) => row[f] ?? null);
}

/** Distinct tuples of `fields` over `rows`, in first-seen order, and each row's tuple id. */
function distinctTuples(rows: readonly Row[], fields: readonly string[]): { tuples: Tuple[]; ids: TupleKey[] } {
  const seen = new Set<TupleKey>();
  const tuples: Tuple[] = [];
  const ids = rows.map((row) => {
    const tuple = pick(row, fields);
    const id = tupleKey(tuple);
    if (!seen.has(id)) {
      seen.add(id);
      tuples.push(tuple);
    }
    return id;
  });
  return { tuples, ids };
}

function loaderKey(tuple: Tuple): LoaderKey {
  return tuple.length === 1 ? tuple[0]! : tuple;
}

/**
 * The related rows of each distinct parent tuple, through the operation's loaders: every load
 * below is issued in the same tick, so DataLoader makes them one datastore call.
 */
async function fetchRelated(loaders: RequestLoaders, rel: RelationPlan, tuples: Tuple[]): Promise<Row[][]> {
  const target = rel.plan.entity.name;
  const keys = tuples.map(loaderKey);
  if (rel.field.many) {
    const loader = loaders.byFields(target, rel.to, { ...rel.query, select: rel.plan.fetch });
    return Promise.all(keys.map((k) => loader.load(k)));
  }
  if (!rel.field.owner) {
    const loader = loaders.oneByFields(target, rel.to, rel.plan.fetch);
    return (await Promise.all(keys.map((k) => loader.load(k)))).map((row) => (row ? [row] : []));
  }
  // Owner side: `to` is the target's key in key order (RelationIR.foreignKeys follows it).
  const loader = loaders.byKey(target, rel.plan.fetch);
  const rows = await Promise.all(keys.map((k) => loader.load(k)));
  return rows.map((row, i) => {
    if (row) return [row];
    // Foreign keys are enforced on every write, so a missing parent means the data was changed
    // behind the datastore's back; say so rather than return a value the types say cannot be.
    throw new PersistError(
      'INTERNAL',
      `The '${target}' row ${JSON.stringify(tuples[i])} referenced through '${rel.field.name}' is missing.`,
    );
  });
}

async function readRelation(loaders: RequestLoaders, rel: RelationPlan, rows: readonly Row[]): Promise<unknown[]> {
  const { tuples, ids } = distinctTuples(rows, rel.from);
  const groups = tuples.length === 0 ? [] : await fetchRelated(loaders, rel, tuples);
  // A target row can sit under several parents (the department of many employees); expand it once.
  const children: Row[] = [];
  const childIndex = new Map<TupleKey, number>();
  const groupIndexes = groups.map((group) =>
    group.map((row) => {
      const id = tupleKey(pick(row, rel.plan.entity.keyFields));
      let index = childIndex.get(id);
      if (index === undefined) {
        index = children.length;
        childIndex.set(id, index);
        children.push(row);
      }
      return index;
    }),
  );
  const shaped = await readSelection(loaders, rel.plan, children);
  const byParent = new Map<TupleKey, unknown>();
  tuples.forEach((tuple, i) => {
    const members = groupIndexes[i]!.map((index) => shaped[index]);
    byParent.set(tupleKey(tuple), rel.field.many ? members : (members[0] ?? null));
  });
  return ids.map((id) => byParent.get(id));
}

/**
 * Shapes `rows` (fetched with `plan.fetch`) into result objects: the output fields in declaration
 * order, then each selected relation, read for all rows together.
 */
export async function readSelection(loaders: RequestLoaders, plan: SelectionPlan, rows: readonly Row[]): Promise<Shaped[]> {
  const results = rows.map((row) => {
    const out: Shaped = {};
    for (const f of plan.output) out[f] = row[f] ?? null;
    return out;
  });
  // Different relation fields are independent: read them concurrently.
  const related = await Promise.all(plan.relations.map((rel) => readRelation(loaders, rel, rows)));
  plan.relations.forEach((rel, r) => {
    results.forEach((out, i) => {
      out[rel.field.name] = related[r]![i];
    });
  });
  return results;
}
