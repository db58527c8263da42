/**
 * `include` for the in-memory store: each included row comes from the target's primary index by
 * the parent's foreign-key values (a hash lookup, never a scan), copied like any row handed out,
 * once per call (see Include: parents of one call share their included rows); a related row the
 * include's `where` rejects is included as null.
 */
import type { IncludedRows, Row } from '../datastore.js';
import { INCLUDED } from '../datastore.js';
import { includedFields, type IncludePlan } from '../includes.js';
import { outputFields } from '../read-fields.js';
import { rowKey } from '../tuple-key.js';
import { RowCopier } from './row-copier.js';
import { roomFor } from '../row-literal.js';
import { compileFilter, type RowPredicate } from '../semantics/filter.js';
import type { StoreState } from './store-state.js';
import type { Table } from './table.js';

interface IncludeNode {
  relation: string;
  fkFields: readonly string[];
  table: Table;
  /** The include's `where`: a related row it rejects is included as null. */
  predicate: RowPredicate | undefined;
  copier: RowCopier;
  children: IncludeReader | undefined;
  /** The copies handed out in this call, by stored row: parents of one call share them. */
  copies: Map<Row, Row>;
}

/** Reads the includes of one call; built once per call, not per row. */
export class IncludeReader {
  private readonly nodes: IncludeNode[];

  private constructor(state: StoreState, plans: readonly IncludePlan[]) {
    this.nodes = plans.map((p) => {
      const table = state.table(p.target.name);
      return {
        relation: p.relation,
        fkFields: p.fkFields,
        table,
        predicate: p.where && compileFilter(table.meta, p.where, state.related),
        copier: new RowCopier(table.meta, outputFields(table.meta, includedFields(p)), roomFor(table.meta.entity, p.children.length > 0)),
        children: IncludeReader.of(state, p.children),
        copies: new Map(),
      };
    });
  }

  /** The reader of `plans`; undefined when nothing is included. */
  static of(state: StoreState, plans: readonly IncludePlan[]): IncludeReader | undefined {
    return plans.length === 0 ? undefined : new IncludeReader(state, plans);
  }

  /** Sets `out[INCLUDED]` from the stored row `stored` that `out` was copied from. */
  attach(out: Row, stored: Row): void {
    const included: IncludedRows = {};
    for (const n of this.nodes) {
      const k = rowKey(stored, n.fkFields);
      const target = k === undefined ? undefined : n.table.rows.get(k);
      if (target === undefined || (n.predicate !== undefined && !n.predicate(target))) {
        included[n.relation] = null;
        continue;
      }
      let copy = n.copies.get(target);
      if (copy === undefined) {
        copy = n.copier.copy(target);
        n.children?.attach(copy, target);
        n.copies.set(target, copy);
      }
      included[n.relation] = copy;
    }
    out[INCLUDED] = included;
  }
}
