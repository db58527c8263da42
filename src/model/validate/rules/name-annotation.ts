/**
 * `@sql:Name`: PERSIST_600 the name is not empty; 602 not on relation fields (they have no column);
 * 610 no two columns of a table, and no two tables, end up with the same name.
 */
import { DUPLICATE_NAME, EMPTY_NAME, NAME_ON_RELATION } from '../../codes.js';
import { annotationField, findAnnotation, mappedName } from '../../annotations.js';
import type { Span } from '../../diagnostics.js';
import type { ValidationContext, ValidationRule } from '../context.js';

function checkDuplicates(report: ValidationContext['report'], names: { name: string; span: Span; mapped: boolean }[]): void {
  const seen = new Map<string, { name: string; span: Span; mapped: boolean }>();
  for (const current of names) {
    // MySQL compares column names (and, as bal persist compares entities, table names) case-insensitively.
    const key = current.name.toLowerCase();
    const first = seen.get(key);
    if (!first) {
      seen.set(key, current);
      continue;
    }
    // Blame the annotation that made the names collide.
    const [at, other] = current.mapped ? [current, first] : [first, current];
    report(DUPLICATE_NAME, 'invalid use of Mapping annotation. duplicate mapping name found.', at.span, [
      { message: 'the same name is used here', span: other.span },
    ]);
  }
}

export const nameAnnotationRule: ValidationRule = ({ model, report }) => {
  const tables: { name: string; span: Span; mapped: boolean }[] = [];
  for (const entity of model.entities) {
    const entityName = findAnnotation(entity.node.annotations, 'Name');
    const table = mappedName(entity.node.annotations);
    if (entityName && table === '')
      report(
        EMPTY_NAME,
        'invalid use of Mapping annotation. mapping name cannot be empty.',
        annotationField(entityName, 'value')!.value.span,
      );
    if (table !== '')
      tables.push({ name: table ?? entity.name, span: entityName?.span ?? entity.node.name.span, mapped: entityName !== undefined });

    const columns: { name: string; span: Span; mapped: boolean }[] = [];
    for (const field of entity.fields) {
      const annotation = findAnnotation(field.node.annotations, 'Name');
      if (annotation && field.type.kind === 'entity') {
        report(
          NAME_ON_RELATION,
          'invalid use of Mapping annotation. Mapping annotation cannot be used for relation fields.',
          annotation.span,
        );
        continue;
      }
      const column = mappedName(field.node.annotations);
      if (annotation && column === '')
        report(
          EMPTY_NAME,
          'invalid use of Mapping annotation. mapping name cannot be empty.',
          annotationField(annotation, 'value')!.value.span,
        );
      if (field.type.kind !== 'entity' && column !== '')
        columns.push({ name: column ?? field.name, span: annotation?.span ?? field.node.name.span, mapped: annotation !== undefined });
    }
    checkDuplicates(report, columns);
  }
  checkDuplicates(report, tables);
};
