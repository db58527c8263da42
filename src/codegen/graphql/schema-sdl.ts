/**
 * ModelIR → the GraphQL SDL of SPEC §3. Pure and deterministic: the same model always gives the
 * same bytes (entities, fields and enums in declaration order; shared types in a fixed order), so
 * the generated `schema.graphql` can be golden-tested and diffed in review.
 */
import type { EntityIR, FieldIR, FieldType, ModelIR, RelationFieldIR } from '../../model/ir.js';
import { describeConstraints } from '../../model/constraints.js';
import { keyFieldsOf } from '../../model/model-helpers.js';
import { CUSTOM_SCALARS, type CustomScalarName, entityNames, filterInputName, graphqlTypeName } from './graphql-names.js';
import { connectionQueryLines, connectionTypes, pageInfoType, relationConnectionLine } from './connection-sdl.js';
import { aggregateInputs, aggregateQueryLines, aggregateTypes, groups, havingFilterTypes, relationAggregateLine } from './aggregate-sdl.js';
import { NODE_ID_DOC, nodeIdField, nodeInterfaceSdl, nodeQueryLines } from './node-interface.js';
import { block, description, descriptionLines } from './sdl-text.js';
import {
  nestedCreateInputs,
  nestedCreateLines,
  nestedUpdateInputs,
  nestedUpdateLines,
  replaceableForeignKeys,
} from './nested-create-sdl.js';
import { fullView, isSortable, type SchemaView, type VisibleEntity, visibleModel } from './schema-view.js';

export { insertFields, isSortable, updateFields, type EntityView, type SchemaView } from './schema-view.js';

/** The description of each custom scalar, as served in the schema. */
export const SCALAR_DESCRIPTIONS: Readonly<Record<CustomScalarName, string>> = {
  Date: 'A calendar date without a time zone, "2024-02-29" (YYYY-MM-DD).',
  TimeOfDay: 'A time of day without a zone, "13:45:00", with up to 6 fractional digits ("13:45:00.25").',
  Utc: 'An instant: "2024-02-29T13:45:00Z". Any offset is accepted on input ("…+02:00"); output is always in Z.',
  Civil: 'A date and time without a zone, "2024-02-29T13:45:00", with up to 6 fractional digits.',
  Decimal: 'An exact decimal number carried as a string, "12.50" (never a float); returned without trailing zeros.',
  Bytes: 'Binary data as standard base64 with padding (RFC 4648), "aGVsbG8=".',
};

/** The specification of each custom scalar's text form (`@specifiedBy`, GraphQL spec §3.13.5). */
export const SCALAR_SPECIFIED_BY: Readonly<Record<CustomScalarName, string>> = {
  Date: 'https://www.rfc-editor.org/rfc/rfc3339#section-5.6',
  TimeOfDay: 'https://www.rfc-editor.org/rfc/rfc3339#section-5.6',
  Utc: 'https://www.rfc-editor.org/rfc/rfc3339#section-5.6',
  Civil: 'https://www.rfc-editor.org/rfc/rfc3339#section-5.6',
  Decimal: 'https://speleotrove.com/decimal/daconvs.html',
  Bytes: 'https://www.rfc-editor.org/rfc/rfc4648#section-4',
};

type FilterKind = 'ordered' | 'string' | 'equality' | 'boolean';

function filterKind(type: FieldType): FilterKind {
  if (type.kind === 'enum' || type.name === 'bytes') return 'equality';
  if (type.name === 'string') return 'string';
  if (type.name === 'boolean') return 'boolean';
  return 'ordered';
}

/** The operators of a filter input, in SDL order (SPEC §3). */
export function filterOperators(type: FieldType): string[] {
  switch (filterKind(type)) {
    case 'boolean':
      return ['eq', 'ne', 'isNull'];
    case 'equality':
      return ['eq', 'ne', 'in', 'notIn', 'isNull'];
    case 'ordered':
      return ['eq', 'ne', 'in', 'notIn', 'lt', 'lte', 'gt', 'gte', 'isNull'];
    case 'string':
      return ['eq', 'ne', 'in', 'notIn', 'lt', 'lte', 'gt', 'gte', 'contains', 'startsWith', 'endsWith', 'isNull'];
  }
}

