/**
 * How one operation of a document runs, decided once per operation (the decision of
 * request-pipeline.ts's file comment): its kind, and its compiled (and written) form when
 * graphql-jit runs it.
 */
import {
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  OperationTypeNode,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { CoercedVariables } from './coerced-variables.js';
import { fitsJit } from './jit-bounds.js';
import { hasNonJsonLiteral, type RecursiveInputs } from './jit-fallbacks.js';
import { jitOptions } from './jit-options.js';
import { WrittenQuery } from './json-answer/written-query.js';
import { compileAttached, isAttachable } from './prefetch/index.js';

/** How one operation of a document runs: its kind, and its compiled form when graphql-jit runs it. */
export interface OperationChoice {
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

/** What the decision needs of its pipeline. */
export interface ChoiceSettings {
  /** The pipeline's `compiled` option: false runs every operation with graphql-js. */
  compiled: boolean;
  recursiveInputs: RecursiveInputs;
  coercedVariables: CoercedVariables;
}

/** True when `variables` gives a value (null included) for each of `names`. */
export function givesEvery(variables: Readonly<Record<string, unknown>> | null | undefined, names: readonly string[]): boolean {
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

/** Compiled or interpreted: the decision of request-pipeline.ts's file comment, made once per operation. */
export function decideOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  settings: ChoiceSettings,
): OperationChoice {
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
    !settings.compiled ||
    !(kind === OperationTypeNode.QUERY || (kind === OperationTypeNode.MUTATION && isSingleField(operation))) ||
    !fitsJit(document, operation) ||
    hasNonJsonLiteral(schema, document)
  )
    return { kind, operation, compiled: undefined, omittable };
  const coerced = settings.recursiveInputs.hasRecursiveVariable(operation);
  let compiled: CompiledQuery | ExecutionResult | undefined;
  let written: WrittenQuery | undefined;
  try {
    const options = jitOptions(schema, document);
    const attachable = !coerced && isAttachable(schema, document, operation);
    compiled = coerced
      ? settings.coercedVariables.compile(document, operation, operationName, options)
      : attachable
        ? compileAttached(schema, document, operationName, options)
        : compileQuery(schema, document, operationName, options);
    if (attachable) written = WrittenQuery.compile(schema, document.definitions, operation);
  } catch {
    return { kind, operation, compiled: undefined, omittable };
  }
  if (compiled === undefined || !isCompiledQuery(compiled)) return { kind, operation, compiled: undefined, omittable };
  return { kind, operation, compiled, written, coerced, omittable };
}
