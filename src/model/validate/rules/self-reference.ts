/** PERSIST_401: a relation field typed with its own entity. */
import { SELF_REFERENCE } from '../../codes.js';
import type { ValidationRule } from '../context.js';

export const selfReferenceRule: ValidationRule = ({ model, report }) => {
  for (const end of model.selfReferences)
    report(SELF_REFERENCE, 'an entity cannot reference itself in a relation field', end.field.node.span);
};
