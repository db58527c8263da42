/**
 * PERSIST_501 an entity needs at least one readonly (identity) field; 503 identity fields are int,
 * string, float, boolean or decimal; 502 and never nillable.
 */
import { IDENTITY_TYPE, NILLABLE_IDENTITY, NO_IDENTITY } from '../../codes.js';
import { typeText } from '../../field-types.js';
import type { ValidationRule } from '../context.js';

const KEY_TYPES = new Set(['int', 'string', 'float', 'boolean', 'decimal']);

export const identityFieldsRule: ValidationRule = ({ model, report }) => {
  for (const entity of model.entities) {
    const keys = entity.fields.filter((f) => f.key);
    if (keys.length === 0) {
      report(NO_IDENTITY, `'${entity.name}' entity must have at least one identity readonly field`, entity.node.name.span);
      continue;
    }
    for (const field of keys) {
      const t = field.type;
      // Unsupported and unknown types are reported by the field-type rule already.
      if (t.kind !== 'scalar' && t.kind !== 'enum' && t.kind !== 'entity') continue;
      const typeNode = field.node.type;
      const base = typeNode.kind === 'OptionalType' ? typeNode.type : typeNode;
      if (t.kind !== 'scalar' || !KEY_TYPES.has(t.name)) {
        report(
          IDENTITY_TYPE,
          `only 'int', 'string', 'float', 'boolean', 'decimal' types are supported as identity fields, found '${typeText(base)}'`,
          typeNode.span,
        );
      } else if (t.nullable) {
        report(NILLABLE_IDENTITY, 'an identity field cannot be nillable', typeNode.span);
      }
    }
  }
};
