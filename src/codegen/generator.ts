/**
 * What every generator of `persist generate` returns, and what it is given: the types the
 * generators (graphql/, sql/, typescript/) and their list (index.ts) share, in a file of their own
 * so that no generator imports the list that imports it.
 */
import type { ModelIR } from '../model/ir.js';

export interface GeneratedFile {
  /** Relative to `src/generated/<module>/`. */
  path: string;
  contents: string;
}

export interface GenerateOptions {
  /** The module name (`codegen.yml` `module:`), the directory under src/generated/. */
  module: string;
  /** False when the configured datastore is no SQL database: no script.sql. Default true. */
  sqlScript?: boolean;
}

/** A generator: the files it derives from the model. */
export type Generator = (model: ModelIR, options: GenerateOptions) => GeneratedFile[];
