/**
 * The target-type machinery (seed §3.1, "Target Types") in TypeScript: a selection object names
 * the fields and relations to fetch, and `Result` computes the exact type of what comes back.
 *
 * Everything here is generic over a schema description (`SchemaInfo`) that `persist generate`
 * writes into `types.ts` for each model, so the runtime stays model-agnostic and the generated
 * file stays short.
 *
 * Selection shape, for an entity `E`:
 * - a stored field: `firstName: true`;
 * - a to-one relation (owner side, or the 1-1 other side): `true` (all stored fields of the
 *   related entity) or a nested selection `{ deptName: true }`;
 * - a 1-n relation: `true` or the list arguments `{ select, where, orderBy, limit, offset }`.
 *   The object form is always the arguments (never a bare selection) so that an entity with a
 *   field called `where` or `limit` is never ambiguous.
 */

/** How a relation field of an entity is typed. */
export interface RelationInfo {
  /** The related entity's name. */
  target: string;
  /** `one`: owner side, never null; `optional`: 1-1 other side, null when absent; `many`: 1-n other side. */
  cardinality: 'one' | 'optional' | 'many';
}

/** The types of one entity, as `types.ts` describes them. */
export interface EntityInfo {
  /** The entity type `E`: stored fields (simple and foreign-key), key fields readonly. */
  row: object;
  /** The key: the value itself, or a named tuple in key order for a composite key. */
  key: unknown;
  insert: object;
  /** A row to insert with the related rows it creates through relations (a nested insert). */
  create: object;
  update: object;
  where: object;
  orderBy: object;
  /** Relation fields by name. */
  relations: { [field: string]: RelationInfo };
}

/** Every entity of a model by name. */
export type SchemaInfo = { [entity: string]: EntityInfo };

/** Entity names of a schema. */
export type EntityName<S extends SchemaInfo> = keyof S & string;

type RowOf<S extends SchemaInfo, E extends EntityName<S>> = S[E]['row'];
type RelationsOf<S extends SchemaInfo, E extends EntityName<S>> = S[E]['relations'];
type TargetOf<S extends SchemaInfo, R extends RelationInfo> = R['target'] & EntityName<S>;

/** Flattens intersections so that editors show `{ empNo: string; ... }` rather than a formula. */
export type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** One sort key or several, applied in order (then the key fields ascending). */
export type OrderByArg<O> = O | readonly O[];

/** The arguments of a list read: the root `get` and every 1-n relation in a selection. */
export interface ListArgs<S extends SchemaInfo, E extends EntityName<S>> {
  select?: Select<S, E>;
  where?: S[E]['where'];
  orderBy?: OrderByArg<S[E]['orderBy']>;
  /** At most this many rows (per parent, on a nested relation). */
  limit?: number;
  /** Skip this many rows first (per parent, on a nested relation). */
  offset?: number;
}

type RelationSelect<S extends SchemaInfo, R extends RelationInfo> = R['cardinality'] extends 'many'
  ? true | ListArgs<S, TargetOf<S, R>>
  : true | Select<S, TargetOf<S, R>>;

/** A selection of stored fields and relations of the entity `E`, to any depth. */
export type Select<S extends SchemaInfo, E extends EntityName<S>> = {
  [K in keyof RowOf<S, E> | keyof RelationsOf<S, E>]?: K extends keyof RelationsOf<S, E> ? RelationSelect<S, RelationsOf<S, E>[K]> : true;
};

type SelectedKeys<Sel> = { [K in keyof Sel]-?: Sel[K] extends true | object ? K : never }[keyof Sel];

type OneResult<S extends SchemaInfo, T extends EntityName<S>, V> = V extends true ? RowOf<S, T> : Result<S, T, V>;

type ManyResult<S extends SchemaInfo, T extends EntityName<S>, V> = V extends { select: infer Sub }
  ? Sub extends undefined
    ? RowOf<S, T>[]
    : Result<S, T, Sub>[]
  : RowOf<S, T>[];

type RelationResult<S extends SchemaInfo, R extends RelationInfo, V> = R['cardinality'] extends 'many'
  ? ManyResult<S, TargetOf<S, R>, V>
  : R['cardinality'] extends 'optional'
    ? OneResult<S, TargetOf<S, R>, V> | null
    : OneResult<S, TargetOf<S, R>, V>;

/**
 * What a selection `Sel` of the entity `E` yields: the selected stored fields with their types
 * (key fields stay readonly), owner relations as objects, 1-1 other sides as `… | null`, 1-n
 * relations as arrays, each shaped by its nested selection.
 */
export type Result<S extends SchemaInfo, E extends EntityName<S>, Sel> = Simplify<
  Pick<RowOf<S, E>, SelectedKeys<Sel> & keyof RowOf<S, E>> & {
    -readonly [K in SelectedKeys<Sel> & keyof RelationsOf<S, E>]: RelationResult<S, RelationsOf<S, E>[K], Sel[K]>;
  }
>;

/** The result of an optional selection: the entity type `E` when nothing is selected. */
export type ResultOrRow<S extends SchemaInfo, E extends EntityName<S>, Sel> = [Sel] extends [undefined] ? RowOf<S, E> : Result<S, E, Sel>;

type ExactRelation<S extends SchemaInfo, R extends RelationInfo, V> = V extends true
  ? V
  : R['cardinality'] extends 'many'
    ? { [K in keyof V]: K extends 'select' ? Exact<S, TargetOf<S, R>, V[K]> : K extends keyof ListArgs<S, TargetOf<S, R>> ? V[K] : never }
    : Exact<S, TargetOf<S, R>, V>;

/**
 * `Sel` with every name that is neither a field nor a relation of `E` (at any depth) turned into
 * `never`, so that a misspelt field in a selection literal fails to compile. (Excess-property
 * checks do not reach a literal inferred into a type parameter, hence this check.)
 */
export type Exact<S extends SchemaInfo, E extends EntityName<S>, Sel> = Sel extends object
  ? {
      [K in keyof Sel]: K extends keyof RelationsOf<S, E>
        ? ExactRelation<S, RelationsOf<S, E>[K], Sel[K]>
        : K extends keyof RowOf<S, E>
          ? Sel[K]
          : never;
    }
  : Sel;

/** Options of a list read (`get`): the list arguments with a checked selection. */
export type GetOptions<S extends SchemaInfo, E extends EntityName<S>, Sel extends Select<S, E> | undefined> = Omit<
  ListArgs<S, E>,
  'select'
> & { select?: Sel & Exact<S, E, Sel> };

/** Options of a paged read (`pages`): those of `get` without limit and offset, and the page size. */
export type PagesOptions<S extends SchemaInfo, E extends EntityName<S>, Sel extends Select<S, E> | undefined> = Omit<
  GetOptions<S, E, Sel>,
  'limit' | 'offset'
> & { first: number };

/** Options of a read by key (`getByKey`): a checked selection. */
export interface GetByKeyOptions<S extends SchemaInfo, E extends EntityName<S>, Sel extends Select<S, E> | undefined> {
  select?: Sel & Exact<S, E, Sel>;
}