/** The custom scalars of these fields' types, in CUSTOM_SCALARS order. */
function customScalarsOf(fields: Iterable<FieldIR>): CustomScalarName[] {
  const used = new Set<string>();
  for (const f of fields) used.add(graphqlTypeName(f.type));
  return CUSTOM_SCALARS.filter((s) => used.has(s));
}

/** The custom scalars a model uses (stored fields and keys), in CUSTOM_SCALARS order. */
export function usedCustomScalars(model: ModelIR): CustomScalarName[] {
  return customScalarsOf(model.entities.flatMap((e) => e.fields));
}

/** The distinct types of these fields, each once, in a fixed order: scalars first, then enums. */
function filterTypesOf(model: ModelIR, fields: Iterable<Pick<FieldIR, 'type'>>): FieldType[] {
  const seen = new Map<string, FieldType>();
  for (const f of fields) seen.set(filterInputName(f.type), f.type);
  const scalarOrder = ['Int', 'Float', 'Decimal', 'String', 'Boolean', 'Bytes', 'Date', 'TimeOfDay', 'Utc', 'Civil'];
  const rank = (t: FieldType): number =>
    t.kind === 'enum' ? scalarOrder.length + model.enums.findIndex((x) => x.name === t.name) : scalarOrder.indexOf(graphqlTypeName(t));
  return [...seen.values()].sort((a, b) => rank(a) - rank(b));
}

/** The distinct field types that need a filter input, in a fixed order: scalars first, then enums. */
export function usedFilterTypes(model: ModelIR): FieldType[] {
  return filterTypesOf(
    model,
    model.entities.flatMap((e) => e.fields),
  );
}

function keyArguments(entity: EntityIR): string {
  return keyFieldsOf(entity)
    .map((f) => `${f.name}: ${graphqlTypeName(f.type)}!`)
    .join(', ');
}

/** The owner-side to-one relations `orderBy` sorts through: those whose target has an OrderBy input. */
function sortRelations(v: VisibleEntity, lookup: Lookup): RelationFieldIR[] {
  return v.relations.filter((r) => r.field.owner && lookup(r.field.target).fields.some(isSortable)).map((r) => r.field);
}

/** Whether the entity has an OrderBy input: a sortable visible field, or a relation to sort through. */
function hasOrderBy(v: VisibleEntity, lookup: Lookup): boolean {
  return v.fields.some(isSortable) || sortRelations(v, lookup).length > 0;
}

/** `EmployeeListRelationFilter`: what a 1-n relation field to `entity` takes in a where. */
export function listRelationFilterName(entity: EntityIR): string {
  return `${entity.name}ListRelationFilter`;
}

/** `orderBy: [EOrderBy!], ` over `target`; empty when it has no OrderBy input. */
function orderByArgument(target: VisibleEntity, lookup: Lookup): string {
  return hasOrderBy(target, lookup) ? `orderBy: [${entityNames(target.entity).orderByInput}!], ` : '';
}

/** The list arguments over `target`; without `orderBy` when it has no OrderBy input. */
function listArguments(target: VisibleEntity, lookup: Lookup): string {
  return `(where: ${entityNames(target.entity).whereInput}, ${orderByArgument(target, lookup)}limit: Int, offset: Int)`;
}

function relationFieldLines(field: RelationFieldIR, nullable: boolean, target: VisibleEntity, lookup: Lookup): string[] {
  if (field.many)
    return [
      `${field.name}${listArguments(target, lookup)}: [${field.target}!]!`,
      relationAggregateLine(field, target),
      // A cursor holds the row's key: only over rows whose key the view shows.
      ...(target.byKey ? [relationConnectionLine(field, target, orderByArgument(target, lookup))] : []),
    ];
  return [`${field.name}: ${field.target}${nullable ? '' : '!'}`];
}

