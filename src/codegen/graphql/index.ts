/** The GraphQL generator of `persist generate`: `schema.graphql`, the SDL the server serves. */
import type { GeneratedFile } from '../generator.js';
import type { ModelIR } from '../../model/ir.js';
import { generateGraphqlSdl } from './schema-sdl.js';

export { generateGraphqlSdl } from './schema-sdl.js';
export { entityNames, pluralName, type EntityNames } from './graphql-names.js';

/** `schema.graphql` for the model. */
export function generateGraphqlSchemaFile(model: ModelIR): GeneratedFile[] {
  return [{ path: 'schema.graphql', contents: generateGraphqlSdl(model) }];
}
