/**
 * The base class of every generated client (`Client` in `src/generated/<module>/client.ts`): it
 * holds the model and the datastore, hands out typed accessors and closes the datastore. A
 * client has full rights (it is server-side code); `as({ role, claims })` gives a view of it that
 * acts as one user, under the same permissions as the gateway (SPEC §4); `transaction(work)`
 * gives `work` a client whose every call runs in one datastore transaction (SPEC §3.5).
 */
import type { Datastore } from '../datastore/datastore.js';
import { PersistError } from '../errors.js';
import { DEFAULT_LIMITS } from '../graphql/limits/limits.js';
import type { ModelIR } from '../model/ir.js';
import { restrictToRole, rulesOf } from '../permissions/role-datastore.js';
import type { Claims, Permissions } from '../permissions/rules.js';
import { ClientRole } from './client-role.js';
import { openConnection, type ConnectOptions } from './connect.js';
import { EntityAccessor, type ClientContext } from './entity-accessor.js';
import type { EntityName, SchemaInfo } from './selection-types.js';

/** A generated client class, as the static `connect` sees it. */
export interface ClientClass<T> {
  new (datastore: Datastore): T;
  /** The model the client was generated from. */
  readonly model: ModelIR;
}

/** Who `client.as()` acts as; `permissions` defaults to those `connect()` read from codegen.yml. */
export interface ActAs {
  role: string;
  /** The user's claims, as a verified token would carry them (`{ sub: 'E042', org: { dept: 'd005' } }`). */
  claims?: Claims;
  permissions?: Permissions;
}

/** The limits of a client's writes (`persist.limits` of codegen.yml, as the gateway's). */
export interface ClientLimits {
  /** The most rows one write by filter may touch, and one post may create through relations. */
  maxAffectedRows?: number;
}

/** The permissions `connect()` read for a client (codegen.yml's `persist.permissions`). */
const configured = new WeakMap<object, Permissions>();

/** What a client takes from what made it: `connect()`, or the client of which it is a view. */
interface Inherited {
  role?: ClientRole;
  maxAffectedRows: number;
  /** A view (`as()`, `withLimits()`, a transaction's client) does not own the datastore. */
  view: boolean;
}
/** Set just before a client is constructed (`construct`), read by its constructor. */
let pending: Inherited | undefined;

function construct<T>(Class: new (datastore: Datastore) => T, datastore: Datastore, from: Inherited): T {
  pending = from;
  try {
    return new Class(datastore);
  } finally {
    pending = undefined;
  }
}

/**
 * What every generated `Client` inherits: construction over a datastore, the static `connect`,
 * `close()`, `as()`. `S` is the module's schema description (`StoreSchema` in types.ts).
 */
export abstract class PersistClient<S extends SchemaInfo> {
  private readonly context: ClientContext;
  /** Whether `close()` closes the datastore (not for a view). */
  private readonly owns: boolean;

  /**
   * A client over an open datastore, which the client now owns: `close()` closes it.
   * @param model the model the client was generated from (embedded in the generated code).
   */
  protected constructor(model: ModelIR, datastore: Datastore) {
    const from = pending;
    pending = undefined;
    const maxAffectedRows = from?.maxAffectedRows ?? DEFAULT_LIMITS.maxAffectedRows;
    this.context =
      from?.role === undefined ? { model, datastore, maxAffectedRows } : { model, datastore, maxAffectedRows, role: from.role };
    this.owns = from?.view !== true;
  }

  /**
   * Opens the datastore configured like the CLI's (`codegen.yml` in the working directory,
   * `DATABASE_URL`), or as `options` say, and returns a client over it.
   */
  static async connect<T>(this: ClientClass<T>, options?: ConnectOptions): Promise<T> {
    const { datastore, permissions, maxAffectedRows } = await openConnection(this.model, options);
    const client = construct(this, datastore, { maxAffectedRows, view: false });
    if (permissions !== undefined) configured.set(client as object, permissions);
    return client;
  }

  /**
   * A view of this client that acts as `role` with `claims`: the same row filters, columns, checks
   * and `set` values as the gateway gives a request of that role (FORBIDDEN / NOT_FOUND where it
   * would refuse), over the same datastore. The view does not own the datastore: its `close()`
   * leaves it open for this client.
   */
  as(actAs: ActAs): this {
    const permissions = actAs.permissions ?? configured.get(this);
    if (permissions === undefined)
      throw new PersistError(
        'CONFIG_INVALID',
        `client.as('${actAs.role}') needs permissions: connect() reads them from persist.permissions in codegen.yml; a client made over a datastore has none, so pass { permissions }.`,
      );
    const rules = rulesOf(permissions, actAs.role);
    const { model, datastore } = this.context;
    const restricted = restrictToRole(datastore, model, rules, actAs.claims ?? {});
    const view = this.viewOver(restricted, {
      role: new ClientRole(rules, model),
      maxAffectedRows: this.context.maxAffectedRows,
      view: true,
    });
    configured.set(view, permissions);
    return view;
  }

  /** A view of this client (not owning the datastore) with other limits: `withLimits({ maxAffectedRows: 100 })`. */
  withLimits(limits: ClientLimits): this {
    const max = limits.maxAffectedRows;
    if (max !== undefined && (!Number.isInteger(max) || max < 1))
      throw new PersistError('BAD_USER_INPUT', `maxAffectedRows must be a positive integer, got ${String(max)}.`);
    const { datastore, role } = this.context;
    return this.viewOver(datastore, { ...(role && { role }), maxAffectedRows: max ?? this.context.maxAffectedRows, view: true });
  }

  /**
   * Runs `work` in one datastore transaction and returns what it returns: `tx` is a client like
   * this one (same accessors, role and limits) whose every call runs in the transaction. Nothing it
   * writes is visible outside before `work`'s promise resolves; then all of it is committed. If
   * `work` throws (or rejects), everything is rolled back and the error is rethrown. Do all the
   * work through `tx` (MySQL may run `work` again from its start after a deadlock); a `tx` used
   * after `work` ends is refused (TransactionEndedError). `tx.transaction(…)` inside is a
   * savepoint: its failure undoes only its own writes.
   */
  transaction<T>(work: (tx: this) => Promise<T>): Promise<T> {
    const { datastore, role, maxAffectedRows } = this.context;
    return datastore.transaction((handle) => work(this.viewOver(handle, { ...(role && { role }), maxAffectedRows, view: true })));
  }

  /** A client of this class over `datastore`, taking `from`. */
  private viewOver(datastore: Datastore, from: Inherited): this {
    const view = construct(this.constructor as new (datastore: Datastore) => this, datastore, from);
    const permissions = configured.get(this);
    if (permissions !== undefined) configured.set(view, permissions);
    return view;
  }

  /** The datastore the client runs over (for transactions or tests). */
  get datastore(): Datastore {
    return this.context.datastore;
  }

  /** The accessor of one entity; the generated constructor calls this once per entity. */
  protected accessor<E extends EntityName<S>>(entity: E): EntityAccessor<S, E> {
    return new EntityAccessor<S, E>(this.context, entity);
  }

  /** Closes the datastore (the MySQL pool); the client cannot be used afterwards. A view (`as()`, `withLimits()`, a transaction's client) closes nothing. */
  close(): Promise<void> {
    if (!this.owns) return Promise.resolve();
    return this.context.datastore.close();
  }
}
