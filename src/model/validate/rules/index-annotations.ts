/**
 * `@sql:Index` / `@sql:UniqueIndex`, with persist.sql's codes: PERSIST_611 / 612 not on relation
 * fields; a name given as a string is not empty (622 / 623); a list of names is not empty
 * (624 / 625), holds no name twice (613 / 614) and no empty name (615 / 616). As persist.sql reads
 * them, names are trimmed: `" "` is empty.
 */
import {
  DUPLICATE_INDEX_NAME,
  DUPLICATE_UNIQUE_INDEX_NAME,
  EMPTY_INDEX_NAME,
  EMPTY_INDEX_NAME_LIST,
  EMPTY_INDEX_NAME_STRING,
  EMPTY_UNIQUE_INDEX_NAME,
  EMPTY_UNIQUE_INDEX_NAME_LIST,
  EMPTY_UNIQUE_INDEX_NAME_STRING,
  INDEX_ON_RELATION,
  UNIQUE_INDEX_ON_RELATION,
} from '../../codes.js';
import { annotationField, findAnnotation } from '../../annotations.js';
import type { ValidationContext, ValidationRule } from '../context.js';
import type { AnnotationNode, StringNode } from '../../ast.js';
import type { Span } from '../../diagnostics.js';

const CODES = {
  Index: {
    relation: INDEX_ON_RELATION,
    duplicate: DUPLICATE_INDEX_NAME,
    emptyInList: EMPTY_INDEX_NAME,
    emptyString: EMPTY_INDEX_NAME_STRING,
    emptyList: EMPTY_INDEX_NAME_LIST,
    what: 'index name',
  },
  UniqueIndex: {
    relation: UNIQUE_INDEX_ON_RELATION,
    duplicate: DUPLICATE_UNIQUE_INDEX_NAME,
    emptyInList: EMPTY_UNIQUE_INDEX_NAME,
    emptyString: EMPTY_UNIQUE_INDEX_NAME_STRING,
    emptyList: EMPTY_UNIQUE_INDEX_NAME_LIST,
    what: 'unique index name',
  },
} as const;

function checkNames(report: ValidationContext['report'], annotation: AnnotationNode, name: 'Index' | 'UniqueIndex', at: Span): void {
  const codes = CODES[name];
  const prefix = `invalid use of the \`${name}\` annotation.`;
  const value = annotationField(annotation, 'name', 'names')?.value;
  if (value?.kind === 'String') {
    if (value.value.trim() === '') report(codes.emptyString, `${prefix} ${codes.what} cannot be empty.`, at);
    return;
  }
  if (value?.kind !== 'List') return;
  if (value.items.length === 0) {
    report(codes.emptyList, `${prefix} name array should have at least one index name.`, at);
    return;
  }
  const strings = value.items.filter((i): i is StringNode => i.kind === 'String');
  const duplicate = strings.find((node, i) => strings.slice(0, i).some((other) => other.value.trim() === node.value.trim()));
  if (duplicate) report(codes.duplicate, `${prefix} duplicate index names.`, at);
  const empty = strings.find((node) => node.value.trim() === '');
  if (empty) report(codes.emptyInList, `${prefix} there cannot be empty index names.`, at);
}

export const indexAnnotationsRule: ValidationRule = ({ model, report }) => {
  for (const entity of model.entities) {
    for (const field of entity.fields) {
      for (const name of ['Index', 'UniqueIndex'] as const) {
        const annotation = findAnnotation(field.node.annotations, name);
        if (!annotation) continue;
        if (field.type.kind === 'entity') {
          report(
            CODES[name].relation,
            `invalid use of the \`${name}\` annotation. the \`${name}\` annotation cannot be used for relation fields.`,
            field.node.span,
          );
          continue;
        }
        checkNames(report, annotation, name, field.node.span);
      }
    }
  }
};
