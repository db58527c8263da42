/**
 * PERSIST_422: the owner entity must not declare a field with the name of a derived foreign-key
 * field (`locationBuildingCode` beside `Building location`), unless `@sql:Relation {refs}` on the
 * relation field names it as the foreign key.
 */
import { FOREIGN_KEY_FIELD } from '../../codes.js';
import { findAnnotation, relationRefs } from '../../annotations.js';
import { foreignKeyName, keyFieldsOf } from '../../build-ir.js';
import type { ValidationRule } from '../context.js';

export const foreignKeyFieldsRule: ValidationRule = ({ model, report }) => {
  for (const pair of model.pairs) {
    const owner = pair.owner;
    const other = pair.other;
    if (!owner || !other) continue;
    const relation = findAnnotation(owner.field.node.annotations, 'Relation');
    const refs = (relation && relationRefs(relation)) ?? [];
    for (const key of keyFieldsOf(other.entity)) {
      const name = foreignKeyName(owner.field.name, key.name);
      const clash = owner.entity.fields.find((f) => f.name === name);
      if (clash && !refs.includes(name)) {
        report(
          FOREIGN_KEY_FIELD,
          `the entity should not contain foreign key field '${name}' for relation '${other.entity.name}'`,
          clash.node.span,
          [{ message: `the relation field '${owner.field.name}' derives it`, span: owner.field.node.span }],
        );
      }
    }
  }
};
