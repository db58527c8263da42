/**
 * The `ballerina/constraint` annotations a field may carry, as bal persist models accept them:
 * `@constraint:String {length, minLength, maxLength, pattern}` on string fields and
 * `@constraint:Int` (int), `@constraint:Float` (float), `@constraint:Number` (int, float, decimal)
 * `{minValue, maxValue, minValueExclusive, maxValueExclusive}`. Each value is written plainly
 * (`maxLength: 10`) or as `{value: 10, message: "…"}`. Reads them into ConstraintsIR and checks a
 * canonical value against them (every datastore runs the check on writes).
 */
import type { AnnotationNode, ValueNode } from './ast.js';
import type { ConstraintsIR, FieldType } from './ir.js';
import { compareDecimals, parseDecimal, type Value } from './values.js';

export const CONSTRAINT_PREFIX = 'constraint';

const BOUNDS = ['minValue', 'maxValue', 'minValueExclusive', 'maxValueExclusive'] as const;
const LENGTHS = ['length', 'minLength', 'maxLength'] as const;

/** Per annotation: its fields, and the field types (IR scalar names) it applies to. */
export const CONSTRAINT_ANNOTATIONS = {
  String: { fields: [...LENGTHS, 'pattern'], types: ['string'] },
  Int: { fields: BOUNDS, types: ['int'] },
  Float: { fields: BOUNDS, types: ['float'] },
  Number: { fields: BOUNDS, types: ['int', 'float', 'decimal'] },
} as const satisfies Record<string, { fields: readonly (keyof ConstraintsIR)[]; types: readonly string[] }>;

export type ConstraintAnnotationName = keyof typeof CONSTRAINT_ANNOTATIONS;

export function isConstraintAnnotation(name: string): name is ConstraintAnnotationName {
  return Object.hasOwn(CONSTRAINT_ANNOTATIONS, name);
}

/** The `@constraint:` annotations among `annotations`, the first of each name. */
export function constraintAnnotations(annotations: readonly AnnotationNode[]): { name: ConstraintAnnotationName; node: AnnotationNode }[] {
  const found: { name: ConstraintAnnotationName; node: AnnotationNode }[] = [];
  for (const a of annotations) {
    const name = a.name.value;
    if (a.prefix?.value === CONSTRAINT_PREFIX && isConstraintAnnotation(name) && !found.some((f) => f.name === name))
      found.push({ name, node: a });
  }
  return found;
}

/** A constraint's value node: `10`, or the `value` of `{value: 10, message: "…"}`. */
export function constraintValue(value: ValueNode): ValueNode | undefined {
  if (value.kind !== 'Mapping') return value;
  return value.fields.find((f) => f.key.value === 'value')?.value;
}

/** A number literal's text (`10`, `-2.5`), or undefined. */
export function numberText(value: ValueNode | undefined): string | undefined {
  return value?.kind === 'Number' ? value.text : undefined;
}

/** The constraints of a field that the rules found valid (see the constraint-annotations rule). */
export function readConstraints(annotations: readonly AnnotationNode[]): ConstraintsIR | undefined {
  const ir: ConstraintsIR = {};
  for (const { node } of constraintAnnotations(annotations)) {
    for (const field of node.value?.fields ?? []) {
      const key = field.key.value;
      const value = constraintValue(field.value);
      if (key === 'pattern' && value?.kind === 'Regex') ir.pattern = value.pattern;
      else if ((LENGTHS as readonly string[]).includes(key) && numberText(value) !== undefined)
        ir[key as (typeof LENGTHS)[number]] = Number(numberText(value));
      else if ((BOUNDS as readonly string[]).includes(key) && numberText(value) !== undefined)
        ir[key as (typeof BOUNDS)[number]] = numberText(value)!;
    }
  }
  return Object.keys(ir).length > 0 ? ir : undefined;
}

/** The regular expression of a `pattern`, matching whole strings. Throws SyntaxError when JavaScript cannot read it. */
export function patternRegExp(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`, 'u');
}

function codePoints(s: string): number {
  return [...s].length;
}

/** Compares a canonical number or decimal value with a bound's literal text. */
function compareBound(type: FieldType, value: number | string, bound: string): number {
  if (type.kind === 'scalar' && type.name === 'decimal')
    return compareDecimals(value as string, parseDecimal(bound, { precision: 2000, scale: 1000 }));
  return (value as number) - Number(bound);
}

const BOUND_TEXT = {
  minValue: ['at least', (c: number) => c >= 0],
  maxValue: ['at most', (c: number) => c <= 0],
  minValueExclusive: ['greater than', (c: number) => c > 0],
  maxValueExclusive: ['less than', (c: number) => c < 0],
} as const;

/**
 * Why a canonical, non-null value breaks the field's constraints (naming the rule), or undefined
 * when it keeps them all.
 */
export function constraintViolation(type: FieldType, constraints: ConstraintsIR, value: Exclude<Value, null>): string | undefined {
  if (typeof value === 'string' && type.kind === 'scalar' && type.name === 'string') {
    const n = codePoints(value);
    if (constraints.length !== undefined && n !== constraints.length)
      return `the string has ${n} characters; @constraint:String length is ${constraints.length}`;
    if (constraints.minLength !== undefined && n < constraints.minLength)
      return `the string has ${n} characters; @constraint:String minLength is ${constraints.minLength}`;
    if (constraints.maxLength !== undefined && n > constraints.maxLength)
      return `the string has ${n} characters; @constraint:String maxLength is ${constraints.maxLength}`;
    if (constraints.pattern !== undefined && !patternRegExp(constraints.pattern).test(value))
      return `${JSON.stringify(value)} does not match @constraint:String pattern re\`${constraints.pattern}\``;
    return undefined;
  }
  if (typeof value !== 'number' && !(typeof value === 'string' && type.kind === 'scalar' && type.name === 'decimal')) return undefined;
  for (const key of BOUNDS) {
    const bound = constraints[key];
    if (bound === undefined) continue;
    const [text, ok] = BOUND_TEXT[key];
    if (!ok(compareBound(type, value, bound))) return `the value must be ${text} ${bound} (@constraint ${key}), found ${value}`;
  }
  return undefined;
}

/** A one-line description of a field's constraints, for documentation (`maxLength 10, pattern re\`[a-z]+\``). */
export function describeConstraints(constraints: ConstraintsIR): string {
  return Object.entries(constraints)
    .map(([key, value]) => (key === 'pattern' ? `pattern re\`${String(value)}\`` : `${key} ${String(value)}`))
    .join(', ');
}
