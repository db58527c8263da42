/**
 * PERSIST_150: a model declares at least one entity. `bal persist generate` refuses a model without
 * one ("the model definition file does not contain any entity definition"); its GraphQL schema
 * would have no fields to query. The same when every entity is left out for an
 * `//Unsupported[…]` field.
 */
import { NO_ENTITIES } from '../../codes.js';
import { entitiesWithUnsupportedColumns } from '../../unsupported-marker.js';
import type { ValidationRule } from '../context.js';

export const entitiesPresentRule: ValidationRule = ({ model, report }) => {
  const { document } = model;
  const at = document.imports[0]?.span ?? document.definitions[0]?.span ?? document.span;
  if (model.entities.length > 0) {
    // Every entity left out for an `//Unsupported[…]` field leaves nothing to generate either.
    if (entitiesWithUnsupportedColumns(model).size === model.entities.length)
      report(NO_ENTITIES, 'every entity of the model holds an //Unsupported[…] field and is left out: nothing is left to generate', at);
    return;
  }
  report(
    NO_ENTITIES,
    "the model definition file does not contain any entity definition: declare one, like 'type Item record {| readonly int id; |};'",
    at,
  );
};
