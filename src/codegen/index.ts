/**
 * ModelIR → the generated files of `persist generate`. Pure: returns `{path, contents}` and leaves
 * writing to the CLI. Each generator is one line of GENERATORS; the output is their concatenation.
 */
import type { ModelIR } from '../model/index.js';
import { generateTypeScript } from './typescript/index.js';
import { generateGraphqlSchemaFile } from './graphql/index.js';
import { generateScriptSqlFile } from './sql/index.js';

export interface GeneratedFile {
  /** Relative to `src/generated/<module>/`. */
  path: string;
  contents: string;
}

export interface GenerateOptions {
  /** The module name (`codegen.yml` `module:`), the directory under src/generated/. */
  module: string;
}

/** A generator: the files it derives from the model. */
export type Generator = (model: ModelIR, options: GenerateOptions) => GeneratedFile[];

/** The generators, in output order (schema.graphql, script.sql, types.ts / client.ts are added here). */
const GENERATORS: readonly Generator[] = [generateGraphqlSchemaFile, generateScriptSqlFile, generateTypeScript];

/** Every generated file of the model, in generator order. */
export function generateFiles(model: ModelIR, options: GenerateOptions): GeneratedFile[] {
  return GENERATORS.flatMap((generate) => generate(model, options));
}
