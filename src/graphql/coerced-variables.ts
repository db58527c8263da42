/**
 * Operations with a variable of a recursive input type (`DepartmentInsert` → `employees` → …,
 * `EWhere` → `AND: [EWhere!]`), run compiled. graphql-jit 0.8.9 compiles variable coercion by
 * unrolling the variables' input types, which never ends on a recursive one (graphql-jit issue
 * #81; its fixes, pull requests #82 and #228, are not merged). So graphql-js coerces such an
 * operation's variables (`getVariableValues`, as its `execute` does: the same values, the same
 * errors for bad ones), and graphql-jit compiles the operation with every variable declared of
 * one scalar that takes a coerced value as it is: its variable parsing only copies the values.
 *
 * That scalar is known only to the schema the operation is compiled against: the request's
 * schema, seen through an object that also finds the scalar by name (`getType`). Everything else
 * (its type map, root types, introspection's list of types) is the request's schema's own; a
 * document that asks for introspection is not compiled this way (`__type(name:)` would find the
 * scalar), it runs with graphql-js as before.
 */
import {
  type DocumentNode,
  type ExecutionResult,
  getVariableValues,
  type GraphQLError,
  GraphQLScalarType,
  type GraphQLSchema,
  type GraphQLNamedType,
  Kind,
  type OperationDefinitionNode,
  type VariableDefinitionNode,
  visit,
  BREAK,
} from 'graphql';
import { compileQuery, type CompiledQuery } from 'graphql-jit';
import type { JitOptions } from './jit-options.js';
import { coerceVariables, GIVE_UP } from './variable-coercers.js';

type Variables = Readonly<Record<string, unknown>>;

/** The scalar every variable of such an operation is compiled as: the value graphql-js coerced, as it is. */
const COERCED = new GraphQLScalarType({
  // Names starting with `__` are the introspection's own: no schema type has one.
  name: '__PersistCoerced',
  parseValue: (value: unknown) => value,
});

/** `schema`, in which `getType` also finds the scalar COERCED. */
function compileSchemaOf(schema: GraphQLSchema): GraphQLSchema {
  const getType = (name: string): GraphQLNamedType | undefined => (name === COERCED.name ? COERCED : schema.getType(name));
  return Object.create(schema, { getType: { value: getType } }) as GraphQLSchema;
}

/** True when `document` selects an introspection field (`__schema`, `__type`) anywhere. */
function asksIntrospection(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** `operation` with each variable declared of the scalar COERCED, without default (graphql-js applies defaults). */
function withCoercedVariables(operation: OperationDefinitionNode): OperationDefinitionNode {
  return {
    ...operation,
    variableDefinitions: (operation.variableDefinitions ?? []).map((definition): VariableDefinitionNode => ({
      kind: Kind.VARIABLE_DEFINITION,
      variable: definition.variable,
      type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: COERCED.name } },
      ...(definition.directives === undefined ? {} : { directives: definition.directives }),
    })),
  };
}

/** Compiles the operations of one schema whose variables graphql-js coerces (see the file comment). */
export class CoercedVariables {
  private compileSchema: GraphQLSchema | undefined;

  constructor(private readonly schema: GraphQLSchema) {}

  /**
   * `operation` of `document` compiled with `options` (jit-options.ts: those of every compiled
   * operation) to take variables as `coerce` returns them; what compileQuery returns (its errors
   * when it refuses), or undefined when it must run with graphql-js.
   */
  compile(
    document: DocumentNode,
    operation: OperationDefinitionNode,
    operationName: string | undefined,
    options: JitOptions,
  ): CompiledQuery | ExecutionResult | undefined {
    if (asksIntrospection(document)) return undefined;
    const rewritten = withCoercedVariables(operation);
    const definitions = document.definitions.map((d) => (d === operation ? rewritten : d));
    this.compileSchema ??= compileSchemaOf(this.schema);
    return compileQuery(this.compileSchema, { ...document, definitions }, operationName, options);
  }

  /**
   * The variables of `operation` as graphql-js's `execute` coerces them, or its answer to bad ones:
   * by the coercers of variable-coercers.ts when they accept every value, else by graphql-js.
   */
  coerce(
    operation: OperationDefinitionNode,
    variables: Variables | null | undefined,
  ): { coerced: Variables } | { errors: readonly GraphQLError[] } {
    const fast = coerceVariables(this.schema, operation, variables ?? {});
    if (fast !== GIVE_UP) return { coerced: fast };
    const result = getVariableValues(this.schema, operation.variableDefinitions ?? [], variables ?? {}, { maxErrors: 50 });
    return result.errors === undefined ? { coerced: result.coerced } : { errors: result.errors };
  }
}
