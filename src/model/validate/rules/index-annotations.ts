/**
 * `@sql:Index` / `@sql:UniqueIndex`: PERSIST_611 / 612 not on relation fields; 613 / 614 no name
 * twice in one annotation; 615 / 616 no empty name.
 */
import {
  DUPLICATE_INDEX_NAME,
  DUPLICATE_UNIQUE_INDEX_NAME,
  EMPTY_INDEX_NAME,
  EMPTY_UNIQUE_INDEX_NAME,
  INDEX_ON_RELATION,
  UNIQUE_INDEX_ON_RELATION,
} from '../../codes.js';
import type { ValueNode } from '../../ast.js';
import { annotationField, findAnnotation } from '../../annotations.js';
import type { ValidationRule } from '../context.js';

const CODES = {
  Index: { relation: INDEX_ON_RELATION, duplicate: DUPLICATE_INDEX_NAME, empty: EMPTY_INDEX_NAME },
  UniqueIndex: { relation: UNIQUE_INDEX_ON_RELATION, duplicate: DUPLICATE_UNIQUE_INDEX_NAME, empty: EMPTY_UNIQUE_INDEX_NAME },
} as const;

function nameNodes(value: ValueNode | undefined): ValueNode[] {
  if (!value) return [];
  return value.kind === 'List' ? value.items : [value];
}

export const indexAnnotationsRule: ValidationRule = ({ model, report }) => {
  for (const entity of model.entities) {
    for (const field of entity.fields) {
      for (const name of ['Index', 'UniqueIndex'] as const) {
        const annotation = findAnnotation(field.node.annotations, name);
        if (!annotation) continue;
        const codes = CODES[name];
        if (field.type.kind === 'entity') {
          report(
            codes.relation,
            `invalid use of ${name} annotation. ${name} annotation cannot be used for relation fields.`,
            annotation.span,
          );
          continue;
        }
        const seen = new Set<string>();
        for (const node of nameNodes(annotationField(annotation, 'name', 'names')?.value)) {
          if (node.kind !== 'String') continue;
          if (node.value.trim() === '')
            report(codes.empty, `invalid use of ${name} annotation. there cannot be empty index names.`, node.span);
          else if (seen.has(node.value)) report(codes.duplicate, `invalid use of ${name} annotation. duplicate index names.`, node.span);
          seen.add(node.value);
        }
      }
    }
  }
};
