/**
 * Datastore.aggregate in memory: the rows of the table (or of each `per` tuple, from the same
 * indexes getByFields uses), filtered by where, then grouped, aggregated, filtered by having,
 * sorted and paged as semantics/aggregate.ts defines. Compiled once per request.
 */
import type { AggregateQuery, Group } from '../datastore.js';
import { checkAggregateQuery } from '../aggregate-checks.js';
import { checkFields } from '../query-checks.js';
import { compileFilter } from '../semantics/filter.js';
import { GroupPlan } from '../semantics/aggregate.js';
import { candidatesPerTuple } from './reads.js';
import type { StoreState } from './store-state.js';

export function aggregate(state: StoreState, entity: string, query: AggregateQuery): Group[][] {
  const table = state.table(entity);
  const meta = table.meta;
  const q = checkAggregateQuery(state.model, meta.entity, query);
  const predicate = q.where && compileFilter(meta, q.where, state.related);
  const plan = new GroupPlan(meta, q);
  // The whole table by groupBy fields: its cached partition (no lookup per row and request).
  if (!q.per)
    return [
      q.groupBy && q.groupBy.length > 0
        ? plan.runPartitioned(table.groupedBy(q.groupBy), predicate)
        : plan.run(table.rows.values(), predicate),
    ];
  const fieldIRs = checkFields(meta.entity, q.per.fields);
  return candidatesPerTuple(state, table, fieldIRs, q.per.values).map((c) => plan.run(c.rows, predicate));
}
