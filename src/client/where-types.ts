/**
 * The filter shapes of a `where` argument, one per kind of field type. They mirror the GraphQL
 * `…Filter` inputs operator for operator (SPEC §3), so a filter reads the same in both APIs.
 * Several operators in one filter must all hold; `AND`, `OR` and `NOT` combine field filters in
 * the generated `…Where` types. The meaning is GraphQL's, through the same translator
 * (datastore/where-filter.ts): `eq: null` is `isNull: true`, `ne: null` is `isNull: false`.
 */

/** Operators every filter has. `isNull: true` matches NULL, `isNull: false` anything else. */
export interface EqualityFilter<T> {
  eq?: T | null;
  ne?: T | null;
  in?: readonly T[];
  notIn?: readonly T[];
  isNull?: boolean;
}

/** Booleans: equality only, without `in` (as the GraphQL `BooleanFilter`). */
export interface BooleanFilter {
  eq?: boolean | null;
  ne?: boolean | null;
  isNull?: boolean;
}

/** Numbers, decimals, dates and times: equality plus comparisons. */
export interface OrderedFilter<T> extends EqualityFilter<T> {
  lt?: T;
  lte?: T;
  gt?: T;
  gte?: T;
}

/** Strings: comparisons (by code point) plus substring matches (case-sensitive). */
export interface StringFilter extends OrderedFilter<string> {
  contains?: string;
  startsWith?: string;
  endsWith?: string;
}

/** A sort direction; NULLs come first ascending and last descending. */
export type SortOrder = 'ASC' | 'DESC';

/**
 * The filter of a 1-n relation field in a `where`, over the related rows' where type `W`: `some`
 * (at least one matches; `{}`: has one), `every` (none fails; true without related rows), `none`
 * (none matches). A to-one relation field takes the related entity's where type itself: the row
 * has a related row and it matches (`{}`: has one; `NOT: { car: {} }`: has none).
 */
export interface ListRelationFilter<W> {
  some?: W | null;
  every?: W | null;
  none?: W | null;
}
