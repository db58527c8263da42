/**
 * Datastore.aggregate in memory: the rows of the table (or of each `per` tuple, from the same
 * indexes getByFields uses), filtered by where, then grouped, aggregated, filtered by having,
 * sorted and paged as semantics/aggregate.ts defines. Compiled once per request.
 */
import type { AggregateQuery, Group, Row } from '../datastore.js';
import { checkAggregateQuery } from '../aggregate-checks.js';
import { checkFields } from '../query-checks.js';
import { compileFilter } from '../semantics/filter.js';
import { GroupPlan } from '../semantics/aggregate.js';
import { candidatesPerTuple } from './reads.js';
import type { StoreState } from './store-state.js';

function* matching(rows: Iterable<Row>, predicate: ((row: Row) => boolean) | undefined): Iterable<Row> {
  for (const r of rows) if (predicate === undefined || predicate(r)) yield r;
}

export function aggregate(state: StoreState, entity: string, query: AggregateQuery): Group[][] {
  const table = state.table(entity);
  const meta = table.meta;
  const q = checkAggregateQuery(state.model, meta.entity, query);
  const predicate = q.where && compileFilter(meta, q.where, state.related);
  const plan = new GroupPlan(meta, q);
  if (!q.per) return [plan.run(matching(table.rows.values(), predicate))];
  const fieldIRs = checkFields(meta.entity, q.per.fields);
  return candidatesPerTuple(state, table, fieldIRs, q.per.values).map((c) => plan.run(matching(c.rows, predicate)));
}
