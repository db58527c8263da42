/**
 * A query answered as JSON text written from its rows (answer-writer.ts): its root fields are
 * resolved here, as graphql-js resolves them (arguments and variables coerced by graphql-js, the
 * same resolve info), in one synchronous loop (the prefetch round relies on it, prefetch/index.ts),
 * with the request's prefetch in attach mode; once all have settled, the writer writes the answer.
 *
 * The outcome says how the request goes on: `written` (the answer), `rejected` (a root field
 * failed: graphql-jit's run would have reported it, so graphql-js answers, as the pipeline's retry
 * rule makes it), or `declined` (bad variables or arguments, or a value the writer cannot write
 * exactly: the request takes the existing path).
 *
 * A written answer is an ExecutionResult whose `data` is parsed from the text when something reads
 * it (nothing on the lean path, nor on Yoga's for an answer without errors), and whose text is
 * used only while nothing has read `data` (which could then be changed) and no key was added:
 * `writtenText` (the lean path) and the `stringify` Yoga's result processor calls.
 */
import {
  type ExecutionResult,
  type FragmentDefinitionNode,
  getArgumentValues,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
} from 'graphql';
import type { PersistContext } from '../request-context.js';
import { type AnswerWriter, compileWriter } from './answer-writer.js';

export type WrittenOutcome = { written: ExecutionResult } | { rejected: true } | { declined: true };

const REJECTED: WrittenOutcome = { rejected: true };
const DECLINED: WrittenOutcome = { declined: true };

interface Written {
  bytes: Buffer;
  read: boolean;
  data?: ExecutionResult['data'];
}

// The written answer behind a result object: a non-enumerable own property (for-in, spreads and JSON skip it).
const WRITTEN = Symbol('written answer');
type WrittenResult = ExecutionResult & { readonly [WRITTEN]?: Written };

/** The answer's text as written, or undefined when it must be serialized (see the file comment). */
export function writtenText(result: ExecutionResult): Buffer | undefined {
  const entry = (result as WrittenResult)[WRITTEN];
  if (entry === undefined || entry.read) return undefined;
  for (const key in result) if (key !== 'data') return undefined;
  return entry.bytes;
}

// One getter and one `stringify` for every written result, its state in the WRITTEN property. Nothing
// per answer may hold the bytes where a scavenge counts it live: a getter closure per answer sits in
// an AccessorPair, which V8 allocates in the old space, and a WeakMap's values are strong in a
// scavenge; either kept every answer's Buffer (and its external memory) until the next full GC
// (issue 17: +60 MiB RSS under load on Q1; test/graphql/written-answers.test.ts).
function parsedData(this: WrittenResult): ExecutionResult['data'] {
  const entry = this[WRITTEN]!;
  entry.read = true;
  return (entry.data ??= (JSON.parse(entry.bytes.toString('utf8')) as ExecutionResult).data);
}
// Yoga's result processor calls it with the result (or a copy it made): not enumerable, so for-in and spreads skip it.
const stringify = (value: ExecutionResult): string => writtenText(value)?.toString('utf8') ?? JSON.stringify(value);
const DATA: PropertyDescriptor = { enumerable: true, configurable: true, get: parsedData };
const STRINGIFY: PropertyDescriptor = { value: stringify };

function writtenResult(bytes: Buffer): ExecutionResult {
  const result = {} as ExecutionResult;
  Object.defineProperty(result, WRITTEN, { value: { bytes, read: false } satisfies Written });
  Object.defineProperty(result, 'data', DATA);
  Object.defineProperty(result, 'stringify', STRINGIFY);
  return result;
}

/**
 * The differential test's hook (test/graphql/written-answers.test.ts): when set, called with every
 * written answer before it is answered, and with a function running graphql-js on the request in
 * fresh request state, to compare.
 */
export const writtenAnswerAudit: { check?: ((text: Buffer, interpret: () => Promise<ExecutionResult>) => Promise<void>) | undefined } = {};

/** `value`, frozen all the way down. */
function deepFrozen<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFrozen(v);
  return value;
}

// A root resolver that threw instead of rejecting.
const THREW = Symbol('threw');

