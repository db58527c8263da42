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
import { tupleKey, type TupleKey } from '../tuple-key.js';
import { valueComparator, type ValueComparator } from './compare.js';

/** Accumulates one aggregate over a group's rows. */
interface Accumulator {
  add(row: Row): void;
  value(): Value;
}

type AccumulatorFactory = () => Accumulator;

function accumulatorOf(meta: EntityFacts, agg: Aggregate): AccumulatorFactory {
  if (agg.fn === 'count') {
    return () => {
      let n = 0;
      return { add: () => void n++, value: () => n };
    };
  }
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

const FALSE = 0;
const TRUE = 1;
const UNKNOWN = 2;
type Truth = typeof FALSE | typeof TRUE | typeof UNKNOWN;

/** The compiled parts of one aggregate read: what to compute, and how groups filter and sort. */
export class GroupPlan {
  /** The aggregates computed per group: those asked for, then those having and orderBy read. */
  private readonly computed: Aggregate[];
  private readonly factories: AccumulatorFactory[];
  private readonly groupBy: readonly string[];
  private readonly comparators = new Map<string, ValueComparator>();

  constructor(
    private readonly meta: EntityFacts,
    private readonly query: AggregateQuery,
  ) {
    this.groupBy = query.groupBy ?? [];
    this.computed = [...query.aggregates];
    const need = (a: Aggregate): void => void this.slot(a);
    visitHaving(query.having, need);
    for (const s of query.orderBy ?? []) if ('aggregate' in s) need(s.aggregate);
    this.factories = this.computed.map((a) => accumulatorOf(meta, a));
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

  /** The groups of `rows` (already filtered by where), having, sorted and paged. */
  run(rows: Iterable<Row>): Group[] {
    const groups = new Map<TupleKey, { fields: Row; acc: Accumulator[] }>();
    const by = this.groupBy;
    for (const row of rows) {
      const key = by.length === 0 ? null : tupleKey(by.map((f) => row[f]!));
      let g = groups.get(key);
      if (!g) {
        const fields: Row = {};
        for (const f of by) fields[f] = row[f]!;
        g = { fields, acc: this.factories.map((make) => make()) };
        groups.set(key, g);
      }
      for (const a of g.acc) a.add(row);
    }
    // Without grouped fields there is always the one group, even of no rows.
    if (by.length === 0 && groups.size === 0) groups.set(null, { fields: {}, acc: this.factories.map((make) => make()) });
    let all = [...groups.values()].map((g) => ({ fields: g.fields, values: g.acc.map((a) => a.value()) }));
    const having = this.query.having;
    if (having) all = all.filter((g) => this.truth(having, g.values) === TRUE);
    all.sort((a, b) => this.compareGroups(a, b));
    const start = this.query.offset ?? 0;
    const end = this.query.limit === undefined ? all.length : start + this.query.limit;
    const n = this.query.aggregates.length;
    return all.slice(start, end).map((g) => ({ fields: g.fields, values: g.values.slice(0, n) }));
  }

  private compareGroups(a: { fields: Row; values: Value[] }, b: { fields: Row; values: Value[] }): number {
    for (const s of this.query.orderBy ?? []) {
      const c =
        'aggregate' in s
          ? nullsFirst(a.values[this.slot(s.aggregate)]!, b.values[this.slot(s.aggregate)]!, this.comparator(s.aggregate))
          : this.compareField(s.field, a.fields, b.fields);
      if (c !== 0) return s.direction === 'DESC' ? -c : c;
    }
    for (const f of this.groupBy) {
      const c = this.compareField(f, a.fields, b.fields);
      if (c !== 0) return c;
    }
    return 0;
  }

  private compareField(f: string, a: Row, b: Row): number {
    let c = this.comparators.get(`field:${f}`);
    if (!c) {
      c = valueComparator(this.meta.fieldIR.get(f)!.type, this.meta.enums);
      this.comparators.set(`field:${f}`, c);
    }
    return nullsFirst(a[f]!, b[f]!, c);
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
