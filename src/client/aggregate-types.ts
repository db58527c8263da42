/**
 * The types of the client's `aggregate()` and `groupBy()` (SPEC §3.3 in TypeScript), generic over
 * the schema description of `types.ts`: what is asked for (`count: true`, `sum: { price: true }`)
 * decides the result's keys, and `groupBy`'s `by` fields add theirs, typed as the entity's.
 */
import type { EntityName, OrderByArg, SchemaInfo, Simplify } from './selection-types.js';
import type { OrderedFilter, SortOrder } from './where-types.js';

/** The functions besides `count`. */
export type AggregateFunctionName = 'sum' | 'avg' | 'min' | 'max';

/** Per function, the fields it applies to with its value type (`types.ts` writes them). */
export type AggregateInfo = { [F in AggregateFunctionName]: object };

type AggregatesOf<S extends SchemaInfo, E extends EntityName<S>> = S[E] extends { aggregates: infer A extends AggregateInfo } ? A : never;

/** Per field of `T`, an optional `V`; `never` when `T` has no field (an entity without numeric fields has no `sum`). */
type FieldsOf<T, V> = [keyof T] extends [never] ? never : { [K in keyof T]?: V };

/** What to compute: `count: true`, and per function the fields, `sum: { price: true }`. */
export type AggregateSpec<S extends SchemaInfo, E extends EntityName<S>> = {
  count?: true;
} & { [F in AggregateFunctionName]?: FieldsOf<AggregatesOf<S, E>[F], true> };

/** What an AggregateSpec `A` yields: `count` when asked, each function's fields (null over no values). */
export type AggregateResult<S extends SchemaInfo, E extends EntityName<S>, A> = Simplify<
  (A extends { count: true } ? { count: number } : unknown) & {
    [F in AggregateFunctionName & keyof A]: Simplify<{
      [K in keyof A[F] & keyof AggregatesOf<S, E>[F]]: AggregatesOf<S, E>[F][K] | null;
    }>;
  }
>;

/** `aggregate()`'s options: the aggregates, and the rows to aggregate. */
export type AggregateOptions<S extends SchemaInfo, E extends EntityName<S>> = AggregateSpec<S, E> & { where?: S[E]['where'] };

type FilterOf<S extends SchemaInfo, E extends EntityName<S>, K> = K extends keyof S[E]['where'] ? NonNullable<S[E]['where'][K]> : never;

/** A condition on groups: `count`, per function a filter per field (min/max: the field's own filter), AND/OR/NOT. */
export type Having<S extends SchemaInfo, E extends EntityName<S>> = {
  count?: OrderedFilter<number>;
  sum?: { [K in keyof AggregatesOf<S, E>['sum']]?: OrderedFilter<AggregatesOf<S, E>['sum'][K]> };
  avg?: { [K in keyof AggregatesOf<S, E>['avg']]?: OrderedFilter<AggregatesOf<S, E>['avg'][K]> };
  min?: { [K in keyof AggregatesOf<S, E>['min']]?: FilterOf<S, E, K> };
  max?: { [K in keyof AggregatesOf<S, E>['max']]?: FilterOf<S, E, K> };
  AND?: readonly Having<S, E>[];
  OR?: readonly Having<S, E>[];
  NOT?: Having<S, E>;
};

/** A sort of groups: by a `by` field, by `count`, or by an aggregate. */
export type GroupOrderBy<S extends SchemaInfo, E extends EntityName<S>, By extends keyof S[E]['row']> = { [K in By]?: SortOrder } & {
  count?: SortOrder;
} & { [F in AggregateFunctionName]?: { [K in keyof AggregatesOf<S, E>[F]]?: SortOrder } };

/** `groupBy()`'s options: the `by` fields, the aggregates, where, having, order and paging. */
export type GroupByOptions<S extends SchemaInfo, E extends EntityName<S>, By extends keyof S[E]['row']> = AggregateSpec<S, E> & {
  by: readonly [By, ...By[]];
  where?: S[E]['where'];
  having?: Having<S, E>;
  orderBy?: OrderByArg<GroupOrderBy<S, E, By>>;
  limit?: number;
  offset?: number;
};

/** One group: its `by` fields typed as the entity's, and what the spec asks for. */
export type GroupResult<S extends SchemaInfo, E extends EntityName<S>, By extends keyof S[E]['row'], A> = Simplify<
  { -readonly [K in By]: S[E]['row'][K] } & AggregateResult<S, E, A>
>;
