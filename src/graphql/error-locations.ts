/**
 * The errors of a compiled run as graphql-js reports them. graphql-jit's errors carry a path and
 * locations but no AST nodes, and Yoga, formatting them, keeps only what its own GraphQLError
 * gives (the locations are lost). A run that is answered as it is (a mutation of one root field,
 * see request-pipeline.ts) has its errors made again here from the field nodes at their paths,
 * as graphql-js locates them: every field node of the field at the error's path.
 */
import { GraphQLError, Kind, type DocumentNode, type FieldNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

function fieldsNamed(document: DocumentNode, sets: readonly SelectionSetNode[], key: string): FieldNode[] {
  const found: FieldNode[] = [];
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode): void => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        if ((s.alias ?? s.name).value === key) found.push(s);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        visit(s.selectionSet);
      } else if (!seen.has(s.name.value)) {
        seen.add(s.name.value);
        const fragment = document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === s.name.value);
        if (fragment?.kind === Kind.FRAGMENT_DEFINITION) visit(fragment.selectionSet);
      }
    }
  };
  sets.forEach(visit);
  return found;
}

/** The field nodes at `path` (list indices skipped), or none when the path leaves the document. */
function fieldNodesAt(document: DocumentNode, operation: OperationDefinitionNode, path: readonly (string | number)[]): FieldNode[] {
  let sets: readonly SelectionSetNode[] = [operation.selectionSet];
  let nodes: FieldNode[] = [];
  for (const segment of path) {
    if (typeof segment === 'number') continue;
    nodes = fieldsNamed(document, sets, segment);
    if (nodes.length === 0) return [];
    sets = nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
  }
  return nodes;
}

/** `errors` as graphql-js would give them (one without a path, or whose path leaves the document, as it is). */
export function locateErrors(document: DocumentNode, operation: OperationDefinitionNode, errors: readonly GraphQLError[]): GraphQLError[] {
  return errors.map((error) => {
    if (error.path === undefined) return error;
    const nodes = fieldNodesAt(document, operation, error.path);
    if (nodes.length === 0) return error;
    return new GraphQLError(error.message, {
      nodes,
      path: error.path,
      originalError: error.originalError ?? undefined,
      extensions: error.extensions,
    });
  });
}
