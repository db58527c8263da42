/**
 * Relations attached to their parent rows: how a query whose relations are all prefetched runs
 * without a resolver call per row and relation (see index.ts for the prefetch itself).
 *
 * graphql-jit calls a field's resolver through a generic path: per parent row it builds a resolve
 * info object and its response path, an arguments object and three closures, then hands the result
 * to a handler function (about 350 bytes and a dozen calls per relation and row: benchmark Q2 makes
 * 4,020 such calls per request). A field without a resolver is instead read inline, as
 * `parent.field`, in the object literal graphql-jit compiles for its parent.
 *
 * So a query whose every relation field sits at a place the level prefetch fetches is compiled
 * with its relation fields' resolvers left out (`compileAttached`), and each place, once its results
 * are in, stores on each of its parent rows, under the relation's field name, exactly what the
 * relation resolver would have answered from the place's Map (`attachPlace`). Parent rows are the
 * request's own (every datastore builds the rows it returns; the in-memory store copies them out).
 *
 * Which queries (`isAttachable`, decided once per document): every root field is an entity list or
 * by-key read (the root fields that join the prefetch round) and below them every field is a
 * stored field, `__typename`, a leaf with a resolver (the global id), or a relation field, whose
 * selection obeys the same rule; no `@skip`/`@include` (the prefetch and graphql-jit would then both
 * have to apply them alike); no relation under two response keys of one selection (one row
 * property cannot hold two answers). Anything else (aggregates, connections, `node`) runs as before.
 *
 * When a place cannot be attached at run time (its arguments are bad, its datastore call failed,
 * a row reached from two places would need two different answers, or a result is missing) the
 * prefetch is marked incomplete and the root fields fail: the run reports an error, and the
 * request pipeline runs the operation again with graphql-js in fresh request state (its retry
 * rule), which answers it through the resolvers. A relation is thus never left unattached while the
 * compiled code reads it.
 */
import {
  type DocumentNode,
  type ExecutionResult,
  type FragmentDefinitionNode,
  getNamedType,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
  type GraphQLSchema,
  isLeafType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  OperationTypeNode,
  type SelectionSetNode,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery, type CompilerOptions } from 'graphql-jit';
import { INCLUDED, type Row } from '../../datastore/datastore.js';
import { loaderCacheKey, type LookupResult } from '../../datastore/loaders.js';
import type { RelationPlace } from './relation-place.js';

// What this needs of the request context (request-context.ts, which imports the prefetch: not imported here).
interface AttachingContext {
  persist: { prefetch: { attachRelations(written?: boolean): void } };
}

type AnyResolver = GraphQLFieldResolver<unknown, unknown>;

// The resolvers that take part: root reads that join the prefetch round, and relation fields.
const prefetchRoots = new WeakSet<object>();
const relationFields = new WeakSet<object>();

/** Marks `resolver` as a root read whose relations the level prefetch fetches (root-resolvers.ts). */
export function markPrefetchRoot<R extends object>(resolver: R): R {
  prefetchRoots.add(resolver);
  return resolver;
}

/** Marks `resolver` as a relation resolver answering from its place (relation-resolvers.ts). */
export function markRelationField<R extends object>(resolver: R): R {
  relationFields.add(resolver);
  return resolver;
}

/** True for a relation field answering from its place (attached to rows when the query is attachable). */
export function isRelationField(field: GraphQLField<unknown, unknown> | undefined): boolean {
  return field?.resolve !== undefined && relationFields.has(field.resolve);
}

/** Walks one entity selection (fragments merged into it); false at the first field outside the rule. */
function selectionFits(
  type: GraphQLObjectType,
  set: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  relationKeys: Map<string, string>,
  seen: Set<string>,
): boolean {
  for (const selection of set.selections) {
    if (selection.directives !== undefined && selection.directives.length > 0) return false;
    if (selection.kind === Kind.FIELD) {
      const name = selection.name.value;
      if (name === '__typename') continue;
      const field = type.getFields()[name];
      if (field === undefined) return false;
      if (isRelationField(field)) {
        const key = selection.alias?.value ?? name;
        const other = relationKeys.get(name);
        if (other !== undefined && other !== key) return false;
        relationKeys.set(name, key);
        const target = getNamedType(field.type);
        if (!isObjectType(target) || selection.selectionSet === undefined) return false;
        if (!selectionFits(target, selection.selectionSet, fragments, new Map(), new Set())) return false;
      } else if (!isLeafType(getNamedType(field.type))) return false;
      continue;
    }
    const condition =
      selection.kind === Kind.INLINE_FRAGMENT ? selection.typeCondition : fragments.get(selection.name.value)?.typeCondition;
    // Only fragments on the entity's own type (or none): any other condition is left to the resolvers.
    if (condition !== undefined && condition.name.value !== type.name) return false;
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (!selectionFits(type, selection.selectionSet, fragments, relationKeys, seen)) return false;
      continue;
    }
    const fragment = fragments.get(selection.name.value);
    if (fragment === undefined) return false;
    if (seen.has(fragment.name.value)) continue;
    seen.add(fragment.name.value);
    if (!selectionFits(type, fragment.selectionSet, fragments, relationKeys, seen)) return false;
  }
  return true;
}

