/**
 * The base class of every generated client (`Client` in `src/generated/<module>/client.ts`): it
 * holds the model and the datastore, hands out typed accessors and closes the datastore. A
 * client has full rights (it is server-side code); `as({ role, claims })` gives a view of it that
 * acts as one user, under the same permissions as the gateway (SPEC §4).
 */
import type { Datastore } from '../datastore/datastore.js';
import { PersistError } from '../errors.js';
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

/** The permissions `connect()` read for a client (codegen.yml's `persist.permissions`). */
const configured = new WeakMap<object, Permissions>();
/** The role of each datastore `as()` restricted, read by the constructor of its view. */
const viewRoles = new WeakMap<Datastore, ClientRole>();

/**
 * What every generated `Client` inherits: construction over a datastore, the static `connect`,
 * `close()`, `as()`. `S` is the module's schema description (`StoreSchema` in types.ts).
 */
export abstract class PersistClient<S extends SchemaInfo> {
  private readonly context: ClientContext;

  /**
   * A client over an open datastore, which the client now owns: `close()` closes it.
   * @param model the model the client was generated from (embedded in the generated code).
   */
  protected constructor(model: ModelIR, datastore: Datastore) {
    const role = viewRoles.get(datastore);
    this.context = role === undefined ? { model, datastore } : { model, datastore, role };
  }

  /**
   * Opens the datastore configured like the CLI's (`codegen.yml` in the working directory,
   * `DATABASE_URL`), or as `options` say, and returns a client over it.
   */
  static async connect<T>(this: ClientClass<T>, options?: ConnectOptions): Promise<T> {
    const { datastore, permissions } = await openConnection(this.model, options);
    const client = new this(datastore);
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
    viewRoles.set(restricted, new ClientRole(rules, model));
    const View = this.constructor as new (datastore: Datastore) => this;
    const view = new View(restricted);
    configured.set(view, permissions);
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

  /** Closes the datastore (the MySQL pool); the client cannot be used afterwards. A view from `as()` closes nothing. */
  close(): Promise<void> {
    if (this.context.role !== undefined) return Promise.resolve();
    return this.context.datastore.close();
  }
}
