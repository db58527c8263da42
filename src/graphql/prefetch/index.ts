/**
 * The prefetch: how the relation fields of one operation are fetched a whole level at a time,
 * ahead of the executor, so that their resolvers answer from memory. The file headers of this
 * folder point here.
 *
 * **Places.** A relation field at one place of the operation (`departments.employees`,
 * `departments.employees.workspace`; the response path without list indices) is one
 * RelationPlace (relation-place.ts): its lookup (target entity, join fields, list arguments,
 * selected fields), how to read a parent row's key, and a Map of results by key. Every parent row
 * at a place shares it.
 *
 * **Rounds.** Each root field fetches its own rows, and they come back whenever their datastore
 * calls finish; if each then fetched the levels below it alone, `a: employee(…) { department }` and
 * `b: employee(…) { department }` would cost a call each, or one, depending on timing. Instead the
 * root fields of a query join one round (prefetch-round.ts); when the last of them has its rows,
 * the round fetches each level below all of them at once, and only then does every root field hand
 * its rows to the executor. The number of datastore calls is thus a function of the operation and
 * the data, never of timing.
 *
 * **Levels.** The level prefetch (level-prefetch.ts) walks the selections below the round's rows,
 * level by level: the places of a level are grouped by lookup, and each group costs one
 * `loadLevel` call (datastore/loaders.ts) for the keys of every parent row in it; the results wait
 * in the places' Maps. To-one relations on the side holding the foreign key cost no call at all:
 * the read of their parents asks for them as an `include` (fold-includes.ts; MySQL answers with a
 * JOIN), and their places are filled from the included rows when their level comes.
 *
 * **Resolvers.** A relation resolver finds its place (by the executor's field-node list, the same
 * for every parent row) and answers synchronously from its Map: no promise, DataLoader entry or
 * microtask per row, which is where a naive DataLoader server spends its time. A place that could
 * not be fetched ahead (bad arguments, a datastore error) is left empty; its resolvers then go
 * through the request's DataLoader for the lookup, which still costs one call per level and reports
 * the error at the right response path.
 *
 * **Attached.** A query whose every relation field sits at a place fetched this way is compiled
 * without the relation resolvers (attached-relations.ts): each place stores its answers on its
 * parent rows, and graphql-jit reads them as properties, with no resolver call per row. A place
 * that cannot be attached makes the run fail, and graphql-js runs the query again.
 *
 * **Ownership.** One RequestPrefetch per request (request-prefetch.ts) owns the places and the
 * open round; nothing else writes them. The places' result Maps are filled only by the level
 * prefetch its rounds run, and only read by the resolvers.
 */
export { compileAttached, isAttachable, isRelationField, markPrefetchRoot, markRelationField } from './attached-relations.js';
export { foldIncludes } from './fold-includes.js';
export { placePath, type RelationPlace } from './relation-place.js';
export type { RoundTicket } from './prefetch-round.js';
export { RequestPrefetch } from './request-prefetch.js';
