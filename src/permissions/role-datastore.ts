/**
 * A datastore as one role sees it under one request's claims (AUTH-DESIGN.md, Semantics):
 * - reads: the role's select filter is ANDed into `where` of every list, getByFields and
 *   getByKeys, and into every include, recursively (a hidden related row is null); it is the
 *   scope of every relation condition (a related row the role cannot see counts for no some,
 *   every or none) and the `where` of every sort path step (a hidden related row sorts as NULL);
 *   reading an entity the role may not select, or filtering or sorting through one, is FORBIDDEN.
 *   One inner call per outer call: batches stay whole.
 * - aggregate: the select filter ANDed into `where` (relation conditions scoped as above); grouping,
 *   aggregating, sorting or filtering groups by a column outside the role's select columns is
 *   FORBIDDEN (the role's schema offers none of them).
 * - insert: only the rule's columns (a non-null value elsewhere is FORBIDDEN), then its `set`
 *   values; in one inner transaction, every written row must pass the insert check and be visible
 *   under the select filter (one getByKeys), else FORBIDDEN and nothing is written.
 * - update: only the rule's columns, then `set`; guarded by update.where within the select filter
 *   (outside: NOT_FOUND, as an absent row); afterwards the row must pass the check and be visible.
 * - delete: guarded by delete.where within the select filter (outside: NOT_FOUND).
 * - upsert: needs the insert and the update rule: in one inner transaction, each row (input order)
 *   is this datastore's insert when no row has its key, else its update of the fields to update
 *   (so insert columns/set/check apply to inserted rows, update where/columns/set/check to updated
 *   ones). The existence read takes no lock: two such upserts of one new key may meet as
 *   ALREADY_EXISTS (the admin's upsert, under locks, never does).
 * - updateWhere / deleteWhere: the filter ANDed with update.where / delete.where within the select
 *   filter (rows outside do not exist for the role, nor count towards maxAffected); updated rows
 *   must then pass the check and stay visible, else FORBIDDEN and nothing changes.
 * - transaction(work): `work` gets the transaction's handle under the same rules. Each write runs
 *   in an inner transaction of its own (a savepoint inside a caller's transaction), so a refused
 *   write leaves nothing behind and the caller's transaction goes on, unchanged and usable.
 */
import type {
  Aggregate,
  AggregateQuery,
  ConnectionQuery,
  Datastore,
  Filter,
  Group,
  Include,
  KeyQuery,
  ListQuery,
  Page,
  Row,
  SortSpec,
  Tuple,
  WriteGuard,
} from '../datastore/datastore.js';
import type { ModelIR } from '../model/ir.js';
import { visitHaving } from '../datastore/semantics/aggregate.js';
import { freezeIncludes } from '../datastore/includes.js';
import { FrozenMemo } from '../datastore/frozen-memo.js';
import { plainCopy } from '../datastore/plain-copy.js';
import { allOf, RoleFilters } from './role-filters.js';
import type { Claims, Permissions, RoleRules, Session } from './rules.js';
import { ForbiddenError } from '../errors.js';
import { noPermissionsMessage } from './no-permissions.js';
import { asStoredAfter, checkUpsertFields, upsertPatch } from '../datastore/bulk-checks.js';

/** `inner` restricted to what `rules` let the role do, with `claims` for the rules' claim references. */
export function restrictToRole(inner: Datastore, model: ModelIR, rules: RoleRules, claims: Claims): Datastore {
  return new RoleDatastore(inner, filtersFor(model, rules, claims));
}

/**
 * The resolved rules of a role under a claims object, shared by the requests that carry the same
 * claims object (the authenticator's cache hands out one per verified token), so that the rules'
 * claim references are resolved once per token rather than once per request. Claims are read-only.
 */
const resolvedRules = new WeakMap<RoleRules, WeakMap<Claims, RoleFilters>>();

function filtersFor(model: ModelIR, rules: RoleRules, claims: Claims): RoleFilters {
  let byClaims = resolvedRules.get(rules);
  if (byClaims === undefined) resolvedRules.set(rules, (byClaims = new WeakMap()));
  let filters = byClaims.get(claims);
  if (filters === undefined || filters.model !== model) byClaims.set(claims, (filters = new RoleFilters(model, rules, claims)));
  return filters;
}

