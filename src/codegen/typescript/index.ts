/**
 * The TypeScript generators: ModelIR → `types.ts` (derived types) and `client.ts` (typed client)
 * of `src/generated/<module>/`. Pure: the CLI writes the files.
 */
import type { ModelIR } from '../../model/ir.js';
import type { GeneratedFile, GenerateOptions } from '../generator.js';
import { generateClientTs } from './client-ts.js';
import { generateTypesTs } from './types-ts.js';

export { accessorName, generateClientTs } from './client-ts.js';
export { generateTypesTs, schemaTypeName } from './types-ts.js';

/** Both files of a module, paths relative to `src/generated/<module>/`. */
export function generateTypeScript(model: ModelIR, { module }: GenerateOptions): GeneratedFile[] {
  return [
    { path: 'types.ts', contents: generateTypesTs(model, module) },
    { path: 'client.ts', contents: generateClientTs(model, module) },
  ];
}
