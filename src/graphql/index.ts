/** The GraphQL layer: ModelIR + Datastore → an executable schema and its per-request context. */
export { buildGraphqlSchema, buildResolvers, type SchemaOptions } from './build-schema.js';
export { createPersistContext, type PersistContext, type PersistRequest } from './request-context.js';
export { persistValidationRules, valuesOfCorrectTypeRule, badUserInput } from './bad-input.js';
export { toGraphqlError, PUBLIC_ERROR_CODES } from './graphql-errors.js';
export { createScalars } from './scalars.js';
export { CompiledExecutor, type CompiledExecutorOptions } from './compiled-executor.js';
export { LruCache } from './lru-cache.js';
