/**
 * AST → ModelIR, for a model the rules found no error in. Derives the foreign-key fields, the
 * relation ids and the indexes; reads the annotations into their IR form.
 */
import { annotationField, findAnnotation, indexNames, intValue, mappedName, relationRefs } from './annotations.js';
import { readConstraints } from './constraints.js';
import { DocComments, type DocBlock } from './doc-comments.js';
import { entitiesWithUnsupportedColumns } from './unsupported-marker.js';
import type { ConstraintsIR, EntityIR, EnumIR, FieldIR, IndexIR, ModelIR, RelationFieldIR, RelationIR } from './ir.js';
import { upperFirst } from './model-helpers.js';
import type { EntityView, FieldView, RelationEnd, RelationPair, SemanticModel } from './semantic-model.js';
import { entityByName } from './semantic-model.js';

/** The foreign-key field bal persist derives: `location` + `buildingCode` → `locationBuildingCode`. */
export function foreignKeyName(relationField: string, keyField: string): string {
  return relationField.toLowerCase() + upperFirst(keyField);
}

export function relationId(owner: RelationEnd): string {
  return `${owner.entity.name}.${owner.field.name}`;
}

/** The key fields of an entity in declaration order. */
export function keyFieldsOf(entity: EntityView): FieldView[] {
  return entity.fields.filter((f) => f.key);
}

/**
 * The owner's foreign-key fields for a valid pair, one per key field of the referenced entity:
 * the `@sql:Relation {refs}` fields when given, the derived names otherwise.
 */
export function foreignKeysOf(model: SemanticModel, pair: RelationPair): { field: string; references: string }[] {
  const owner = pair.owner!;
  const referenced = entityByName(model, pair.other!.entity.name)!;
  const keys = keyFieldsOf(referenced);
  const relation = findAnnotation(owner.field.node.annotations, 'Relation');
  const refs = relation ? relationRefs(relation) : undefined;
  return keys.map((k, i) => ({ field: refs?.[i] ?? foreignKeyName(owner.field.name, k.name), references: k.name }));
}

function sqlOf(field: FieldView, constraints: ConstraintsIR | undefined): FieldIR['sql'] {
  const sql: FieldIR['sql'] = {};
  const annotations = field.node.annotations;
  const varchar = findAnnotation(annotations, 'Varchar');
  if (varchar) sql.varchar = intValue(annotationField(varchar, 'length')?.value) ?? 191;
  const char = findAnnotation(annotations, 'Char');
  if (char) sql.char = intValue(annotationField(char, 'length')?.value) ?? 10;
  // As bal persist: without a column annotation, the string constraint's maxLength (or length) is the VARCHAR length.
  const length = constraints?.maxLength ?? constraints?.length;
  if (!varchar && !char && length !== undefined && field.type.kind === 'scalar' && field.type.name === 'string') sql.varchar = length;
  const decimal = findAnnotation(annotations, 'Decimal');
  const precision = decimal ? annotationField(decimal, 'precision')?.value : undefined;
  if (precision?.kind === 'List') {
    const [p, s] = precision.items.map(intValue);
    if (p !== undefined && s !== undefined) sql.decimal = { precision: p, scale: s };
  }
  return sql;
}

/** The description of a field: its own `#` lines, else its `# + name - …` line in the entity's block. */
function fieldDescription(docs: DocComments, entityDocs: DocBlock, field: FieldView): string | undefined {
  return docs.blockAbove(field.node).description ?? entityDocs.fields.get(field.name);
}

function simpleField(field: FieldView, foreignKey?: FieldIR['foreignKey'], description?: string): FieldIR {
  const t = field.type;
  const type: FieldIR['type'] =
    t.kind === 'enum' ? { kind: 'enum', name: t.name } : { kind: 'scalar', name: t.kind === 'scalar' ? t.name : 'string' };
  const constraints = readConstraints(field.node.annotations);
  const ir: FieldIR = {
    name: field.name,
    ...(description === undefined ? {} : { description }),
    columnName: mappedName(field.node.annotations) ?? field.name,
    type,
    nullable: (t.kind === 'scalar' || t.kind === 'enum') && t.nullable,
    key: field.key,
    generated: findAnnotation(field.node.annotations, 'Generated') !== undefined,
    declared: true,
    sql: sqlOf(field, constraints),
  };
  if (constraints) ir.constraints = constraints;
  if (foreignKey) {
    ir.foreignKey = foreignKey;
    // As bal persist: a foreign key holds its key's type, never nil (`int? ownerId` is `int ownerId`, NOT NULL).
    ir.nullable = false;
  }
  return ir;
}

