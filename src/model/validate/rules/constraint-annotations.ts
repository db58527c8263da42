/**
 * `@constraint:String` / `Int` / `Float` / `Number` (ballerina/constraint): PERSIST_701 each only
 * on the field types it applies to; 702 each value has its shape (a non-negative integer length,
 * a number bound — an integer for `@constraint:Int` —, a `re` pattern JavaScript can read), written
 * plainly or as `{value, message}`, and no minimum exceeds its maximum. Without a value
 * (`@constraint:String`) an annotation sets no rule.
 */
import { CONSTRAINT_TYPE, INVALID_CONSTRAINT } from '../../codes.js';
import type { AnnotationNode } from '../../ast.js';
import {
  CONSTRAINT_ANNOTATIONS,
  constraintAnnotations,
  constraintValue,
  numberText,
  patternRegExp,
  readConstraints,
  type ConstraintAnnotationName,
} from '../../constraints.js';
import { didYouMean, suggestionList } from '../../did-you-mean.js';
import type { FieldView } from '../../semantic-model.js';
import type { ValidationContext, ValidationRule } from '../context.js';

function typeName(field: FieldView): string | undefined {
  const t = field.type;
  if (t.kind === 'scalar') return t.name;
  if (t.kind === 'enum') return 'enum';
  if (t.kind === 'entity') return 'relation';
  return undefined;
}

function checkFields(report: ValidationContext['report'], name: ConstraintAnnotationName, node: AnnotationNode): boolean {
  const allowed: readonly string[] = CONSTRAINT_ANNOTATIONS[name].fields;
  let ok = true;
  const bad = (message: string, span: AnnotationNode['span']) => {
    report(INVALID_CONSTRAINT, `invalid use of the \`constraint:${name}\` annotation. ${message}`, span);
    ok = false;
  };
  for (const field of node.value?.fields ?? []) {
    const key = field.key.value;
    if (!allowed.includes(key)) {
      bad(`unknown field '${key}'${didYouMean(suggestionList(key, allowed)) || '.'}`, field.key.span);
      continue;
    }
    const value = constraintValue(field.value);
    if (!value) {
      bad(`'${key}' needs a 'value'.`, field.value.span);
    } else if (key === 'pattern') {
      if (value.kind !== 'Regex') bad("'pattern' must be a regular expression, like re `[a-z]+`.", value.span);
      else
        try {
          patternRegExp(value.pattern);
        } catch {
          bad(`the pattern re \`${value.pattern}\` is not a regular expression this tool can check.`, value.span);
        }
    } else if (key.endsWith('ength')) {
      if (!/^\d+$/.test(numberText(value) ?? '')) bad(`'${key}' must be a non-negative integer.`, value.span);
    } else if (numberText(value) === undefined || (name === 'Int' && !/^-?\d+$/.test(numberText(value)!))) {
      bad(`'${key}' must be ${name === 'Int' ? 'an integer' : 'a number'}.`, value.span);
    }
  }
  return ok;
}

export const constraintAnnotationsRule: ValidationRule = ({ model, report }) => {
  for (const entity of model.entities) {
    for (const field of entity.fields) {
      const found = constraintAnnotations(field.node.annotations);
      let valuesOk = true;
      for (const { name, node } of found) {
        const type = typeName(field);
        if (type === undefined) continue; // an unsupported or unknown type is reported already
        const applies: readonly string[] = CONSTRAINT_ANNOTATIONS[name].types;
        if (!applies.includes(type)) {
          report(
            CONSTRAINT_TYPE,
            `invalid use of the \`constraint:${name}\` annotation. it applies to ${applies.map((t) => `'${t}'`).join(', ')} fields, not '${type}'.`,
            node.span,
          );
          valuesOk = false;
          continue;
        }
        valuesOk = checkFields(report, name, node) && valuesOk;
      }
      if (!valuesOk || found.length === 0) continue;
      const c = readConstraints(field.node.annotations);
      const at = found[0]!.node.span;
      if (c?.minLength !== undefined && c.maxLength !== undefined && c.minLength > c.maxLength)
        report(
          INVALID_CONSTRAINT,
          `invalid constraints on '${field.name}': minLength ${c.minLength} is greater than maxLength ${c.maxLength}.`,
          at,
        );
      for (const [min, max] of [
        ['minValue', 'maxValue'],
        ['minValueExclusive', 'maxValueExclusive'],
      ] as const) {
        const lo = c?.[min];
        const hi = c?.[max];
        if (lo !== undefined && hi !== undefined && Number(lo) > Number(hi))
          report(INVALID_CONSTRAINT, `invalid constraints on '${field.name}': ${min} ${lo} is greater than ${max} ${hi}.`, at);
      }
    }
  }
};
