/** Row copies in and out of the in-memory store, so that neither side can mutate the other's data. */
import type { Row } from '../datastore.js';
import type { EntityFacts } from '../entity-facts.js';

/**
 * Copies rows out of (or into) the store: only `fields` (all when undefined), Uint8Arrays
 * duplicated (the only mutable values).
 */
export class RowCopier {
  private readonly fields: readonly string[];
  private readonly bytes: boolean;

  constructor(meta: EntityFacts, fields?: readonly string[]) {
    this.fields = fields ?? meta.fieldNames;
    this.bytes = this.fields.some((f) => meta.bytesFields.has(f));
  }

  copy(row: Row): Row {
    const out: Row = {};
    const fields = this.fields;
    if (this.bytes) {
      for (let i = 0; i < fields.length; i++) {
        const v = row[fields[i]!]!;
        out[fields[i]!] = v instanceof Uint8Array ? v.slice() : v;
      }
    } else {
      for (let i = 0; i < fields.length; i++) out[fields[i]!] = row[fields[i]!]!;
    }
    return out;
  }
}
