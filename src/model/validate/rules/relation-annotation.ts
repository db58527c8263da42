/**
 * `@sql:Relation {refs: [...]}` names declared fields of the owner as the foreign key, one per key
 * field of the referenced entity, in key order. PERSIST_426 / 427 only on the owner side (not on
 * `E[]` or `E?`); 423 as many refs as keys; 428 each ref names a simple field of the entity;
 * 429 no ref twice; 424 each ref has its key's type (a nillable `T?` counts as `T`, as persist.sql
 * compares the type names; the foreign key is `T` in the IR); 430 all of the refs serve another
 * relation already (some of them may: a shared column). As persist.sql, every error is reported
 * at the relation field (its span starts at its first annotation), and `@sql:Relation` on a field
 * that is no relation at all is ignored.
 */
import {
  RELATION_DUPLICATE_KEYS,
  RELATION_KEY_COUNT,
  RELATION_KEY_NOT_FOUND,
  RELATION_KEY_REUSED,
  RELATION_KEY_TYPES,
  RELATION_ON_ARRAY,
  RELATION_ON_OPTIONAL,
} from '../../codes.js';
import type { AnnotationNode, ValueNode } from '../../ast.js';
import { annotationField, findAnnotation, relationRefs, type SqlAnnotationName } from '../../annotations.js';
import { keyFieldsOf } from '../../build-ir.js';
import type { ResolvedType } from '../../field-types.js';
import { entityByName, type FieldView } from '../../semantic-model.js';
import type { ValidationRule } from '../context.js';

const PREFIX = 'invalid use of the `Relation` annotation.';

/** persist.sql compares the type names without the `?` (a key is never nillable: 502). */
function sameType(a: ResolvedType, b: ResolvedType): boolean {
  return (a.kind === 'scalar' || a.kind === 'enum') && a.kind === b.kind && a.name === b.name;
}

/** A value's text for comparing annotation arguments (`10`, `[10,2]`); '' when absent. */
function valueText(value: ValueNode | undefined): string {
  if (!value) return '';
  if (value.kind === 'List') return `[${value.items.map(valueText).join(',')}]`;
  if (value.kind === 'Mapping') return '{}';
  if (value.kind === 'Number' || value.kind === 'OtherValue') return value.text;
  if (value.kind === 'Regex') return `re\`${value.pattern}\``;
  return value.kind === 'String' ? JSON.stringify(value.value) : String(value.value);
}

const COLUMN_TYPE_ANNOTATIONS: readonly [SqlAnnotationName, string][] = [
  ['Char', 'length'],
  ['Varchar', 'length'],
  ['Decimal', 'precision'],
];

/** Whether two fields have the same column-type annotations with the same arguments, as persist.sql compares them. */
function sameColumnType(a: readonly AnnotationNode[], b: readonly AnnotationNode[]): boolean {
  return COLUMN_TYPE_ANNOTATIONS.every(([name, key]) => {
    const x = findAnnotation(a, name);
    const y = findAnnotation(b, name);
    if (!x || !y) return !x && !y;
    return valueText(annotationField(x, key)?.value) === valueText(annotationField(y, key)?.value);
  });
}

function keyMatches(ref: FieldView, key: FieldView): boolean {
  return sameType(ref.type, key.type) && sameColumnType(ref.node.annotations, key.node.annotations);
}

export const relationAnnotationRule: ValidationRule = ({ model, report }) => {
  for (const entity of model.entities) {
    const used = new Set<string>();
    for (const field of entity.fields) {
      const annotation = findAnnotation(field.node.annotations, 'Relation');
      if (!annotation) continue;
      const t = field.type;
      if (t.kind !== 'entity') continue;
      const at = field.node.span;
      if (t.many) {
        report(
          RELATION_ON_ARRAY,
          `${PREFIX} the field '${field.name}' is an array type in a 1-n relationship. therefore, it cannot have foreign keys.`,
          at,
        );
        continue;
      }
      if (t.nullable) {
        report(
          RELATION_ON_OPTIONAL,
          `${PREFIX} the field '${field.name}' is an optional type in a 1-1 relationship. therefore, it cannot have foreign keys.`,
          at,
        );
        continue;
      }
      const refs = relationRefs(annotation);
      const refsNode = annotationField(annotation, 'refs', 'keys')?.value;
      const target = entityByName(model, t.name);
      if (!refs || refsNode?.kind !== 'List' || !target) continue;
      const keys = keyFieldsOf(target);
      const refField = (ref: string) => entity.fields.find((f) => f.name === ref && f.type.kind !== 'entity');
      // persist.sql's order, one error per relation: 429, 428, 423, 424, then 430.
      const duplicate = refs.findIndex((ref, i) => refs.indexOf(ref) !== i);
      if (duplicate >= 0) {
        report(RELATION_DUPLICATE_KEYS, `${PREFIX} keys cannot contain duplicates.`, at);
        continue;
      }
      const missing = refs.findIndex((ref) => !refField(ref));
      if (missing >= 0) {
        report(RELATION_KEY_NOT_FOUND, `${PREFIX} the field '${refs[missing]}' is not found in the entity '${entity.name}'.`, at);
        continue;
      }
      if (refs.length !== keys.length) {
        report(
          RELATION_KEY_COUNT,
          `${PREFIX} mismatched number of reference keys for relation '${target.name}' in entity '${entity.name}'. expected ${keys.length} but found ${refs.length}.`,
          at,
        );
        continue;
      }
      if (refs.some((ref, i) => !keyMatches(refField(ref)!, keys[i]!))) {
        report(RELATION_KEY_TYPES, `${PREFIX} mismatched key types for the related entity '${target.name}'.`, at);
        continue;
      }
      // All of the keys serve another relation already: persist.sql's 430. Some of them is a column
      // shared by two foreign keys (script.sql creates it once, with the first relation).
      if (refs.every((ref) => used.has(ref))) {
        report(RELATION_KEY_REUSED, `${PREFIX} duplicated key field.`, at);
        continue;
      }
      for (const ref of refs) used.add(ref);
    }
  }
};
