/**
 * `@sql:Generated` (AUTO_INCREMENT): PERSIST_617 only on a readonly int field; 618 not on one field
 * of a composite key (MySQL's AUTO_INCREMENT identifies a row on its own).
 */
import { GENERATED_PARTIAL_KEY, GENERATED_TYPE } from '../../codes.js';
import { findAnnotation } from '../../annotations.js';
import type { ValidationRule } from '../context.js';

export const generatedAnnotationRule: ValidationRule = ({ model, report }) => {
  for (const entity of model.entities) {
    const keyCount = entity.fields.filter((f) => f.key).length;
    for (const field of entity.fields) {
      const annotation = findAnnotation(field.node.annotations, 'Generated');
      if (!annotation) continue;
      const isInt = field.type.kind === 'scalar' && field.type.name === 'int' && !field.type.nullable;
      if (!field.key || !isInt) {
        report(
          GENERATED_TYPE,
          'invalid use of Generated annotation. Generated annotation can only be used on a readonly int field.',
          annotation.span,
        );
      } else if (keyCount > 1) {
        report(
          GENERATED_PARTIAL_KEY,
          'invalid use of Generated annotation. Generated annotation cannot be used on a field of a composite key.',
          annotation.span,
        );
      }
    }
  }
};