/** A field's description: its doc lines, then its `@constraint:` rules (none without either). */
function fieldDoc(field: FieldIR): string[] {
  const rules = field.constraints ? `Checked on writes: ${describeConstraints(field.constraints)}.` : undefined;
  return descriptionLines(
    field.description === undefined ? rules : rules === undefined ? field.description : `${field.description}\n\n${rules}`,
  );
}

/** Resolves an entity name to its visible entity (relation targets are visible by construction). */
type Lookup = (name: string) => VisibleEntity;

function objectType(v: VisibleEntity, lookup: Lookup, nodeField: string): string {
  const lines = v.byKey ? [NODE_ID_DOC, `${nodeField}: ID!`] : [];
  lines.push(...v.fields.flatMap((f) => [...fieldDoc(f), `${f.name}: ${graphqlTypeName(f.type)}${f.nullable ? '' : '!'}`]));
  lines.push(
    ...v.relations.flatMap((r) => {
      const [first, ...rest] = relationFieldLines(r.field, r.nullable, lookup(r.field.target), lookup);
      return [...descriptionLines(r.field.description), first!, ...rest];
    }),
  );
  return docBlock(v.entity.description) + block('type', v.byKey ? `${v.entity.name} implements Node` : v.entity.name, lines);
}

/** A type's description above its definition (nothing without one). */
function docBlock(text: string | undefined): string {
  return descriptionLines(text)
    .map(
      (l) => `${l}
`,
    )
    .join('');
}

function queryType(visible: readonly VisibleEntity[], lookup: Lookup, nodeField: string): string {
  const lines: string[] = visible.some((v) => v.byKey) ? nodeQueryLines(nodeField) : [];
  for (const v of visible) {
    const e = v.entity;
    const n = entityNames(e);
    lines.push(`"""${e.name} rows matching \`where\`, sorted by \`orderBy\` then by key, paged by \`limit\` and \`offset\`."""`);
    lines.push(`${n.list}${listArguments(v, lookup)}: [${e.name}!]!`);
    if (v.byKey) lines.push(...connectionQueryLines(v, orderByArgument(v, lookup)));
    lines.push(...aggregateQueryLines(v));
    if (!v.byKey) continue;
    lines.push(`"""The ${e.name} with this key, or null when there is none."""`);
    lines.push(`${n.byKey}(${keyArguments(e)}): ${e.name}`);
  }
  return block('type', 'Query', lines);
}

function mutationLines(v: VisibleEntity): string[] {
  const e = v.entity;
  const n = entityNames(e);
  const keys = keyArguments(e);
  const lines: string[] = [];
  if (v.insert !== undefined) {
    lines.push(`"""Inserts all the rows or none; returns them as stored."""`);
    lines.push(`${n.create}(data: [${n.insertInput}!]!): [${e.name}!]!`);
  }
  if (v.update.length > 0) {
    lines.push(`"""Sets the fields given in \`data\` (an explicit null clears a nullable field); returns the row as updated."""`);
    lines.push(`${n.update}(${keys}, data: ${n.updateInput}!): ${e.name}!`);
  }
  if (v.delete) {
    lines.push(`"""Deletes the row; returns it as it was."""`);
    lines.push(`${n.delete}(${keys}): ${e.name}!`);
  }
  if (v.insert !== undefined && v.update.length > 0) {
    lines.push(
      `"""Inserts each row, or, when a row with its key exists, updates the fields of it listed in \`update\` (default: every non-key field the row gives). Any other conflict is ALREADY_EXISTS. All rows or none."""`,
    );
    lines.push(`${n.upsert}(data: [${n.insertInput}!]!, update: [${n.fieldEnum}!]): [${e.name}!]!`);
  }
  if (v.update.length > 0) {
    lines.push(
      `"""Sets the fields given in \`data\` on every row matching \`where\` (at most limits.maxAffectedRows, else nothing changes)."""`,
    );
    lines.push(`${n.updateMany}(where: ${n.whereInput}!, data: ${n.updateInput}!): ${n.bulkResult}!`);
  }
  if (v.delete) {
    lines.push(`"""Deletes every row matching \`where\` (at most limits.maxAffectedRows, else nothing changes)."""`);
    lines.push(`${n.deleteMany}(where: ${n.whereInput}!): ${n.bulkResult}!`);
  }
  return lines;
}