function buildEntity(
  model: SemanticModel,
  entity: EntityView,
  ownedPairs: Map<FieldView, RelationPair>,
  pairOf: Map<FieldView, RelationPair>,
  skipped: ReadonlySet<string>,
  docs: DocComments,
): EntityIR {
  const entityDocs = docs.blockAbove(entity.node);
  // Declared foreign keys of a relation to a left-out entity go with the relation, as in bal persist.
  const droppedFields = new Set<string>();
  for (const [field, pair] of ownedPairs)
    if (skipped.has(pair.other!.entity.name) && findAnnotation(field.node.annotations, 'Relation'))
      for (const fk of foreignKeysOf(model, pair)) droppedFields.add(fk.field);
  // Declared fields that a `@sql:Relation` names as foreign keys, with what they hold (a field two
  // relations share holds the first one's).
  const declaredForeignKeys = new Map<string, FieldIR['foreignKey']>();
  for (const [field, pair] of ownedPairs) {
    if (!findAnnotation(field.node.annotations, 'Relation') || skipped.has(pair.other!.entity.name)) continue;
    for (const fk of foreignKeysOf(model, pair))
      if (!declaredForeignKeys.has(fk.field))
        declaredForeignKeys.set(fk.field, { relation: relationId(pair.owner!), references: fk.references });
  }

  const fields: FieldIR[] = [];
  const relationFields: RelationFieldIR[] = [];
  for (const field of entity.fields) {
    if (field.type.kind !== 'entity') {
      if (!droppedFields.has(field.name))
        fields.push(simpleField(field, declaredForeignKeys.get(field.name), fieldDescription(docs, entityDocs, field)));
      continue;
    }
    if (skipped.has(field.type.name)) continue;
    const pair = pairOf.get(field)!;
    const owner = pair.owner!.field === field;
    const description = fieldDescription(docs, entityDocs, field);
    relationFields.push({
      name: field.name,
      ...(description === undefined ? {} : { description }),
      target: field.type.name,
      relation: relationId(pair.owner!),
      owner,
      many: field.type.many,
      nullable: field.type.nullable,
    });
    if (!owner || findAnnotation(field.node.annotations, 'Relation')) continue;
    const referenced = entityByName(model, field.type.name)!;
    for (const fk of foreignKeysOf(model, pair)) {
      const keyField = referenced.fields.find((f) => f.name === fk.references)!;
      const key = simpleField(keyField);
      fields.push({
        name: fk.field,
        columnName: fk.field,
        type: key.type,
        nullable: false,
        key: false,
        generated: false,
        foreignKey: { relation: relationId(pair.owner!), references: fk.references },
        declared: false,
        sql: key.sql,
      });
    }
  }
  return {
    name: entity.name,
    ...(entityDocs.description === undefined ? {} : { description: entityDocs.description }),
    tableName: mappedName(entity.node.annotations) ?? entity.name,
    keyFields: keyFieldsOf(entity).map((f) => f.name),
    fields,
    relationFields,
    indexes: buildIndexes(entity, droppedFields),
  };
}

function buildIndexes(entity: EntityView, droppedFields: ReadonlySet<string>): IndexIR[] {
  const indexes: IndexIR[] = [];
  for (const field of entity.fields) {
    if (droppedFields.has(field.name)) continue;
    for (const unique of [false, true]) {
      const annotation = findAnnotation(field.node.annotations, unique ? 'UniqueIndex' : 'Index');
      if (!annotation) continue;
      for (const name of indexNames(annotation, field.name, unique)) {
        const existing = indexes.find((i) => i.name === name && i.unique === unique);
        if (existing) existing.fields.push(field.name);
        else indexes.push({ name, fields: [field.name], unique });
      }
    }
  }
  return indexes;
}

function buildEnum(model: SemanticModel, index: number, docs: DocComments): EnumIR {
  const node = model.enums[index]!;
  const description = docs.blockAbove(node).description;
  const members = node.members.map((m) => {
    const about = docs.blockAbove({ span: m.span, annotations: [] }).description;
    return { name: m.name.value, value: m.value?.value ?? m.name.value, ...(about === undefined ? {} : { description: about }) };
  });
  return { name: node.name.value, ...(description === undefined ? {} : { description }), members };
}

/** Builds the IR of a model without errors. */
export function buildIR(model: SemanticModel): ModelIR {
  const pairOf = new Map<FieldView, RelationPair>();
  const owned = new Map<EntityView, Map<FieldView, RelationPair>>();
  for (const pair of model.pairs) {
    pairOf.set(pair.a.field, pair);
    pairOf.set(pair.b.field, pair);
    const owner = pair.owner!;
    if (!owned.has(owner.entity)) owned.set(owner.entity, new Map());
    owned.get(owner.entity)!.set(owner.field, pair);
  }
  const skipped = entitiesWithUnsupportedColumns(model);
  const kept = model.entities.filter((e) => !skipped.has(e.name));
  const docs = new DocComments(model.document);
  const entities = kept.map((e) => buildEntity(model, e, owned.get(e) ?? new Map<FieldView, RelationPair>(), pairOf, skipped, docs));
  const relations: RelationIR[] = [];
  for (const entity of kept) {
    for (const field of entity.fields) {
      const pair = owned.get(entity)?.get(field);
      if (!pair || skipped.has(pair.other!.entity.name)) continue;
      relations.push({
        id: relationId(pair.owner!),
        cardinality: pair.kind === 'one-to-one' ? 'one-to-one' : 'one-to-many',
        owner: { entity: entity.name, field: field.name },
        referenced: { entity: pair.other!.entity.name, field: pair.other!.field.name },
        foreignKeys: foreignKeysOf(model, pair),
      });
    }
  }
  const ir: ModelIR = { entities, enums: model.enums.map((_, i) => buildEnum(model, i, docs)), relations };
  if (skipped.size > 0) ir.unsupportedEntities = [...skipped];
  return ir;
}
