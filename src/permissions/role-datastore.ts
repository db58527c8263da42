/**
 * A datastore as one role sees it under one request's claims (AUTH-DESIGN.md, Semantics):
 * - reads: the role's select filter is ANDed into `where` of every list, getByFields and
 *   getByKeys, and into every include, recursively (a hidden related row is null); reading an
 *   entity the role may not select is FORBIDDEN. One inner call per outer call: batches stay whole.
 * - aggregate: the select filter ANDed into `where`; grouping, aggregating, sorting or filtering
 *   groups by a column outside the role's select columns is FORBIDDEN (the role's schema offers
 *   none of them).
 * - insert: only the rule's columns (a non-null value elsewhere is FORBIDDEN), then its `set`
 *   values; in one inner transaction, every written row must pass the insert check and be visible
 *   under the select filter (one getByKeys), else FORBIDDEN and nothing is written.
 * - update: only the rule's columns, then `set`; guarded by update.where within the select filter
 *   (outside: NOT_FOUND, as an absent row); afterwards the row must pass the check and be visible.
 * - delete: guarded by delete.where within the select filter (outside: NOT_FOUND).
 * - transaction(work): `work` gets the transaction's handle under the same rules. Writes inside it
 *   join it; a refused write undoes what it wrote before throwing, so that work which catches the
 *   refusal and goes on commits nothing of it. (Outside a transaction the write's own transaction
 *   rolls back. restrictToRole over a transaction's handle gets no such undo: restrict the
 *   datastore and use the role's transaction() instead.)
 */
import type {
  Aggregate,
  AggregateQuery,
  Datastore,
  Filter,
  Group,
  Include,
  KeyQuery,
  ListQuery,
  Row,
  Tuple,
  WriteGuard,
} from '../datastore/datastore.js';
import type { ModelIR } from '../model/ir.js';
import { visitHaving } from '../datastore/semantics/aggregate.js';
import { allOf, RoleFilters } from './role-filters.js';
import type { Claims, Permissions, RoleRules, Session } from './rules.js';
import { ForbiddenError } from '../errors.js';
import { noPermissionsMessage } from './no-permissions.js';

/** `inner` restricted to what `rules` let the role do, with `claims` for the rules' claim references. */
export function restrictToRole(inner: Datastore, model: ModelIR, rules: RoleRules, claims: Claims): Datastore {
  return new RoleDatastore(inner, filtersFor(model, rules, claims), false);
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

/** Every method is async: a refusal is a rejected promise, never a synchronous throw. */
class RoleDatastore implements Datastore {
  constructor(
    private readonly inner: Datastore,
    private readonly filters: RoleFilters,
    /** True for a transaction's handle: writes join the caller's transaction. */
    private readonly inTransaction: boolean,
  ) {}

  async getByKeys(entity: string, keys: readonly Tuple[], query?: KeyQuery): Promise<(Row | null)[]> {
    return this.inner.getByKeys(entity, keys, this.restrict(entity, query ?? {}));
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
    const where = allOf(query.where, this.filters.select(entity));
    return this.inner.aggregate(entity, where === undefined ? query : { ...query, where });
  }

  /** `query` with the role's select filter ANDed into its where and into its includes. */
  private restrict<Q extends KeyQuery>(entity: string, query: Q): Q {
    const out: Q = { ...query };
    const where = allOf(query.where, this.filters.select(entity));
    if (where !== undefined) out.where = where;
    if (query.include !== undefined) out.include = this.includes(entity, query.include);
    return out;
  }

  private includes(entity: string, includes: readonly Include[]): Include[] {
    return includes.map((inc) => {
      const target = this.filters.relationTarget(entity, inc.relation);
      // An unknown relation is left for the datastore to refuse, with its own message.
      if (target === undefined) return inc;
      const out: Include = { ...inc, where: allOf(inc.where, this.filters.select(target)) };
      if (inc.include !== undefined) out.include = this.includes(target, inc.include);
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
    const keyFields = f.entity(entity).keyFields;
    return this.inner.transaction(async (tx) => {
      const stored = await tx.insert(entity, written);
      const after = allOf(check, visible);
      if (after === undefined) return stored;
      const keys = stored.map((r) => keyFields.map((k) => r[k]!));
      const seen = await tx.getByKeys(entity, keys, { where: after, select: keyFields });
      const bad = seen.indexOf(null);
      if (bad < 0) return stored;
      const failed = await this.failedRule(tx, entity, keys[bad]!, check);
      // Inside a caller's transaction a thrown error alone would keep the rows: undone explicitly
      // (newest first: a row of the batch may refer to an earlier one). Outside, the rollback does.
      if (this.inTransaction) for (let i = keys.length - 1; i >= 0; i--) await tx.delete(entity, keys[i]!);
      throw f.refusal(entity, 'insert', keys[bad]!, failed);
    });
  }

  async update(entity: string, key: Tuple, patch: Row, guard?: WriteGuard): Promise<Row> {
    const f = this.filters;
    const rule = f.updateRule(entity);
    f.checkColumns(entity, 'update', rule.columns, patch);
    const changes: Row = { ...patch, ...f.setValues(entity, 'update', rule.set) };
    const where = allOf(guard?.where, f.updateWhere(entity, rule));
    const check = f.check(entity, 'update', rule.check);
    const after = allOf(check, f.select(entity));
    const keyFields = f.entity(entity).keyFields;
    return this.inner.transaction(async (tx) => {
      // Inside a caller's transaction a refusal must undo the update itself: keep the old values,
      // read by an empty update (it locks the row as it is now, where a plain read might see an
      // older snapshot).
      const before = this.inTransaction && after !== undefined ? await tx.update(entity, key, {}, where && { where }) : undefined;
      const row = await tx.update(entity, key, changes, where && { where });
      if (after === undefined) return row;
      const stored = keyFields.map((k) => row[k]!);
      const [seen] = await tx.getByKeys(entity, [stored], { where: after, select: keyFields });
      if (seen !== null) return row;
      const failed = await this.failedRule(tx, entity, stored, check);
      if (before) await tx.update(entity, stored, Object.fromEntries(Object.keys(changes).map((c) => [c, before[c]!])));
      throw f.refusal(entity, 'update', stored, failed);
    });
  }

  async delete(entity: string, key: Tuple, guard?: WriteGuard): Promise<Row> {
    const where = allOf(guard?.where, this.filters.deleteWhere(entity));
    return this.inner.delete(entity, key, where && { where });
  }

  /** Which rule a written row fails: the check when it does not pass it, else the select filter. */
  private async failedRule(tx: Datastore, entity: string, key: Tuple, check: Filter | undefined): Promise<'check' | 'select'> {
    if (check === undefined) return 'select';
    const [passes] = await tx.getByKeys(entity, [key], { where: check, select: this.filters.entity(entity).keyFields });
    return passes === null ? 'check' : 'select';
  }

  async transaction<T>(work: (tx: Datastore) => Promise<T>): Promise<T> {
    return this.inner.transaction((tx) => work(new RoleDatastore(tx, this.filters, true)));
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
