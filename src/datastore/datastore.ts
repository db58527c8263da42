/**
 * The storage contract: the only way the GraphQL layer and the generated client touch data.
 * Batch-first (DataLoader's contract): a batched read returns exactly one result per input, in
 * input order. Rows hold canonical values (see model/values.ts) keyed by field name.
 *
 * Behaviour every backend shares (the conformance suite in test/datastore asserts it):
 * - ordering: the requested sort, then the key fields ascending as tie-breakers; NULLs sort
 *   first ascending and last descending (MySQL's order); enums by declaration order; strings by
 *   code point (a binary collation).
 * - filters use SQL's three-valued logic: a comparison with NULL is unknown, NOT(unknown) is
 *   unknown, and only rows whose filter is true are returned.
 * - writes enforce keys, 1-1 uniqueness, foreign-key existence and restrict-on-delete, and are
 *   atomic; errors are the PersistError subclasses of src/errors.ts with identical messages.
 */
import type { Value } from '../model/values.js';

export type { Value };
/**
 * Where a read with `include` puts the related rows: `row[INCLUDED]` maps each included relation
 * field to its row (null when the foreign key is null, or the row is outside the include's
 * `where`). A symbol, so that it is no stored field: `Object.keys(row)` and field lookups see only
 * the stored fields.
 */
export const INCLUDED: unique symbol = Symbol('persist.included');

/** A stored row: canonical values by field name, plus the included relations' rows if asked for. */
export interface Row {
  [field: string]: Value;
  [INCLUDED]?: IncludedRows;
}

/** The rows of the relations included in a read, by relation field name. */
export type IncludedRows = Record<string, Row | null>;

/**
 * An owner-side to-one relation read along with each row, in the same call (for MySQL, the same
 * statement): the relation field on the entity that holds the foreign key (`Employee.department`).
 * Including never changes which rows a read returns, nor their order; it adds the relation's
 * foreign-key fields to the fields returned. An included row is shared by the parent rows of one
 * call that refer to it (the department of a hundred employees is one object): treat included
 * rows as read-only. They are never shared with the store or with other calls.
 */
export interface Include {
  /** The relation field, on the side holding the foreign key. */
  relation: string;
  /** The related entity's fields to return, as ListQuery.select (its key fields always come too). */
  select?: readonly string[] | undefined;
  /** The related entity's own owner-side relations to include in turn. */
  include?: readonly Include[] | undefined;
  /**
   * A filter over the related entity: a related row that does not match is included as null (the
   * parent row is still returned, as when the foreign key is null), and so are its own includes.
   */
  where?: Filter | undefined;
  /**
   * True when the caller takes the related row from `row[INCLUDED]` alone and needs neither this
   * relation's foreign-key fields on the parent row nor the related row's key fields (the `select`
   * lists may still name them, for a datastore that does not include the row and the caller then
   * matches by key): a datastore that includes the related row may leave both out, and then shares
   * it between parents only when it reads its key. MySQL then selects neither column.
   */
  keysUnused?: boolean | undefined;
}
/** Values of several fields, in the order of the fields they are matched against. */
export type Tuple = readonly Value[];

export type CompareOp = 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte';
export type StringOp = 'contains' | 'startsWith' | 'endsWith';

/**
 * How a relation condition quantifies over the related rows: `some` holds when at least one
 * related row matches, `none` when none does, `every` when none fails (a related row fails when
 * its filter is not TRUE: FALSE or UNKNOWN), so `every` holds for a row without related rows.
 */
export type Quantifier = 'some' | 'every' | 'none';

/**
 * A condition on the rows related through one relation field of the filtered entity
 * (`Department.employees`, `Employee.department`, either side of a 1-1): their filter is over the
 * related entity, and may nest relation conditions in turn. A relation condition is TRUE or FALSE,
 * never UNKNOWN, whatever NULLs the related rows hold (SQL's EXISTS). Related rows are those whose
 * join fields equal this row's (a NULL foreign key relates to nothing). A to-one field has at
 * most one related row: `some` means "has one and it matches" (`{ kind: 'and', filters: [] }` as
 * the filter: "has one").
 */
