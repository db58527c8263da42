/**
 * Resolving a whole level from one batch (the level prefetch of index.ts): the relation fields of
 * a level are grouped by lookup (target entity, join fields, arguments, selected fields), and each
 * group costs one `loadLevel` call for the keys of every parent row in it, whichever root field's
 * rows came back first. To-one relations folded into their parents' read (fold-includes.ts) are
 * filled from the included rows instead, without a call.
 *
 * A place that cannot be fetched ahead (bad arguments, a datastore error) is left alone: its
 * resolvers then take the DataLoader path and report the error at the right response path.
 */
import { type FieldNode, getArgumentValues, type GraphQLResolveInfo, isObjectType } from 'graphql';
import type { Datastore, Include, Row } from '../../datastore/datastore.js';
import { loadLevel, loaderCacheKey, lookupId, type LoaderKey, type LookupResult, type RelationLookup } from '../../datastore/loaders.js';
import { planOf, type EntityPlan, type ModelPlans, type RelationPlan } from '../entity-plans.js';
import { subfields } from '../subfields.js';
import { fillFromIncluded, foldIncludes, isFoldable, mergeIncludes, withIncludes } from './fold-includes.js';
import type { PlaceFinder, RelationPlace } from './relation-place.js';

function argumentsOf(owner: EntityPlan, rel: RelationPlan, node: FieldNode, info: GraphQLResolveInfo): Record<string, unknown> {
  if (!rel.field.many) return {};
  const type = info.schema.getType(owner.names.type);
  const def = isObjectType(type) ? type.getFields()[rel.field.name] : undefined;
  return def === undefined ? {} : getArgumentValues(def, node, info.variableValues);
}

/**
 * The most parent rows one LevelParent holds: a level's rows are handed on in parts of this many.
 * A longer array is a large object in V8 (its elements over 128 KB, from ~16,000 rows), which a
 * scavenge that finds it alive promotes to the old generation at once; dead there, it still holds
 * every row it refers to alive through each later scavenge until the next full GC, so those rows
 * and everything they reach were promoted too (issue 17, benchmark Q2 at 20,000 employees: 5.5 MB
 * promoted per scavenge with one 20,000-row array, 0.2 MB in parts; the GC cost grew with the
 * square of the data).
 */
export const PART_ROWS = 4096;

/**
 * The rows of `results` (each a row, a list of rows, or none), in parts of PART_ROWS, each
 * allocated at its size. Its values are walked twice (counted, then put): a Map's or an array's,
 * never copied into an array of them all.
 */
function partsOf(results: { values(): Iterable<LookupResult | undefined> }): Row[][] {
  let total = 0;
  for (const r of results.values()) if (r !== undefined && r !== null) total += Array.isArray(r) ? r.length : 1;
  const parts: Row[][] = [];
  let part: Row[] = [];
  let at = 0;
  const put = (row: Row): void => {
    if (at === part.length) {
      part = new Array<Row>(Math.min(PART_ROWS, total));
      total -= part.length;
      parts.push(part);
      at = 0;
    }
    part[at++] = row;
  };
  for (const r of results.values()) {
    if (r === undefined || r === null) continue;
    if (Array.isArray(r)) for (const row of r as readonly Row[]) put(row);
    else put(r);
  }
  return parts;
}

/** Rows of a place whose Map holds its own keys only: every result, once per distinct key, in parts. */
function rowsOf(resolved: Map<LoaderKey, LookupResult>): Row[][] {
  return partsOf(resolved);
}

/** Rows of a place that shares its Map with equal places: the results of its own distinct keys, in parts. */
function rowsOfKeys(resolved: Map<LoaderKey, LookupResult>, own: readonly Member[], composite: boolean): Row[][] {
  const results: LookupResult[] = [];
  const seen = new Set<LoaderKey>();
  for (const m of own) {
    for (const key of m.keys) {
      if (key === null) continue;
      const ck = composite ? loaderCacheKey(key) : key;
      if (seen.has(ck)) continue;
      seen.add(ck);
      const result = resolved.get(ck);
      if (result !== undefined) results.push(result);
    }
  }
  return partsOf(results);
}

/** Rows of `plan`'s entity at the place `path`, whose relations selected in `nodes` are to be fetched. */
export interface LevelParent {
  plan: EntityPlan;
  rows: readonly Row[];
  nodes: readonly FieldNode[];
  path: string;
  info: GraphQLResolveInfo;
}

/** One relation field at one place of a level, and the keys of its parent rows. */
interface Member {
  place: RelationPlace;
  keys: LoaderKey[];
  target: EntityPlan;
  nodes: FieldNode[];
  path: string;
  info: GraphQLResolveInfo;
  /** The to-one relations below this place to read along with its rows (fold-includes.ts). */
  include: Include[] | undefined;
  rel: RelationPlan;
  /** The parent rows, in the order of `keys`. */
  parents: readonly Row[];
}

/** The places of a level that ask for the same lookup: one datastore call for all of them. */
interface Group {
  lookup: RelationLookup;
  members: Member[];
}