/** `listTargets`: the entities a visible 1-n relation field leads to (they get a ListRelationFilter). */
function inputTypes(model: ModelIR, v: VisibleEntity, lookup: Lookup, listTargets: ReadonlySet<string>): string[] {
  const entity = v.entity;
  const n = entityNames(entity);
  const where = v.fields.map((f) => `${f.name}: ${filterInputName(f.type)}`);
  for (const r of v.relations) {
    const target = lookup(r.field.target).entity;
    where.push(`${r.field.name}: ${r.field.many ? listRelationFilterName(target) : entityNames(target).whereInput}`);
  }
  where.push(`AND: [${n.whereInput}!]`, `OR: [${n.whereInput}!]`, `NOT: ${n.whereInput}`);
  const orderBy = v.fields.filter(isSortable).map((f) => `${f.name}: SortOrder`);
  for (const r of sortRelations(v, lookup)) orderBy.push(`${r.name}: ${entityNames(lookup(r.target).entity).orderByInput}`);
  const whereDoc = description(
    `Filters ${entity.name} rows: every condition given must hold. \`AND: []\` matches every row, \`OR: []\` none. A to-one relation field holds when the row has a related row and it matches (\`{}\`: has one).`,
  );
  const orderDoc = description(
    "Sorts by the fields set, in field order, then by the to-one relations set (by the related row's fields); list several to sort by several. The key fields ascending break ties.",
  );
  const out: string[] = [];
  if (v.insert !== undefined) {
    // A foreign key a nested create may fill is optional (the resolver requires one of the two).
    const replaceable = replaceableForeignKeys(model, v, lookup);
    const required = (f: FieldIR): boolean => !f.nullable && !replaceable.has(f.name);
    out.push(
      block('input', n.insertInput, [
        ...v.insert.flatMap((f) => [...fieldDoc(f), `${f.name}: ${graphqlTypeName(f.type)}${required(f) ? '!' : ''}`]),
        ...nestedCreateLines(model, v, lookup),
      ]),
      ...nestedCreateInputs(model, v, lookup),
    );
  }
  // GraphQL forbids an input type without fields: an entity whose only fields are keys has no Update type.
  if (v.update.length > 0)
    out.push(
      block('input', n.updateInput, [
        ...v.update.flatMap((f) => [...fieldDoc(f), `${f.name}: ${graphqlTypeName(f.type)}`]),
        ...nestedUpdateLines(model, v, lookup),
      ]),
      ...nestedUpdateInputs(model, v, lookup),
    );
  out.push(whereDoc + block('input', n.whereInput, where));
  // EField: what upsert's `update` and groupBy's `by` take.
  if ((v.insert !== undefined && v.update.length > 0) || groups(v))
    out.push(
      description(`The simple and foreign-key fields of ${entity.name}.`) +
        block(
          'enum',
          n.fieldEnum,
          v.fields.flatMap((f) => [...descriptionLines(f.description), f.name]),
        ),
    );
  if (v.update.length > 0 || v.delete)
    out.push(
      description('What a write by filter did: how many rows it touched, and those rows (as updated, or as they were).') +
        block('type', n.bulkResult, ['affected: Int!', `rows: [${entity.name}!]!`]),
    );
  if (orderBy.length > 0) out.push(orderDoc + block('input', n.orderByInput, orderBy));
  if (listTargets.has(entity.name))
    out.push(
      description(
        `Conditions on the ${entity.name} rows of a 1-n relation: \`some\` (at least one matches; \`{}\`: has one), \`every\` (none fails; true without rows), \`none\` (none matches). A related row fails a condition that does not hold, including on null values.`,
      ) + block('input', listRelationFilterName(entity), ['some: ' + n.whereInput, 'every: ' + n.whereInput, 'none: ' + n.whereInput]),
    );
  return out;
}

