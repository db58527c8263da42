/** Positional result rows → Rows: the driver returns rows as arrays, decoded by column position. */
import type { Row } from '../datastore.js';
import type { EntitySql, FieldSql } from './entity-sql.js';

/** Decodes positional rows into Rows of `fields` (canonical values). */
export class RowReader {
  private readonly codecs: FieldSql[];

  constructor(
    meta: EntitySql,
    readonly fields: readonly string[],
  ) {
    this.codecs = fields.map((f) => meta.fields.get(f)!);
  }

  /** `col1, col2, …` for a SELECT list. */
  columns(): string {
    return this.codecs.map((c) => c.column).join(', ');
  }

  /** The row whose columns start at `offset` of `raw` (after a parent's, for joined rows). */
  read(raw: readonly unknown[], offset = 0): Row {
    const row: Row = {};
    for (let i = 0; i < this.codecs.length; i++) row[this.fields[i]!] = this.codecs[i]!.decode(raw[offset + i]);
    return row;
  }
}