export interface RelationFilter {
  kind: 'relation';
  /** The relation field of the filtered entity. */
  field: string;
  quantifier: Quantifier;
  filter: Filter;
  /**
   * Only related rows matching it (TRUE) take part at all, for every quantifier: a related row
   * outside it is as if absent. Role permissions put the related entity's select filter here.
   */
  scope?: Filter | undefined;
}

/** A filter over one entity's stored fields, and over its related rows (RelationFilter). */
export type Filter =
  | { kind: 'and'; filters: Filter[] }
  | { kind: 'or'; filters: Filter[] }
  | { kind: 'not'; filter: Filter }
  | { kind: 'compare'; field: string; op: CompareOp; value: Exclude<Value, null> }
  | { kind: 'in'; field: string; values: Exclude<Value, null>[]; negate: boolean }
  | { kind: 'isNull'; field: string; isNull: boolean }
  | { kind: 'string'; field: string; op: StringOp; value: string }
  | RelationFilter;

/**
 * One step of a sort path: an owner-side to-one relation field (the entity holding the foreign
 * key: `Employee.department`, not `Department.employees`), and optionally which related rows may
 * be followed (role permissions: a related row outside it sorts as if the foreign key were NULL).
 */
export interface SortStep {
  relation: string;
  where?: Filter | undefined;
}

/**
 * Sorts by `field`; with `path`, by the field of the row reached by following the to-one
 * relations of the path in turn from the sorted row (`{ path: [{ relation: 'department' }],
 * field: 'deptName' }`). Where the path reaches no row (a NULL foreign key, or a row outside a
 * step's `where`) the value is NULL and sorts as NULL does.
 */
export interface SortSpec {
  field: string;
  direction: 'ASC' | 'DESC';
  path?: readonly SortStep[] | undefined;
}

/** What a read by key returns: the fields asked for and the relations read along (see Include). */
export interface KeyQuery {
  /**
   * The stored fields the caller needs. A backend may fetch only these (plus the key fields and
   * the fields it matches on, which are always returned); undefined means all fields.
   */
  select?: readonly string[];
  /** Owner-side to-one relations to read along with each row (see Include). */
  include?: readonly Include[];
  /** Only rows matching it are returned: by key, a row that does not match is null, as if absent. */
  where?: Filter;
}

/** A read of many rows: a KeyQuery's fields, includes and filter, plus order and paging. */
export interface ListQuery extends KeyQuery {
  /** Applied first; the key fields ascending always follow as tie-breakers. */
  orderBy?: readonly SortSpec[];
  limit?: number;
  offset?: number;
}

/** What an aggregate read computes per group: the rows' `count`, or one function of a field's non-null values. */
export type Aggregate = { fn: 'count' } | { fn: 'sum' | 'avg' | 'min' | 'max'; field: string };

/**
 * A condition on a group's aggregates (`having`), with the three-valued logic of Filter: a
 * comparison with a null aggregate (the sum of no values) is unknown. Operands have the
 * aggregate's value type (see AggregateQuery.aggregates).
 */
export type GroupFilter =
  | { kind: 'and'; filters: GroupFilter[] }
  | { kind: 'or'; filters: GroupFilter[] }
  | { kind: 'not'; filter: GroupFilter }
  | { kind: 'compare'; aggregate: Aggregate; op: CompareOp; value: Exclude<Value, null> }
  | { kind: 'in'; aggregate: Aggregate; values: Exclude<Value, null>[]; negate: boolean }
  | { kind: 'isNull'; aggregate: Aggregate; isNull: boolean }
  | { kind: 'string'; aggregate: Aggregate; op: StringOp; value: string };

/** A sort of groups: by a grouped field, or by an aggregate (nulls first ascending, as rows sort). */
export type GroupSortSpec = { field: string; direction: 'ASC' | 'DESC' } | { aggregate: Aggregate; direction: 'ASC' | 'DESC' };

/**
 * An aggregate read. Value types: `count` an integer; `sum`/`avg` of int and float fields a
 * float; of decimal fields an exact canonical decimal (avg rounded half away from zero to the
 * field's scale + 4 fractional digits, MySQL's DECIMAL division); `min`/`max` the field's own
 * (enums by declaration order). Over no values every function but `count` is null.
 */
