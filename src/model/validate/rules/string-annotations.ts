/**
 * `@sql:Varchar` / `@sql:Char`: PERSIST_604 only on string fields; 605 not both on one field
 * (reported where the field starts, as persist.sql does); 607 the length is not 0.
 */
import { STRING_ANNOTATION_TYPE, VARCHAR_AND_CHAR, ZERO_LENGTH } from '../../codes.js';
import { annotationField, findAnnotation, intValue } from '../../annotations.js';
import type { ValidationRule } from '../context.js';

export const stringAnnotationsRule: ValidationRule = ({ model, report }) => {
  for (const entity of model.entities) {
    for (const field of entity.fields) {
      const found = (['Varchar', 'Char'] as const)
        .flatMap((name) => {
          const a = findAnnotation(field.node.annotations, name);
          return a ? [{ name, annotation: a }] : [];
        })
        .sort((x, y) => x.annotation.span.offset - y.annotation.span.offset);
      const isString = field.type.kind === 'scalar' && field.type.name === 'string';
      for (const { name, annotation } of found) {
        if (!isString) {
          // Unknown types are reported elsewhere; repeating that the type is wrong adds nothing.
          if (field.type.kind !== 'unknown')
            report(
              STRING_ANNOTATION_TYPE,
              `invalid use of the \`${name}\` annotation. the \`${name}\` annotation can only be used for 'string' type.`,
              annotation.span,
            );
          continue;
        }
        const length = annotationField(annotation, 'length');
        if (length && intValue(length.value) === 0)
          report(ZERO_LENGTH, `invalid use of the \`${name}\` annotation. length cannot be 0.`, length.value.span);
      }
      if (found.length === 2) {
        report(
          VARCHAR_AND_CHAR,
          'invalid use of `Varchar` and `Char` annotations. only one of either `Varchar` or `Char` annotations can be used at a time.',
          field.node.span,
          [{ message: `'@sql:${found[1]!.name}' is here`, span: found[1]!.annotation.span }],
        );
      }
    }
  }
};
