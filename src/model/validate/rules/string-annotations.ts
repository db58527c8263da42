/**
 * `@sql:Varchar` / `@sql:Char`, in persist.sql's order: PERSIST_604 only on string fields (once
 * per field); 605 not both on one field; 607 the length is not 0. Each is reported at the field
 * (its span starts at its first annotation), and worded as persist.sql words it (the annotation
 * quoted twice: "the `'Char'` annotation").
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
      if (found.length === 0) continue;
      const isString = field.type.kind === 'scalar' && field.type.name === 'string';
      if (!isString) {
        // Unknown types are reported elsewhere; repeating that the type is wrong adds nothing.
        // As persist.sql: one 604, about `Char` when both are given.
        const { name } = found.find((f) => f.name === 'Char') ?? found[0]!;
        if (field.type.kind !== 'unknown')
          report(
            STRING_ANNOTATION_TYPE,
            `invalid use of the \`'${name}'\` annotation. the \`'${name}'\` annotation can only be used for 'string' type.`,
            field.node.span,
          );
        continue;
      }
      if (found.length === 2) {
        report(
          VARCHAR_AND_CHAR,
          'invalid use of `Varchar` and `Char` annotations. only one of either `Varchar` or `Char` annotations can be used at a time.',
          field.node.span,
          [{ message: `'@sql:${found[1]!.name}' is here`, span: found[1]!.annotation.span }],
        );
        continue;
      }
      const { name, annotation } = found[0]!;
      const length = annotationField(annotation, 'length');
      if (length && intValue(length.value) === 0)
        report(ZERO_LENGTH, `invalid use of the \`'${name}'\` annotation. length cannot be 0.`, field.node.span);
    }
  }
};
