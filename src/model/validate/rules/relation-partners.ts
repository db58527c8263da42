/**
 * PERSIST_402: both sides of a relation are declared. A relation field whose entity has no
 * partner field left on the other side (pairing goes by declaration order) is reported.
 */
import { MISSING_RELATION_FIELD } from '../../codes.js';
import { entityByName } from '../../semantic-model.js';
import type { ValidationRule } from '../context.js';

export const relationPartnersRule: ValidationRule = ({ model, report }) => {
  for (const end of model.unpaired) {
    const target = end.field.type.kind === 'entity' ? end.field.type.name : '';
    // A field of unknown type in the target may be the partner, misspelt: that error is the one to fix.
    if (entityByName(model, target)?.fields.some((f) => f.type.kind === 'unknown')) continue;
    report(MISSING_RELATION_FIELD, `the related entity '${target}' does not have the corresponding relation field`, end.field.node.span);
  }
};
