/**
 * The five operations of the seed's client (§3.2) for one entity: get (a stream), get by key,
 * post, put and delete. Generic over the schema description that `types.ts` declares, so the
 * generated client is only a list of typed accessors. Each read creates its own loaders (the
 * gateway's per-request rule): a cache shared between reads would serve stale rows after writes.
 */
import { formatKey, NotFoundError } from '../errors.js';
import { createLoaders } from '../datastore/loaders.js';
import type { EntityIR } from '../model/ir.js';
import { getEntity } from '../model/model-helpers.js';
import { aggregateRows, groupRows } from './aggregate-reads.js';
export type { ClientContext } from './client-context.js';
import type { AggregateOptions, AggregateResult, GroupByOptions, GroupResult } from './aggregate-types.js';
import type { ClientContext } from './client-context.js';
import { deleteRows, postRows, updateRows, upsertRows } from './entity-writes.js';
import { asRecord, asRow, badInput, keyOf, keyTuple } from './input-values.js';
import { readSelection } from './read-selection.js';
import { RowStream } from './row-stream.js';
import { pageQuery, ROW_PAGE_FACTS, RowPages } from './row-pages.js';
import type { ConnectionQuery } from '../datastore/datastore.js';
import { planSelection } from './selection-plan.js';
import type { EntityName, GetByKeyOptions, GetOptions, PagesOptions, ResultOrRow, SchemaInfo, Select } from './selection-types.js';
import { toListQuery } from './to-datastore-query.js';

/** The fields `upsert` may update: the non-key fields (a key identifies the row to update). */
export type UpsertField<S extends SchemaInfo, E extends EntityName<S>> = keyof S[E]['update'] & string;

/** The options of `upsert`. */
export interface UpsertOptions<S extends SchemaInfo, E extends EntityName<S>> {
  /** The fields set on a stored row with the key; default: every non-key field the input row gives. */
  update?: readonly UpsertField<S, E>[];
}

/** The operations on the entity `E` (`client.employees`). */
export class EntityAccessor<S extends SchemaInfo, E extends EntityName<S>> {
  private readonly entity: EntityIR;

  constructor(
    private readonly context: ClientContext,
    entityName: E,
  ) {
    this.entity = getEntity(context.model, entityName);
  }

  /**
   * Rows matching `where`, sorted by `orderBy` (then the key ascending), paged by `limit` and
   * `offset`; each shaped by `select` (every stored field when omitted). Nothing is read until
   * the stream is iterated.
   */
  get<Sel extends Select<S, E> | undefined = undefined>(options?: GetOptions<S, E, Sel>): RowStream<ResultOrRow<S, E, Sel>> {
    const { model, datastore } = this.context;
    const args = options === undefined ? {} : asRecord(options, `The options of '${this.entity.name}' get`);
    const plan = this.planRead(args);
    const query = toListQuery(model, this.entity, args);
    return new RowStream(async () => {
      const rows = await datastore.list(this.entity.name, { ...query, select: plan.fetch });
      return (await readSelection(createLoaders(datastore), plan, rows)) as ResultOrRow<S, E, Sel>[];
    });
  }

  /** The selection plan of a read, its where and orderBy checked against the role: before the first read, so that a malformed request fails at the call site. */
  private planRead(args: Record<string, unknown>): ReturnType<typeof planSelection> {
    const { model, role } = this.context;
    const plan = planSelection(model, this.entity, args['select'], role);
    role?.checkWhere(this.entity, args['where']);
    if (args['orderBy'] !== undefined) role?.checkOrderBy(this.entity, args['orderBy']);
    return plan;
  }

  /**
   * The rows of `get` in pages of `first` (a positive integer), read one page at a time after the
   * previous page's last row (keyset paging: rows written between pages are neither skipped nor
   * repeated). Nothing is read until the pages are iterated.
   */
  pages<Sel extends Select<S, E> | undefined = undefined>(options: PagesOptions<S, E, Sel>): RowPages<ResultOrRow<S, E, Sel>> {
    const { model, datastore } = this.context;
    const args = asRecord(options, `The options of '${this.entity.name}' pages`);
    const first = args['first'];
    if (typeof first !== 'number' || !Number.isInteger(first) || first < 1)
      throw badInput(`The page size 'first' of '${this.entity.name}' pages must be a positive integer, got ${String(first)}.`);
    const plan = this.planRead(args);
    const { where, orderBy } = toListQuery(model, this.entity, { where: args.where, orderBy: args.orderBy });
    const base: ConnectionQuery = {
      first,
      select: plan.fetch,
      facts: ROW_PAGE_FACTS,
      ...(where && { where }),
      ...(orderBy && { orderBy }),
    };
    return new RowPages(
      (after) => datastore.connection(this.entity.name, pageQuery(base, after)).then(([page]) => page!),
      async (rows) => (await readSelection(createLoaders(datastore), plan, rows)) as ResultOrRow<S, E, Sel>[],
    );
  }

