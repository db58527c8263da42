/**
 * The one path every GraphQL request takes, whichever transport brought it (the lean HTTP handler
 * or Yoga, src/server/): parse (cached) → checks on the parsed document → validate (rules built
 * once) → decide (compiled or interpreted) → execute → replay on error. Both transports call it;
 * neither decides anything about execution itself.
 *
 * The decision. Queries run through graphql-jit: each distinct operation is compiled once into a
 * JavaScript function, which resolves fields without graphql-js's per-field interpretation
 * (argument coercion, `completeValue`, a promise per object); the resolvers are the same, and so
 * are the answers, and the root fields are still called in one synchronous loop, which the
 * prefetch round relies on (prefetch/index.ts). graphql-js runs, instead:
 * - mutations of several root fields (or fragments at the root): after a non-null root field
 *   fails, graphql-jit still runs the later root fields, where graphql-js stops (a write that must
 *   not happen). A mutation of one root field runs compiled;
 * - documents with a literal that is not plain JSON (`Bytes`): see jit-fallbacks.ts;
 * - anything graphql-jit refuses to compile (e.g. several operations and no operation name), and
 *   operations too large or deep to compile quickly and run safely (jit-bounds.ts);
 * - every operation when the pipeline is built with `compiled: false`.
 * graphql-jit compiles with the options of jit-options.ts; a query whose relations are all
 * prefetched, without its relation resolvers (prefetch/attached-relations.ts); such a query's
 * answer is written as JSON text straight from its rows when its writer takes the document
 * (json-answer/: no result tree, no JSON.stringify), the compiled run being its fallback.
 * An operation with a variable of a recursive input type (`…Where`, nested `…Insert`) runs compiled
 * with its variables coerced by graphql-js first (coerced-variables.ts): bad ones are answered as
 * graphql-js answers them, and nothing runs.
 *
 * The retry and replay rule. A compiled run that reports any error is run once more by graphql-js,
 * with fresh request state (no loader caches, no prefetch round of the first run): graphql-jit
 * words argument and variable errors its own way and locates errors without their AST nodes, and
 * queries have no side effects. A mutation runs once: its errors are answered as the compiled run
 * reports them (the conformance suites hold both executors to the same answers), except when
 * graphql-jit refused its variables (no resolver ran) or its compiled code threw (the
 * transaction is rolled back): then graphql-js runs it in a new transaction. A result with
 * errors is never run again: a transport that hands it to another one to be answered (the lean
 * path hands it to Yoga, which masks and formats errors) passes it as `previousRun`, and
 * `execute` answers it as it is. So an operation runs at most twice.
 *
 * Where later checks go. Checks on the parsed document that must run before validation and before
 * any compilation (depth, aliases, cost, document size) are `documentChecks`: every transport
 * validates through `validate`, so they hold on both. A per-request deadline belongs to
 * `ExecutionRequest` and the private `run`, where every run of an operation starts (the first and
 * the retry): an AbortSignal given with the request would be checked there before each run and
 * handed to the executor.
 */
