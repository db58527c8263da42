/**
 * A document asking for an operation type its schema lacks (a mutation of a role that may write
 * nothing) is refused as a validation error, GRAPHQL_VALIDATION_FAILED, in graphql-js 17's
 * words (its KnownOperationTypesRule): graphql-js 16 lets it pass validation and fails it only
 * when it runs. A RequestPipeline document check, so both transports refuse it the same way.
 */
import { type DocumentNode, GraphQLError, type GraphQLSchema, Kind, OperationTypeNode } from 'graphql';

/** The document check of `schema`'s operation types (a DocumentCheck; the pipeline imports this file). */
export function knownOperationTypes(schema: GraphQLSchema): (document: DocumentNode) => readonly GraphQLError[] {
  const supported = new Set<OperationTypeNode>([OperationTypeNode.QUERY]);
  if (schema.getMutationType() !== undefined && schema.getMutationType() !== null) supported.add(OperationTypeNode.MUTATION);
  if (schema.getSubscriptionType() !== undefined && schema.getSubscriptionType() !== null) supported.add(OperationTypeNode.SUBSCRIPTION);
  return (document) => {
    const errors: GraphQLError[] = [];
    for (const d of document.definitions)
      if (d.kind === Kind.OPERATION_DEFINITION && !supported.has(d.operation))
        errors.push(new GraphQLError(`The ${d.operation} operation is not supported by the schema.`, { nodes: d }));
    return errors;
  };
}
