/**
 * Errors in a request's variables (a value of the wrong type, an unknown enum member or input
 * field, a missing required variable) stop the operation before it runs, and graphql-js gives
 * them no `extensions.code`. They are the client's mistakes: this plugin marks them
 * BAD_USER_INPUT, keeping any code already set (our scalars set BAD_USER_INPUT themselves).
 */
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

function withCode(error: GraphQLError): GraphQLError {
  if (error.extensions['code'] !== undefined) return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes ?? null,
    source: error.source ?? null,
    positions: error.positions ?? null,
    path: error.path ?? null,
    extensions: { ...error.extensions, code: 'BAD_USER_INPUT' },
  });
}

/** A Yoga plugin giving request-level errors (no `data` at all) the code BAD_USER_INPUT. */
export function useRequestErrorCodes(): Plugin {
  return {
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          // Only a single result whose operation never started: it has errors and no data key.
          if (Symbol.asyncIterator in result || result.errors === undefined || result.data !== undefined) return;
          setResult({ ...result, errors: result.errors.map(withCode) });
        },
      };
    },
  };
}
