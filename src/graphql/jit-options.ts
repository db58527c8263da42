/**
 * The graphql-jit options of one document (request-pipeline.ts compiles with them).
 *
 * Leaf serialization. By default graphql-jit completes every leaf through a runtime call that is
 * given the field's locations and response path as array literals, so each leaf value allocates
 * two arrays and a location object, and two more arrays for the list indices it passes on (about
 * 250 bytes a leaf: 2 MB of the 4.4 MB benchmark Q2 allocates per request). With
 * `disableLeafSerialization` a leaf of an enum or a specified scalar is the resolved value itself,
 * with the same null and error checks inline, and the arrays built only for an error.
 *
 * That answers as graphql-js only where the scalar's `serialize` returns its input unchanged, so
 * it is on only for documents whose leaves of enums and specified scalars are all `String`:
 * - an enum's `serialize` maps the stored value to the member's name (`"active"` → `ACTIVE`);
 * - `Int` rejects values outside 32 bits (a sum can exceed them), `ID` turns numbers into text,
 *   `Float` and `Boolean` convert too;
 * - `String` returns a string as it is, and every String field yields a string or null: stored
 *   fields are normalized strings on every datastore (model/values.ts `normalizeValue`, the MySQL
 *   decoder of a `string` column, the sheets codec), cursors and introspection's names and
 *   descriptions are strings (undefined answers null on both paths).
 * Custom scalars (Date, Decimal, …) are always serialized: the option does not touch them.
 */
import {
  type DocumentNode,
  getNamedType,
  type GraphQLSchema,
  isEnumType,
  isSpecifiedScalarType,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  BREAK,
} from 'graphql';

/** The options graphql-jit compiles `document` with (see the file comment). */
export interface JitOptions {
  disableLeafSerialization: boolean;
}

/** True when every leaf field of `document` whose type is an enum or a specified scalar is a `String`. */
export function leavesAreStrings(schema: GraphQLSchema, document: DocumentNode): boolean {
  const typeInfo = new TypeInfo(schema);
  let strings = true;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const type = typeInfo.getType();
        // An unknown field cannot be validated; compile it as graphql-jit always did.
        if (type === null || type === undefined) {
          strings = false;
          return BREAK;
        }
        const named = getNamedType(type);
        if (isEnumType(named) || (isSpecifiedScalarType(named) && named.name !== 'String')) {
          strings = false;
          return BREAK;
        }
        return undefined;
      },
    }),
  );
  return strings;
}

/** The graphql-jit options of `document`. */
export function jitOptions(schema: GraphQLSchema, document: DocumentNode): JitOptions {
  return { disableLeafSerialization: leavesAreStrings(schema, document) };
}
