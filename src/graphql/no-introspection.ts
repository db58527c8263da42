/**
 * `introspection: false` (SPEC §4): a document asking for `__schema` or `__type` is refused before
 * it runs, as graphql-js's NoSchemaIntrospectionCustomRule words it, on both transports (a
 * RequestPipeline document check, answered as a validation error). Names starting with `__` are
 * reserved, so the field name alone says it is introspection.
 */
import { GraphQLError, Kind, visit } from 'graphql';
import type { DocumentCheck } from './request-pipeline.js';

/** The document check refusing `__schema` and `__type`. */
export const noIntrospection: DocumentCheck = (document) => {
  const errors: GraphQLError[] = [];
  visit(document, {
    [Kind.FIELD](node) {
      const name = node.name.value;
      if (name === '__schema' || name === '__type')
        errors.push(
          new GraphQLError(`GraphQL introspection has been disabled, but the requested query contained the field "${name}".`, {
            nodes: node,
          }),
        );
    },
  });
  return errors;
};