import {
  type DocumentNode,
  execute as interpret,
  type ExecutionResult,
  GraphQLError,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  OperationTypeNode,
  parse,
  specifiedRules,
  validate,
  type ValidationRule,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { locateErrors } from './error-locations.js';
import { fitsJit } from './jit-bounds.js';
import {
  DEADLINE,
  DEFAULT_LIMITS,
  type LimitedContext,
  limitedContext,
  type Limits,
  LimitsChecker,
  timeoutResult,
} from './limits/index.js';
import { PersistGraphqlError, toGraphqlError } from './graphql-errors.js';
import type { Datastore } from '../datastore/datastore.js';
import type { ModelIR } from '../model/ir.js';
import { restrictToRole } from '../permissions/role-datastore.js';
import type { RoleRules, Session } from '../permissions/rules.js';
import { knownOperationTypes } from './known-operation-types.js';
import { persistValidationRules } from './bad-input.js';
import { CoercedVariables } from './coerced-variables.js';
import { hasNonJsonLiteral, RecursiveInputs } from './jit-fallbacks.js';
import { jitOptions } from './jit-options.js';
import { compileAttached, isAttachable } from './prefetch/index.js';
import { writtenAnswerAudit, type WrittenOutcome, WrittenQuery, writtenText } from './json-answer/written-query.js';
import { DOCUMENT_CACHE_BYTES, LruCache } from './lru-cache.js';
import { createPersistContext, type PersistContext } from './request-context.js';

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
 * the result to answer (see the file comment), read by the Yoga plugin of this pipeline.
 */
export interface RunHandOver {
  previousRun?: ExecutionResult;
}

/** A compiled operation and the variables one run of it is given. */
interface CompiledRun {
  compiled: CompiledQuery;
  variables: Readonly<Record<string, unknown>> | null | undefined;
}

/** How one operation of a document runs: its kind, and its compiled form when graphql-jit runs it. */
interface OperationChoice {
  kind: OperationTypeNode | undefined;
  /** The operation itself (to locate a compiled mutation's errors, error-locations.ts). */
  operation?: OperationDefinitionNode | undefined;
  compiled: CompiledQuery | undefined;
  /** An attachable query's answer written from its rows (json-answer/), when its writer takes the document. */
  written?: WrittenQuery | undefined;
  /** Whether `compiled` takes its variables as graphql-js coerces them (coerced-variables.ts). */
  coerced?: boolean;
  /**
   * The nullable variables without a default. graphql-jit coerces an omitted one to null, so
   * `{ eq: $x }` would mean `eq: null` (isNull), where graphql-js leaves the field out (no
   * condition): a request that omits one runs with graphql-js.
   */
  omittable: readonly string[];
}

type Parsed = { document: DocumentNode; error?: undefined } | { document?: undefined; error: unknown };

/** True when `variables` gives a value (null included) for each of `names`. */
function givesEvery(variables: Readonly<Record<string, unknown>> | null | undefined, names: readonly string[]): boolean {
  for (const name of names) if (variables?.[name] === undefined) return false;
  return true;
}

/**
 * A mutation of one root field (no fragment that could hold more): graphql-jit runs it as
 * graphql-js does, there being no later root field to run or skip.
 */
function isSingleField(operation: OperationDefinitionNode): boolean {
  const selections = operation.selectionSet.selections;
  return selections.length === 1 && selections[0]!.kind === Kind.FIELD;
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown }).then === 'function';
}

/** The result of a compiled run that threw: an errored run, which graphql-js runs again. */
function jitFailure(error: unknown): ExecutionResult {
  return { errors: [new GraphQLError('The compiled run failed.', { originalError: error instanceof Error ? error : undefined })] };
}

/** Thrown to roll back a mutation's transaction when its error has no cause of its own. */
const ROLLBACK = new Error('The mutation failed; its transaction is rolled back.');

/**
 * A new context over `context` (whatever the transport added stays visible) with fresh request
 * state over `datastore`: no loader caches, no prefetch round of an earlier run.
 */
function withDatastore(context: PersistContext, datastore: Datastore): PersistContext {
  const persist = createPersistContext(datastore, context.persist.maxAffectedRows).persist;
  return Object.create(context, { persist: { value: persist, enumerable: true } }) as PersistContext;
}

function hasErrors(result: ExecutionResult): boolean {
  return result.errors !== undefined && result.errors.length > 0;
}

/** The request pipeline of one schema over one datastore (see the file comment). */
export class RequestPipeline {
  /** graphql-js's rules, with literal values checked as BAD_USER_INPUT (bad-input.ts): built once. */
  readonly rules: readonly ValidationRule[] = persistValidationRules(specifiedRules);
  private readonly compiled: boolean;
  private readonly checks: readonly DocumentCheck[];
  // Per document text: the document, or the syntax error to throw again.
  private readonly parsed: LruCache<string, Parsed>;
  // Per document (the parsed ones above: a document leaves these when it leaves that cache).
  private readonly validated = new WeakMap<DocumentNode, readonly GraphQLError[]>();
  private readonly operations = new WeakMap<DocumentNode, Map<string, OperationChoice>>();
  private readonly recursiveInputs: RecursiveInputs;
  private readonly coercedVariables: CoercedVariables;
  /** The limits every request is held to (false: none). */
  readonly limits: Readonly<Limits> | false;
  private readonly checker: LimitsChecker | undefined;
  private readonly role: PipelineOptions['role'];

