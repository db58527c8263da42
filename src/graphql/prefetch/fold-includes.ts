/**
 * Folding to-one relations into the parent's read (see index.ts for the whole mechanism). An owner-side to-one relation field
 * (`Employee.department`: the parent row holds the foreign key, and it names exactly one row) is
 * asked of the datastore as an `include` of the read that fetches the parents, so it costs no call
 * of its own (no statement, for MySQL: a JOIN). Chains fold too (`workspace { location }`). Lists
 * and 1-1 other sides keep their own batched call, made from the included rows one level later.
 *
 * Relations fold into root reads and by-key reads (the level prefetch decides), not into 1-n
 * lists: there many children usually share few parents (Q2 of the benchmark: 2,000 employees in
 * 100 workspaces), and a JOIN sends and decodes each shared row once per child. Measured in
 * process over MariaDB, folding Q2's workspaces into its employees' statement saved a round trip
 * but cost about 40% more CPU per request; reading them by key, with their buildings joined,
 * costs what the unfolded reads did with one statement less.
 *
 * The included rows then fill the relation's place (see RelationPlace.resolved) as if it had been
 * fetched by key, so its resolvers, and the levels below it, do not know the difference. A datastore
 * that returns no included rows (say, a wrapper that drops the argument) just leaves the place
 * empty, and the level prefetch fetches it the usual way.
 */
import type { FieldNode, GraphQLResolveInfo } from 'graphql';
import { INCLUDED, type Include, type ListQuery, type Row } from '../../datastore/datastore.js';
import { loaderCacheKey, type RelationLookup } from '../../datastore/loaders.js';
import { plainCopy } from '../../datastore/plain-copy.js';
import { planOf, type EntityPlan, type ModelPlans, type RelationPlan } from '../entity-plans.js';
import { selectedFields } from '../selection.js';
import { subfields } from '../subfields.js';
import type { RelationPlace } from './relation-place.js';

/** True for relations folded into the parent's read: the owner side of a to-one relation. */
export function isFoldable(rel: RelationPlan): boolean {
  return rel.field.owner && !rel.field.many;
}

/**
 * True when the selection `nodes` of `plan`'s rows needs any of `fields` (its own fields) for more
 * than folded relations: selected, joined on by a relation that is not folded, or (the key) read by
 * a field that is neither (an aggregate, a connection).
 */
function needsFields(plan: EntityPlan, nodes: readonly FieldNode[], info: GraphQLResolveInfo, fields: readonly string[]): boolean {
  const keyed = plan.keyFields.some((f) => fields.includes(f));
  for (const fieldNodes of subfields(nodes, info).values()) {
    const name = fieldNodes[0]!.name.value;
    if (plan.fields.has(name)) {
      if (fields.includes(name)) return true;
      continue;
    }
    const rel = plan.relations.get(name);
    if (rel !== undefined) {
      if (!isFoldable(rel) && rel.from.some((f) => fields.includes(f))) return true;
    } else if (keyed && name !== '__typename') return true;
  }
  return false;
}

/**
 * The includes of a read of `plan`'s rows whose selection is `nodes`: every foldable relation field
 * selected (aliases of one relation merged), each with its selected fields and its own foldable
 * relations; undefined when there are none. The relation resolvers take folded rows from
 * `row[INCLUDED]`, so an include whose foreign key and related key the selection does not need
 * otherwise says so (Include.keysUnused): MySQL then selects neither.
 */
export function foldIncludes(
  plans: ModelPlans,
  plan: EntityPlan,
  nodes: readonly FieldNode[],
  info: GraphQLResolveInfo,
): Include[] | undefined {
  let byRelation: Map<string, { rel: RelationPlan; nodes: FieldNode[] }> | undefined;
  for (const fieldNodes of subfields(nodes, info).values()) {
    const rel = plan.relations.get(fieldNodes[0]!.name.value);
    if (rel === undefined || !isFoldable(rel)) continue;
    byRelation ??= new Map();
    const seen = byRelation.get(rel.field.name);
    if (seen === undefined) byRelation.set(rel.field.name, { rel, nodes: [...fieldNodes] });
    else seen.nodes.push(...fieldNodes);
  }
  if (byRelation === undefined) return undefined;
  const out: Include[] = [];
  for (const [relation, { rel, nodes: relNodes }] of byRelation) {
    const target = planOf(plans, rel.field.target);
    const include: Include = { relation, select: selectedFields(target, relNodes, info.fragments) };
    const nested = foldIncludes(plans, target, relNodes, info);
    if (nested !== undefined) include.include = nested;
    if (!needsFields(plan, nodes, info, rel.from) && !needsFields(target, relNodes, info, target.keyFields)) include.keysUnused = true;
    out.push(include);
  }
  return out;
}

/** Both sets of includes: one read then serves places that ask for different sub-selections. */
export function mergeIncludes(a: readonly Include[] | undefined, b: readonly Include[] | undefined): Include[] | undefined {
  if (a === undefined || b === undefined || a === b) return (a ?? b) as Include[] | undefined;
  const out = new Map<string, Include>(a.map((i) => [i.relation, i]));
  for (const i of b) {
    const prev = out.get(i.relation);
    if (prev === undefined) {
      out.set(i.relation, i);
      continue;
    }
    const select = prev.select === undefined || i.select === undefined ? undefined : [...new Set([...prev.select, ...i.select])];
    const include = mergeIncludes(prev.include, i.include);
    const merged: Include = { relation: i.relation, select, ...(include === undefined ? {} : { include }) };
    if (prev.keysUnused === true && i.keysUnused === true) merged.keysUnused = true;
    out.set(i.relation, merged);
  }
  return [...out.values()];
}

/** `lookup` reading `include` along with its rows. */
export function withIncludes(lookup: RelationLookup, include: readonly Include[] | undefined): RelationLookup {
  if (include === undefined) return lookup;
  // Copied without spread: a spread copy given a property it lacked costs ~4 µs (datastore/plain-copy.ts).
  if (lookup.kind === 'byFields') {
    const query: ListQuery = lookup.query === undefined ? {} : plainCopy(lookup.query);
    query.include = include;
    const out = plainCopy(lookup);
    out.query = query;
    return out;
  }
  const out = plainCopy(lookup);
  out.include = include;
  return out;
}

/**
 * Fills `place` (relation `relation` of `rows`' entity) from the rows' included rows, and returns
 * them (once each: the next level's parents). Undefined when a row came without them: the place
 * must then be fetched (what was filled is correct, and kept). A row whose foreign key was left out
 * (Include.keysUnused) is not in the place's Map: its resolver reads `row[INCLUDED]` itself.
 */
export function fillFromIncluded(place: RelationPlace, relation: string, rows: readonly Row[]): Row[] | undefined {
  const resolved = place.resolved;
  const out: Row[] = [];
  let unkeyed: Set<Row> | undefined;
  for (const row of rows) {
    const included = row[INCLUDED];
    if (included === undefined) return undefined;
    // One keyed load per row; `in` only for a relation that is absent (never for a null one).
    const target = included[relation];
    if (target === undefined) {
      if (!(relation in included)) return undefined;
      continue;
    }
    if (target === null) continue;
    const key = place.keyOf(row);
    if (key === null) {
      unkeyed ??= new Set();
      if (!unkeyed.has(target)) {
        unkeyed.add(target);
        out.push(target);
      }
      continue;
    }
    const id = place.composite ? loaderCacheKey(key) : key;
    if (!resolved.has(id)) out.push(target);
    resolved.set(id, target);
  }
  return out;
}