/** True when `operation` of `document` may run with its relations attached (see the file comment). */
export function isAttachable(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): boolean {
  if (operation.operation !== OperationTypeNode.QUERY) return false;
  const query = schema.getQueryType();
  if (query === null || query === undefined) return false;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  let roots = 0;
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || (selection.directives !== undefined && selection.directives.length > 0)) return false;
    if (selection.name.value === '__typename') continue;
    const field = query.getFields()[selection.name.value];
    if (field?.resolve === undefined || !prefetchRoots.has(field.resolve)) return false;
    const target = getNamedType(field.type);
    if (!isObjectType(target) || selection.selectionSet === undefined) return false;
    if (!selectionFits(target, selection.selectionSet, fragments, new Map(), new Set())) return false;
    roots++;
  }
  return roots > 0;
}

/**
 * `document` compiled with the relation fields' resolvers left out, so that graphql-jit reads them
 * as row properties, and a query function that puts the request's prefetch in attach mode. The
 * schema's relation fields are without their resolvers only while graphql-jit compiles, which it
 * does synchronously: no execution can see them so.
 */
export function compileAttached(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  options: Partial<CompilerOptions>,
): CompiledQuery | ExecutionResult {
  const taken: [GraphQLField<unknown, unknown>, AnyResolver][] = [];
  let compiled: CompiledQuery | ExecutionResult;
  try {
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type)) continue;
      for (const field of Object.values(type.getFields())) {
        if (field.resolve !== undefined && relationFields.has(field.resolve)) {
          taken.push([field, field.resolve]);
          (field as { resolve?: AnyResolver | undefined }).resolve = undefined;
        }
      }
    }
    compiled = compileQuery(schema, document, operationName, options);
  } finally {
    for (const [field, resolve] of taken) field.resolve = resolve;
  }
  if (!isCompiledQuery(compiled)) return compiled;
  const run = compiled.query;
  return {
    ...compiled,
    query: (root, context, variables) => {
      (context as AttachingContext).persist.prefetch.attachRelations();
      return run(root, context, variables);
    },
  };
}

/**
 * attachPlace for a folded relation (fold-includes.ts), in one pass over the parent rows and
 * without the place's Map (nothing reads it in attach mode: the compiled query and the written
 * answer read the rows): stores on each row its included row (or null), as attachPlace would, and
 * returns the included rows once each (the next level's parents; by identity, so that every row
 * object a parent holds has its own relations attached below). Undefined when a row came without
 * its included rows, or with the relation's entry undefined: then the caller fills the place as
 * before (what was stored here is what attachPlace stores then). `collect` false (nothing below
 * them is a relation): none are returned. False when a row already holds
 * another answer for the relation (reached from two places).
 *
 * `store` false (a written answer, whose writer reads a to-one relation from `row[INCLUDED]`
 * first, answer-writer.ts): only checks that every row has its included row, and collects them;
 * nothing is stored on the rows (no property added to each parent row).
 */
export function attachIncluded(name: string, rows: readonly Row[], collect: boolean, store = true): Row[] | undefined | false {
  const out: Row[] = [];
  let seen: Set<Row> | undefined;
  let last: Row | undefined;
  for (const row of rows) {
    const included = row[INCLUDED];
    if (included === undefined) return undefined;
    const target = included[name];
    if (target === undefined) return undefined;
    if (store) {
      const slots = row as unknown as Record<string, unknown>;
      const held = slots[name];
      if (held !== undefined && held !== target) return false;
      slots[name] = target;
    }
    // Consecutive parents often share their related row: the Set only for a new one.
    if (!collect || target === null || target === last) continue;
    last = target;
    seen ??= new Set();
    if (seen.has(target)) continue;
    seen.add(target);
    out.push(target);
  }
  return out;
}

const NO_ROWS: readonly Row[] = Object.freeze([]);

/**
 * Stores on each of `rows` (the parent rows of `place`) what the resolver of relation `name` would
 * answer for it from the place's Map. False when a row cannot be given its answer: a result is
 * missing, or the row already holds another answer for the relation (it is reached from two places).
 */
export function attachPlace(place: RelationPlace, name: string, many: boolean, rows: readonly Row[]): boolean {
  const empty: LookupResult | readonly Row[] = many ? NO_ROWS : null;
  const resolved = place.resolved;
  for (const row of rows) {
    // A folded relation's row came with its parent, possibly without the foreign key to match it
    // by (Include.keysUnused): the relation resolver reads it from there first, and so does this.
    const joined = many ? undefined : row[INCLUDED]?.[name];
    const key = joined === undefined ? place.keyOf(row) : null;
    let value: LookupResult | readonly Row[] | undefined = joined ?? empty;
    if (key !== null) {
      value = resolved.get(place.composite ? loaderCacheKey(key) : key);
      if (value === undefined) return false;
    }
    const slots = row as unknown as Record<string, unknown>;
    const held = slots[name];
    if (held !== undefined && held !== value) return false;
    slots[name] = value;
  }
  return true;
}
