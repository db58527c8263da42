/** What every accessor of one client shares (entity-accessor.ts, aggregate-reads.ts). */
import type { Datastore } from '../datastore/datastore.js';
import type { ModelIR } from '../model/ir.js';
import type { ClientRole } from './client-role.js';

/** What every accessor of one client shares. */
export interface ClientContext {
  readonly model: ModelIR;
  readonly datastore: Datastore;
  /** Set for a client made by `as()`: the role whose columns it may read (its datastore holds the rest of the role's rules). */
  readonly role?: ClientRole;
}
