/**
 * PERSIST_301 rest descriptors, 302 defaultable fields, 303 inherited fields (`*T;`),
 * 304 optional fields (`T name?;`): record features an entity cannot have.
 */
import { DEFAULTABLE_FIELD, INHERITED_FIELD, OPTIONAL_FIELD, REST_DESCRIPTOR } from '../../codes.js';
import type { ValidationRule } from '../context.js';

export const recordMembersRule: ValidationRule = ({ model, report }) => {
  for (const { record } of model.entities) {
    for (const rest of record.restDescriptors) report(REST_DESCRIPTOR, 'an entity does not support rest descriptor field', rest.span);
    for (const inclusion of record.inclusions) report(INHERITED_FIELD, 'an entity does not support inherited field', inclusion.span);
    for (const field of record.fields) {
      if (field.defaultValue) report(DEFAULTABLE_FIELD, 'an entity does not support defaultable field', field.span);
      if (field.optional) report(OPTIONAL_FIELD, 'an entity does not support optional field', field.span);
    }
  }
};
