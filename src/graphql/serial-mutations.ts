/**
 * Reporting what was done (issue 9 §6), until one transaction per request lands (SPEC §3.5).
 * Mutation root fields keep the types of SPEC §3.1 (`[E!]!`, `E!`), so a failing one makes the
 * answer `data: null` (graphql-js then runs none after it). The root fields before it are already
 * committed: the failure's error names them in `extensions.committed` (response keys, in order),
 * so that a client knows what the request did and does not repeat it blindly.
 */
import { GraphQLError, type GraphQLFieldResolver } from 'graphql';
import type { PersistContext } from './request-context.js';

type Resolver = GraphQLFieldResolver<unknown, PersistContext, Record<string, unknown>>;

/** `resolve`, recording its success, and naming the committed root fields on its failure. */
export function reportCommitted(resolve: Resolver): Resolver {
  return async (source, args, context, info) => {
    const done = context.persist.committedMutations;
    try {
      const result: unknown = await resolve(source, args, context, info);
      done.push(String(info.path.key));
      return result;
    } catch (error) {
      // Only errors a client may see: an unexpected one is masked whole (no details leave the server).
      if (done.length > 0 && error instanceof GraphQLError) error.extensions['committed'] = [...done];
      throw error;
    }
  };
}
