/**
 * The whole in-memory database (one Table per entity), a transaction's private view of it, and the
 * undo log that makes writes atomic: every change is recorded as it is applied, and rolling back
 * replays the inverse changes in reverse order. A single write uses a log of its own; a
 * transaction shares one log across all the writes it makes (and its savepoints are marks in it).
 *
 * Isolation: a transaction writes to overlays of the tables it changes (TransactionState,
 * Table.overlay), which keep only its changes, so readers of the committed state never see its
 * uncommitted rows; commit replays the transaction's log onto the committed tables, rollback drops
 * the overlays. Either costs in proportion to what the transaction wrote, not to the tables.
 */
import type { EntityIR, ModelIR } from '../../model/ir.js';
import type { Row } from '../datastore.js';
import { buildEntityFacts, type EntityFacts } from '../entity-facts.js';
import { Table } from './table.js';
import type { RelatedRows } from '../semantics/filter.js';
import { rowKey } from '../tuple-key.js';

const NO_ROWS: readonly Row[] = [];

export class StoreState {
  readonly tables = new Map<string, Table>();

  /** Empty tables for `model`, or the tables given (shared, not copied). */
  constructor(
    readonly model: ModelIR,
    tables?: ReadonlyMap<string, Table>,
  ) {
    if (tables !== undefined) for (const [name, t] of tables) this.tables.set(name, t);
    else for (const meta of buildEntityFacts(model).values()) this.tables.set(meta.entity.name, new Table(meta));
  }

  /** Relation conditions and sort paths reach related rows through the indexes, never a scan. */
  readonly related: RelatedRows = {
    facts: (entity) => this.meta(entity),
    of: (link, row) => {
      const k = rowKey(row, link.from);
      if (k === undefined) return NO_ROWS;
      const target = this.table(link.target);
      if (link.field.owner) {
        const found = target.rows.get(k);
        return found === undefined ? NO_ROWS : [found];
      }
      return target.group(link.relation.id, k) ?? NO_ROWS;
    },
  };

  /** The table of `entity`, to read. */
  table(entity: string): Table {
    const t = this.tables.get(entity);
    if (!t) throw new Error(`Unknown entity '${entity}'`);
    return t;
  }

  /** The table of `entity`, to change (through an UndoLog). */
  writable(entity: string): Table {
    return this.table(entity);
  }

  meta(entity: string): EntityFacts {
    return this.table(entity).meta;
  }

  entity(entity: string): EntityIR {
    return this.table(entity).meta.entity;
  }
}

/** A transaction's view of `committed`: its reads see its own writes, which go to overlays of the tables. */
export class TransactionState extends StoreState {
  private readonly overlays = new Map<string, Table>();
  /** Every change the transaction keeps (its writes share it; savepoints are marks in it). */
  readonly log = new UndoLog();

  constructor(private readonly committed: StoreState) {
    super(committed.model, committed.tables);
  }

  override table(entity: string): Table {
    return this.overlays.get(entity) ?? this.committed.table(entity);
  }

  override writable(entity: string): Table {
    let overlay = this.overlays.get(entity);
    if (overlay === undefined) {
      overlay = this.committed.table(entity).overlay();
      this.overlays.set(entity, overlay);
    }
    return overlay;
  }

  /** Applies the transaction's changes to the committed tables, in the order they were made. */
  commit(): void {
    this.log.replay((overlay) => this.committed.table(overlay.meta.entity.name));
    this.overlays.clear();
  }
}

type Change =
  { op: 'add'; table: Table; row: Row } | { op: 'remove'; table: Table; row: Row } | { op: 'replace'; table: Table; old: Row; next: Row };

export class UndoLog {
  private readonly changes: Change[] = [];

  /** A position to roll back to. */
  mark(): number {
    return this.changes.length;
  }

  add(table: Table, row: Row): void {
    table.add(row);
    this.changes.push({ op: 'add', table, row });
  }

  remove(table: Table, row: Row): void {
    table.remove(row);
    this.changes.push({ op: 'remove', table, row });
  }

  replace(table: Table, old: Row, next: Row): void {
    table.replace(old, next);
    this.changes.push({ op: 'replace', table, old, next });
  }

  /** Makes every change again, oldest first, on the table `target` gives for the one it was made on; empties the log. */
  replay(target: (table: Table) => Table): void {
    for (const c of this.changes) {
      const t = target(c.table);
      if (c.op === 'add') t.add(c.row);
      else if (c.op === 'remove') t.remove(c.row);
      else t.replace(c.old, c.next);
    }
    this.changes.length = 0;
  }

  /** Undoes every change made after `mark`, newest first. */
  rollbackTo(mark: number): void {
    while (this.changes.length > mark) {
      const c = this.changes.pop()!;
      if (c.op === 'add') c.table.remove(c.row);
      else if (c.op === 'remove') c.table.add(c.row);
      else c.table.replace(c.next, c.old);
    }
  }
}
