/**
 * Serializing an answer with the operation's own compiled serializer. graphql-jit can compile,
 * with the operation, a JSON writer for its answers (`customJSONSerializer`: a JSON schema of the
 * selection, compiled by fast-json-stringify), which writes the fields it knows in selection
 * order without inspecting each object as JSON.stringify does: on the benchmark's Q1 (22 KB) it
 * takes 0.55-0.75 of JSON.stringify's time, on Q3 (140 bytes) about 0.4.
 *
 * It writes what JSON.stringify writes only where the JSON schema says exactly what a value is,
 * so the pipeline compiles it only for operations that select nothing but GraphQL's own scalars
 * (Int, Float, String, Boolean, ID, which graphql-jit's schema knows; any other scalar makes its
 * compilation fail), enums and object types. Not for an interface or a union: their schema merges
 * the fields of every possible type in schema order, where the answer has them in selection order.
 * It serializes only answers holding `data` and nothing else (errors are never its to write).
 */
import {
  type DocumentNode,
  type ExecutionResult,
  getNamedType,
  type GraphQLSchema,
  isAbstractType,
  isScalarType,
  specifiedScalarTypes,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';

const SPECIFIED_SCALARS = new Set(specifiedScalarTypes.map((t) => t.name));

/** True when every field `document` selects has one of GraphQL's own scalars, an enum or an object type (see the file comment). */
export function serializesExactly(schema: GraphQLSchema, document: DocumentNode): boolean {
  const typeInfo = new TypeInfo(schema);
  let exact = true;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const type = typeInfo.getType();
        const named = type === null ? undefined : getNamedType(type);
        if (named === undefined || isAbstractType(named) || (isScalarType(named) && !SPECIFIED_SCALARS.has(named.name))) exact = false;
        return exact ? undefined : false;
      },
    }),
  );
  return exact;
}

/** True when `result` holds `data` and nothing else, the answers a compiled serializer writes. */
export function isDataOnly(result: ExecutionResult): boolean {
  for (const key in result) if (key !== 'data') return false;
  return result.data !== undefined;
}
