/**
 * ModelIR → the GraphQL SDL of SPEC §3. Pure and deterministic: the same model always gives the
 * same bytes (entities, fields and enums in declaration order; shared types in a fixed order), so
 * the generated `schema.graphql` can be golden-tested and diffed in review.
 */
import type { EntityIR, FieldIR, FieldType, ModelIR, RelationFieldIR } from '../../model/ir.js';
import { describeConstraints } from '../../model/constraints.js';
import { keyFieldsOf } from '../../model/model-helpers.js';
import { CUSTOM_SCALARS, type CustomScalarName, entityNames, filterInputName, graphqlTypeName } from './graphql-names.js';

/** The description of each custom scalar, as served in the schema. */
export const SCALAR_DESCRIPTIONS: Readonly<Record<CustomScalarName, string>> = {
  Date: 'A calendar date without a time zone, "2024-02-29" (YYYY-MM-DD).',
  TimeOfDay: 'A time of day without a zone, "13:45:00", with up to 6 fractional digits ("13:45:00.25").',
  Utc: 'An instant: "2024-02-29T13:45:00Z". Any offset is accepted on input ("…+02:00"); output is always in Z.',
  Civil: 'A date and time without a zone, "2024-02-29T13:45:00", with up to 6 fractional digits.',
  Decimal: 'An exact decimal number carried as a string, "12.50" (never a float); returned without trailing zeros.',
  Bytes: 'Binary data as standard base64 with padding (RFC 4648), "aGVsbG8=".',
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

/** Whether `orderBy` offers the field (Bytes do not sort). */
export function isSortable(field: FieldIR): boolean {
  return !(field.type.kind === 'scalar' && field.type.name === 'bytes');
}

/** The fields of the Insert type: simple and foreign-key fields, without generated keys. */
export function insertFields(entity: EntityIR): FieldIR[] {
  return entity.fields.filter((f) => !f.generated);
}

/** The fields of the Update type: every non-key field. */
export function updateFields(entity: EntityIR): FieldIR[] {
  return entity.fields.filter((f) => !f.key);
}

/** The custom scalars a model uses (stored fields and keys), in CUSTOM_SCALARS order. */
export function usedCustomScalars(model: ModelIR): CustomScalarName[] {
  const used = new Set<string>();
  for (const e of model.entities) for (const f of e.fields) used.add(graphqlTypeName(f.type));
  return CUSTOM_SCALARS.filter((s) => used.has(s));
}

/** The distinct field types that need a filter input, in a fixed order: scalars first, then enums. */
export function usedFilterTypes(model: ModelIR): FieldType[] {
  const seen = new Map<string, FieldType>();
  for (const e of model.entities) for (const f of e.fields) seen.set(filterInputName(f.type), f.type);
  const scalarOrder = ['Int', 'Float', 'Decimal', 'String', 'Boolean', 'Bytes', 'Date', 'TimeOfDay', 'Utc', 'Civil'];
  const rank = (t: FieldType): number =>
    t.kind === 'enum' ? scalarOrder.length + model.enums.findIndex((x) => x.name === t.name) : scalarOrder.indexOf(graphqlTypeName(t));
  return [...seen.values()].sort((a, b) => rank(a) - rank(b));
}

function description(text: string, indent = ''): string {
  return `${indent}"""${text}"""\n`;
}

function block(keyword: string, name: string, lines: string[]): string {
  return `${keyword} ${name} {\n${lines.map((l) => `  ${l}`).join('\n')}\n}\n`;
}

function keyArguments(entity: EntityIR): string {
  return keyFieldsOf(entity)
    .map((f) => `${f.name}: ${graphqlTypeName(f.type)}!`)
    .join(', ');
}

function listArguments(target: string): string {
  const n = entityNames(target);
  return `(where: ${n.whereInput}, orderBy: [${n.orderByInput}!], limit: Int, offset: Int)`;
}

function relationFieldLine(field: RelationFieldIR): string {
  if (field.many) return `${field.name}${listArguments(field.target)}: [${field.target}!]!`;
  return `${field.name}: ${field.target}${field.owner ? '!' : ''}`;
}

/** A field's `@constraint:` rules as its description line (none without rules). */
function constraintDoc(field: FieldIR): string[] {
  if (!field.constraints) return [];
  return [`"""Checked on writes: ${describeConstraints(field.constraints).replaceAll('"""', '\\"""')}."""`];
}

function objectType(entity: EntityIR): string {
  const lines = entity.fields.flatMap((f) => [...constraintDoc(f), `${f.name}: ${graphqlTypeName(f.type)}${f.nullable ? '' : '!'}`]);
  lines.push(...entity.relationFields.map(relationFieldLine));
  return block('type', entity.name, lines);
}

function queryType(model: ModelIR): string {
  const lines: string[] = [];
  for (const e of model.entities) {
    const n = entityNames(e);
    lines.push(`"""${e.name} rows matching \`where\`, sorted by \`orderBy\` then by key, paged by \`limit\` and \`offset\`."""`);
    lines.push(`${n.list}${listArguments(e.name)}: [${e.name}!]!`);
    lines.push(`"""The ${e.name} with this key, or null when there is none."""`);
    lines.push(`${n.byKey}(${keyArguments(e)}): ${e.name}`);
  }
  return block('type', 'Query', lines);
}

function mutationType(model: ModelIR): string {
  const lines: string[] = [];
  for (const e of model.entities) {
    const n = entityNames(e);
    const keys = keyArguments(e);
    lines.push(`"""Inserts all the rows or none; returns them as stored."""`);
    lines.push(`${n.create}(data: [${n.insertInput}!]!): [${e.name}!]!`);
    if (updateFields(e).length > 0) {
      lines.push(`"""Sets the fields given in \`data\` (an explicit null clears a nullable field); returns the row as updated."""`);
      lines.push(`${n.update}(${keys}, data: ${n.updateInput}!): ${e.name}!`);
    }
    lines.push(`"""Deletes the row; returns it as it was."""`);
    lines.push(`${n.delete}(${keys}): ${e.name}!`);
  }
  return block('type', 'Mutation', lines);
}

function inputTypes(entity: EntityIR): string[] {
  const n = entityNames(entity);
  const insert = insertFields(entity).flatMap((f) => [
    ...constraintDoc(f),
    `${f.name}: ${graphqlTypeName(f.type)}${f.nullable ? '' : '!'}`,
  ]);
  const update = updateFields(entity).flatMap((f) => [...constraintDoc(f), `${f.name}: ${graphqlTypeName(f.type)}`]);
  const where = entity.fields.map((f) => `${f.name}: ${filterInputName(f.type)}`);
  where.push(`AND: [${n.whereInput}!]`, `OR: [${n.whereInput}!]`, `NOT: ${n.whereInput}`);
  const orderBy = entity.fields.filter(isSortable).map((f) => `${f.name}: SortOrder`);
  const whereDoc = description(
    `Filters ${entity.name} rows: every condition given must hold. \`AND: []\` matches every row, \`OR: []\` none.`,
  );
  const orderDoc = description(
    'Sorts by the fields set, in field order; list several to sort by several. The key fields ascending break ties.',
  );
  const out = [block('input', n.insertInput, insert)];
  // GraphQL forbids an input type without fields: an entity whose only fields are keys has no Update type.
  if (update.length > 0) out.push(block('input', n.updateInput, update));
  out.push(whereDoc + block('input', n.whereInput, where), orderDoc + block('input', n.orderByInput, orderBy));
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
 * The SDL the server serves and `persist generate` writes as `schema.graphql`.
 * `eq: null` in a filter means `isNull: true` and `ne: null` means `isNull: false`.
 */
export function generateGraphqlSdl(model: ModelIR): string {
  const parts: string[] = ['# The GraphQL API of the model, generated by Persist. Do not edit: run `persist generate`.\n'];
  for (const s of usedCustomScalars(model)) parts.push(description(SCALAR_DESCRIPTIONS[s]) + `scalar ${s}\n`);
  parts.push(description('Sort direction. Ties are broken by the key fields, ascending.') + block('enum', 'SortOrder', ['ASC', 'DESC']));
  for (const e of model.enums)
    parts.push(
      block(
        'enum',
        e.name,
        e.members.map((m) => m.name),
      ),
    );
  for (const e of model.entities) parts.push(objectType(e));
  parts.push(queryType(model), mutationType(model));
  for (const e of model.entities) parts.push(...inputTypes(e));
  for (const t of usedFilterTypes(model)) parts.push(filterInput(t));
  return parts.join('\n');
}
