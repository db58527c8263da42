/**
 * `@sql:Relation {refs: [...]}` names declared fields of the owner as the foreign key, one per key
 * field of the referenced entity, in key order. PERSIST_426 / 427 only on the owner side (not on
 * `E[]` or `E?`); 423 as many refs as keys; 428 each ref names a simple field of the entity;
 * 429 no ref twice; 424 each ref has its key's type (and is not nillable); 430 no field serves two
 * relations. On a field that is no relation at all: 620.
 */
import {
  INVALID_ANNOTATION_VALUE,
  RELATION_DUPLICATE_KEYS,
  RELATION_KEY_COUNT,
  RELATION_KEY_NOT_FOUND,
  RELATION_KEY_REUSED,
  RELATION_KEY_TYPES,
  RELATION_ON_ARRAY,
  RELATION_ON_OPTIONAL,
} from '../../codes.js';
import { annotationField, findAnnotation, relationRefs } from '../../annotations.js';
import { keyFieldsOf } from '../../build-ir.js';
import type { ResolvedType } from '../../field-types.js';
import { entityByName } from '../../semantic-model.js';
import type { ValidationRule } from '../context.js';

function sameType(a: ResolvedType, b: ResolvedType): boolean {
  if (a.kind === 'scalar' && b.kind === 'scalar') return a.name === b.name && !a.nullable && !b.nullable;
  if (a.kind === 'enum' && b.kind === 'enum') return a.name === b.name && !a.nullable && !b.nullable;
  return false;
}

export const relationAnnotationRule: ValidationRule = ({ model, report }) => {
  for (const entity of model.entities) {
    const used = new Map<string, string>();
    for (const field of entity.fields) {
      const annotation = findAnnotation(field.node.annotations, 'Relation');
      if (!annotation) continue;
      const t = field.type;
      if (t.kind !== 'entity') {
        if (t.kind !== 'unknown')
          report(
            INVALID_ANNOTATION_VALUE,
            'invalid use of Relation annotation. Relation annotation can only be used for relation fields.',
            annotation.span,
          );
        continue;
      }
      if (t.many) {
        report(
          RELATION_ON_ARRAY,
          `invalid use of Relation annotation. the field '${field.name}' is an array type in a 1-n relationship. therefore, it cannot have foreign keys.`,
          annotation.span,
        );
        continue;
      }
      if (t.nullable) {
        report(
          RELATION_ON_OPTIONAL,
          `invalid use of Relation annotation. the field '${field.name}' is an optional type in a 1-1 relationship. therefore, it cannot have foreign keys.`,
          annotation.span,
        );
        continue;
      }
      const refs = relationRefs(annotation);
      const refsNode = annotationField(annotation, 'refs', 'keys')?.value;
      const target = entityByName(model, t.name);
      if (!refs || refsNode?.kind !== 'List' || !target) continue;
      const keys = keyFieldsOf(target);
      if (refs.length !== keys.length) {
        report(
          RELATION_KEY_COUNT,
          `invalid use of Relation annotation. mismatched number of reference keys for entity '${entity.name}' for relation '${target.name}'. expected ${keys.length} but found ${refs.length}.`,
          refsNode.span,
        );
      }
      const seen = new Set<string>();
      let typesMatch = true;
      refs.forEach((ref, i) => {
        const span = refsNode.items[i]!.span;
        if (seen.has(ref)) {
          report(RELATION_DUPLICATE_KEYS, 'invalid use of Relation annotation. refs cannot contain duplicates.', span);
          return;
        }
        seen.add(ref);
        const refField = entity.fields.find((f) => f.name === ref && f.type.kind !== 'entity');
        if (!refField) {
          report(
            RELATION_KEY_NOT_FOUND,
            `invalid use of Relation annotation. the field '${ref}' is not found in the entity '${entity.name}'.`,
            span,
          );
          return;
        }
        const previous = used.get(ref);
        if (previous !== undefined) {
          report(RELATION_KEY_REUSED, `invalid use of Relation annotation. duplicated reference field.`, span);
        }
        used.set(ref, field.name);
        const key = keys[i];
        if (key && !sameType(refField.type, key.type)) typesMatch = false;
      });
      if (!typesMatch)
        report(
          RELATION_KEY_TYPES,
          `invalid use of Relation annotation. mismatched key types for entity '${entity.name}' for its relationship.`,
          refsNode.span,
        );
    }
  }
};
