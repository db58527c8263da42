/**
 * What graphql-jit is given. It compiles a document synchronously, on the event loop: 22 levels
 * of doubling fragments (1.2 KB) took 3.4 s, 500 nested hops 4.3 s. Measured on the rainier
 * schema on a loaded 2-core machine (test/graphql/jit-bounds.test.ts prints the figures), its
 * compile time grows with the fields of the operation, fragments expanded: about 0.5 ms per
 * field whatever the shape (40 aliases of a 7-field list, 280 fields: 96 ms; 12 aliases of 14
 * nested hops, 192 fields: 105 ms; 12 levels of doubling fragments, 16,385 fields: 155 ms), and
 * faster than linearly with depth (100 nested hops: 238 ms). An operation of more than
 * JIT_MAX_FIELDS fields or JIT_MAX_DEPTH levels therefore runs on graphql-js instead, which
 * collects each fragment once per object and compiles nothing.
 *
 * Its compiled code also recurses deeper per level than graphql-js: 250 nested levels overflow
 * the stack inside it, in a promise callback that no caller can catch (the request never
 * settles). Operations nested deeper than JIT_MAX_DEPTH fields run on graphql-js too.
 */
import { type DocumentNode, type FragmentDefinitionNode, Kind, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

/**
 * The most fields (fragments expanded) of an operation graphql-jit compiles: compiling this many
 * stays around 100 ms on a loaded machine; the benchmark's queries have 5 to 15.
 */
export const JIT_MAX_FIELDS = 200;

/**
 * The deepest nesting of fields graphql-jit is given: 250 levels overflowed, and compiling takes
 * ~1 ms per level at 24 levels, ~2 ms per level at 100, on a loaded machine.
 */
export const JIT_MAX_DEPTH = 24;

/** True when graphql-jit may compile `operation`: within JIT_MAX_FIELDS fields and JIT_MAX_DEPTH levels. */
export function fitsJit(document: DocumentNode, operation: OperationDefinitionNode): boolean {
  return expandedFieldCount(document, operation) <= JIT_MAX_FIELDS && fieldDepth(operation.selectionSet, document) <= JIT_MAX_DEPTH;
}

/** The deepest nesting of fields below `set`, through fragments (each measured once); stops past JIT_MAX_DEPTH. */
function fieldDepth(set: SelectionSetNode, document: DocumentNode): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const memo = new Map<string, number>();
  const depth = (s: SelectionSetNode, level: number): number => {
    if (level > JIT_MAX_DEPTH) return level;
    let deepest = 0;
    for (const sel of s.selections) {
      let d: number;
      if (sel.kind === Kind.FIELD) d = 1 + (sel.selectionSet === undefined ? 0 : depth(sel.selectionSet, level + 1));
      else if (sel.kind === Kind.INLINE_FRAGMENT) d = depth(sel.selectionSet, level);
      else {
        const name = sel.name.value;
        let m = memo.get(name);
        if (m === undefined) {
          const definition = fragments.get(name);
          // Set before measuring: a cycle (refused by validation) then counts nothing.
          memo.set(name, 0);
          m = definition === undefined ? 0 : depth(definition.selectionSet, level);
          memo.set(name, m);
        }
        d = m;
      }
      deepest = Math.max(deepest, d);
    }
    return deepest;
  };
  return depth(set, 0);
}

/**
 * The fields of `operation` with every fragment spread expanded, counted without expanding them:
 * each fragment is counted once and its count reused. Stops at `bound + 1`.
 */
export function expandedFieldCount(document: DocumentNode, operation: OperationDefinitionNode, bound = JIT_MAX_FIELDS): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const memo = new Map<string, number>();
  const inProgress = new Set<string>();
  const count = (set: SelectionSetNode): number => {
    let n = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) n += 1 + (s.selectionSet === undefined ? 0 : count(s.selectionSet));
      else if (s.kind === Kind.INLINE_FRAGMENT) n += count(s.selectionSet);
      else {
        const name = s.name.value;
        let m = memo.get(name);
        if (m === undefined) {
          const definition = fragments.get(name);
          // A cycle or an unknown fragment: validation refuses the document before it gets here.
          if (definition === undefined || inProgress.has(name)) continue;
          inProgress.add(name);
          m = count(definition.selectionSet);
          inProgress.delete(name);
          memo.set(name, m);
        }
        n += m;
      }
      if (n > bound) return bound + 1;
    }
    return n;
  };
  return count(operation.selectionSet);
}
