/**
 * PERSIST_690: only bal persist's `@sql:` annotations, each where it applies (`@sql:Name` and
 * `@sql:Schema` on an entity; the others on a field), at most once per place. PERSIST_691: each
 * annotation's value has its documented shape; further checks on the values are in the
 * per-annotation rules.
 */
import type { AnnotationNode, ValueNode } from '../../ast.js';
import { INVALID_ANNOTATION_VALUE, UNKNOWN_ANNOTATION } from '../../codes.js';
import { SQL_ANNOTATIONS, type SqlAnnotationName } from '../../annotations.js';
import { CONSTRAINT_ANNOTATIONS, CONSTRAINT_PREFIX, isConstraintAnnotation } from '../../constraints.js';
import { didYouMean, suggestionList } from '../../did-you-mean.js';
import type { ValidationContext, ValidationRule } from '../context.js';

type Shape = 'int' | 'string' | 'strings' | 'stringOrStrings' | 'intPair';

/** Per annotation: its fields (with the value shape) and which of them are required. */
const SPECS: Record<SqlAnnotationName, { fields: Record<string, Shape>; required: string[]; valueRequired: boolean }> = {
  Name: { fields: { value: 'string' }, required: ['value'], valueRequired: true },
  Varchar: { fields: { length: 'int' }, required: [], valueRequired: false },
  Char: { fields: { length: 'int' }, required: [], valueRequired: false },
  Decimal: { fields: { precision: 'intPair' }, required: ['precision'], valueRequired: true },
  Index: { fields: { name: 'stringOrStrings', names: 'strings' }, required: [], valueRequired: false },
  UniqueIndex: { fields: { name: 'stringOrStrings', names: 'strings' }, required: [], valueRequired: false },
  Generated: { fields: {}, required: [], valueRequired: false },
  Relation: { fields: { keys: 'strings', refs: 'strings' }, required: [], valueRequired: true },
  Schema: { fields: { value: 'string' }, required: ['value'], valueRequired: true },
};

const SHAPE_TEXT: Record<Shape, string> = {
  int: 'an integer',
  string: 'a string',
  strings: 'a list of strings',
  stringOrStrings: 'a string or a list of strings',
  intPair: 'a list of two integers, like [10, 2]',
};

function isInt(v: ValueNode | undefined): boolean {
  return v?.kind === 'Number' && /^\d+$/.test(v.text);
}

function fits(value: ValueNode, shape: Shape): boolean {
  switch (shape) {
    case 'int':
      return isInt(value);
    case 'string':
      return value.kind === 'String';
    case 'strings':
      return value.kind === 'List' && value.items.every((i) => i.kind === 'String');
    case 'stringOrStrings':
      return value.kind === 'String' || fits(value, 'strings');
    case 'intPair':
      return value.kind === 'List' && value.items.length === 2 && value.items.every(isInt);
  }
}

const QUALIFIED = [
  ...SQL_ANNOTATIONS.map((n) => `sql:${n}`),
  ...Object.keys(CONSTRAINT_ANNOTATIONS).map((n) => `${CONSTRAINT_PREFIX}:${n}`),
];

/** The annotations that apply to an entity (the type); the others apply to fields. */
const ON_ENTITY = new Set<SqlAnnotationName>(['Name', 'Schema']);

function checkValue(report: ValidationContext['report'], annotation: AnnotationNode, name: SqlAnnotationName): void {
  const spec = SPECS[name];
  const value = annotation.value;
  if (!value) {
    if (spec.valueRequired) {
      const needs = name === 'Relation' ? 'keys' : spec.required.join(', ');
      report(INVALID_ANNOTATION_VALUE, `invalid use of ${name} annotation. '${needs}' is required.`, annotation.span);
    }
    return;
  }
  for (const field of value.fields) {
    const shape = spec.fields[field.key.value];
    if (!shape) {
      const known = Object.keys(spec.fields);
      const hint = known.length ? didYouMean(suggestionList(field.key.value, known)) : '';
      report(
        INVALID_ANNOTATION_VALUE,
        `invalid use of ${name} annotation. unknown field '${field.key.value}'${hint || '.'}`,
        field.key.span,
      );
    } else if (!fits(field.value, shape)) {
      report(
        INVALID_ANNOTATION_VALUE,
        `invalid use of ${name} annotation. '${field.key.value}' must be ${SHAPE_TEXT[shape]}.`,
        field.value.span,
      );
    }
  }
  const present = new Set(value.fields.map((f) => f.key.value));
  const missing =
    name === 'Relation' ? (present.has('refs') || present.has('keys') ? [] : ['keys']) : spec.required.filter((r) => !present.has(r));
  for (const key of missing) report(INVALID_ANNOTATION_VALUE, `invalid use of ${name} annotation. '${key}' is required.`, annotation.span);
}

function checkAnnotations(context: ValidationContext, annotations: readonly AnnotationNode[], place: 'entity' | 'enum' | 'field'): void {
  const seen = new Set<string>();
  for (const annotation of annotations) {
    const written = `${annotation.prefix ? `${annotation.prefix.value}:` : ''}${annotation.name.value}`;
    if (annotation.prefix?.value === CONSTRAINT_PREFIX && isConstraintAnnotation(annotation.name.value)) {
      // Their values are checked by the constraint-annotations rule.
      if (place !== 'field')
        context.report(
          UNKNOWN_ANNOTATION,
          `annotation '@${written}' cannot be used on ${place === 'enum' ? 'an enum' : 'an entity'}: it applies to fields`,
          annotation.span,
        );
      else if (seen.has(written)) context.report(UNKNOWN_ANNOTATION, `duplicate annotation '@${written}'`, annotation.span);
      seen.add(written);
      continue;
    }
    const name = annotation.prefix?.value === 'sql' ? SQL_ANNOTATIONS.find((n) => n === annotation.name.value) : undefined;
    if (!name) {
      context.report(
        UNKNOWN_ANNOTATION,
        `unknown annotation '@${written}'${didYouMean(suggestionList(written, QUALIFIED).map((s) => `@${s}`))}`,
        annotation.span,
      );
      continue;
    }
    if (place === 'enum' || (place === 'entity' && !ON_ENTITY.has(name)) || (place === 'field' && name === 'Schema')) {
      const allowed =
        place === 'enum'
          ? 'an enum takes no annotations'
          : place === 'entity'
            ? "only '@sql:Name' and '@sql:Schema' apply to an entity"
            : "'@sql:Schema' applies to an entity";
      const where = place === 'enum' ? 'an enum' : place === 'entity' ? 'an entity' : 'a field';
      context.report(UNKNOWN_ANNOTATION, `annotation '@sql:${name}' cannot be used on ${where}: ${allowed}`, annotation.span);
      continue;
    }
    if (seen.has(name)) {
      context.report(UNKNOWN_ANNOTATION, `duplicate annotation '@sql:${name}'`, annotation.span);
      continue;
    }
    seen.add(name);
    checkValue(context.report, annotation, name);
  }
}

export const annotationUsageRule: ValidationRule = (context) => {
  for (const def of context.model.document.definitions) {
    if (def.kind === 'EnumDefinition') checkAnnotations(context, def.annotations, 'enum');
    if (def.kind !== 'TypeDefinition') continue;
    checkAnnotations(context, def.annotations, 'entity');
    if (def.type.kind === 'RecordType') for (const field of def.type.fields) checkAnnotations(context, field.annotations, 'field');
  }
};
