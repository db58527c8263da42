/** What every accessor of one client shares (entity-accessor.ts, aggregate-reads.ts, entity-writes.ts). */
import type { Datastore } from '../datastore/datastore.js';
import type { ModelIR } from '../model/ir.js';
import type { ClientRole } from './client-role.js';

/** What every accessor of one client shares. */
export interface ClientContext {
  readonly model: ModelIR;
  readonly datastore: Datastore;
  /** Set for a client made by `as()`: the role whose columns it may read (its datastore holds the rest of the role's rules). */
  readonly role?: ClientRole;
  /**
   * The most rows one write by filter may touch, and rows one `post` may create through nested
   * relations (`limits.maxAffectedRows` of codegen.yml, as the gateway's).
   */
  readonly maxAffectedRows: number;
}
