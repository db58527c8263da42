/**
 * Reading the `@sql:…` annotations of bal persist's `ballerinax/persist.sql` module:
 *
 * - `@sql:Name {value: "t"}` on an entity (table name) or a field (column name);
 * - `@sql:Varchar {length: n}`, `@sql:Char {length: n}` on string fields;
 * - `@sql:Decimal {precision: [p, s]}` on decimal fields;
 * - `@sql:Index` / `@sql:UniqueIndex`, optionally `{name: "idx"}` or `{name: ["a", "b"]}`; fields
 *   naming the same index form a composite index;
 * - `@sql:Generated` on a readonly int field (AUTO_INCREMENT);
 * - `@sql:Relation {keys: ["a", "b"]}` on an owner relation field: declared fields that hold the
 *   foreign key (`refs` is accepted as the older spelling);
 * - `@sql:Schema {value: "s"}` on an entity: the database schema, which MySQL does not have
 *   (bal persist ignores it for MySQL, and so does this tool).
 */
import type { AnnotationNode, MappingFieldNode, ValueNode } from './ast.js';

export const SQL_ANNOTATIONS = ['Name', 'Schema', 'Varchar', 'Char', 'Decimal', 'Index', 'UniqueIndex', 'Generated', 'Relation'] as const;
export type SqlAnnotationName = (typeof SQL_ANNOTATIONS)[number];

/** The annotation `@<prefix>:<name>` among `annotations`, the first one if repeated. */
export function findAnnotation(
  annotations: readonly AnnotationNode[],
  name: SqlAnnotationName,
  prefix = 'sql',
): AnnotationNode | undefined {
  return annotations.find((a) => a.prefix?.value === prefix && a.name.value === name);
}

/** The value of `key` in the annotation's mapping. */
export function annotationField(annotation: AnnotationNode, ...keys: string[]): MappingFieldNode | undefined {
  return annotation.value?.fields.find((f) => keys.includes(f.key.value));
}

/** A non-negative integer literal's value, or undefined. */
export function intValue(value: ValueNode | undefined): number | undefined {
  if (value?.kind !== 'Number' || !/^-?\d+$/.test(value.text)) return undefined;
  return Number(value.text);
}

/** A string literal's value, or undefined. */
export function stringValue(value: ValueNode | undefined): string | undefined {
  return value?.kind === 'String' ? value.value : undefined;
}

/** A string or a list of strings, as a list; undefined when it is anything else. */
export function stringListValue(value: ValueNode | undefined): string[] | undefined {
  if (value?.kind === 'String') return [value.value];
  if (value?.kind !== 'List') return undefined;
  const items = value.items.map(stringValue);
  return items.every((s): s is string => s !== undefined) ? items : undefined;
}

/** `@sql:Name {value: "…"}`'s value. */
export function mappedName(annotations: readonly AnnotationNode[], prefix?: string): string | undefined {
  const a = findAnnotation(annotations, 'Name', prefix);
  return a ? stringValue(annotationField(a, 'value')?.value) : undefined;
}

/** The index names an `@sql:Index` / `@sql:UniqueIndex` gives, with bal persist's default name when it names none. */
export function indexNames(annotation: AnnotationNode, fieldName: string, unique: boolean): string[] {
  const names = stringListValue(annotationField(annotation, 'name', 'names')?.value);
  return names ?? [`${unique ? 'unique_idx' : 'idx'}_${fieldName.toLowerCase()}`];
}

/** `@sql:Relation {refs: […]}`'s field names. */
export function relationRefs(annotation: AnnotationNode): string[] | undefined {
  return stringListValue(annotationField(annotation, 'refs', 'keys')?.value);
}
