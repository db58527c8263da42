/** PERSIST_307: a field declared twice in an entity (compared case-insensitively, as columns are). */
import { REDECLARED_FIELD } from '../../codes.js';
import type { FieldNode } from '../../ast.js';
import type { ValidationRule } from '../context.js';

export const uniqueFieldNamesRule: ValidationRule = ({ model, report }) => {
  for (const { record } of model.entities) {
    const seen = new Map<string, FieldNode>();
    for (const field of record.fields) {
      const key = field.name.value.toLowerCase();
      const first = seen.get(key);
      if (first)
        report(REDECLARED_FIELD, `redeclared field '${field.name.value}'`, field.name.span, [
          { message: `'${first.name.value}' is declared here`, span: first.name.span },
        ]);
      else seen.set(key, field);
    }
  }
};
