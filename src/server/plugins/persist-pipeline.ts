/**
 * Yoga executes with the compiled executor (graphql/compiled-executor.ts), falling back to its
 * own executor for what the compiled one hands back. A server-context key lets the lean HTTP
 * path (fast-graphql-handler.ts) hand a request over after running it: `REPLAYED_RESULT`, the
 * result of an operation that reported errors (it must not run again), which Yoga then masks,
 * formats and answers exactly as any other failed request.
 */
import type { ExecutionArgs, ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { CompiledExecutor, PersistContext } from '../graphql/index.js';

/** The server-context key of a result to answer instead of executing. */
export const REPLAYED_RESULT = Symbol('persist.replayedResult');

/** What the lean path may add to a request's server context. */
export interface HandOverContext {
  [REPLAYED_RESULT]?: ExecutionResult;
}

function handOver(context: unknown): HandOverContext {
  return typeof context === 'object' && context !== null ? context : {};
}

/** A Yoga plugin that executes through `executor`, or answers a replayed result. */
export function useCompiledExecution(executor: CompiledExecutor | undefined): Plugin {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const given = handOver(args.contextValue);
      const result = given[REPLAYED_RESULT];
      if (result !== undefined) {
        // Not setResultAndStopExecution: it would skip the later plugins' hooks, error masking among them.
        setExecuteFn(() => result);
        return;
      }
      if (executor === undefined) return;
      setExecuteFn((a: ExecutionArgs) => {
        const context = a.contextValue as PersistContext;
        const run = executor.run(a.document, a.operationName, context, a.variableValues);
        // Yoga types its executor's result as `any`; it is graphql-js's execute.
        const fallback = (): ExecutionResult | Promise<ExecutionResult> => executeFn(a) as ExecutionResult | Promise<ExecutionResult>;
        if (run === undefined) return fallback();
        if ('then' in run) return run.then((r) => r ?? fallback());
        return run;
      });
    },
  };
}
