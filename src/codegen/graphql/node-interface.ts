/**
 * Relay's global object identification in the SDL: the `Node` interface, the global id field of
 * every entity that can be read by its key, and `Query.node(id: ID!)`. The field is `id`, or
 * PostGraphile's `nodeId` when some entity already has a field named `id`. A global id is the
 * base64 of the JSON array `["Entity", ...key values]` (as PostGraphile writes it).
 */
import type { ModelIR } from '../../model/ir.js';

/** The name of the global id field in this model's schema: `id`, else `nodeId`. */
export function nodeIdField(model: ModelIR): 'id' | 'nodeId' {
  const taken = model.entities.some((e) => e.fields.some((f) => f.name === 'id') || e.relationFields.some((r) => r.name === 'id'));
  return taken ? 'nodeId' : 'id';
}

/** The description of the global id field. */
export const NODE_ID_DOC =
  '"""A global id of this row, the same for every role (Relay global object identification): ask it back with `node`."""';

/** The `Node` interface of the schema. */
export function nodeInterfaceSdl(field: string): string {
  return (
    '"""An object with a global id (Relay global object identification): `node` reads it back by that id."""\n' +
    `interface Node {\n  ${NODE_ID_DOC}\n  ${field}: ID!\n}\n`
  );
}

/** The lines of `Query.node`. */
export function nodeQueryLines(field: string): string[] {
  return [
    `"""The row with this global id (its \`${field}\`), or null when there is none or it is not yours to read. A malformed id is BAD_USER_INPUT."""`,
    `node(${field === 'id' ? 'id' : 'nodeId'}: ID!): Node`,
  ];
}
