/**
 * The names of the GraphQL API (SPEC §3), in one place so that the SDL generator, the resolvers
 * and the tests can never disagree. For an entity `E`: `e` is E with a lower-case first letter
 * and `es` its English plural.
 */
import pluralize from 'pluralize';
import type { EntityIR, FieldType, ScalarName } from '../../model/ir.js';
import { lowerFirst, upperFirst } from '../../model/model-helpers.js';

/** The GraphQL type of each simple type of the model. */
export const GRAPHQL_SCALAR: Readonly<Record<ScalarName, string>> = {
  int: 'Int',
  float: 'Float',
  decimal: 'Decimal',
  string: 'String',
  boolean: 'Boolean',
  bytes: 'Bytes',
  date: 'Date',
  timeOfDay: 'TimeOfDay',
  utc: 'Utc',
  civil: 'Civil',
};

/** The custom scalars the API declares, in the order the SDL lists them. */
export const CUSTOM_SCALARS = ['Date', 'TimeOfDay', 'Utc', 'Civil', 'Decimal', 'Bytes'] as const;
export type CustomScalarName = (typeof CUSTOM_SCALARS)[number];

/** The GraphQL named type of a stored field (without `!`). */
export function graphqlTypeName(type: FieldType): string {
  return type.kind === 'enum' ? type.name : GRAPHQL_SCALAR[type.name];
}

/** The filter input of a stored field's type: `StringFilter`, `DateFilter`, `StatusFilter`… */
export function filterInputName(type: FieldType): string {
  return `${graphqlTypeName(type)}Filter`;
}

// The last word of a camel-case name: `OrderItem` → `Item`, `HTTPRequest` → `Request`.
const LAST_WORD = /([A-Z]?[a-z0-9]+|[A-Z]+)$/;

/**
 * English plural of an entity name, lower-camel: `Company` → `companies`, `Address` →
 * `addresses`, `OrderItem` → `orderItems`. Only the last word is inflected, so the casing of the
 * rest of the name is kept exactly.
 */
export function pluralName(entityName: string): string {
  const m = LAST_WORD.exec(entityName);
  const head = m ? entityName.slice(0, m.index) : '';
  const last = m ? m[1]! : entityName;
  return lowerFirst(head + pluralize.plural(last));
}

/** The GraphQL operation names of one entity. */
export interface EntityNames {
  /** The object type: `Employee`. */
  type: string;
  /** `Query.employees`. When the plural equals the singular (`Sheep`), `sheepList`. */
  list: string;
  /** `Query.employee`: by key. */
  byKey: string;
  /** `Mutation.createEmployees`. */
  create: string;
  /** `Mutation.updateEmployee`. */
  update: string;
  /** `Mutation.deleteEmployee`. */
  delete: string;
  /** `Mutation.upsertEmployees`. */
  upsert: string;
  /** `Mutation.updateEmployees`: by filter (`updateSheepList` when the plural is the singular). */
  updateMany: string;
  /** `Mutation.deleteEmployees`: by filter (`deleteSheepList` when the plural is the singular). */
  deleteMany: string;
  /** The enum of the simple and foreign-key fields: `EmployeeField`. */
  fieldEnum: string;
  /** What a write by filter answers: `EmployeeBulkResult`. */
  bulkResult: string;
  insertInput: string;
  updateInput: string;
  whereInput: string;
  orderByInput: string;
  /** `Query.employeesConnection`, its type `EmployeeConnection` and its edges' `EmployeeEdge`. */
  connection: string;
  connectionType: string;
  edgeType: string;
  /** `Query.employeesAggregate`, and its type `EmployeeAggregate`. */
  aggregate: string;
  aggregateType: string;
  /** `Query.employeesGroupBy`, its `EmployeeGroup` rows and its inputs. */
  groupBy: string;
  groupType: string;
  havingInput: string;
  groupOrderByInput: string;
  /** The object (`EmployeeSumFields`), having (`EmployeeSumHaving`) and order (`EmployeeSumOrderBy`) of one aggregate function. */
  aggregateFields(fn: AggregateFunction): string;
  aggregateHaving(fn: AggregateFunction): string;
  aggregateOrderBy(fn: AggregateFunction): string;
}

/** The aggregate functions of EAggregate besides `count`, in SDL order. */
export const AGGREGATE_FUNCTIONS = ['sum', 'avg', 'min', 'max'] as const;
export type AggregateFunction = (typeof AGGREGATE_FUNCTIONS)[number];

/** The 1-n relation field's per-parent aggregate: `employees` → `employeesAggregate`. */
export function relationAggregateName(relationField: string): string {
  return `${relationField}Aggregate`;
}

/** The 1-n relation field's per-parent connection: `employees` → `employeesConnection`. */
export function relationConnectionName(relationField: string): string {
  return `${relationField}Connection`;
}

/** The one page-info type of every connection (Relay's name). */
export const PAGE_INFO_TYPE = 'PageInfo';

/**
 * Names per SPEC §3. Rule for uncountable names (plural == singular, e.g. `Sheep`, `News`): the
 * by-key field keeps `sheep` and the list field becomes `sheepList`, since both live on Query;
 * `createSheep` stays as it is (it cannot collide with anything).
 */
export function entityNames(entity: EntityIR | string): EntityNames {
  const name = typeof entity === 'string' ? entity : entity.name;
  const singular = lowerFirst(name);
  const plural = pluralName(name);
  const list = plural === singular ? `${singular}List` : plural;
  return {
    type: name,
    list,
    byKey: singular,
    create: `create${upperFirst(plural)}`,
    update: `update${name}`,
    delete: `delete${name}`,
    upsert: `upsert${upperFirst(plural)}`,
    updateMany: `update${upperFirst(list)}`,
    deleteMany: `delete${upperFirst(list)}`,
    fieldEnum: `${name}Field`,
    bulkResult: `${name}BulkResult`,
    insertInput: `${name}Insert`,
    updateInput: `${name}Update`,
    whereInput: `${name}Where`,
    orderByInput: `${name}OrderBy`,
    connection: `${list}Connection`,
    connectionType: `${name}Connection`,
    edgeType: `${name}Edge`,
    aggregate: `${list}Aggregate`,
    aggregateType: `${name}Aggregate`,
    groupBy: `${list}GroupBy`,
    groupType: `${name}Group`,
    havingInput: `${name}Having`,
    groupOrderByInput: `${name}GroupOrderBy`,
    aggregateFields: (fn) => `${name}${upperFirst(fn)}Fields`,
    aggregateHaving: (fn) => `${name}${upperFirst(fn)}Having`,
    aggregateOrderBy: (fn) => `${name}${upperFirst(fn)}OrderBy`,
  };
}
