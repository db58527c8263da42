/**
 * Trusted documents on Yoga's path (SPEC §4): every request Yoga answers (GET, batches, form
 * posts, and what the lean path hands over) goes through Yoga's own persisted-operations plugin,
 * given the lookups of server/persisted/trusted-documents.ts, so both transports decide alike.
 *
 * That plugin either refuses every query text or allows any; `only` allows the texts of the
 * manifest too (what Apollo Client's link sends, with the hash, after PERSISTED_QUERY_NOT_FOUND),
 * so arbitrary texts are always let through it and the guard before it refuses the others. Both
 * run in `onParams`, before Yoga or the pipeline parses anything.
 */
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import type { TrustedDocuments } from '../persisted/trusted-documents.js';

/** The params with a GET's URL, where its `documentId` is (Yoga keeps only the four GraphQL ones). */
function urlOf(request: Request): string | undefined {
  return request.method === 'GET' ? request.url : undefined;
}

/** The two Yoga plugins of trusted documents: the guard of `only`, then Yoga's lookup by id. */
export function useTrustedDocuments(trusted: TrustedDocuments): Plugin[] {
  const guard: Plugin = {
    onParams({ params, setParams }) {
      const { query } = params;
      if (typeof query !== 'string' || query === '') return;
      if (trusted.refusesText(query)) throw trusted.textRefused();
      // The text runs; an id beside it is not looked up, and Yoga would refuse `documentId` as an unknown parameter.
      if ('documentId' in params) {
        const { documentId: _ignored, ...rest } = params as GraphQLParams & { documentId?: unknown };
        setParams(rest);
      }
    },
  };
  const lookup = usePersistedOperations({
    allowArbitraryOperations: true,
    extractPersistedOperationId: (params, request) => trusted.idOf(params, urlOf(request)),
    getPersistedOperation: (id) => trusted.lookup(id),
    customErrors: {
      notFound: ({ params, request }) => trusted.notFound(trusted.idOf(params, urlOf(request)) ?? ''),
      keyNotFound: () => trusted.noDocument(),
    },
  }) as Plugin;
  return [guard, lookup];
}