  /**
   * Aggregates of the rows matching `where`: `count: true`, and per function the fields,
   * `sum: { quantity: true }`; over no rows `count` is 0 and every other value null.
   */
  async aggregate<A extends AggregateOptions<S, E>>(options: A): Promise<AggregateResult<S, E, A>> {
    return (await aggregateRows(this.context, this.entity, options)) as AggregateResult<S, E, A>;
  }

  /**
   * The rows matching `where`, grouped by the `by` fields (NULL is one value): one object per
   * group with its `by` fields and the aggregates asked for; groups filtered by `having`, sorted
   * by `orderBy` (then the `by` fields ascending), paged by `limit` and `offset`.
   */
  async groupBy<By extends keyof S[E]['row'] & string, A extends GroupByOptions<S, E, By>>(
    options: A & GroupByOptions<S, E, By>,
  ): Promise<GroupResult<S, E, By, A>[]> {
    return (await groupRows(this.context, this.entity, options)) as GroupResult<S, E, By, A>[];
  }

  /** The row with this key, shaped by `select`. Throws NotFoundError when there is none. */
  async getByKey<Sel extends Select<S, E> | undefined = undefined>(
    key: S[E]['key'],
    options?: GetByKeyOptions<S, E, Sel>,
  ): Promise<ResultOrRow<S, E, Sel>> {
    const { model, datastore, role } = this.context;
    const plan = planSelection(model, this.entity, options?.select, role);
    const tuple = keyTuple(this.entity, key);
    const [row] = await datastore.getByKeys(this.entity.name, [tuple], { select: plan.fetch });
    if (!row) throw new NotFoundError(this.entity.name, formatKey(this.entity.keyFields, tuple));
    const [result] = await readSelection(createLoaders(datastore), plan, [row]);
    return result as ResultOrRow<S, E, Sel>;
  }

  /**
   * Inserts every row or none (a batch is atomic) and returns their keys in input order: the key
   * value, a tuple for a composite key, the generated number for a `@sql:Generated` key. An empty
   * list inserts nothing and returns `[]`. A row may create related rows along (SPEC §3.5, as
   * `createEs`): `department: { create: {…} }` in place of the foreign-key fields (inserted before
   * it), `employees: { create: [...] }` (after it, their foreign key set to its key, generated
   * keys too); the whole tree is one transaction. At most `maxAffectedRows` rows below the roots.
   */
  async post(rows: readonly S[E]['create'][]): Promise<S[E]['key'][]> {
    const stored = await postRows(this.context, this.entity, rows);
    return stored.map((row) => keyOf(this.entity, row) as S[E]['key']);
  }

  /**
   * Inserts each row, or, when a row with its key exists, sets on it the fields listed in
   * `options.update` that the input row gives (default: every non-key field it gives); atomic.
   * Any other conflict (a unique index, a 1-1 owner) is ALREADY_EXISTS. Returns the rows as
   * stored, in input order.
   */
  async upsert(rows: readonly S[E]['insert'][], options?: UpsertOptions<S, E>): Promise<S[E]['row'][]> {
    const stored = await upsertRows(this.context, this.entity, rows, options);
    return stored.map((row) => this.storedFields(row));
  }

  /**
   * Sets `patch` on every row matching `where` (`{}`: every row) and returns the rows as updated,
   * in key order (their number is the affected count). Matching more than `maxAffectedRows` rows
   * changes nothing and is BAD_USER_INPUT.
   */
  async updateWhere(where: S[E]['where'], patch: S[E]['update']): Promise<S[E]['row'][]> {
    const rows = await updateRows(this.context, this.entity, where, patch);
    return rows.map((row) => this.storedFields(row));
  }

  /**
   * Deletes every row matching `where` (`{}`: every row) and returns them as they were, in key
   * order. More than `maxAffectedRows` rows, or one still referred to, changes nothing.
   */
  async deleteWhere(where: S[E]['where']): Promise<S[E]['row'][]> {
    const rows = await deleteRows(this.context, this.entity, where);
    return rows.map((row) => this.storedFields(row));
  }

  /**
   * Sets the fields given in `patch` (`null` clears a nullable field) and returns the row as
   * updated. Throws NotFoundError when there is no such row.
   */
  async put(key: S[E]['key'], patch: S[E]['update']): Promise<S[E]['row']> {
    const row = await this.context.datastore.update(
      this.entity.name,
      keyTuple(this.entity, key),
      asRow(patch, `The update of '${this.entity.name}'`),
    );
    return this.storedFields(row);
  }

  /** Deletes the row and returns it as it was. Throws NotFoundError when there is none. */
  async delete(key: S[E]['key']): Promise<S[E]['row']> {
    const row = await this.context.datastore.delete(this.entity.name, keyTuple(this.entity, key));
    return this.storedFields(row);
  }

  // The entity type `E`: exactly the stored fields, in declaration order (under a role, those it may select).
  private storedFields(row: Record<string, unknown>): S[E]['row'] {
    if (this.context.role !== undefined) return this.context.role.visible(this.entity, row);
    const out: Record<string, unknown> = {};
    for (const f of this.entity.fields) out[f.name] = row[f.name] ?? null;
    return out;
  }
}
