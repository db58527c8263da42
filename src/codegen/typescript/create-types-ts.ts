/**
 * The nested-insert types of `types.ts` (SPEC §3.5, the client's `post`): per entity `ECreate`, a
 * row to insert with the related rows it creates, typed along the relations as the gateway's
 * `createEs` reads them (datastore/insert-tree.ts):
 * - `ECreateFields`: the Insert fields but the foreign keys of owner-side relations, and the
 *   other-side relations (`employees?: DepartmentEmployeesCreate`) carrying children;
 * - `E<Relation>Ref` per owner-side relation: its foreign-key fields or the relation
 *   (`department: EmployeeDepartmentCreate`), never both;
 * - `E<Relation>Create` per relation (the GraphQL input's name): `{ create: … }`. A child leaves out
 *   its foreign key and the way back to its parent; a parent created through a 1-1 relation leaves
 *   out the way back too (either would be a cycle).
 */
import type { EntityIR, FieldIR, ModelIR, RelationFieldIR } from '../../model/ir.js';
import { getEntity, relationJoin, upperFirst } from '../../model/model-helpers.js';
import { nestedCreateName } from '../graphql/nested-create-sdl.js';
import { jsDoc, propertyName, tsValueType } from './ts-syntax.js';

const refName = (entity: string, field: string): string => `${entity}${upperFirst(field)}Ref`;

/** The relation field of the target on the other side of `field`. */
function backOf(model: ModelIR, field: RelationFieldIR): RelationFieldIR {
  return getEntity(model, field.target).relationFields.find((r) => r.relation === field.relation && r.owner !== field.owner)!;
}

function ownerRelations(entity: EntityIR): RelationFieldIR[] {
  return entity.relationFields.filter((r) => r.owner);
}

/** `departmentDeptNo?: never; …`: fields a shape may not hold. */
const never = (names: readonly string[]): string => names.map((n) => `${propertyName(n)}?: never`).join('; ');

/** One branch of a Ref: the foreign-key fields, typed as their Insert fields. */
function foreignKeyBranch(entity: EntityIR, field: RelationFieldIR, from: readonly string[]): string {
  const fks = from.map((name) => {
    const f = entity.fields.find((x) => x.name === name)!;
    return `${propertyName(name)}${f.nullable ? '?' : ''}: ${tsValueType(f)}`;
  });
  return `{ ${[...fks, never([field.name])].join('; ')} }`;
}

function refLines(model: ModelIR, entity: EntityIR, field: RelationFieldIR): string[] {
  const { from } = relationJoin(model, field);
  const nullable = from.every((name) => entity.fields.find((f) => f.name === name)!.nullable);
  const relation = `${propertyName(field.name)}${nullable ? '?' : ''}: ${nestedCreateName(entity.name, field.name)}`;
  return [
    `/** \`${entity.name}.${field.name}\` in a nested insert: the foreign-key field${from.length > 1 ? 's' : ''} (${from.join(', ')}) or the ${field.target} to create, not both. */`,
    `export type ${refName(entity.name, field.name)} =`,
    `  | ${foreignKeyBranch(entity, field, from)}`,
    `  | { ${[relation, never(from)].join('; ')} };`,
  ];
}

/** The row type of `target` created through `field` of `entity` (as a parent or as children). */
function createdThrough(model: ModelIR, field: RelationFieldIR): string {
  const back = backOf(model, field);
  const target = getEntity(model, field.target);
  if (field.owner) return back.many ? `${target.name}Create` : `${target.name}Create & { ${never([back.name])} }`;
  const { from } = relationJoin(model, back);
  const refs = ownerRelations(target)
    .filter((r) => r.name !== back.name)
    .map((r) => refName(target.name, r.name));
  return [`${target.name}CreateFields`, ...refs, `{ ${never([back.name, ...from])} }`].join(' & ');
}

function wrapperLines(model: ModelIR, entity: EntityIR, field: RelationFieldIR): string[] {
  const row = createdThrough(model, field);
  const doc = field.owner
    ? `Creates the ${field.target} this ${entity.name} refers to through \`${field.name}\`, before it; its foreign-key fields come from the row created.`
    : `Creates ${field.many ? 'rows' : 'the row'} of ${field.target} related to this ${entity.name} through \`${field.name}\`, after it, with this row's key as ${field.many ? 'their' : 'its'} foreign key (left out).`;
  return [
    ...jsDoc([doc]),
    `export interface ${nestedCreateName(entity.name, field.name)} {`,
    `  create: ${field.many ? `readonly (${row})[]` : row};`,
    '}',
  ];
}

/** The nested-insert types of one entity (see the file's doc). */
export function createTypeLines(model: ModelIR, entity: EntityIR, property: (field: FieldIR) => string[]): string[] {
  const n = entity.name;
  const owners = ownerRelations(entity);
  const foreignKeys = new Set(owners.flatMap((r) => relationJoin(model, r).from));
  const fields = entity.fields.filter((f) => !f.generated && !foreignKeys.has(f.name));
  const children = entity.relationFields.filter((r) => !r.owner);
  const lines = [
    ...jsDoc([`The fields of a nested insert into \`${n}\` but the owner-side relations (${n}Create adds them).`]),
    `export interface ${n}CreateFields {`,
    ...fields.flatMap(property),
    ...children.flatMap((r) => [
      ...jsDoc(r.description === undefined ? [] : [r.description], '  '),
      `  ${propertyName(r.name)}?: ${nestedCreateName(n, r.name)};`,
    ]),
    '}',
    '',
  ];
  for (const r of owners) lines.push(...refLines(model, entity, r), '');
  for (const r of entity.relationFields) lines.push(...wrapperLines(model, entity, r), '');
  lines.push(
    ...jsDoc([
      `A row to insert into \`${n}\` with the related rows it creates (a nested insert): an owner-side relation may replace its foreign-key fields, the other side carries children. ${n}Insert is one.`,
    ]),
    `export type ${n}Create = ${[`${n}CreateFields`, ...owners.map((r) => refName(n, r.name))].join(' & ')};`,
  );
  return lines;
}
