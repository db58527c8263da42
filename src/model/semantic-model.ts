/**
 * The semantic view of a parsed document: which definitions are entities and enums, what each
 * field's type means, and how relation fields pair up. Built once, tolerant of every error (the
 * rules report them), and read by both the rules and compile.
 */
import type { DocumentNode, EnumDefinitionNode, FieldNode, RecordTypeNode, TypeDefinitionNode } from './ast.js';
import { resolveFieldType, type ResolvedType } from './field-types.js';

export interface FieldView {
  node: FieldNode;
  name: string;
  type: ResolvedType;
  /** `readonly`: an identity field. */
  key: boolean;
}

export interface EntityView {
  name: string;
  node: TypeDefinitionNode;
  record: RecordTypeNode;
  /** Fields in declaration order; a field redeclared (case-insensitively) appears once, the first time. */
  fields: FieldView[];
}

/** One side of a relation: an entity's field typed `E`, `E?`, `E[]` (or the invalid `E[]?`). */
export interface RelationEnd {
  entity: EntityView;
  field: FieldView;
  nullable: boolean;
  many: boolean;
}

/**
 * Two relation fields paired (the i-th field of A typed B with the i-th field of B typed A).
 * `kind` says what the pair means; only `one-to-one` and `one-to-many` are valid, and then `owner`
 * is the side holding the foreign key.
 */
export interface RelationPair {
  a: RelationEnd;
  b: RelationEnd;
  kind: 'one-to-one' | 'one-to-many' | 'no-nillable' | 'both-nillable' | 'nillable-many' | 'many-to-many';
  owner: RelationEnd | undefined;
  other: RelationEnd | undefined;
}

export interface SemanticModel {
  document: DocumentNode;
  /** Entities by declaration order; a name redeclared (case-insensitively) keeps its first definition. */
  entities: EntityView[];
  enums: EnumDefinitionNode[];
  pairs: RelationPair[];
  /** Relation fields that have no partner on the other side (PERSIST_402). */
  unpaired: RelationEnd[];
  /** Relation fields typed with their own entity (PERSIST_401). */
  selfReferences: RelationEnd[];
}

export function entityByName(model: SemanticModel, name: string): EntityView | undefined {
  return model.entities.find((e) => e.name === name);
}

/** Builds the semantic view; never throws. */
export function buildSemanticModel(document: DocumentNode): SemanticModel {
  const entityDefs: { node: TypeDefinitionNode; record: RecordTypeNode }[] = [];
  const seenEntities = new Set<string>();
  const enums: EnumDefinitionNode[] = [];
  for (const def of document.definitions) {
    if (def.kind === 'TypeDefinition' && def.type.kind === 'RecordType') {
      const lower = def.name.value.toLowerCase();
      if (seenEntities.has(lower)) continue;
      seenEntities.add(lower);
      entityDefs.push({ node: def, record: def.type });
    } else if (def.kind === 'EnumDefinition' && !enums.some((e) => e.name.value === def.name.value)) {
      enums.push(def);
    }
  }
  const entityNames = new Set(entityDefs.map((d) => d.node.name.value));
  const enumNames = new Set(enums.map((e) => e.name.value));
  const otherTypes = new Set(
    document.definitions.flatMap((d) => (d.kind === 'TypeDefinition' && d.type.kind !== 'RecordType' ? [d.name.value] : [])),
  );
  const scope = {
    isEntity: (n: string) => entityNames.has(n),
    isEnum: (n: string) => enumNames.has(n),
    isOtherType: (n: string) => otherTypes.has(n),
  };

  const entities: EntityView[] = entityDefs.map(({ node, record }) => {
    const fields: FieldView[] = [];
    const seen = new Set<string>();
    for (const field of record.fields) {
      const lower = field.name.value.toLowerCase();
      if (seen.has(lower)) continue;
      seen.add(lower);
      fields.push({ node: field, name: field.name.value, type: resolveFieldType(field.type, scope), key: field.readonly !== undefined });
    }
    return { name: node.name.value, node, record, fields };
  });

  const { pairs, unpaired, selfReferences } = pairRelations(entities);
  return { document, entities, enums, pairs, unpaired, selfReferences };
}

function relationEnds(entity: EntityView): RelationEnd[] {
  const ends: RelationEnd[] = [];
  for (const field of entity.fields) {
    if (field.type.kind === 'entity') ends.push({ entity, field, nullable: field.type.nullable, many: field.type.many });
  }
  return ends;
}

function targetOf(end: RelationEnd): string {
  return end.field.type.kind === 'entity' ? end.field.type.name : '';
}

/** Pairs relation fields between each two entities by declaration order, as bal persist does. */
function pairRelations(entities: EntityView[]): Pick<SemanticModel, 'pairs' | 'unpaired' | 'selfReferences'> {
  const pairs: RelationPair[] = [];
  const unpaired: RelationEnd[] = [];
  const selfReferences: RelationEnd[] = [];
  const ends = new Map(entities.map((e) => [e.name, relationEnds(e)]));
  entities.forEach((a, ai) => {
    for (const end of ends.get(a.name)!) if (targetOf(end) === a.name) selfReferences.push(end);
    // Each unordered pair of entities is looked at once, from the one declared first.
    for (const b of entities.slice(ai + 1)) {
      const fromA = ends.get(a.name)!.filter((e) => targetOf(e) === b.name);
      const fromB = ends.get(b.name)!.filter((e) => targetOf(e) === a.name);
      const n = Math.min(fromA.length, fromB.length);
      for (let i = 0; i < n; i++) pairs.push(classifyPair(fromA[i]!, fromB[i]!));
      unpaired.push(...fromA.slice(n), ...fromB.slice(n));
    }
  });
  unpaired.sort((x, y) => x.field.node.span.offset - y.field.node.span.offset);
  return { pairs, unpaired, selfReferences };
}

function classifyPair(a: RelationEnd, b: RelationEnd): RelationPair {
  const pair = (kind: RelationPair['kind'], owner?: RelationEnd, other?: RelationEnd): RelationPair => ({ a, b, kind, owner, other });
  if (!a.many && !b.many) {
    if (!a.nullable && !b.nullable) return pair('no-nillable');
    if (a.nullable && b.nullable) return pair('both-nillable');
    return a.nullable ? pair('one-to-one', b, a) : pair('one-to-one', a, b);
  }
  if (a.many && b.many) return pair('many-to-many');
  if (a.nullable || b.nullable) return pair('nillable-many');
  return a.many ? pair('one-to-many', b, a) : pair('one-to-many', a, b);
}
