/** Request limits (SPEC §4): checked on the parsed document before validation, compilation and execution. */
export { DEFAULT_LIMITS, LIMIT_KEYS, type Limits, MAX_TOKENS, maxNesting } from './limits.js';
export { limitError, exceeds, limitSource } from './limit-error.js';
export { LimitsChecker } from './limits-checker.js';
export { textNesting, valueNesting } from './nesting.js';
export { measureOperations, SchemaSizes, type Measure } from './operation-measure.js';
export {
  DEADLINE,
  DeadlineDatastore,
  type LimitedContext,
  limitedContext,
  RequestDeadline,
  RequestTimeoutError,
  REQUEST_TIMEOUT,
  timeoutResult,
} from './request-deadline.js';
