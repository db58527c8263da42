/**
 * The runtime of generated clients, published as `persist/runtime` (package.json `exports`).
 * Generated `client.ts` files extend `PersistClient`; generated `types.ts` files instantiate the
 * selection types. Applications import the error classes from here (or from their generated
 * client, which re-exports them) to tell failures apart.
 */
export { PersistClient, type ActAs, type ClientClass, type ClientLimits } from './persist-client.js';
export { EntityAccessor, type UpsertField, type UpsertOptions } from './entity-accessor.js';
export { RowStream } from './row-stream.js';
export { RowPages, type RowPage } from './row-pages.js';
export { openDatastore, type ConnectOptions } from './connect.js';
export type {
  EntityInfo,
  EntityName,
  Exact,
  GetByKeyOptions,
  GetOptions,
  ListArgs,
  OrderByArg,
  RelationInfo,
  Result,
  ResultOrRow,
  SchemaInfo,
  Select,
  Simplify,
} from './selection-types.js';
export type {
  AggregateInfo,
  AggregateOptions,
  AggregateResult,
  AggregateSpec,
  GroupByOptions,
  GroupOrderBy,
  GroupResult,
  Having,
} from './aggregate-types.js';
export type { BooleanFilter, EqualityFilter, ListRelationFilter, OrderedFilter, SortOrder, StringFilter } from './where-types.js';
export {
  AlreadyExistsError,
  DatastoreUnavailableError,
  ForbiddenError,
  ForeignKeyViolationError,
  InvalidValueError,
  NotFoundError,
  PersistError,
  type PersistErrorCode,
} from '../errors.js';
export type { Datastore } from '../datastore/datastore.js';
export type { ModelIR } from '../model/ir.js';
