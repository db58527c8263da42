/**
 * Reporting what was done (issue 9 §6), until one transaction per request lands (SPEC §3.5).
 * Mutation root fields are nullable (schema-sdl.ts), so that a failing one is `null` with its error
 * (`path` naming it) while the ones before it, already committed, keep their results in `data`;
 * with non-null fields graphql-js would answer `data: null` and hide those writes.
 *
 * A request's mutations still stop at the first failure, as they did: graphql-js would go on with
 * the next root field of a nullable type, so each later one answers `null` with a NOT_RUN error
 * instead of writing.
 */
import type { GraphQLFieldResolver } from 'graphql';
import { PersistError } from '../errors.js';
import { toGraphqlError } from './graphql-errors.js';
import type { PersistContext } from './request-context.js';

type Resolver = GraphQLFieldResolver<unknown, PersistContext, Record<string, unknown>>;

/** `resolve`, skipped (NOT_RUN) when an earlier mutation root field of the request failed. */
export function stopAfterFailure(resolve: Resolver): Resolver {
  return async (source, args, context, info) => {
    const failed = context.persist.failedMutation;
    if (failed !== undefined)
      throw toGraphqlError(
        new PersistError(
          'NOT_RUN',
          `Not run: the mutation '${failed}' before it in this request failed, and a request's mutations stop at the first failure ` +
            '(the ones before it are done).',
        ),
      );
    try {
      return await resolve(source, args, context, info);
    } catch (error) {
      context.persist.failedMutation = String(info.path.key);
      throw error;
    }
  };
}
