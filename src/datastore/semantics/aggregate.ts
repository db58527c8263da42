/**
 * The meaning of an aggregate read over rows held in the process (the in-memory store), as
 * filter.ts is of a Filter: rows are grouped by the groupBy fields' values (NULL is one value
 * here, as in SQL's GROUP BY), each group's aggregates computed over the non-null values of their
 * field (`count` over the rows), then having (three-valued: a comparison with a null aggregate is
 * unknown), order (the requested sort, then the grouped fields ascending, nulls first) and
 * paging. Decimal sums and averages are exact (model/decimal-math.ts); int and float sums are
 * float additions, averages the sum divided by the count.
 */
import { DecimalSum } from '../../model/decimal-math.js';
import { DEFAULT_DECIMAL } from '../../model/values.js';
import type { Aggregate, AggregateQuery, CompareOp, Group, GroupFilter, Row, Value } from '../datastore.js';
import type { EntityFacts } from '../entity-facts.js';
import { aggregateField, AVG_EXTRA_SCALE } from '../aggregate-checks.js';
import { TupleMap } from '../tuple-key.js';
import { valueComparator, type ValueComparator } from './compare.js';

/** Accumulates one aggregate over a group's rows. */
interface Accumulator {
  add(row: Row): void;
  value(): Value;
}

type AccumulatorFactory = () => Accumulator;

/** An aggregate of a field's values (a count is the group's row count: GroupState.count). */
type FieldAggregate = Exclude<Aggregate, { fn: 'count' }>;

/** A group's fields and its values of the computed aggregates. */
interface GroupValues {
  fields: Row;
  values: Value[];
}

/** One group while its rows are added: the grouped fields, its rows counted, and the accumulators of its field aggregates. */
interface GroupState {
  fields: Row;
  count: number;
  acc: Accumulator[];
}

function accumulatorOf(meta: EntityFacts, agg: FieldAggregate): AccumulatorFactory {
  const f = agg.field;
  const field = meta.fieldIR.get(f)!;
  const decimal = field.type.kind === 'scalar' && field.type.name === 'decimal';
  if (agg.fn === 'min' || agg.fn === 'max') {
    const cmp = valueComparator(field.type, meta.enums);
    const sign = agg.fn === 'min' ? -1 : 1;
    return () => {
      let best: Value = null;
      return {
        add: (row) => {
          const v = row[f]!;
          if (v !== null && (best === null || sign * cmp(v, best) > 0)) best = v;
        },
        value: () => best,
      };
    };
  }
  const avg = agg.fn === 'avg';
  if (decimal) {
    const scale = (field.sql.decimal ?? DEFAULT_DECIMAL).scale + AVG_EXTRA_SCALE;
    return () => {
      const sum = new DecimalSum();
      let n = 0;
      return {
        add: (row) => {
          const v = row[f]!;
          if (v === null) return;
          sum.add(v as string);
          n++;
        },
        value: () => (n === 0 ? null : avg ? sum.divide(n, scale) : sum.value()),
      };
    };
  }
  return () => {
    let sum = 0;
    let n = 0;
    return {
      add: (row) => {
        const v = row[f]!;
        if (v === null) return;
        sum += v as number;
        n++;
      },
      value: () => (n === 0 ? null : avg ? sum / n : sum),
    };
  };
}

/** Adds `row` to its group. */
function add(g: GroupState, row: Row): void {
  g.count++;
  const acc = g.acc;
  for (let i = 0; i < acc.length; i++) acc[i]!.add(row);
}

const FALSE = 0;
const TRUE = 1;
const UNKNOWN = 2;
type Truth = typeof FALSE | typeof TRUE | typeof UNKNOWN;

/** The compiled parts of one aggregate read: what to compute, and how groups filter and sort. */
export class GroupPlan {
  /** The aggregates computed per group: those asked for, then those having and orderBy read. */
  private readonly computed: Aggregate[];
  /** The accumulators of each group: one per field aggregate of `computed`. */
  private readonly factories: AccumulatorFactory[] = [];
  /** Per aggregate of `computed`: its value from a group's state. */
  private readonly reads: ((g: GroupState) => Value)[];
  private readonly groupBy: readonly string[];
  private readonly comparators = new Map<string, ValueComparator>();
  /** The group order: the requested sort, then the grouped fields ascending. */
  private readonly order: ((a: GroupValues, b: GroupValues) => number)[];

