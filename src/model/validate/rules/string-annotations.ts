/**
 * `@sql:Varchar` / `@sql:Char`: PERSIST_604 only on string fields; 605 not both on one field;
 * 607 the length is not 0.
 */
import { STRING_ANNOTATION_TYPE, VARCHAR_AND_CHAR, ZERO_LENGTH } from '../../codes.js';
import { annotationField, findAnnotation, intValue } from '../../annotations.js';
import type { ValidationRule } from '../context.js';

export const stringAnnotationsRule: ValidationRule = ({ model, report }) => {
  for (const entity of model.entities) {
    for (const field of entity.fields) {
      const found = (['Varchar', 'Char'] as const).flatMap((name) => {
        const a = findAnnotation(field.node.annotations, name);
        return a ? [{ name, annotation: a }] : [];
      });
      const isString = field.type.kind === 'scalar' && field.type.name === 'string';
      for (const { name, annotation } of found) {
        if (!isString) {
          // Unknown types are reported elsewhere; repeating that the type is wrong adds nothing.
          if (field.type.kind !== 'unknown')
            report(
              STRING_ANNOTATION_TYPE,
              `invalid use of '${name}' annotation. '${name}' annotation can only be used for string data type.`,
              annotation.span,
            );
          continue;
        }
        const length = annotationField(annotation, 'length');
        if (length && intValue(length.value) === 0)
          report(ZERO_LENGTH, `invalid use of '${name}' annotation. length cannot be 0.`, length.value.span);
      }
      if (found.length === 2) {
        report(
          VARCHAR_AND_CHAR,
          'invalid use of VarChar and Char annotations. only one of either Char or Varchar annotations can be used at a time.',
          found[1]!.annotation.span,
          [{ message: `'@sql:${found[0]!.name}' is here`, span: found[0]!.annotation.span }],
        );
      }
    }
  }
};