export interface AggregateQuery {
  /** What each group returns, in this order (Group.values). */
  aggregates: readonly Aggregate[];
  /** Only rows matching it are aggregated. */
  where?: Filter;
  /**
   * Fields whose values make the groups (NULL is one group), one group per distinct tuple among
   * the rows. Absent or empty: one group of all the rows, even of none. having, orderBy, limit
   * and offset need groupBy.
   */
  groupBy?: readonly string[];
  having?: GroupFilter;
  /** Applied first; the groupBy fields ascending always follow as tie-breakers. */
  orderBy?: readonly GroupSortSpec[];
  limit?: number;
  offset?: number;
  /**
   * Aggregate per parent, as getByFields reads rows per parent: the result has one list of
   * groups per tuple of `values`, over the rows whose `fields` equal it (grouping, having and
   * paging per tuple). Absent: one list, over every row.
   */
  per?: { fields: readonly string[]; values: readonly Tuple[] };
}

/** One group of an aggregate read. */
export interface Group {
  /** The group's values of the groupBy fields, by field name. */
  fields: Row;
  /** One value per AggregateQuery.aggregates, in order. */
  values: Value[];
}

/**
 * A keyset page (Relay connection) of rows: the rows in the ListQuery order (the requested sort,
 * then the key ascending) strictly after `after` and strictly before `before`, of which the first
 * `first` or the last `last` (at most one of them; neither: all). A cursor tuple holds one value
 * per `orderBy` spec (a path's value as it sorts, NULL where the path reaches no row), then the
 * key fields (Page.cursors hands them out), so a cursor stays valid while rows are inserted or
 * deleted. With `per`, one page per tuple, over the rows whose `fields` equal it (as getByFields).
 */
export interface ConnectionQuery extends KeyQuery {
  orderBy?: readonly SortSpec[];
  first?: number;
  last?: number;
  after?: Tuple;
  before?: Tuple;
  per?: { fields: readonly string[]; values: readonly Tuple[] };
  /**
   * The facts of each Page the caller reads (a GraphQL document's `pageInfo` and `totalCount`
   * selections); absent: all of them. Each Page holds exactly these, so that a backend need not
   * compute the others (over MySQL a neighbour check or the total is a subquery of its own).
   */
  facts?: readonly PageFact[];
}

/** What a Page tells besides its rows (see Page). */
export type PageFact = 'hasPreviousPage' | 'hasNextPage' | 'totalCount';

/**
 * One page. `hasPreviousPage` / `hasNextPage`: a row matching `where` comes before the page's
 * first row / after its last one, whatever the cursors (for an empty page: before / after the
 * place it would start). `totalCount`: the rows matching `where`, whatever the cursors and sizes.
 * Each of the three is present exactly when the query's `facts` ask for it.
 */
export interface Page {
  rows: Row[];
  /** Each row's cursor tuple (see ConnectionQuery), in order. */
  cursors: Tuple[];
  hasPreviousPage?: boolean;
  hasNextPage?: boolean;
  totalCount?: number;
}

/**
 * A condition an update or delete must meet: a row that does not match `where` is treated as
 * absent (NotFoundError with the absent row's message) and nothing changes. Checked on the row as
 * stored, in the write's own transaction (MySQL: the row is read and locked with it).
 */
export interface WriteGuard {
  where?: Filter | undefined;
}

/** What the caller of a write knows of the rest of the transaction it runs in (Datastore.insert, updateWhere). */
export interface WriteOptions {
  /**
   * The write is the only change of the transaction its handle belongs to, and nothing of that
   * transaction's work that follows it can fail (it reads nothing more): a backend may make it
   * durable on its own, before the transaction ends (MySQL: rows that fit one INSERT go
   * autocommitted, without START TRANSACTION and COMMIT; an updateWhere that is the transaction's
   * first statement commits as soon as it is done, so that its rows' locks are released before
   * its caller builds anything of the answer). A later write through the same handle is a
   * programming error. A write outside a transaction is alone whatever this says.
   */
  alone?: boolean | undefined;
}