  constructor(
    private readonly meta: EntityFacts,
    private readonly query: AggregateQuery,
  ) {
    this.groupBy = query.groupBy ?? [];
    this.computed = [...query.aggregates];
    const need = (a: Aggregate): void => void this.slot(a);
    visitHaving(query.having, need);
    for (const s of query.orderBy ?? []) if ('aggregate' in s) need(s.aggregate);
    this.reads = this.computed.map((a) => {
      if (a.fn === 'count') return (g) => g.count;
      const i = this.factories.push(accumulatorOf(meta, a)) - 1;
      return (g) => g.acc[i]!.value();
    });
    const byField = (f: string, sign: number): ((a: GroupValues, b: GroupValues) => number) => {
      const c = valueComparator(meta.fieldIR.get(f)!.type, meta.enums);
      return (a, b) => sign * nullsFirst(a.fields[f]!, b.fields[f]!, c);
    };
    this.order = [
      ...(query.orderBy ?? []).map((s) => {
        const sign = s.direction === 'DESC' ? -1 : 1;
        if (!('aggregate' in s)) return byField(s.field, sign);
        const i = this.slot(s.aggregate);
        const c = this.comparator(s.aggregate);
        return (a: GroupValues, b: GroupValues) => sign * nullsFirst(a.values[i]!, b.values[i]!, c);
      }),
      ...this.groupBy.map((f) => byField(f, 1)),
    ];
  }

  private slot(agg: Aggregate): number {
    const id = aggregateId(agg);
    const i = this.computed.findIndex((a) => aggregateId(a) === id);
    if (i >= 0) return i;
    this.computed.push(agg);
    return this.computed.length - 1;
  }

  private comparator(agg: Aggregate): ValueComparator {
    const id = aggregateId(agg);
    let c = this.comparators.get(id);
    if (!c) {
      c = valueComparator(aggregateField(this.meta.entity, agg).type, this.meta.enums);
      this.comparators.set(id, c);
    }
    return c;
  }

  private newGroup(row: Row): GroupState {
    const fields: Row = {};
    for (const f of this.groupBy) fields[f] = row[f]!;
    return { fields, count: 0, acc: this.factories.map((make) => make()) };
  }

  /**
   * The groups of the `rows` that `predicate` admits (where; absent: all), having, sorted and
   * paged. Per row: a lookup by its grouped values, no tuple or key text (TupleMap).
   */
  run(rows: Iterable<Row>, predicate?: (row: Row) => boolean): Group[] {
    const by = this.groupBy;
    // Without grouped fields there is always the one group, even of no rows.
    const states: GroupState[] = by.length === 0 ? [this.newGroup({})] : [];
    const index = by.length === 0 ? undefined : new TupleMap<GroupState>(by);
    for (const row of rows) {
      if (predicate !== undefined && !predicate(row)) continue;
      let g = index === undefined ? states[0]! : index.get(row);
      if (g === undefined) {
        g = this.newGroup(row);
        index!.set(row, g);
        states.push(g);
      }
      add(g, row);
    }
    return this.finish(states);
  }

  /**
   * As run, over rows already partitioned by the groupBy fields (one part per group, each
   * non-empty: Table.groupedBy): no lookup per row, and without a predicate a count reads no row.
   */
  runPartitioned(parts: readonly (readonly Row[])[], predicate?: (row: Row) => boolean): Group[] {
    if (this.groupBy.length === 0) throw new Error('internal: runPartitioned needs groupBy fields');
    const states: GroupState[] = [];
    const countsOnly = predicate === undefined && this.factories.length === 0;
    for (const part of parts) {
      if (countsOnly) {
        const g = this.newGroup(part[0]!);
        g.count = part.length;
        states.push(g);
        continue;
      }
      let g: GroupState | undefined;
      for (const row of part) {
        if (predicate !== undefined && !predicate(row)) continue;
        if (g === undefined) states.push((g = this.newGroup(row)));
        add(g, row);
      }
    }
    return this.finish(states);
  }

