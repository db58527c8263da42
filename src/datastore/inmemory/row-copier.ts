/** Row copies in and out of the in-memory store, so that neither side can mutate the other's data. */
import type { Row, Value } from '../datastore.js';
import type { EntityFacts } from '../entity-facts.js';
import { rowBuilder, type FieldTransform, type RowBuilder } from '../row-literal.js';

// Uint8Arrays are the only mutable values: duplicated.
const copyBytes: FieldTransform = (v) => (v instanceof Uint8Array ? v.slice() : (v as Value));

/**
 * Copies rows out of (or into) the store: only `fields` (all when undefined), Uint8Arrays
 * duplicated. A copy is built by a compiled row constructor (row-literal.ts).
 */
export class RowCopier {
  private readonly build: RowBuilder;

  /** `room`: properties the copies may be given after (rowBuilder; roomFor for the rows a read hands out). */
  constructor(meta: EntityFacts, fields?: readonly string[], room = 0) {
    const names = fields ?? meta.fieldNames;
    this.build = rowBuilder(
      names,
      names.map((f) => (meta.bytesFields.has(f) ? copyBytes : undefined)),
      false,
      undefined,
      room,
    );
  }

  copy(row: Row): Row {
    return this.build(row, 0);
  }
}