export interface Datastore {
  /**
   * Rows by identity: one result per key (key fields in the entity's key order), null when absent;
   * with `query.include`, each row carries the included relations' rows (see Include).
   */
  getByKeys(entity: string, keys: readonly Tuple[], query?: KeyQuery): Promise<(Row | null)[]>;
  /**
   * Rows of many groups at once, typically the children of many parents: for each tuple in
   * `values`, the rows whose `fields` equal it, with where/order/limit/offset applied per group.
   * Returns one array per tuple, in order.
   */
  getByFields(entity: string, fields: readonly string[], values: readonly Tuple[], query?: ListQuery): Promise<Row[][]>;
  /** Filtered, sorted, paged rows of one entity. */
  list(entity: string, query?: ListQuery): Promise<Row[]>;
  /**
   * Aggregates of rows, optionally grouped, for many parents at once (see AggregateQuery): one
   * list of groups per `query.per` tuple, in order, or one list without `per`.
   */
  aggregate(entity: string, query: AggregateQuery): Promise<Group[][]>;
  /** Keyset pages (see ConnectionQuery): one page per `query.per` tuple, in order, or one without `per`. */
  connection(entity: string, query: ConnectionQuery): Promise<Page[]>;
  /** Inserts all rows or none; returns the stored rows (with generated keys) in input order. */
  insert(entity: string, rows: readonly Row[], options?: WriteOptions): Promise<Row[]>;
  /**
   * Sets the given non-key fields of one row; returns the row as updated. NotFoundError when
   * absent or outside `guard.where`.
   */
  update(entity: string, key: Tuple, patch: Row, guard?: WriteGuard): Promise<Row>;
  /** Deletes one row; returns it as it was. NotFoundError when absent or outside `guard.where`. */
  delete(entity: string, key: Tuple, guard?: WriteGuard): Promise<Row>;
  /**
   * Inserts each row, or, when a stored row (or an earlier row of the batch) has its key, sets
   * those of `updateFields` that the input row gives (own properties) on it; rows in input order,
   * all or none. Returns the rows as stored, in input order. `updateFields` naming a key field or
   * an unknown one is BAD_USER_INPUT. Any other conflict (a unique index, a 1-1 owner) is
   * ALREADY_EXISTS, never turned into an update; a missing parent FOREIGN_KEY_VIOLATION.
   * Concurrent upserts of the same keys end with one row per key (MySQL: under locks).
   */
  upsert(entity: string, rows: readonly Row[], updateFields: readonly string[]): Promise<Row[]>;
  /**
   * Sets the patch's fields on every row matching `filter`; returns the rows as updated, in key
   * order. More than `maxAffected` matching rows: BAD_USER_INPUT naming the limit, nothing changes.
   * Every check of `update` applies to each row; the first failing row's error is the answer.
   */
  updateWhere(entity: string, filter: Filter, patch: Row, maxAffected: number, options?: WriteOptions): Promise<Row[]>;
  /**
   * Deletes every row matching `filter`; returns them as they were, in key order. More than
   * `maxAffected`: BAD_USER_INPUT naming the limit; a row still referred to (restrict on delete,
   * children that are not deleted with it): FOREIGN_KEY_VIOLATION. Either way nothing changes.
   */
  deleteWhere(entity: string, filter: Filter, maxAffected: number): Promise<Row[]>;
  /**
   * Runs `work` atomically: everything it did through `tx` is kept, or nothing if it throws. A
   * backend may run `work` again from its start when the database aborted the transaction for a
   * passing reason (MySQL: a deadlock or lock wait timeout), so `work` should act on data only
   * through `tx`. Called on a transaction's handle it is a savepoint: when its work throws, what
   * that work did is undone and the outer transaction goes on (do not run other work of the same
   * transaction concurrently with it).
   */
  transaction<T>(work: (tx: Datastore) => Promise<T>): Promise<T>;
  /** Resolves when the backend answers (health checks). */
  ping(): Promise<void>;
  /**
   * The connection pool's figures now, for a backend that keeps one (the server's `/metrics`);
   * absent for a backend without a pool.
   */
  poolStats?(): PoolStats;
  close(): Promise<void>;
}

/** A connection pool's figures at one moment. */
export interface PoolStats {
  /** Connections held by statements or transactions. */
  inUse: number;
  /** Connections open and free. */
  idle: number;
  /** Requests waiting for a connection. */
  queued: number;
  /** Connections the pool opens at most. */
  limit: number;
}
