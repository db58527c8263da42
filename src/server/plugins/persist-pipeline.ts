/**
 * Yoga's side of the request pipeline (graphql/request-pipeline.ts): Yoga parses, validates and
 * executes every request through the pipeline of its session (plugins/persist-sessions.ts), exactly as the lean HTTP path does, and keeps what is its own
 * (reading the request, masking and formatting errors, the response). A request the lean path has
 * already run comes with that run's result in its server context (`RunHandOver`); the pipeline
 * answers it instead of running the operation again.
 */
import type { DocumentNode, ExecutionArgs, GraphQLError, GraphQLSchema, Source } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { PersistContext, RunHandOver } from '../../graphql/index.js';
import { pipelineOf } from './persist-sessions.js';

/**
 * A Yoga plugin that parses, validates and executes through the pipeline of the request's session
 * (set by persist-sessions.ts): the schema Yoga was given is never the one that runs.
 */
export function usePersistPipeline(): Plugin {
  return {
    onParse({ context, setParseFn }) {
      const pipeline = pipelineOf(context);
      setParseFn((source: string | Source) => pipeline.parse(typeof source === 'string' ? source : source.body));
    },
    onValidate({ context, setValidationFn }) {
      const pipeline = pipelineOf(context);
      // The pipeline's own rules and document checks, whatever rule list Yoga passes.
      setValidationFn((_schema: GraphQLSchema, document: DocumentNode) => pipeline.validate(document) as GraphQLError[]);
    },
    onExecute({ setExecuteFn }) {
      // Not setResultAndStopExecution for a replayed result: it would skip the later plugins' hooks, error masking among them.
      setExecuteFn((args: ExecutionArgs) => {
        const context = args.contextValue as PersistContext & RunHandOver;
        return pipelineOf(context).execute({
          document: args.document,
          operationName: args.operationName,
          variables: args.variableValues,
          context,
          previousRun: context.previousRun,
        });
      });
    },
  };
}