/** Fetches one group; returns the parents of the next level (none if the call failed). */
async function loadGroup(datastore: Datastore, places: PlaceFinder, group: Group): Promise<LevelParent[]> {
  const { members } = group;
  const first = members[0]!;
  // Equal places share one Map: each finds its keys in it (a superset of them is harmless).
  const resolved = first.place.resolved;
  let include = first.include;
  for (let i = 1; i < members.length; i++) include = mergeIncludes(include, members[i]!.include);
  try {
    await loadLevel(
      datastore,
      withIncludes(group.lookup, include),
      members.map((m) => m.keys),
      resolved,
    );
  } catch {
    // Left to the resolvers, which report it where it belongs (see the file comment).
    places.unfetched();
    return [];
  }
  // A place's parent rows may come in parts (PART_ROWS): one member per part, one next level per place.
  const byPlace = new Map<RelationPlace, Member[]>();
  for (const m of members) {
    m.place.resolved = resolved;
    places.filled(m.place, m.rel, m.parents);
    const own = byPlace.get(m.place);
    if (own === undefined) byPlace.set(m.place, [m]);
    else own.push(m);
  }
  const next: LevelParent[] = [];
  for (const [place, own] of byPlace) {
    const m = own[0]!;
    const parts = byPlace.size === 1 ? rowsOf(resolved) : rowsOfKeys(resolved, own, place.composite);
    for (const rows of parts) next.push({ plan: m.target, rows, nodes: m.nodes, path: m.path, info: m.info });
  }
  return next;
}

/** True when the selection `nodes` of `plan`'s rows has a relation field: the level below has work. */
function selectsRelations(plan: EntityPlan, nodes: readonly FieldNode[], info: GraphQLResolveInfo): boolean {
  if (plan.relations.size === 0) return false;
  for (const fieldNodes of subfields(nodes, info).values()) if (plan.relations.has(fieldNodes[0]!.name.value)) return true;
  return false;
}

/**
 * Fetches the relation fields selected on one level's parents; returns the next level's parents,
 * at once when the level needs no datastore call (its relations are all folded into the rows).
 */
function prefetchLevel(
  datastore: Datastore,
  places: PlaceFinder,
  plans: ModelPlans,
  level: readonly LevelParent[],
): LevelParent[] | Promise<LevelParent[]> {
  // Groups in the order the operation names them, so that calls are made in a stable order.
  const groups = new Map<string, Group>();
  // Places whose rows came included in their parents' read: the next level, without a call.
  const folded: LevelParent[] = [];
  for (const parent of level) {
    const { plan, rows, info } = parent;
    if (rows.length === 0 || plan.relations.size === 0) continue;
    for (const [key, nodes] of subfields(parent.nodes, info)) {
      const rel = plan.relations.get(nodes[0]!.name.value);
      if (rel === undefined) continue;
      const path = `${parent.path}.${key}`;
      let place: RelationPlace;
      try {
        place = places.placeAt(plans, plan, rel, path, argumentsOf(plan, rel, nodes[0]!, info), nodes, info.fragments);
      } catch {
        places.unfetched();
        continue; // Bad arguments: left to the resolvers.
      }
      const target = planOf(plans, rel.field.target);
      const attached = isFoldable(rel) ? places.attachFolded(rel, rows, selectsRelations(target, nodes, info)) : undefined;
      if (attached !== undefined) {
        if (attached.length > 0) folded.push({ plan: target, rows: attached, nodes, path, info });
        continue;
      }
      const included = isFoldable(rel) ? fillFromIncluded(place, rel.field.name, rows) : undefined;
      if (included !== undefined) {
        places.filled(place, rel, rows);
        folded.push({ plan: target, rows: included, nodes, path, info });
        continue;
      }
      // Not into 1-n lists: there many children share few parents (2,000 employees, 100
      // workspaces), and joining would read and decode each shared row once per child, which
      // measured slower than the separate by-key read it saves (see fold-includes.ts).
      const include = place.lookup.kind === 'byFields' ? undefined : foldIncludes(plans, target, nodes, info);
      const member: Member = { place, keys: rows.map((row) => place.keyOf(row)), target, nodes, path, info, include, rel, parents: rows };
      const id = lookupId(place.lookup);
      const group = groups.get(id);
      if (group === undefined) groups.set(id, { lookup: place.lookup, members: [member] });
      else group.members.push(member);
    }
  }
  return groups.size === 0 ? folded : loadGroups(datastore, places, groups, folded);
}

/** Fetches a level's groups, one datastore call each; returns the next level's parents, the folded ones first. */
async function loadGroups(
  datastore: Datastore,
  places: PlaceFinder,
  groups: Map<string, Group>,
  folded: LevelParent[],
): Promise<LevelParent[]> {
  const loaded =
    groups.size === 1
      ? await loadGroup(datastore, places, groups.values().next().value!)
      : (await Promise.all(Array.from(groups.values(), (g) => loadGroup(datastore, places, g)))).flat();
  return folded.length === 0 ? loaded : [...folded, ...loaded];
}

/**
 * Fetches every relation selected below `parents` (the root fields of one operation, with their
 * rows), level by level: each level waits for the one above, and costs one datastore call per
 * distinct lookup whatever the number of root fields, places and parent rows that ask for it.
 * Levels that need no call (relations folded into the rows above) are filled at once: undefined
 * when no level needed one, so that a query of folded to-ones waits for no promise here.
 */
export function prefetchLevels(
  datastore: Datastore,
  places: PlaceFinder,
  plans: ModelPlans,
  parents: readonly LevelParent[],
): Promise<void> | undefined {
  let level = parents;
  while (level.length > 0) {
    const next = prefetchLevel(datastore, places, plans, level);
    if (!Array.isArray(next)) return prefetchLevelsAfter(datastore, places, plans, next);
    level = next;
  }
  return undefined;
}

/** prefetchLevels once the level that needed a datastore call has its next level (`pending`). */
async function prefetchLevelsAfter(
  datastore: Datastore,
  places: PlaceFinder,
  plans: ModelPlans,
  pending: Promise<LevelParent[]>,
): Promise<void> {
  await prefetchLevels(datastore, places, plans, await pending);
}
