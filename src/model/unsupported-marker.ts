/**
 * The `//Unsupported[<SQL type>]` marker `bal persist pull` writes, commented out, in place of a
 * column it cannot map. As bal persist does, an entity whose record holds one is left out of
 * everything generated (client, GraphQL API, script.sql), and so are the relations to it: its
 * table exists in the database with a column the model cannot describe.
 */
import type { SemanticModel } from './semantic-model.js';

const MARKER = /^\s*Unsupported\[/;

/** The names of the entities whose record holds an `//Unsupported[…]` comment. */
export function entitiesWithUnsupportedColumns(model: SemanticModel): Set<string> {
  const names = new Set<string>();
  for (const entity of model.entities) {
    const { offset, endOffset } = entity.record.span;
    if (model.document.comments.some((c) => c.offset > offset && c.offset < endOffset && MARKER.test(c.text))) names.add(entity.name);
  }
  return names;
}
