/** The GraphQL layer: ModelIR + Datastore → an executable schema, its per-request context and the request pipeline. */
export { buildGraphqlSchema, buildResolvers, type SchemaOptions } from './build-schema.js';
export { createPersistContext, type PersistContext, type PersistRequest } from './request-context.js';
export { persistValidationRules, valuesOfCorrectTypeRule, badUserInput } from './bad-input.js';
export { toGraphqlError, PUBLIC_ERROR_CODES, DATASTORE_FAILURE_CODES, PersistGraphqlError } from './graphql-errors.js';
export { createScalars } from './scalars.js';
export { RequestPipeline, type DocumentCheck, type ExecutionRequest, type PipelineOptions, type RunHandOver } from './request-pipeline.js';
export { DOCUMENT_CACHE_BYTES, LruCache, type LruCacheOptions } from './lru-cache.js';
export * from './limits/index.js';
export { noIntrospection } from './no-introspection.js';
export { buildRoleSchemas, type RoleSchemas } from './role-schemas.js';
export { SessionPipelines, type SessionPipelinesOptions } from './session-pipelines.js';
