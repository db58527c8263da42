/**
 * What a read's statement takes from its plan (entity, `select`, `include`, matched fields) and not
 * from its values: the checked includes, the fields returned, the row readers and the includes'
 * joins. A read plan every request of a document shares is frozen (graphql/read-plan-cache.ts), so
 * all of this is made once per plan (readers and joins when first asked for) and kept with it;
 * `where`, `orderBy` and paging stay per call. Plain (unfrozen) lists get a shape of their own per call.
 */
import type { Include } from '../datastore.js';
import { FrozenMemo } from '../frozen-memo.js';
import { planIncludes, usedFkFields, withoutUnusedFks, type IncludePlan } from '../includes.js';
import { outputFields } from '../read-fields.js';
import { aliasedMeta, type EntitySql } from './entity-sql.js';
import { RowReader } from './row-reader.js';
import { JoinPlan } from './sql-includes.js';
import type { ReadContext } from './read-context.js';

/** The plan-derived parts of the statements of one read plan. */
export class PlanShape {
  readonly plans: readonly IncludePlan[];
  /**
   * The parent's fields returned: the selection, the keys, the matched fields and the includes'
   * foreign keys (those of includes with keysUnused only when selected for something else).
   */
  readonly fields: readonly string[];
  private readonly readers = new Map<string, RowReader>();
  private readonly joinPlans = new Map<string, JoinPlan | undefined>();

  constructor(
    private readonly ctx: ReadContext,
    private readonly meta: EntitySql,
    select: readonly string[] | undefined,
    include: readonly Include[] | undefined,
    matched: readonly string[],
  ) {
    this.plans = planIncludes(ctx.model, meta.entity, include);
    const plans = this.plans;
    this.fields =
      plans.length === 0
        ? outputFields(meta, select, matched)
        : outputFields(meta, withoutUnusedFks(select, plans, matched), [...matched, ...usedFkFields(plans)]);
  }

  /** The reader of `fields`, its columns qualified by `alias` (unqualified without one). */
  reader(alias?: string): RowReader {
    const id = alias ?? '';
    let reader = this.readers.get(id);
    if (reader === undefined) {
      reader = new RowReader(alias === undefined ? this.meta : aliasedMeta(this.meta, alias), this.fields, this.plans.length > 0);
      this.readers.set(id, reader);
    }
    return reader;
  }

  /**
   * The includes' joins below the parent aliased `alias` (undefined: nothing included); with
   * `afterParent`, the parent's `fields` come just before the joined columns (see JoinPlan.of).
   */
  joins(alias: string, afterParent = true): JoinPlan | undefined {
    const id = `${afterParent ? '+' : '-'}${alias}`;
    if (this.joinPlans.has(id)) return this.joinPlans.get(id);
    const joins = JoinPlan.of((e) => this.ctx.meta(e), this.meta, alias, this.plans, afterParent ? this.fields : undefined);
    this.joinPlans.set(id, joins);
    return joins;
  }
}

// Per entity, select and include, then by matched fields (a few per plan: one per relation that reads it).
const shapes = new FrozenMemo<Map<string, PlanShape>>();

/** The shape of reads of `meta` with `select`, `include` and `matched` fields: kept when the lists are frozen. */
export function planShape(
  ctx: ReadContext,
  meta: EntitySql,
  select: readonly string[] | undefined,
  include: readonly Include[] | undefined,
  matched: readonly string[] = [],
): PlanShape {
  const byMatched = shapes.get(meta, [select, include], () => new Map());
  const id = matched.join('\0');
  let shape = byMatched.get(id);
  if (shape === undefined) {
    shape = new PlanShape(ctx, meta, select, include, matched);
    byMatched.set(id, shape);
  }
  return shape;
}
