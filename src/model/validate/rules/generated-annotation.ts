/**
 * `@sql:Generated` (AUTO_INCREMENT), in persist.sql's order: PERSIST_617 only on a readonly field;
 * 618 not on one field of a composite key (AUTO_INCREMENT identifies a row on its own); 619 only
 * on an int field. Each is reported at the field (its span starts at its first annotation), as
 * persist.sql does.
 */
import { GENERATED_NOT_INT, GENERATED_NOT_READONLY, GENERATED_PARTIAL_KEY } from '../../codes.js';
import { findAnnotation } from '../../annotations.js';
import type { ValidationRule } from '../context.js';

export const generatedAnnotationRule: ValidationRule = ({ model, report }) => {
  for (const entity of model.entities) {
    const keyCount = entity.fields.filter((f) => f.key).length;
    for (const field of entity.fields) {
      const annotation = findAnnotation(field.node.annotations, 'Generated');
      if (!annotation) continue;
      if (!field.key) {
        report(
          GENERATED_NOT_READONLY,
          "invalid use of the `Generated` annotation. the `Generated` annotation can only be used for 'readonly' fields.",
          field.node.span,
        );
      } else if (keyCount > 1) {
        report(
          GENERATED_PARTIAL_KEY,
          'invalid use of the `Generated` annotation. partial key fields cannot be auto-generated.',
          field.node.span,
        );
      } else if (field.type.kind !== 'scalar' || field.type.name !== 'int') {
        // Unknown and unsupported types are reported by the field-type rule already.
        if (field.type.kind === 'scalar' || field.type.kind === 'enum')
          report(
            GENERATED_NOT_INT,
            "invalid use of the `Generated` annotation. a generated field can only be an 'int' type.",
            field.node.span,
          );
      }
    }
  }
};
