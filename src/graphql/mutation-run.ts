/**
 * How the request pipeline (request-pipeline.ts) runs a mutation: all its root fields, in order,
 * in one datastore transaction over fresh request state, and at most twice (the replay rule of
 * request-pipeline.ts's file comment).
 */
import { type ExecutionResult, GraphQLError, type OperationDefinitionNode } from 'graphql';
import { locateErrors } from './error-locations.js';
import { PersistGraphqlError, toGraphqlError } from './graphql-errors.js';
import { DEADLINE, type LimitedContext, timeoutResult } from './limits/index.js';
import { type CompiledRun, type ExecutionRequest, hasErrors, type RunOnce } from './pipeline-options.js';
import { withDatastore } from './request-context.js';

/** Thrown to roll back a mutation's transaction when its error has no cause of its own. */
const ROLLBACK = new Error('The mutation failed; its transaction is rolled back.');

/**
 * A mutation operation: all its root fields, in order, in one datastore transaction over fresh
 * request state (loaders and prefetch read through the transaction, so each field sees the
 * writes of the ones before it). Any error rolls all of them back, and the answer is
 * `data: null` with the error (SPEC §3.5); so is a run that outlived the request's deadline. A
 * transaction the datastore replays (a deadlock) runs the operation again from its start. A
 * write alone in its operation (sole-write.ts) is committed by its own statement: a deadline
 * passing while that statement (or a COMMIT) runs answers REQUEST_TIMEOUT saying that the write
 * may have been kept (request-deadline.ts).
 */
export async function runMutation(
  request: ExecutionRequest,
  compiled: CompiledRun | undefined,
  operation: OperationDefinitionNode | undefined,
  run: RunOnce,
): Promise<ExecutionResult> {
  if (compiled === undefined || operation === undefined) return (await mutationOnce(request, undefined, run)).result;
  const first = await mutationOnce(request, compiled, run, operation);
  // Refused variables, or a compiled run that failed: graphql-js answers (see the file comment).
  return first.rerun ? (await mutationOnce(request, undefined, run)).result : first.result;
}

/**
 * One run of a mutation in its transaction. `rerun`: the compiled run answered no data (its
 * variables refused, or its code threw); its transaction was rolled back, so it may run again.
 */
async function mutationOnce(
  request: ExecutionRequest,
  compiled: CompiledRun | undefined,
  run: RunOnce,
  operation?: OperationDefinitionNode,
): Promise<{ result: ExecutionResult; rerun: boolean }> {
  const deadline = (request.context as LimitedContext)[DEADLINE];
  let failed: ExecutionResult | undefined;
  let rerun = false;
  try {
    const result = await request.context.persist.datastore.transaction(async (tx) => {
      failed = undefined;
      rerun = false;
      const result = await run(request, withDatastore(request.context, tx), compiled);
      if (!hasErrors(result) && !(deadline?.expired ?? false)) return result;
      // A request error (bad variables: no `data` at all) ran nothing and stays as it is.
      const errors = result.errors ?? timeoutResult(deadline!.timeoutMs).errors!;
      // graphql-jit locates errors without their AST nodes: located here as graphql-js does.
      failed =
        result.data === undefined
          ? result
          : { data: null, errors: operation === undefined ? errors : locateErrors(request.document, operation, errors) };
      // Bad variables (graphql-jit words them its own way) or a compiled run that threw: nothing is kept.
      rerun = compiled !== undefined && result.data === undefined;
      // The cause itself, so that a datastore that replays transactions (a deadlock) sees it.
      const original = failed.errors![0]!.originalError;
      throw original instanceof PersistGraphqlError ? original.persistError : (original ?? ROLLBACK);
    });
    return { result, rerun: false };
  } catch (error) {
    if (failed !== undefined) return { result: failed, rerun };
    // The transaction itself failed (BEGIN or COMMIT): nothing of the operation is known to be kept.
    const cause = toGraphqlError(error);
    return {
      result: {
        data: null,
        errors: [cause instanceof GraphQLError ? cause : new GraphQLError('Unexpected error.', { originalError: error as Error })],
      },
      rerun: false,
    };
  }
}
