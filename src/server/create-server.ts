/**
 * The GraphQL server: a Yoga instance over the model's schemas and one datastore, and the node
 * request listener `persist serve` listens with. Both transports (the lean HTTP path and Yoga)
 * find each request's session first (`authenticate`, session-refusal.ts) and run it through the
 * request pipeline of that session (graphql/session-pipelines.ts: the admins' over the full
 * schema, one per role over the role's schema and datastore). Everything a request needs (loaders
 * above all) is created per request, in the pipeline's context factory.
 */
import type { RequestListener } from 'node:http';
import { createYoga, type YogaServerOptions } from 'graphql-yoga';
import type { Registry } from 'prom-client';
import type { Datastore } from '../datastore/datastore.js';
import type { ModelIR } from '../model/ir.js';
import {
  DEFAULT_LIMITS,
  noIntrospection,
  type DocumentCheck,
  type Limits,
  type PersistContext,
  SessionPipelines,
} from '../graphql/index.js';
import type { Permissions } from '../permissions/rules.js';
import { exampleQuery } from './example-query.js';
import { withHostGuard } from './host-guard.js';
import { createLeanHttpHandler } from './lean-http-handler.js';
import type { PersistYoga } from './persist-yoga.js';
import { HEALTH_PATH, LIVENESS_PATH, useDatastoreHealth } from './plugins/datastore-health.js';
import { corsHeaders, useCors, type CorsOptions } from './plugins/cors.js';
import { useResponseNegotiation } from './plugins/response-negotiation.js';
import { useRootRedirect } from './plugins/root-redirect.js';
import { useCsrfPrevention } from './plugins/csrf-prevention.js';
import { createGraphiqlPage } from './plugins/graphiql-page.js';
import { usePersistPipeline } from './plugins/persist-pipeline.js';
import { pipelineOf, sessionOf, usePersistSessions } from './plugins/persist-sessions.js';
import { alwaysAdmin, type Authenticate } from './session-refusal.js';
import { useRequestErrorCodes } from './plugins/request-error-codes.js';
import { useTrustedDocuments } from './plugins/persisted-operations.js';
import { TrustedDocuments, type PersistedOperationsOptions } from './persisted/trusted-documents.js';
import { useBodyLimit } from './use-limits.js';
import { serverLoggerFor, type LoggingOption } from './server-logger.js';
import { observeRequests } from './observe/observe-requests.js';
import { ServerMetrics } from './observe/server-metrics.js';
import { useRequestObservation } from './plugins/request-observation.js';

export type { PersistYoga } from './persist-yoga.js';
import { useDatastoreFailures } from './plugins/datastore-failures.js';
import { FailureLog } from './failure-log.js';
import { PersistError } from '../errors.js';

export interface ServerOptions {
  model: ModelIR;
  datastore: Datastore;
  /**
   * Serve GraphiQL at `GET /graphql` to browsers (default: as `introspection`, which it needs).
   * SPEC §4 turns both off by default under NODE_ENV=production once auth is configured: `persist
   * serve` decides that (its introspectionSetting) and passes the result here.
   */
  graphiql?: boolean;
  /** Answer `__schema` / `__type` (default true); off, they are GRAPHQL_VALIDATION_FAILED (no-introspection.ts). */
  introspection?: boolean;
  /** CORS for these origins (plugins/cors.ts); unset: no CORS headers at all. */
  cors?: CorsOptions;
  /**
   * Logging: true (info), false (silent), a level (server-logger.ts, on stderr), a Yoga logger, or
   * an application's own pino logger (it then gets the JSON request lines too). Default true.
   */
  logging?: LoggingOption;
  /**
   * The Prometheus metrics (observe/server-metrics.ts), served at `path` (default `/metrics`) to
   * admins (observe/observe-requests.ts); false: none counted or served. Default on.
   */
  metrics?: { path?: string } | false;
  /** See SchemaOptions.levelPrefetch (default true). */
  levelPrefetch?: boolean;
  /**
   * Execute queries with graphql-jit where it gives graphql-js's answers (request-pipeline.ts), and
   * serve the common request on the lean HTTP path (default true). Off: Yoga and graphql-js only.
   */
  compiled?: boolean;
  /**
   * Checks on each parsed document before validation and compilation, on both transports (see
   * RequestPipeline); their errors are answered as validation errors. Default none.
   */
  documentChecks?: readonly DocumentCheck[];
  /**
   * The request limits (SPEC §4; default DEFAULT_LIMITS): checked before a document is
   * validated, compiled or run, on both transports. `false` turns every one off (to measure what
   * they cost).
   */
  limits?: Readonly<Limits> | false;
  /**
   * Trusted documents (SPEC §4): requests may name a document of `manifest` by id on both
   * transports; with `only`, no other document runs (server/persisted/trusted-documents.ts).
   */
  persistedOperations?: PersistedOperationsOptions;
  /** The roles' permissions (permissions/read-permissions.ts): a schema and a pipeline per role. Default none. */
  permissions?: Permissions;
  /**
   * A request's session from its headers, on both transports, before anything else of the request
   * is read; throws UnauthenticatedError (401) or ForbiddenError (403). Default: every request
   * is an admin's (a server without `auth` settings).
   */
  authenticate?: Authenticate;
  /**
   * More Yoga / Envelop plugins (OpenTelemetry, a response cache, your own hooks), after
   * Persist's own. The lean HTTP path runs no Envelop hooks, so with any plugin given, Yoga serves
   * every request (queries still execute compiled when `compiled` is on).
   */
  plugins?: YogaServerOptions<Record<string, unknown>, PersistContext>['plugins'];
}

