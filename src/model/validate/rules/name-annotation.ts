/**
 * `@sql:Name`, with persist.sql's codes: PERSIST_600 the name is not empty; 602 not on relation
 * fields (they have no column); 620 an entity's table name is not another entity's name, 621 a
 * field's column name is not another field's name; 610 no two mappings give the same name; the
 * warning 601 a mapping that gives the name the entity (field) has anyway. As
 * MySQL compares column (and, as bal persist compares entities, table) names case-insensitively,
 * a mapped name that meets another table's or column's name in another case is 610 as well.
 */
import { DUPLICATE_NAME, EMPTY_NAME, NAME_CONFLICTS_ENTITY, NAME_CONFLICTS_FIELD, NAME_ON_RELATION, REDUNDANT_NAME } from '../../codes.js';
import { findAnnotation, mappedName } from '../../annotations.js';
import type { Span } from '../../diagnostics.js';
import type { ValidationContext, ValidationRule } from '../context.js';

interface NamedThing {
  /** The entity or field name. */
  own: string;
  /** The table or column name it ends up with. */
  name: string;
  /** Where a problem with its mapping is reported. */
  span: Span;
  /** Whether `@sql:Name` gives it a name (a `@sql:Name` without a value is PERSIST_691). */
  mapped: boolean;
}

const PREFIX = 'invalid use of the `Name` annotation.';

/**
 * A mapping that names another entity (field) is 620 (621); any other two things ending up with
 * the same name are 610, blamed on the mapping that made them collide.
 */
function checkNames(context: ValidationContext, things: NamedThing[], conflictCode: string, conflictText: string): void {
  const { report, warn } = context;
  const seen = new Map<string, NamedThing>();
  for (const current of things) {
    if (current.mapped && current.name === current.own)
      warn(REDUNDANT_NAME, 'redundant use of the `Name` annotation. mapping value is same as model definition.', current.span);
    if (current.mapped && current.name !== current.own && things.some((t) => t !== current && t.own === current.name)) {
      report(conflictCode, `${PREFIX} ${conflictText}`, current.span);
      continue;
    }
    const key = current.name.toLowerCase();
    const first = seen.get(key);
    if (!first) {
      seen.set(key, current);
      continue;
    }
    const [at, other] = current.mapped ? [current, first] : [first, current];
    report(DUPLICATE_NAME, `${PREFIX} duplicate mapping value found.`, at.span, [
      { message: 'the same name is used here', span: other.span },
    ]);
  }
}

export const nameAnnotationRule: ValidationRule = (context) => {
  const { model, report } = context;
  const tables: NamedThing[] = [];
  for (const entity of model.entities) {
    const entityName = findAnnotation(entity.node.annotations, 'Name');
    const table = mappedName(entity.node.annotations);
    // persist.sql reports an entity's mapping problems at the entity's name.
    if (entityName && table?.trim() === '') report(EMPTY_NAME, `${PREFIX} mapping value cannot be empty.`, entity.node.name.span);
    if (table?.trim() !== '')
      tables.push({ own: entity.name, name: table ?? entity.name, span: entity.node.name.span, mapped: table !== undefined });

    const columns: NamedThing[] = [];
    for (const field of entity.fields) {
      const annotation = findAnnotation(field.node.annotations, 'Name');
      if (annotation && field.type.kind === 'entity') {
        report(NAME_ON_RELATION, `${PREFIX} the \`Name\` annotation cannot be used for relation fields.`, field.node.span);
        continue;
      }
      const column = mappedName(field.node.annotations);
      if (annotation && column?.trim() === '') report(EMPTY_NAME, `${PREFIX} mapping value cannot be empty.`, field.node.span);
      if (field.type.kind !== 'entity' && column?.trim() !== '')
        columns.push({
          own: field.name,
          name: column ?? field.name,
          span: field.node.span,
          mapped: column !== undefined,
        });
    }
    checkNames(context, columns, NAME_CONFLICTS_FIELD, 'a mapping value should not conflict with a field name.');
  }
  checkNames(context, tables, NAME_CONFLICTS_ENTITY, 'a mapping value should not conflict with an Entity name.');
};