  constructor(
    readonly schema: GraphQLSchema,
    private readonly datastore: Datastore,
    options: PipelineOptions = {},
  ) {
    this.compiled = options.compiled ?? true;
    this.role = options.role;
    this.limits = options.limits ?? DEFAULT_LIMITS;
    this.checker = this.limits === false ? undefined : new LimitsChecker(schema, this.limits);
    const checker = this.checker;
    // The limits first: before graphql-js's rules, some of which are quadratic in the number of aliases.
    this.checks = [
      ...(checker === undefined ? [] : [(d: DocumentNode) => checker.checkDocument(d)]),
      knownOperationTypes(schema),
      ...(options.documentChecks ?? []),
    ];
    // Bounded by the total text length too: 400 distinct 100 KB documents must not fill the memory.
    this.parsed = new LruCache(options.cacheSize ?? 1000, { maxWeight: DOCUMENT_CACHE_BYTES, weigh: (text) => text.length });
    this.recursiveInputs = new RecursiveInputs(schema);
    this.coercedVariables = new CoercedVariables(schema);
  }

  /**
   * Fresh per-request state: the context of a request's first run (with its deadline under the
   * limits). A role's session runs over the role's datastore, with its claims, under the deadline.
   */
  createContext(session?: Session): PersistContext {
    if (session === undefined || session.kind === 'admin') {
      if (this.role !== undefined) throw new Error(`The pipeline of role '${this.role.rules.role}' was given an admin session.`);
      return limitedContext(this.datastore, this.limits);
    }
    if (this.role?.rules.role !== session.role)
      throw new Error(
        `The pipeline of ${this.role === undefined ? 'admins' : `role '${this.role.rules.role}'`} was given a session of role '${session.role}'.`,
      );
    return limitedContext(restrictToRole(this.datastore, this.role.model, this.role.rules, session.claims), this.limits);
  }

  /** The document of `text`, parsed once per distinct text; throws graphql's syntax error. */
  parse(text: string): DocumentNode {
    let entry = this.parsed.get(text);
    if (entry === undefined) {
      try {
        // Under the limits: the document's size, nesting and tokens first (limits-checker.ts).
        entry = { document: this.checker === undefined ? parse(text) : this.checker.parse(text) };
      } catch (error) {
        entry = { error };
      }
      this.parsed.set(text, entry);
    }
    if (entry.document === undefined) throw entry.error;
    return entry.document;
  }

  /** The errors of `document`, none when it may run: the document checks, then the rules. */
  validate(document: DocumentNode): readonly GraphQLError[] {
    let errors = this.validated.get(document);
    if (errors === undefined) {
      errors = this.check(document) ?? validate(this.schema, document, this.rules);
      this.validated.set(document, errors);
    }
    return errors;
  }

  /** Parses and validates `text`: its document when it may run, undefined when it reports errors. */
  prepare(text: string): DocumentNode | undefined {
    let document: DocumentNode;
    try {
      document = this.parse(text);
    } catch {
      return undefined;
    }
    return this.validate(document).length === 0 ? document : undefined;
  }

  /** The kind of the operation `document` runs (`operationName` picks one of several), if there is one. */
  operationKind(document: DocumentNode, operationName?: string | null): OperationTypeNode | undefined {
    return this.choice(document, operationName).kind;
  }

  /**
   * The JSON text of an answer of `execute`. JSON.stringify: graphql-jit's compiled serializer
   * (fast-json-stringify, `customJSONSerializer`) built the text by string concatenation, which
   * allocated 1.1-1.7 MB more per 210 KB answer (benchmark Q2, +25% on Q1's 22 KB) and took 1.03x
   * JSON.stringify's time there; it saved about 1 µs on a 140-byte answer (issue 17, bench/RESULTS.md).
   */
  serialize(result: ExecutionResult): string | Buffer {
    // An answer written from its rows (json-answer/written-query.ts) is its text already.
    return writtenText(result) ?? JSON.stringify(result);
  }

