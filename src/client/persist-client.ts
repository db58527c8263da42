/**
 * The base class of every generated client (`Client` in `src/generated/<module>/client.ts`): it
 * holds the model and the datastore, hands out typed accessors and closes the datastore.
 */
import type { Datastore } from '../datastore/datastore.js';
import type { ModelIR } from '../model/ir.js';
import { openDatastore, type ConnectOptions } from './connect.js';
import { EntityAccessor, type ClientContext } from './entity-accessor.js';
import type { EntityName, SchemaInfo } from './selection-types.js';

/** A generated client class, as the static `connect` sees it. */
export interface ClientClass<T> {
  new (datastore: Datastore): T;
  /** The model the client was generated from. */
  readonly model: ModelIR;
}

/**
 * What every generated `Client` inherits: construction over a datastore, the static `connect`,
 * `close()`. `S` is the module's schema description (`StoreSchema` in types.ts).
 */
export abstract class PersistClient<S extends SchemaInfo> {
  private readonly context: ClientContext;

  /**
   * A client over an open datastore, which the client now owns: `close()` closes it.
   * @param model the model the client was generated from (embedded in the generated code).
   */
  protected constructor(model: ModelIR, datastore: Datastore) {
    this.context = { model, datastore };
  }

  /**
   * Opens the datastore configured like the CLI's (`codegen.yml` in the working directory,
   * `DATABASE_URL`), or as `options` say, and returns a client over it.
   */
  static async connect<T>(this: ClientClass<T>, options?: ConnectOptions): Promise<T> {
    return new this(await openDatastore(this.model, options));
  }

  /** The datastore the client runs over (for transactions or tests). */
  get datastore(): Datastore {
    return this.context.datastore;
  }

  /** The accessor of one entity; the generated constructor calls this once per entity. */
  protected accessor<E extends EntityName<S>>(entity: E): EntityAccessor<S, E> {
    return new EntityAccessor<S, E>(this.context, entity);
  }

  /** Closes the datastore (the MySQL pool); the client cannot be used afterwards. */
  close(): Promise<void> {
    return this.context.datastore.close();
  }
}
