/**
 * ModelIR → the generated files of `persist generate`. Pure: returns `{path, contents}` and leaves
 * writing to the CLI. Each generator is one line of GENERATORS; the output is their concatenation.
 */
import type { ModelIR } from '../model/index.js';
import type { GeneratedFile, GenerateOptions, Generator } from './generator.js';
import { generateTypeScript } from './typescript/index.js';
import { generateGraphqlSchemaFile } from './graphql/index.js';
import { generateScriptSqlFile } from './sql/index.js';
import { generateCacheConfigFile } from './typescript/cache-config-ts.js';
import { generateErDiagramFile } from './docs/er-diagram.js';

export type { GeneratedFile, GenerateOptions, Generator } from './generator.js';

/** The generators, in output order (schema.graphql, script.sql, types.ts / client.ts, cache-config.ts, er-diagram.md). */
const GENERATORS: readonly Generator[] = [
  generateGraphqlSchemaFile,
  generateScriptSqlFile,
  generateTypeScript,
  generateCacheConfigFile,
  generateErDiagramFile,
];

/** Every generated file of the model, in generator order. */
export function generateFiles(model: ModelIR, options: GenerateOptions): GeneratedFile[] {
  return GENERATORS.flatMap((generate) => generate(model, options));
}
