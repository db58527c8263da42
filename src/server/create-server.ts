/**
 * The GraphQL server: a Yoga instance over the model's schema and one datastore. Everything a
 * request needs (loaders above all) is created in the context factory, per request.
 */
import type { RequestListener } from 'node:http';
import { type GraphQLError, specifiedRules, type ValidationRule } from 'graphql';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga, type LogLevel, type Plugin, type YogaLogger, type YogaServerInstance } from 'graphql-yoga';
import type { Datastore } from '../datastore/datastore.js';
import type { ModelIR } from '../model/ir.js';
import {
  buildGraphqlSchema,
  CompiledExecutor,
  createPersistContext,
  persistValidationRules,
  type PersistContext,
} from '../graphql/index.js';
import { useCompiledExecution } from './compiled-execution.js';
import { exampleQuery } from './example-query.js';
import { createFastGraphqlHandler } from './fast-graphql-handler.js';
import { withHostGuard } from './host-guard.js';
import { LIVENESS_PATH, useDatastoreHealth } from './health-check.js';
import { useRequestErrorCodes } from './request-errors.js';

export interface ServerOptions {
  model: ModelIR;
  datastore: Datastore;
  /** Serve GraphiQL at `/graphql` to browsers (default true). */
  graphiql?: boolean;
  /** Yoga's logging: true (info), false (silent), a level, or a logger. Default true. */
  logging?: boolean | LogLevel | YogaLogger;
  /** See SchemaOptions.levelPrefetch (default true). */
  levelPrefetch?: boolean;
  /**
   * Execute with graphql-jit (compiled-executor.ts) where it gives graphql-js's answers, and serve
   * the common request on the lean HTTP path (default true). Off: Yoga and its executor only.
   */
  compiled?: boolean;
}

/** Where the GraphQL API is served. */
export const GRAPHQL_PATH = '/graphql';

export type PersistYoga = YogaServerInstance<Record<string, unknown>, PersistContext>;

export interface PersistServer {
  /** Handles fetch requests (`yoga.fetch(…)` in tests) and node requests (`createServer(yoga)`). */
  yoga: PersistYoga;
  /**
   * The node request listener to serve (`http.createServer(handler)`): the lean path for the
   * common GraphQL request (fast-graphql-handler.ts), Yoga for the rest; Yoga alone when
   * `compiled` is off. Both behind host-guard.ts.
   */
  handler: RequestListener;
}

/** Swaps in the validation rule that reports malformed scalar literals as BAD_USER_INPUT. */
function usePersistValidation(): Plugin {
  const cache = new WeakMap<readonly ValidationRule[], ValidationRule[]>();
  return {
    onValidate({ params, setValidationFn, validateFn }) {
      const given = (params.rules as readonly ValidationRule[] | undefined) ?? specifiedRules;
      let rules = cache.get(given);
      if (rules === undefined) {
        rules = persistValidationRules(given);
        cache.set(given, rules);
      }
      const chosen = rules;
      setValidationFn(
        (schema, document, _rules, typeInfo, options) => validateFn(schema, document, chosen, typeInfo, options) as readonly GraphQLError[],
      );
    },
  };
}

/** Creates the GraphQL server of `model` over `datastore`. */
export function createServer(options: ServerOptions): PersistServer {
  const { model, datastore } = options;
  const schema = buildGraphqlSchema(model, { levelPrefetch: options.levelPrefetch ?? true });
  const executor = options.compiled === false ? undefined : new CompiledExecutor(schema);
  const yoga: PersistYoga = createYoga<Record<string, unknown>, PersistContext>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    healthCheckEndpoint: LIVENESS_PATH,
    graphiql: options.graphiql === false ? false : { title: 'Persist', defaultQuery: exampleQuery(model) },
    // The bundled GraphiQL: the page works without reaching a CDN (offline machines, closed networks).
    renderGraphiQL,
    landingPage: false,
    logging: options.logging ?? true,
    // Never reveal an unexpected error's message, even under NODE_ENV=development: it may hold SQL.
    maskedErrors: { isDev: false },
    context: () => createPersistContext(datastore),
    plugins: [
      useDatastoreHealth(datastore, (error) => yoga.logger.error('Health check failed: the datastore did not answer.', error)),
      usePersistValidation(),
      useRequestErrorCodes(),
      useCompiledExecution(executor),
    ],
  });
  if (executor === undefined) return { yoga, handler: withHostGuard(yoga) };
  const rules = persistValidationRules(specifiedRules);
  return { yoga, handler: withHostGuard(createFastGraphqlHandler({ yoga, schema, rules, executor, datastore, endpoint: GRAPHQL_PATH })) };
}