// Waits for every root field (graphql-jit too answers only once all have settled); undefined when one failed.
async function settle(values: readonly unknown[]): Promise<unknown[] | undefined> {
  let failed = false;
  const out = await Promise.all(
    values.map((v) => {
      if (v === THREW) failed = true;
      return Promise.resolve(v).catch(() => {
        failed = true;
        return undefined;
      });
    }),
  );
  return failed ? undefined : out;
}

/** An attachable query operation answered by its writer (see the file comment). */
export class WrittenQuery {
  private readonly fragments: Record<string, FragmentDefinitionNode> = {};
  private readonly query: GraphQLObjectType;
  // The root fields' arguments of an operation without variables (argumentsOf).
  private constantArgs: readonly Record<string, unknown>[] | undefined;

  private constructor(
    private readonly schema: GraphQLSchema,
    private readonly operation: OperationDefinitionNode,
    private readonly writer: AnswerWriter,
    fragments: Record<string, FragmentDefinitionNode>,
  ) {
    this.fragments = fragments;
    this.query = schema.getQueryType()!;
  }

  /** The written form of `operation` (attachable), or undefined when its writer declines it. */
  static compile(
    schema: GraphQLSchema,
    definitions: readonly { kind: Kind }[],
    operation: OperationDefinitionNode,
  ): WrittenQuery | undefined {
    const query = schema.getQueryType();
    if (query === null || query === undefined) return undefined;
    const fragments: Record<string, FragmentDefinitionNode> = {};
    for (const d of definitions)
      if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[(d as FragmentDefinitionNode).name.value] = d as FragmentDefinitionNode;
    const writer = compileWriter(query, operation, fragments);
    return writer === undefined ? undefined : new WrittenQuery(schema, operation, writer, fragments);
  }

  /**
   * Runs the root fields over `context` (a first run's) and writes the answer. `variables`: the
   * operation's, coerced as graphql-js coerces them (the pipeline coerces them once).
   */
  run(context: PersistContext, variables: Readonly<Record<string, unknown>>): WrittenOutcome | Promise<WrittenOutcome> {
    const definitions = this.operation.variableDefinitions ?? [];
    const fields = this.query.getFields();
    // Every root field's arguments first: one that graphql-js refuses leaves the request to the existing path before anything runs.
    // Without variables they depend on the document only: coerced once and frozen, so that no request
    // can change what the next one is given (a resolver that tried would throw, and graphql-js would answer).
    const argsOf =
      definitions.length === 0
        ? (this.constantArgs ??= deepFrozen(this.argumentsOf(fields, variables)))
        : this.argumentsOf(fields, variables);
    if (argsOf === undefined) return DECLINED;
    const values: unknown[] = [];
    context.persist.prefetch.attachRelations(true);
    this.writer.roots.forEach((root, i) => {
      const field = fields[root.name]!;
      const info: GraphQLResolveInfo = {
        fieldName: root.name,
        fieldNodes: root.nodes,
        returnType: field.type,
        parentType: this.query,
        path: { prev: undefined, key: root.key, typename: this.query.name },
        schema: this.schema,
        fragments: this.fragments,
        rootValue: undefined,
        operation: this.operation,
        variableValues: variables,
      };
      try {
        values.push(field.resolve!(undefined, argsOf[i], context, info));
      } catch {
        values.push(THREW);
      }
    });
    // One root field (the common case): one promise, no Promise.all.
    if (values.length === 1) {
      const only = values[0];
      return only === THREW
        ? REJECTED
        : Promise.resolve(only).then(
            (value) => this.write([value]),
            () => REJECTED,
          );
    }
    return settle(values).then((settled) => (settled === undefined ? REJECTED : this.write(settled)));
  }

  /** The root fields' arguments as graphql-js coerces them; undefined when it refuses one. */
  private argumentsOf(
    fields: ReturnType<GraphQLObjectType['getFields']>,
    variables: Readonly<Record<string, unknown>>,
  ): readonly Record<string, unknown>[] | undefined {
    const out: Record<string, unknown>[] = [];
    for (const root of this.writer.roots) {
      try {
        out.push(getArgumentValues(fields[root.name]!, root.nodes[0]!, variables));
      } catch {
        return undefined;
      }
    }
    return out;
  }

  private write(values: readonly unknown[]): WrittenOutcome {
    const bytes = this.writer.write(values);
    return bytes === undefined ? DECLINED : { written: writtenResult(bytes) };
  }
}
