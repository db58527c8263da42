/**
 * Positional result rows → Rows: the driver returns rows as arrays, decoded by column position
 * into rows built by a compiled row constructor (row-literal.ts).
 */
import type { Row } from '../datastore.js';
import { roomFor, rowBuilder, type RowBuilder } from '../row-literal.js';
import type { EntitySql, FieldSql } from './entity-sql.js';

/** Decodes positional rows into Rows of `fields` (canonical values). */
export class RowReader {
  private readonly codecs: FieldSql[];
  private readonly build: RowBuilder;
  private readonly list: string;

  /** `included`: its rows get `row[INCLUDED]` (room for it, and for each relation: roomFor). */
  constructor(
    meta: EntitySql,
    readonly fields: readonly string[],
    included = false,
  ) {
    this.codecs = fields.map((f) => meta.fields.get(f)!);
    this.build = rowBuilder(
      fields,
      this.codecs.map((c) => c.decode),
      true,
      undefined,
      roomFor(meta.entity, included),
    );
    this.list = this.codecs.map((c) => c.column).join(', ');
  }

  /** `col1, col2, …` for a SELECT list. */
  columns(): string {
    return this.list;
  }

  /** The row whose columns start at `offset` of `raw` (after a parent's, for joined rows). */
  read(raw: readonly unknown[], offset = 0): Row {
    return this.build(raw, offset);
  }
}
