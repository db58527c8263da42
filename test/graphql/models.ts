/** The two test models (rainier and the feature model), compiled once per test file. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileModel, formatDiagnostic } from '../../src/model/index.js';
import type { ModelIR } from '../../src/model/ir.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const MODEL_PATHS = {
  rainier: `${ROOT}model/model.bal`,
  features: `${ROOT}test/models/features.bal`,
} as const;

/** Compiles a model file; a model with diagnostics fails the test run loudly. */
export function loadModel(name: keyof typeof MODEL_PATHS): ModelIR {
  const path = MODEL_PATHS[name];
  const text = readFileSync(path, 'utf8');
  const { model, diagnostics } = compileModel(text);
  if (model === undefined) throw new Error(diagnostics.map((d) => formatDiagnostic(d, text, path)).join('\n'));
  return model;
}