  /** Executes a validated operation: decides how, runs it, retries or replays it (see the file comment). */
  execute(request: ExecutionRequest): ExecutionResult | Promise<ExecutionResult> {
    if (request.previousRun !== undefined) return request.previousRun;
    if (this.checker !== undefined) {
      const errors = this.checker.checkVariables(request.document, request.variables);
      if (errors.length > 0) return { errors };
    }
    const deadline = (request.context as LimitedContext)[DEADLINE];
    if (deadline === undefined) return this.executeOnce(request);
    return deadline.race(() => this.executeOnce(request));
  }

  private executeOnce(request: ExecutionRequest): ExecutionResult | Promise<ExecutionResult> {
    const choice = this.choice(request.document, request.operationName);
    const compiled = choice.compiled !== undefined && givesEvery(request.variables, choice.omittable) ? choice.compiled : undefined;
    // The variables a compiled run is given: graphql-js's coerced ones for a `coerced` operation.
    let variables = request.variables;
    if (compiled !== undefined && choice.coerced === true) {
      const coerced = this.coercedVariables.coerce(choice.operation!, request.variables);
      // graphql-js's own answer to bad variables: nothing ran, so there is nothing to run again.
      if ('errors' in coerced) return { errors: coerced.errors };
      variables = coerced.coerced;
    }
    const run: CompiledRun | undefined = compiled === undefined ? undefined : { compiled, variables };
    if (choice.kind === OperationTypeNode.MUTATION) return this.runMutation(request, run, choice.operation);
    if (run !== undefined && choice.written !== undefined) return this.runWritten(request, choice.written, run);
    const first = this.run(request, request.context, run);
    // Interpreted runs (mutations above all) are never run again.
    if (compiled === undefined) return first;
    return isPromise(first) ? first.then((result) => this.retry(request, result)) : this.retry(request, first);
  }

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
  private async runMutation(
    request: ExecutionRequest,
    compiled: CompiledRun | undefined,
    operation: OperationDefinitionNode | undefined,
  ): Promise<ExecutionResult> {
    if (compiled === undefined || operation === undefined) return (await this.mutationOnce(request, undefined)).result;
    const first = await this.mutationOnce(request, compiled, operation);
    // Refused variables, or a compiled run that failed: graphql-js answers (see the file comment).
    return first.rerun ? (await this.mutationOnce(request, undefined)).result : first.result;
  }