/** Where the GraphQL API is served. */
export const GRAPHQL_PATH = '/graphql';

export interface PersistServer {
  /** Handles fetch requests (`yoga.fetch(…)` in tests) and node requests (`createServer(yoga)`). */
  yoga: PersistYoga;
  /**
   * The node request listener to serve (`http.createServer(handler)`): the lean path for the
   * common GraphQL request (lean-http-handler.ts), Yoga for the rest; Yoga alone when
   * `compiled` is off. Both behind host-guard.ts.
   */
  handler: RequestListener;
  /** Prepares what the first requests would otherwise wait for (the compressed GraphiQL page). */
  warm: () => Promise<void>;
  /** The prom-client registry of the server's metrics (unset when `metrics` is false). */
  metrics?: Registry;
}

/** Where the metrics are served by default. */
export const METRICS_PATH = '/metrics';

/** Creates the GraphQL server of `model` over `datastore`. */
export function createServer(options: ServerOptions): PersistServer {
  const { model, datastore } = options;
  const compiled = options.compiled ?? true;
  const limits = options.limits ?? DEFAULT_LIMITS;
  // Created before Yoga, written to through Yoga's logger once it exists.
  const failures = new FailureLog({
    write: (message, error) => (error === undefined ? yoga.logger.error(message) : yoga.logger.error(message, error)),
  });
  const introspection = options.introspection ?? true;
  const documentChecks = [...(introspection ? [] : [noIntrospection]), ...(options.documentChecks ?? [])];
  const pipelines = new SessionPipelines(model, datastore, {
    levelPrefetch: options.levelPrefetch ?? true,
    compiled,
    documentChecks,
    limits,
    permissions: options.permissions,
  });
  const authenticate = options.authenticate ?? alwaysAdmin;
  const logger = serverLoggerFor(options.logging ?? true);
  const metrics = options.metrics === false ? undefined : new ServerMetrics(datastore);
  const graphiql =
    (options.graphiql ?? introspection)
      ? createGraphiqlPage(GRAPHQL_PATH, { title: 'Persist', defaultQuery: exampleQuery(model) })
      : undefined;
  const warm = async (): Promise<void> => graphiql?.warm();
  const trusted = options.persistedOperations === undefined ? undefined : new TrustedDocuments(options.persistedOperations);
  const yoga: PersistYoga = createYoga<Record<string, unknown>, PersistContext>({
    // What Yoga itself knows of the schema; every request runs against its session's (persist-pipeline.ts).
    schema: pipelines.admin.schema,
    graphqlEndpoint: GRAPHQL_PATH,
    healthCheckEndpoint: LIVENESS_PATH,
    // Yoga's GraphiQL and CORS are replaced by plugins/graphiql-page.ts and plugins/cors.ts.
    graphiql: false,
    cors: false,
    landingPage: false,
    logging: logger,
    // Never reveal an unexpected error's message, even under NODE_ENV=development: it may hold SQL.
    maskedErrors: { isDev: false },
    // The pipeline caches parsed and validated documents for both transports.
    parserAndValidationCache: false,
    context: (initial) => pipelineOf(initial).createContext(sessionOf(initial)),
    // With limits, useBodyLimit reads the body within `bodyBytes` (and says so); without, Yoga's 25 MB.
    ...(limits === false ? {} : { maxRequestBodySize: false as const }),
    plugins: [
      useDatastoreHealth(datastore, (error) =>
        error instanceof PersistError
          ? failures.report('Health check failed', error)
          : yoga.logger.error('Health check failed: the datastore did not answer.', error),
      ),
      useRequestObservation(),
      useDatastoreFailures(failures),
      useRootRedirect(GRAPHQL_PATH),
      ...(options.cors === undefined ? [] : [useCors(options.cors)]),
      ...(graphiql === undefined ? [] : [graphiql.plugin]),
      useCsrfPrevention(),
      useRequestErrorCodes(),
      useResponseNegotiation(),
      usePersistSessions(pipelines, authenticate),
      ...(trusted === undefined ? [] : useTrustedDocuments(trusted)),
      usePersistPipeline(),
      ...(limits === false ? [] : [useBodyLimit(limits.bodyBytes)]),
      ...(options.plugins ?? []),
    ],
  });
  const observe = (listener: (...args: Parameters<RequestListener>) => unknown, writesId = false): RequestListener =>
    observeRequests(withHostGuard(listener), {
      logger,
      writesId,
      authenticate,
      graphqlPath: GRAPHQL_PATH,
      healthPath: HEALTH_PATH,
      ...(metrics === undefined ? {} : { metrics: { metrics, path: (options.metrics || {}).path ?? METRICS_PATH } }),
    });
  const served = { yoga, warm, ...(metrics === undefined ? {} : { metrics: metrics.registry }) };
  if (!compiled || (options.plugins ?? []).length > 0) return { ...served, handler: observe(yoga) };
  return {
    ...served,
    handler: observe(
      createLeanHttpHandler({
        yoga,
        pipelines,
        authenticate,
        endpoint: GRAPHQL_PATH,
        ...(trusted === undefined ? {} : { trusted }),
        ...(options.cors === undefined ? {} : { corsHeaders: corsHeaders(options.cors) }),
      }),
      true,
    ),
  };
}
