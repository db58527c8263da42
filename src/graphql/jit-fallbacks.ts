/**
 * Executes queries through graphql-jit: each distinct query is compiled once into a JavaScript
 * function (kept in a bounded LRU cache by document), which resolves fields without graphql-js's
 * per-field interpretation (argument coercion, `completeValue`, a promise per object). The
 * resolvers are the same, and so are the answers; the root fields are still called in one
 * synchronous loop, which the prefetch round relies on (prefetch-round.ts).
 *
 * Where graphql-jit does not behave like graphql-js, graphql-js runs instead (`run` answers
 * undefined, and the caller executes the document its usual way):
 * - errors: graphql-jit words argument and variable errors its own way and locates errors
 *   without their AST nodes, so a query whose compiled run reports any error is run again by
 *   graphql-js (queries have no side effects; errors are rare);
 * - mutations: after a non-null root field fails, graphql-jit still runs the later root fields,
 *   where graphql-js stops (a write that must not happen); and a mutation must never run twice;
 * - literal arguments whose parsed value is not plain JSON (a `Bytes` literal is a Uint8Array):
 *   graphql-jit writes literals into the compiled code as JSON, which would change them;
 * - variables of a recursive input type (`EWhere` holds `AND: [EWhere!]`): graphql-jit's
 *   variable coercion unrolls input types and never ends on a recursive one;
 * - anything graphql-jit refuses to compile (e.g. several operations and no operation name).
 */
import {
  type DocumentNode,
  type ExecutionResult,
  getNamedType,
  type GraphQLEnumType,
  type GraphQLInputType,
  type GraphQLScalarType,
  type GraphQLSchema,
  isInputObjectType,
  isInputType,
  isLeafType,
  Kind,
  type OperationDefinitionNode,
  OperationTypeNode,
  TypeInfo,
  type ValueNode,
  typeFromAST,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { LruCache } from './lru-cache.js';
import { createPersistContext, type PersistContext } from './request-context.js';

/** One operation of a document: its kind, and its compiled form when graphql-jit runs it. */
interface OperationEntry {
  kind: OperationTypeNode | undefined;
  compiled: CompiledQuery | undefined;
}

export interface CompiledExecutorOptions {
  /** Documents whose compiled operations are kept (default 1,000, Yoga's own cache size). */
  cacheSize?: number;
}

/** The compiled queries of one schema, and how to run them. */
export class CompiledExecutor {
  // Per document, its operations by name ('' when none is given).
  private readonly cache: LruCache<DocumentNode, Map<string, OperationEntry>>;
  // Per input type name: whether it contains itself (see the file comment).
  private readonly recursive = new Map<string, boolean>();

  constructor(
    private readonly schema: GraphQLSchema,
    options: CompiledExecutorOptions = {},
  ) {
    this.cache = new LruCache(options.cacheSize ?? 1000);
  }

  /**
   * The kind of the operation `document` runs (`operationName` picks one of several), or
   * undefined when there is no such operation.
   */
  kindOf(document: DocumentNode, operationName?: string | null): OperationTypeNode | undefined {
    return this.entry(document, operationName).kind;
  }

  /**
   * Runs a validated document. Undefined means "execute it with graphql-js instead": the operation
   * is not compiled (see the file comment), or its compiled run reported errors; `context` then
   * holds fresh request state (no loader caches, no prefetch round of the first run).
   */
  run(
    document: DocumentNode,
    operationName: string | null | undefined,
    context: PersistContext,
    variables: Record<string, unknown> | null | undefined,
  ): ExecutionResult | undefined | Promise<ExecutionResult | undefined> {
    const compiled = this.entry(document, operationName).compiled;
    if (compiled === undefined) return undefined;
    const out = compiled.query(undefined, context, variables ?? {});
    return isPromise(out) ? out.then((result) => settle(result, context)) : settle(out, context);
  }

  private entry(document: DocumentNode, operationName: string | null | undefined): OperationEntry {
    let byName = this.cache.get(document);
    if (byName === undefined) {
      byName = new Map();
      this.cache.set(document, byName);
    }
    const name = operationName ?? '';
    let entry = byName.get(name);
    if (entry === undefined) {
      entry = this.compile(document, operationName ?? undefined);
      // Only names of operations the document has: a client cannot grow the map with made-up ones.
      if (entry.kind !== undefined) byName.set(name, entry);
    }
    return entry;
  }

  private compile(document: DocumentNode, operationName: string | undefined): OperationEntry {
    const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    const operation =
      operationName === undefined
        ? operations.length === 1
          ? operations[0]
          : undefined
        : operations.find((o) => o.name?.value === operationName);
    if (operation === undefined) return { kind: undefined, compiled: undefined };
    const kind = operation.operation;
    if (kind !== OperationTypeNode.QUERY || this.hasRecursiveVariable(operation) || hasNonJsonLiteral(this.schema, document))
      return { kind, compiled: undefined };
    let compiled: CompiledQuery | ExecutionResult;
    try {
      compiled = compileQuery(this.schema, document, operationName);
    } catch {
      return { kind, compiled: undefined };
    }
    return { kind, compiled: isCompiledQuery(compiled) ? compiled : undefined };
  }

  private hasRecursiveVariable(operation: OperationDefinitionNode): boolean {
    return (operation.variableDefinitions ?? []).some((v) => {
      const type = typeFromAST(this.schema, v.type);
      return isInputType(type) && this.isRecursive(type, []);
    });
  }

  /** True when `type` reaches an input type already on `path` (itself or one of its containers). */
  private isRecursive(type: GraphQLInputType, path: string[]): boolean {
    const named = getNamedType(type);
    if (!isInputObjectType(named)) return false;
    if (path.includes(named.name)) return true;
    const known = this.recursive.get(named.name);
    if (known !== undefined) return known;
    path.push(named.name);
    const found = Object.values(named.getFields()).some((f) => this.isRecursive(f.type, path));
    path.pop();
    // Only a verdict reached from the top is this type's own; inside, a cycle may run through a container.
    if (path.length === 0) this.recursive.set(named.name, found);
    return found;
  }
}

function leafTypeOf(type: GraphQLInputType | null | undefined): GraphQLScalarType | GraphQLEnumType | undefined {
  if (type === null || type === undefined) return undefined;
  const named = getNamedType(type);
  return isLeafType(named) ? named : undefined;
}

function isJsonLeaf(value: unknown): boolean {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** True when a literal leaf value of `document` (argument or default) parses to something other than JSON. */
function hasNonJsonLiteral(schema: GraphQLSchema, document: DocumentNode): boolean {
  const typeInfo = new TypeInfo(schema);
  let found = false;
  const leaf = (node: ValueNode): void => {
    const type = leafTypeOf(typeInfo.getInputType());
    if (type === undefined) return;
    try {
      if (!isJsonLeaf(type.parseLiteral(node, undefined))) found = true;
    } catch {
      found = true;
    }
  };
  visit(
    document,
    visitWithTypeInfo(typeInfo, { StringValue: leaf, IntValue: leaf, FloatValue: leaf, BooleanValue: leaf, EnumValue: leaf }),
  );
  return found;
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown }).then === 'function';
}

/** The compiled run's result, or undefined (with fresh request state) when it reported errors. */
function settle(result: ExecutionResult, context: PersistContext): ExecutionResult | undefined {
  if (result.errors === undefined || result.errors.length === 0) return result;
  context.persist = createPersistContext(context.persist.datastore).persist;
  return undefined;
}