  /**
   * One run of a mutation in its transaction. `rerun`: the compiled run answered no data (its
   * variables refused, or its code threw); its transaction was rolled back, so it may run again.
   */
  private async mutationOnce(
    request: ExecutionRequest,
    compiled: CompiledRun | undefined,
    operation?: OperationDefinitionNode,
  ): Promise<{ result: ExecutionResult; rerun: boolean }> {
    const deadline = (request.context as LimitedContext)[DEADLINE];
    let failed: ExecutionResult | undefined;
    let rerun = false;
    try {
      const result = await request.context.persist.datastore.transaction(async (tx) => {
        failed = undefined;
        rerun = false;
        const result = await this.run(request, withDatastore(request.context, tx), compiled);
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

  /**
   * An attachable query answered by its writer (json-answer/written-query.ts). A root field that
   * failed is answered by graphql-js, as the retry rule answers a compiled run's error; anything
   * the writer declines takes the compiled path in fresh request state (then the retry rule).
   */
  private runWritten(request: ExecutionRequest, written: WrittenQuery, compiled: CompiledRun): ExecutionResult | Promise<ExecutionResult> {
    const outcome = written.run(request.context, request.variables);
    return isPromise(outcome)
      ? outcome.then((o) => this.afterWritten(request, o, compiled))
      : this.afterWritten(request, outcome, compiled);
  }

  private afterWritten(
    request: ExecutionRequest,
    outcome: WrittenOutcome,
    compiled: CompiledRun,
  ): ExecutionResult | Promise<ExecutionResult> {
    const fresh = (): PersistContext => withDatastore(request.context, request.context.persist.datastore);
    if ('written' in outcome) {
      const audit = writtenAnswerAudit.check;
      if (audit === undefined) return outcome.written;
      return audit(writtenText(outcome.written)!, async () => this.run(request, fresh(), undefined)).then(() => outcome.written);
    }
    if ('rejected' in outcome) return this.run(request, fresh(), undefined);
    const first = this.run(request, fresh(), compiled);
    return isPromise(first) ? first.then((result) => this.retry(request, result)) : this.retry(request, first);
  }

  private check(document: DocumentNode): readonly GraphQLError[] | undefined {
    for (const check of this.checks) {
      const errors = check(document);
      if (errors.length > 0) return errors;
    }
    return undefined;
  }

  /** A compiled run's result, or, when it reported errors, that of one graphql-js run in fresh state. */
  private retry(request: ExecutionRequest, result: ExecutionResult): ExecutionResult | Promise<ExecutionResult> {
    if (!hasErrors(result)) return result;
    // A new context over the transport's (whatever it added stays visible), with fresh request state.
    // Over the first run's datastore: under the limits, the request's own, with its deadline.
    return this.run(request, withDatastore(request.context, request.context.persist.datastore), undefined);
  }

  /** Runs the operation once, `compiled` or else with graphql-js: every run of `execute` starts here. */
  private run(
    request: ExecutionRequest,
    contextValue: PersistContext,
    compiled: CompiledRun | undefined,
  ): ExecutionResult | Promise<ExecutionResult> {
    const { document, operationName, variables } = request;
    if (compiled !== undefined) {
      // Anything its code throws (a stack overflow among them) is an errored run: graphql-js runs it again.
      try {
        const out = compiled.compiled.query(undefined, contextValue, compiled.variables ?? {});
        return isPromise(out) ? out.catch(jitFailure) : out;
      } catch (error) {
        return jitFailure(error);
      }
    }
    return interpret({ schema: this.schema, document, contextValue, variableValues: variables, operationName });
  }

  private choice(document: DocumentNode, operationName: string | null | undefined): OperationChoice {
    let byName = this.operations.get(document);
    if (byName === undefined) {
      byName = new Map();
      this.operations.set(document, byName);
    }
    const name = operationName ?? '';
    let choice = byName.get(name);
    if (choice === undefined) {
      choice = this.decide(document, operationName ?? undefined);
      // Only names of operations the document has: a client cannot grow the map with made-up ones.
      if (choice.kind !== undefined) byName.set(name, choice);
    }
    return choice;
  }

  /** Compiled or interpreted: the decision of the file comment, made once per operation. */
  private decide(document: DocumentNode, operationName: string | undefined): OperationChoice {
    const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    const operation =
      operationName === undefined
        ? operations.length === 1
          ? operations[0]
          : undefined
        : operations.find((o) => o.name?.value === operationName);
    if (operation === undefined) return { kind: undefined, compiled: undefined, omittable: [] };
    const kind = operation.operation;
    const omittable = (operation.variableDefinitions ?? [])
      .filter((v) => v.type.kind !== Kind.NON_NULL_TYPE && v.defaultValue === undefined)
      .map((v) => v.variable.name.value);
    if (
      !this.compiled ||
      !(kind === OperationTypeNode.QUERY || (kind === OperationTypeNode.MUTATION && isSingleField(operation))) ||
      !fitsJit(document, operation) ||
      hasNonJsonLiteral(this.schema, document)
    )
      return { kind, operation, compiled: undefined, omittable };
    const coerced = this.recursiveInputs.hasRecursiveVariable(operation);
    let compiled: CompiledQuery | ExecutionResult | undefined;
    let written: WrittenQuery | undefined;
    try {
      const options = jitOptions(this.schema, document);
      const attachable = !coerced && isAttachable(this.schema, document, operation);
      compiled = coerced
        ? this.coercedVariables.compile(document, operation, operationName, options)
        : attachable
          ? compileAttached(this.schema, document, operationName, options)
          : compileQuery(this.schema, document, operationName, options);
      if (attachable) written = WrittenQuery.compile(this.schema, document.definitions, operation);
    } catch {
      return { kind, operation, compiled: undefined, omittable };
    }
    if (compiled === undefined || !isCompiledQuery(compiled)) return { kind, operation, compiled: undefined, omittable };
    return { kind, operation, compiled, written, coerced, omittable };
  }
}
