/**
 * What graphql-jit would answer differently from graphql-js, found in a document before it is
 * compiled (request-pipeline.ts):
 * - literal arguments whose parsed value is not plain JSON (a `Bytes` literal is a Uint8Array):
 *   graphql-jit writes literals into the compiled code as JSON, which would change them; such
 *   documents run with graphql-js;
 * - variables of a recursive input type (`EWhere` holds `AND: [EWhere!]`): graphql-jit's
 *   variable coercion unrolls input types and never ends on a recursive one; such operations are
 *   compiled with their variables coerced by graphql-js (coerced-variables.ts).
 */
import {
  type DocumentNode,
  getNamedType,
  type GraphQLEnumType,
  type GraphQLInputType,
  type GraphQLScalarType,
  type GraphQLSchema,
  isInputObjectType,
  isInputType,
  isLeafType,
  type OperationDefinitionNode,
  TypeInfo,
  type ValueNode,
  typeFromAST,
  visit,
  visitWithTypeInfo,
} from 'graphql';

/** The input types of one schema that contain themselves, remembered once found. */
export class RecursiveInputs {
  // Per input type name: whether it contains itself.
  private readonly recursive = new Map<string, boolean>();

  constructor(private readonly schema: GraphQLSchema) {}

  /** True when a variable of `operation` has a recursive input type. */
  hasRecursiveVariable(operation: OperationDefinitionNode): boolean {
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
  // A number JSON cannot write (1e309 parses to Infinity) would reach the resolvers as null.
  return value === null || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean';
}

/** True when a literal leaf value of `document` (argument or default) parses to something other than JSON. */
export function hasNonJsonLiteral(schema: GraphQLSchema, document: DocumentNode): boolean {
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
