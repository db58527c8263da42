/**
 * PERSIST_305 unsupported `{type}`-typed fields (unions, json, map, …), PERSIST_306 array fields
 * other than `byte[]` and relation arrays, PERSIST_309 type names that name nothing, with a
 * "did you mean" among the simple types, enums and entities (a misspelt relation target included).
 */
import { ARRAY_FIELD_TYPE, UNKNOWN_TYPE, UNSUPPORTED_FIELD_TYPE } from '../../codes.js';
import { didYouMean, suggestionList } from '../../did-you-mean.js';
import { KNOWN_TYPE_NAMES } from '../../field-types.js';
import type { ValidationRule } from '../context.js';

export const fieldTypesRule: ValidationRule = ({ model, report }) => {
  const candidates = [...KNOWN_TYPE_NAMES, ...model.enums.map((e) => e.name.value), ...model.entities.map((e) => e.name)];
  for (const entity of model.entities) {
    for (const field of entity.fields) {
      const t = field.type;
      const span = field.node.type.span;
      if (t.kind === 'unsupported') report(UNSUPPORTED_FIELD_TYPE, `an entity does not support ${t.typeName}-typed field`, span);
      else if (t.kind === 'unsupportedArray') report(ARRAY_FIELD_TYPE, `an entity does not support ${t.typeName} array field type`, span);
      else if (t.kind === 'unknown')
        report(UNKNOWN_TYPE, `unknown type '${t.name}'${didYouMean(suggestionList(t.name, candidates))}`, t.span);
    }
  }
};
