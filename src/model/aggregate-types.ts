/**
 * Which aggregate functions apply to which fields, and the type of their values (SPEC §3.3): one
 * source for the datastores' checks, the GraphQL schema and the typed client.
 */
import type { FieldIR, FieldType } from './ir.js';

export type AggregateFn = 'sum' | 'avg' | 'min' | 'max';

/** The aggregates a group (GraphQL `EGroup`) holds beside the entity's fields: no field may be named so. */
export const GROUP_AGGREGATE_NAMES: readonly string[] = ['count', 'sum', 'avg', 'min', 'max'];

const NUMERIC = new Set(['int', 'float', 'decimal']);

/** Whether `fn` applies to the field: sum and avg to int, float and decimal; min and max to all but bytes. */
export function aggregates(fn: AggregateFn, field: Pick<FieldIR, 'type'>): boolean {
  if (field.type.kind === 'enum') return fn === 'min' || fn === 'max';
  if (fn === 'sum' || fn === 'avg') return NUMERIC.has(field.type.name);
  return field.type.name !== 'bytes';
}

/** The type of `fn`'s value over the field: sum/avg of int and float a float, of decimal a decimal; min/max the field's. */
export function aggregateType(fn: AggregateFn, field: Pick<FieldIR, 'type'>): FieldType {
  if (fn === 'min' || fn === 'max') return field.type;
  return field.type.kind === 'scalar' && field.type.name === 'decimal' ? field.type : { kind: 'scalar', name: 'float' };
}

/** Whether a field can be grouped on (bytes cannot). */
export function groupable(field: Pick<FieldIR, 'type'>): boolean {
  return !(field.type.kind === 'scalar' && field.type.name === 'bytes');
}
