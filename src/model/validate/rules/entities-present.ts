/**
 * PERSIST_150: a model declares at least one entity. `bal persist generate` refuses a model without
 * one ("the model definition file does not contain any entity definition"); its GraphQL schema
 * would have no fields to query. (A model whose every entity holds an `//Unsupported[…]` field is
 * valid, as in bal persist: there is just nothing to generate.)
 */
import { NO_ENTITIES } from '../../codes.js';
import type { ValidationRule } from '../context.js';

export const entitiesPresentRule: ValidationRule = ({ model, report }) => {
  const { document } = model;
  const at = document.imports[0]?.span ?? document.definitions[0]?.span ?? document.span;
  if (model.entities.length > 0) return;
  report(
    NO_ENTITIES,
    "the model definition file does not contain any entity definition: declare one, like 'type Item record {| readonly int id; |};'",
    at,
  );
};
