/**
 * What a request pipeline (request-pipeline.ts) is built with and given: its options, the checks
 * on parsed documents, one operation to execute, and the hand-over of a run's result between
 * transports.
 */
import type { DocumentNode, ExecutionResult, GraphQLError } from 'graphql';
import type { CompiledQuery } from 'graphql-jit';
import type { ModelIR } from '../model/ir.js';
import type { RoleRules } from '../permissions/rules.js';
import type { Limits } from './limits/index.js';
import type { PersistContext } from './request-context.js';

/**
 * A check on a parsed document, run before validation and compilation. It returns the errors to
 * answer (as validation errors: Yoga keeps an `extensions.code` they carry), or none.
 */
export type DocumentCheck = (document: DocumentNode) => readonly GraphQLError[];

export interface PipelineOptions {
  /** Run queries with graphql-jit where it answers as graphql-js (default true); off: graphql-js only. */
  compiled?: boolean;
  /** Distinct document texts kept parsed (default 1,000, Yoga's own cache size). */
  cacheSize?: number;
  /** Checks on the parsed document, in order; the first that reports errors ends validation. */
  documentChecks?: readonly DocumentCheck[];
  /** The request limits (graphql/limits; default DEFAULT_LIMITS), or false for none. */
  limits?: Readonly<Limits> | false;
  /**
   * Set on the pipeline of one role (the schema is that role's, graphql/role-schemas.ts): every
   * request's datastore is the role's view of the datastore (permissions/role-datastore.ts).
   */
  role?: { model: ModelIR; rules: RoleRules };
}

/** One operation to execute, and what the transport knows of it. */
export interface ExecutionRequest {
  /** A document from `parse` that `validate` accepted. */
  document: DocumentNode;
  operationName?: string | null | undefined;
  variables?: Readonly<Record<string, unknown>> | null | undefined;
  /** The context of the first run (from `createContext`, plus whatever the transport adds). */
  context: PersistContext;
  /** The result of a run this request already had, which reported errors: answered, not run again. */
  previousRun?: ExecutionResult | undefined;
}

/**
 * What the lean path adds to the server context of a request it hands to Yoga after running it:
 * the result to answer (see request-pipeline.ts), read by the Yoga plugin of this pipeline.
 */
export interface RunHandOver {
  previousRun?: ExecutionResult;
}

/** A compiled operation and the variables one run of it is given. */
export interface CompiledRun {
  compiled: CompiledQuery;
  variables: Readonly<Record<string, unknown>> | null | undefined;
}

/** Runs the operation of `request` once over `context`, compiled or else with graphql-js (the pipeline's `run`). */
export type RunOnce = (
  request: ExecutionRequest,
  context: PersistContext,
  compiled: CompiledRun | undefined,
) => ExecutionResult | Promise<ExecutionResult>;

export function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown }).then === 'function';
}

export function hasErrors(result: ExecutionResult): boolean {
  return result.errors !== undefined && result.errors.length > 0;
}
