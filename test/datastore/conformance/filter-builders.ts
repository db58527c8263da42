/** Filter builders of the datastore conformance cases. */
import type { Filter, Value } from '../../../src/datastore/datastore.js';

type NonNull = Exclude<Value, null>;
export const eq = (field: string, value: NonNull): Filter => ({ kind: 'compare', field, op: 'eq', value });
export const ne = (field: string, value: NonNull): Filter => ({ kind: 'compare', field, op: 'ne', value });
export const lt = (field: string, value: NonNull): Filter => ({ kind: 'compare', field, op: 'lt', value });
export const lte = (field: string, value: NonNull): Filter => ({ kind: 'compare', field, op: 'lte', value });
export const gt = (field: string, value: NonNull): Filter => ({ kind: 'compare', field, op: 'gt', value });
export const gte = (field: string, value: NonNull): Filter => ({ kind: 'compare', field, op: 'gte', value });
export const isIn = (field: string, values: NonNull[]): Filter => ({ kind: 'in', field, values, negate: false });
export const notIn = (field: string, values: NonNull[]): Filter => ({ kind: 'in', field, values, negate: true });
export const isNull = (field: string, yes = true): Filter => ({ kind: 'isNull', field, isNull: yes });
export const and = (...filters: Filter[]): Filter => ({ kind: 'and', filters });
export const or = (...filters: Filter[]): Filter => ({ kind: 'or', filters });
export const not = (filter: Filter): Filter => ({ kind: 'not', filter });