function filterInput(type: FieldType): string {
  const t = graphqlTypeName(type);
  const lines = filterOperators(type).map((op) => {
    if (op === 'isNull') return 'isNull: Boolean';
    if (op === 'in' || op === 'notIn') return `${op}: [${t}!]`;
    if (op === 'contains' || op === 'startsWith' || op === 'endsWith') return `${op}: String`;
    return `${op}: ${t}`;
  });
  return description(FILTER_DESCRIPTION) + block('input', filterInputName(type), lines);
}

const FILTER_DESCRIPTION =
  'Conditions on one field; all given must hold. `eq: null` means `isNull: true` and `ne: null` means `isNull: false`; any other operator given null is ignored. Comparisons never match a null value (SQL semantics).';

/**
 * The SDL the server serves and `persist generate` writes as `schema.graphql`; with a `view`,
 * the schema of one role (schema-view.ts), which declares only the types it uses.
 * `eq: null` in a filter means `isNull: true` and `ne: null` means `isNull: false`.
 */
export function generateGraphqlSdl(model: ModelIR, view?: SchemaView): string {
  const visible = visibleModel(model, view ?? fullView(model));
  const byName = new Map(visible.map((v) => [v.entity.name, v]));
  const lookup: Lookup = (name) => byName.get(name)!;
  const listTargets = new Set(visible.flatMap((v) => v.relations.filter((r) => r.field.many).map((r) => r.field.target)));
  // Every type the schema names: the object types' fields, the inputs' fields (filters: the select fields).
  const used = visible.flatMap((v) => [...v.fields, ...(v.insert ?? []), ...v.update]);
  const usedNames = new Set(used.map((f) => graphqlTypeName(f.type)));
  const parts: string[] = ['# The GraphQL API of the model, generated by Persist. Do not edit: run `persist generate`.\n'];
  for (const s of customScalarsOf(used))
    parts.push(description(SCALAR_DESCRIPTIONS[s]) + `scalar ${s} @specifiedBy(url: "${SCALAR_SPECIFIED_BY[s]}")\n`);
  // Without a view, every enum and SortOrder, used or not: the schema every earlier release wrote.
  // esGroupBy's order input sorts by `count`.
  if (view === undefined || visible.some((v) => v.fields.some(isSortable) || groups(v)))
    parts.push(description('Sort direction. Ties are broken by the key fields, ascending.') + block('enum', 'SortOrder', ['ASC', 'DESC']));
  for (const e of model.enums) {
    if (view !== undefined && !usedNames.has(e.name)) continue;
    parts.push(
      docBlock(e.description) +
        block(
          'enum',
          e.name,
          e.members.flatMap((m) => [...descriptionLines(m.description), m.name]),
        ),
    );
  }
  const nodeField = nodeIdField(model);
  if (visible.some((v) => v.byKey)) parts.push(nodeInterfaceSdl(nodeField));
  for (const v of visible) parts.push(objectType(v, lookup, nodeField), ...(v.byKey ? connectionTypes(v) : []), ...aggregateTypes(v));
  if (visible.some((v) => v.byKey)) parts.push(pageInfoType());
  parts.push(queryType(visible, lookup, nodeField));
  const mutations = visible.flatMap(mutationLines);
  if (mutations.length > 0) parts.push(block('type', 'Mutation', mutations));
  for (const v of visible) parts.push(...inputTypes(model, v, lookup, listTargets), ...aggregateInputs(v));
  // Filters of the select fields (where) and of the aggregates' values (having).
  const filtered = [...visible.flatMap((v) => v.fields), ...visible.flatMap(havingFilterTypes).map((type) => ({ type }))];
  for (const t of filterTypesOf(model, filtered)) parts.push(filterInput(t));
  return parts.join('\n');
}