  /** The groups' values, having, sorted and paged. */
  private finish(states: readonly GroupState[]): Group[] {
    const reads = this.reads;
    let all = states.map((g) => ({ fields: g.fields, values: reads.map((read) => read(g)) }));
    const having = this.query.having;
    if (having) all = all.filter((g) => this.truth(having, g.values) === TRUE);
    all.sort((a, b) => this.compareGroups(a, b));
    const start = this.query.offset ?? 0;
    const end = this.query.limit === undefined ? all.length : start + this.query.limit;
    const n = this.query.aggregates.length;
    return all.slice(start, end).map((g) => ({ fields: g.fields, values: g.values.slice(0, n) }));
  }

  private compareGroups(a: GroupValues, b: GroupValues): number {
    for (const compare of this.order) {
      const c = compare(a, b);
      if (c !== 0) return c;
    }
    return 0;
  }

  private truth(f: GroupFilter, values: readonly Value[]): Truth {
    switch (f.kind) {
      case 'and': {
        let r: Truth = TRUE;
        for (const x of f.filters) {
          const t = this.truth(x, values);
          if (t === FALSE) return FALSE;
          if (t === UNKNOWN) r = UNKNOWN;
        }
        return r;
      }
      case 'or': {
        let r: Truth = FALSE;
        for (const x of f.filters) {
          const t = this.truth(x, values);
          if (t === TRUE) return TRUE;
          if (t === UNKNOWN) r = UNKNOWN;
        }
        return r;
      }
      case 'not': {
        const t = this.truth(f.filter, values);
        return t === UNKNOWN ? UNKNOWN : t === TRUE ? FALSE : TRUE;
      }
      case 'isNull':
        return (values[this.slot(f.aggregate)] === null) === f.isNull ? TRUE : FALSE;
      case 'compare': {
        const v = values[this.slot(f.aggregate)]!;
        if (v === null) return UNKNOWN;
        return holds(f.op, this.comparator(f.aggregate)(v, f.value)) ? TRUE : FALSE;
      }
      case 'in': {
        const v = values[this.slot(f.aggregate)]!;
        if (f.values.length === 0) return f.negate ? TRUE : FALSE;
        if (v === null) return UNKNOWN;
        const cmp = this.comparator(f.aggregate);
        const found = f.values.some((x) => cmp(v, x) === 0);
        return found !== f.negate ? TRUE : FALSE;
      }
      case 'string': {
        const v = values[this.slot(f.aggregate)]!;
        if (v === null) return UNKNOWN;
        const text = v as string;
        const hit =
          f.op === 'contains' ? text.includes(f.value) : f.op === 'startsWith' ? text.startsWith(f.value) : text.endsWith(f.value);
        return hit ? TRUE : FALSE;
      }
    }
  }
}

/** Whether a comparison's result `c` (negative, zero, positive) satisfies `op`. */
export function holds(op: CompareOp, c: number): boolean {
  switch (op) {
    case 'eq':
      return c === 0;
    case 'ne':
      return c !== 0;
    case 'lt':
      return c < 0;
    case 'lte':
      return c <= 0;
    case 'gt':
      return c > 0;
    case 'gte':
      return c >= 0;
  }
}

function nullsFirst(x: Value, y: Value, cmp: ValueComparator): number {
  if (x === null) return y === null ? 0 : -1;
  if (y === null) return 1;
  return cmp(x, y);
}

/** A stable name of an aggregate: the same function of the same field is computed once. */
export function aggregateId(agg: Aggregate): string {
  return agg.fn === 'count' ? 'count' : `${agg.fn}:${agg.field}`;
}

/** Calls `visit` with every aggregate a having condition reads. */
export function visitHaving(f: GroupFilter | undefined, visit: (agg: Aggregate) => void): void {
  if (!f) return;
  switch (f.kind) {
    case 'and':
    case 'or':
      for (const x of f.filters) visitHaving(x, visit);
      return;
    case 'not':
      visitHaving(f.filter, visit);
      return;
    default:
      visit(f.aggregate);
  }
}