/** The rules of `role`; FORBIDDEN for a role that no permission names. */
export function rulesOf(permissions: Permissions, role: string): RoleRules {
  const rules = permissions.roles.get(role);
  if (rules === undefined) throw new ForbiddenError(noPermissionsMessage(role));
  return rules;
}

/** The datastore a session acts on: `inner` itself for admin, else restricted to its role (FORBIDDEN for a role without rules). */
export function datastoreFor(inner: Datastore, model: ModelIR, permissions: Permissions, session: Session): Datastore {
  if (session.kind === 'admin') return inner;
  return restrictToRole(inner, model, rulesOf(permissions, session.role), session.claims);
}

/** Restricted frozen include lists per role filters and list (see RoleDatastore.includes). */
const restrictedIncludes = new FrozenMemo<{ entity: string; includes: readonly Include[] }>();

/** Restricted by-key reads per role filters and frozen select and include lists (see RoleDatastore.restrictKeyRead). */
const restrictedKeyReads = new FrozenMemo<{ entity: string; query: KeyQuery }>();

/** Every method returns a promise: a refusal is a rejected promise, never a synchronous throw. */
class RoleDatastore implements Datastore {
  constructor(
    private readonly inner: Datastore,
    private readonly filters: RoleFilters,
  ) {}

  // Not async, one promise fewer per read (the by-key read of every request of a key): a refusal is still a rejection.
  getByKeys(entity: string, keys: readonly Tuple[], query?: KeyQuery): Promise<(Row | null)[]> {
    try {
      return this.inner.getByKeys(entity, keys, this.restrictKeyRead(entity, query ?? {}));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  async getByFields(entity: string, fields: readonly string[], values: readonly Tuple[], query?: ListQuery): Promise<Row[][]> {
    return this.inner.getByFields(entity, fields, values, this.restrict(entity, query ?? {}));
  }

  async list(entity: string, query?: ListQuery): Promise<Row[]> {
    return this.inner.list(entity, this.restrict(entity, query ?? {}));
  }

  async aggregate(entity: string, query: AggregateQuery): Promise<Group[][]> {
    const used = new Set<string>(query.groupBy ?? []);
    const use = (a: Aggregate): void => void (a.fn !== 'count' && used.add(a.field));
    query.aggregates.forEach(use);
    for (const s of query.orderBy ?? []) if ('aggregate' in s) use(s.aggregate);
    visitHaving(query.having, use);
    this.filters.checkSelectColumns(entity, used);
    const where = allOf(this.scoped(entity, query.where), this.filters.select(entity));
    if (where === undefined) return this.inner.aggregate(entity, query);
    const out = plainCopy(query);
    out.where = where;
    return this.inner.aggregate(entity, out);
  }

  async connection(entity: string, query: ConnectionQuery): Promise<Page[]> {
    return this.inner.connection(entity, this.restrict(entity, query));
  }

  /**
   * `query` with the role's select filter ANDed into its where and into its includes, and scoping
   * its relation conditions and sort paths.
   */
  private restrict<Q extends KeyQuery & Pick<ListQuery, 'orderBy'>>(entity: string, query: Q): Q {
    // Not `{ ...query }`: a spread copy given a where it lacked costs ~4 µs (datastore/plain-copy.ts).
    const out = plainCopy(query);
    const where = this.where(entity, query.where);
    if (where !== undefined) out.where = where;
    if (query.include !== undefined) out.include = this.includes(entity, query.include);
    if (query.orderBy !== undefined) out.orderBy = this.sortPaths(entity, query.orderBy);
    return out;
  }

  /**
   * restrict() of a by-key read. Without a filter of its own (`Query.e`, the owner side of a
   * relation) and over a frozen plan (graphql/read-plan-cache.ts), it depends on these role filters,
   * the entity and the plan only: made once and frozen, its where the role's frozen select filter,
   * so that the datastore can keep the statement built with it too (mysql/sql-reads.ts).
   */
  private restrictKeyRead(entity: string, query: KeyQuery): KeyQuery {
    if (query.where !== undefined) return this.restrict(entity, query);
    const { select, include } = query;
    const known = restrictedKeyReads.get(this.filters, [select, include], () => ({
      entity,
      query: Object.freeze(this.restrict(entity, query)),
    }));
    return known.entity === entity ? known.query : this.restrict(entity, query);
  }

  /** `where` scoped (see scoped) and ANDed with the role's select filter of `entity`. */
  private where(entity: string, where: Filter | undefined): Filter | undefined {
    return allOf(this.scoped(entity, where), this.filters.select(entity));
  }

  /** `filter` with the role's select filter of the related entity as the scope of every relation condition, at any depth. */
  private scoped(entity: string, filter: Filter | undefined): Filter | undefined {
    if (filter === undefined) return undefined;
    switch (filter.kind) {
      case 'and':
      case 'or':
        return { kind: filter.kind, filters: filter.filters.map((f) => this.scoped(entity, f)!) };
      case 'not':
        return { kind: 'not', filter: this.scoped(entity, filter.filter)! };
      case 'relation': {
        const target = this.filters.relationTarget(entity, filter.field);
        if (target === undefined) return filter;
        const scope = allOf(this.scoped(target, filter.scope), this.filters.select(target));
        return { ...filter, filter: this.scoped(target, filter.filter)!, scope };
      }
      default:
        return filter;
    }
  }

  /** The sort specs, each following only the related rows the role can see: `orderBy` itself when none has a path. */
  private sortPaths(entity: string, orderBy: readonly SortSpec[]): readonly SortSpec[] {
    return orderBy.some((s) => s.path !== undefined && s.path.length > 0) ? orderBy.map((s) => this.sortPath(entity, s)) : orderBy;
  }

  /** A sort spec whose every path step follows only the related rows the role can see. */
  private sortPath(entity: string, spec: SortSpec): SortSpec {
    if (spec.path === undefined || spec.path.length === 0) return spec;
    let at: string | undefined = entity;
    const path = spec.path.map((step) => {
      at = at === undefined ? undefined : this.filters.relationTarget(at, step.relation);
      if (at === undefined) return step;
      return { ...step, where: allOf(this.scoped(at, step.where), this.filters.select(at)) };
    });
    return { ...spec, path };
  }

  private includes(entity: string, includes: readonly Include[]): readonly Include[] {
    // A frozen list is a read plan every request of a document shares (graphql/read-plan-cache.ts):
    // restricted once per role filters (one set per verified token), and frozen in turn.
    if (!Object.isFrozen(includes)) return this.restrictIncludes(entity, includes);
    const known = restrictedIncludes.get(this.filters, [includes], () => ({
      entity,
      includes: freezeIncludes(this.restrictIncludes(entity, includes)),
    }));
    return known.entity === entity ? known.includes : this.restrictIncludes(entity, includes);
  }

  private restrictIncludes(entity: string, includes: readonly Include[]): Include[] {
    return includes.map((inc) => {
      const target = this.filters.relationTarget(entity, inc.relation);
      // An unknown relation is left for the datastore to refuse, with its own message.
      if (target === undefined) return inc;
      const out = plainCopy(inc);
      out.where = allOf(this.scoped(target, inc.where), this.filters.select(target));
      if (inc.include !== undefined) out.include = this.restrictIncludes(target, inc.include);
      return out;
    });
  }

  async insert(entity: string, rows: readonly Row[]): Promise<Row[]> {
    const f = this.filters;
    const rule = f.insertRule(entity);
    const visible = f.select(entity);
    for (const row of rows) f.checkColumns(entity, 'insert', rule.columns, row);
    const set = f.setValues(entity, 'insert', rule.set);
    const written = rows.map((row) => ({ ...row, ...set }));
    const check = f.check(entity, 'insert', rule.check);
    return this.inner.transaction(async (tx) => {
      const stored = await tx.insert(entity, written);
      await this.refuseUnseen(tx, entity, 'insert', stored, check, allOf(check, visible));
      return stored;
    });
  }

  /** An update's rule applied to `patch`: the changes to write, the row filter, and what written rows must pass. */
  private updatePlan(
    entity: string,
    patch: Row,
  ): { changes: Row; where: Filter | undefined; check: Filter | undefined; after: Filter | undefined } {
    const f = this.filters;
    const rule = f.updateRule(entity);
    f.checkColumns(entity, 'update', rule.columns, patch);
    const check = f.check(entity, 'update', rule.check);
    return {
      changes: { ...patch, ...f.setValues(entity, 'update', rule.set) },
      where: f.updateWhere(entity, rule),
      check,
      after: allOf(check, f.select(entity)),
    };
  }

  async update(entity: string, key: Tuple, patch: Row, guard?: WriteGuard): Promise<Row> {
    const plan = this.updatePlan(entity, patch);
    const where = allOf(this.scoped(entity, guard?.where), plan.where);
    return this.inner.transaction(async (tx) => {
      const row = await tx.update(entity, key, plan.changes, where && { where });
      await this.refuseUnseen(tx, entity, 'update', [row], plan.check, plan.after);
      return row;
    });
  }

  async delete(entity: string, key: Tuple, guard?: WriteGuard): Promise<Row> {
    const where = allOf(this.scoped(entity, guard?.where), this.filters.deleteWhere(entity));
    return this.inner.delete(entity, key, where && { where });
  }

  async upsert(entity: string, rows: readonly Row[], updateFields: readonly string[]): Promise<Row[]> {
    const f = this.filters;
    f.insertRule(entity);
    f.updateRule(entity);
    checkUpsertFields(f.entity(entity), updateFields);
    const keyFields = f.entity(entity).keyFields;
    // Rows with a key field missing cannot exist: insert() reports them.
    const keys = rows.map((r) => keyFields.map((k) => r[k] ?? null));
    return this.inner.transaction(async (tx) => {
      const role = new RoleDatastore(tx, f);
      const stored = await tx.getByKeys(entity, keys, { select: keyFields });
      const seen = new Set<string>();
      const out: Row[] = [];
      for (const [i, row] of rows.entries()) {
        const id = JSON.stringify(keys[i]);
        if (stored[i] !== null || seen.has(id)) out.push(await role.update(entity, keys[i]!, upsertPatch(row, updateFields)));
        else out.push(...(await role.insert(entity, [row])));
        seen.add(id);
      }
      return asStoredAfter(keyFields, out);
    });
  }

  async updateWhere(entity: string, filter: Filter, patch: Row, maxAffected: number): Promise<Row[]> {
    const plan = this.updatePlan(entity, patch);
    const scoped = this.scoped(entity, filter)!;
    const where = allOf(scoped, plan.where) ?? scoped;
    return this.inner.transaction(async (tx) => {
      const rows = await tx.updateWhere(entity, where, plan.changes, maxAffected);
      await this.refuseUnseen(tx, entity, 'update', rows, plan.check, plan.after);
      return rows;
    });
  }

  /**
   * FORBIDDEN unless every written row passes `after` (the rule's check within the select filter);
   * thrown inside the write's own transaction, so nothing of the write is kept.
   */
  private async refuseUnseen(
    tx: Datastore,
    entity: string,
    op: 'insert' | 'update',
    written: readonly Row[],
    check: Filter | undefined,
    after: Filter | undefined,
  ): Promise<void> {
    if (after === undefined || written.length === 0) return;
    const keyFields = this.filters.entity(entity).keyFields;
    const keys = written.map((r) => keyFields.map((k) => r[k]!));
    const seen = await tx.getByKeys(entity, keys, { where: after, select: keyFields });
    const bad = seen.indexOf(null);
    if (bad < 0) return;
    const failed = await this.failedRule(tx, entity, keys[bad]!, check);
    throw this.filters.refusal(entity, op, keys[bad]!, failed);
  }

  async deleteWhere(entity: string, filter: Filter, maxAffected: number): Promise<Row[]> {
    const scoped = this.scoped(entity, filter)!;
    return this.inner.deleteWhere(entity, allOf(scoped, this.filters.deleteWhere(entity)) ?? scoped, maxAffected);
  }

  /** Which rule a written row fails: the check when it does not pass it, else the select filter. */
  private async failedRule(tx: Datastore, entity: string, key: Tuple, check: Filter | undefined): Promise<'check' | 'select'> {
    if (check === undefined) return 'select';
    const [passes] = await tx.getByKeys(entity, [key], { where: check, select: this.filters.entity(entity).keyFields });
    return passes === null ? 'check' : 'select';
  }

  async transaction<T>(work: (tx: Datastore) => Promise<T>): Promise<T> {
    return this.inner.transaction((tx) => work(new RoleDatastore(tx, this.filters)));
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
