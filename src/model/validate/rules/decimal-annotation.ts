/**
 * `@sql:Decimal {precision: [p, s]}`: PERSIST_606 only on decimal fields; 608 p is not 0;
 * 609 p is not less than s (both are reported when p is 0 and s is not). Each is reported at the
 * field (its span starts at its first annotation), as persist.sql does.
 */
import { DECIMAL_ANNOTATION_TYPE, PRECISION_LESS_THAN_SCALE, ZERO_PRECISION } from '../../codes.js';
import { annotationField, findAnnotation, intValue } from '../../annotations.js';
import type { ValidationRule } from '../context.js';

export const decimalAnnotationRule: ValidationRule = ({ model, report }) => {
  for (const entity of model.entities) {
    for (const field of entity.fields) {
      const annotation = findAnnotation(field.node.annotations, 'Decimal');
      if (!annotation) continue;
      if (field.type.kind !== 'scalar' || field.type.name !== 'decimal') {
        if (field.type.kind !== 'unknown')
          report(
            DECIMAL_ANNOTATION_TYPE,
            "invalid use of the `Decimal` annotation. the `Decimal` annotation can only be used for 'decimal' type.",
            field.node.span,
          );
        continue;
      }
      const precision = annotationField(annotation, 'precision')?.value;
      if (precision?.kind !== 'List' || precision.items.length !== 2) continue;
      const [p, s] = precision.items.map(intValue);
      if (p === undefined || s === undefined) continue;
      if (p === 0) report(ZERO_PRECISION, 'invalid use of the `Decimal` annotation. precision cannot be 0.', field.node.span);
      if (p < s)
        report(PRECISION_LESS_THAN_SCALE, 'invalid use of the `Decimal` annotation. precision cannot be less than scale.', field.node.span);
    }
  }
};
