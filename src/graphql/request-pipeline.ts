/**
 * The one path every GraphQL request takes, whichever transport brought it (the lean HTTP handler
 * or Yoga, src/server/): parse (cached) → checks on the parsed document → validate (rules built
 * once) → decide (compiled or interpreted) → execute → replay on error. Both transports call it;
 * neither decides anything about execution itself. The decision is operation-choice.ts's, made
 * once per operation; mutations run in their transaction by mutation-run.ts; the options and
 * request types are pipeline-options.ts's.
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
  OperationTypeNode,
  parse,
  specifiedRules,
  validate,
  type ValidationRule,
} from 'graphql';
import { DEADLINE, DEFAULT_LIMITS, type LimitedContext, limitedContext, type Limits, LimitsChecker } from './limits/index.js';
import type { Datastore } from '../datastore/datastore.js';
import { restrictToRole } from '../permissions/role-datastore.js';
import type { Session } from '../permissions/rules.js';
import { knownOperationTypes } from './known-operation-types.js';
import { persistValidationRules } from './bad-input.js';
import { CoercedVariables } from './coerced-variables.js';
import { RecursiveInputs } from './jit-fallbacks.js';
import { writtenAnswerAudit, type WrittenOutcome, type WrittenQuery, writtenText } from './json-answer/written-query.js';
import { DOCUMENT_CACHE_BYTES, LruCache } from './lru-cache.js';
import { type PersistContext, withDatastore } from './request-context.js';
import { runMutation } from './mutation-run.js';
import { type ChoiceSettings, decideOperation, givesEvery, type OperationChoice } from './operation-choice.js';
import {
  type CompiledRun,
  type DocumentCheck,
  type ExecutionRequest,
  hasErrors,
  isPromise,
  type PipelineOptions,
  type RunOnce,
} from './pipeline-options.js';

export type { DocumentCheck, ExecutionRequest, PipelineOptions, RunHandOver } from './pipeline-options.js';

type Parsed = { document: DocumentNode; error?: undefined } | { document?: undefined; error: unknown };

// The coerced variables of an operation that declares none.
const NO_VARIABLES: Readonly<Record<string, unknown>> = Object.freeze({});

/** The result of a compiled run that threw: an errored run, which graphql-js runs again. */
function jitFailure(error: unknown): ExecutionResult {
  return { errors: [new GraphQLError('The compiled run failed.', { originalError: error instanceof Error ? error : undefined })] };
}

/** The request pipeline of one schema over one datastore (see the file comment). */
export class RequestPipeline {
  /** graphql-js's rules, with literal values checked as BAD_USER_INPUT (bad-input.ts): built once. */
  readonly rules: readonly ValidationRule[] = persistValidationRules(specifiedRules);
  private readonly checks: readonly DocumentCheck[];
  // Per document text: the document, or the syntax error to throw again.
  private readonly parsed: LruCache<string, Parsed>;
  // Per document (the parsed ones above: a document leaves these when it leaves that cache).
  private readonly validated = new WeakMap<DocumentNode, readonly GraphQLError[]>();
  private readonly operations = new WeakMap<DocumentNode, Map<string, OperationChoice>>();
  /** What the decision of each operation needs (operation-choice.ts). */
  private readonly settings: ChoiceSettings;
  /** The limits every request is held to (false: none). */
  readonly limits: Readonly<Limits> | false;
  private readonly checker: LimitsChecker | undefined;
  private readonly role: PipelineOptions['role'];

  constructor(
    readonly schema: GraphQLSchema,
    private readonly datastore: Datastore,
    options: PipelineOptions = {},
  ) {
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
    this.settings = {
      compiled: options.compiled ?? true,
      recursiveInputs: new RecursiveInputs(schema),
      coercedVariables: new CoercedVariables(schema),
    };
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
      const coerced = this.settings.coercedVariables.coerce(choice.operation!, request.variables);
      // graphql-js's own answer to bad variables: nothing ran, so there is nothing to run again.
      if ('errors' in coerced) return { errors: coerced.errors };
      variables = coerced.coerced;
    }
    const run: CompiledRun | undefined = compiled === undefined ? undefined : { compiled, variables };
    if (choice.kind === OperationTypeNode.MUTATION) return runMutation(request, run, choice.operation, this.runOnce);
    if (run !== undefined && choice.written !== undefined) return this.runWritten(request, choice, choice.written, run);
    const first = this.run(request, request.context, run);
    // Interpreted runs (mutations above all) are never run again.
    if (compiled === undefined) return first;
    return isPromise(first) ? first.then((result) => this.retry(request, result)) : this.retry(request, first);
  }

  /**
   * An attachable query answered by its writer (json-answer/written-query.ts). A root field that
   * failed is answered by graphql-js, as the retry rule answers a compiled run's error; anything
   * the writer declines takes the compiled path in fresh request state (then the retry rule).
   */
  private runWritten(
    request: ExecutionRequest,
    choice: OperationChoice,
    written: WrittenQuery,
    compiled: CompiledRun,
  ): ExecutionResult | Promise<ExecutionResult> {
    // Its variables coerced here, once, as graphql-js coerces them (coerced-variables.ts); bad ones
    // are graphql-js's own answer (the retry would give it): nothing ran.
    let variables: Readonly<Record<string, unknown>> = NO_VARIABLES;
    if ((choice.operation!.variableDefinitions ?? []).length > 0) {
      const coerced = this.settings.coercedVariables.coerce(choice.operation!, request.variables);
      if ('errors' in coerced) return { errors: coerced.errors };
      variables = coerced.coerced;
    }
    const outcome = written.run(request.context, variables);
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

  /** `run`, bound: a mutation's runs (mutation-run.ts) start there too. */
  private readonly runOnce: RunOnce = (request, contextValue, compiled) => this.run(request, contextValue, compiled);

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
      choice = decideOperation(this.schema, document, operationName ?? undefined, this.settings);
      // Only names of operations the document has: a client cannot grow the map with made-up ones.
      if (choice.kind !== undefined) byName.set(name, choice);
    }
    return choice;
  }
}
