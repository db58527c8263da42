/**
 * PERSIST_311: a stored field named like an aggregate of its entity's groups. `employeesGroupBy`
 * answers `EmployeeGroup` objects that hold the entity's fields and `count`, `sum`, `avg`, `min`
 * and `max` side by side (SPEC §3.3), and the typed client's groups do the same, so a field
 * `count` would be two different things of one name. (Prisma avoids it by prefixing its outputs,
 * `_count`; Hasura by nesting them under `aggregate`; SPEC's names are unprefixed.) The fix keeps
 * the column: rename the field and map it with `@sql:Name`.
 */
import { GROUP_AGGREGATE_NAMES } from '../../aggregate-types.js';
import { AGGREGATE_NAME_CLASH } from '../../codes.js';
import type { ValidationRule } from '../context.js';

export const aggregateNameClashRule: ValidationRule = ({ model, report }) => {
  for (const entity of model.entities) {
    for (const field of entity.fields) {
      if (field.type.kind === 'entity' || !GROUP_AGGREGATE_NAMES.includes(field.name)) continue;
      const suggestion = `${entity.name.charAt(0).toLowerCase()}${entity.name.slice(1)}${field.name.charAt(0).toUpperCase()}${field.name.slice(1)}`;
      report(
        AGGREGATE_NAME_CLASH,
        `field '${field.name}' of entity '${entity.name}' has the name of the aggregate '${field.name}' of '${entity.name}Group' (the groupBy results hold the entity's fields and count, sum, avg, min and max); rename the field, e.g. to '${suggestion}', and keep its column with @sql:Name {value: "${field.name}"}`,
        field.node.name.span,
      );
    }
  }
};
