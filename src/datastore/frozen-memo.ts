/**
 * What is derived from frozen lists, kept per list: a read plan that every request of a document
 * shares (graphql/read-plan-cache.ts) is frozen, so anything computed from its `select` and
 * `include` lists (a loader id, a statement's shape, a role's restricted includes) is the same for
 * every request and is computed once. Kept in nested WeakMaps: a value leaves with its lists.
 * A list that is not frozen (the TypeScript client's plain arrays) may change between calls, so
 * what is derived from it is made afresh every time and kept nowhere.
 */

const NONE = {};

type Level = WeakMap<object, unknown>;

/** Values per anchor object (an entity's SQL facts, a role's filters) and a fixed number of lists. */
export class FrozenMemo<V> {
  private readonly root: Level = new WeakMap();

  /**
   * The value of `anchor` and `lists` (undefined entries allowed), made by `make` the first time
   * when every list is frozen, and kept; made by `make` on every call otherwise. Every caller of
   * one memo passes the same number of lists.
   */
  get(anchor: object, lists: readonly (object | undefined)[], make: () => V): V {
    for (const list of lists) if (list !== undefined && !Object.isFrozen(list)) return make();
    let level = this.root;
    let key = anchor;
    for (const list of lists) {
      let next = level.get(key) as Level | undefined;
      if (next === undefined) level.set(key, (next = new WeakMap()));
      level = next;
      key = list ?? NONE;
    }
    if (level.has(key)) return level.get(key) as V;
    const value = make();
    level.set(key, value);
    return value;
  }
}
