/**
 * Requests that failed because the datastore did (DATASTORE_UNAVAILABLE, COMMIT_OUTCOME_UNKNOWN):
 * logged once per distinct failure (failure-log.ts), and answered with HTTP 503 where GraphQL over
 * HTTP allows a status other than 200: for `application/graphql-response+json` when the result
 * has no data (`data: null`). `application/json` stays 200, as the spec requires (Yoga reads
 * `extensions.http.spec`), and a partial result stays 2xx; Yoga strips `extensions.http` from
 * the body.
 */
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { DATASTORE_FAILURE_CODES, PersistGraphqlError } from '../../graphql/index.js';
import type { PersistError } from '../../errors.js';
import type { FailureLog } from '../failure-log.js';

/** The PersistError behind a located GraphQL error, when it is a datastore failure. */
function datastoreFailure(error: GraphQLError): PersistError | undefined {
  const mapped = error instanceof PersistGraphqlError ? error : error.originalError;
  if (!(mapped instanceof PersistGraphqlError) || !DATASTORE_FAILURE_CODES.has(mapped.persistError.code)) return undefined;
  return mapped.persistError;
}

function with503(error: GraphQLError): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes ?? null,
    source: error.source ?? null,
    positions: error.positions ?? null,
    path: error.path ?? null,
    originalError: error.originalError ?? null,
    extensions: { ...error.extensions, http: { status: 503, spec: true } },
  });
}

/** A Yoga plugin: see the file comment. */
export function useDatastoreFailures(log: FailureLog): Plugin {
  return {
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          if (Symbol.asyncIterator in result || result.errors === undefined) return;
          const errors = result.errors as readonly GraphQLError[];
          let failed = false;
          for (const error of errors) {
            const failure = datastoreFailure(error);
            if (failure === undefined) continue;
            failed = true;
            log.report('A request failed because the datastore did', failure);
          }
          // Mutation fields are nullable (graphql/serial-mutations.ts): a request whose every root
          // field is null did nothing, and answers as one without data.
          const nothing = result.data === null || (result.data !== undefined && Object.values(result.data).every((v) => v === null));
          if (!failed || !nothing) return;
          setResult({ ...result, data: null, errors: errors.map((e) => (datastoreFailure(e) === undefined ? e : with503(e))) });
        },
      };
    },
  };
}
