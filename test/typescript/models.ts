/** The two models every TypeScript test runs on, compiled once. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileModel, formatDiagnostic, type ModelIR } from '../../src/model/index.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

function load(path: string): ModelIR {
  const text = readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
  const { model, diagnostics } = compileModel(text);
  if (!model) throw new Error(diagnostics.map((d) => formatDiagnostic(d, text, path)).join('\n'));
  return model;
}

/** The example model of the seed (`store` module). */
export const rainier = load('model/model.bal');
/** The feature-complete test model (`features` module). */
export const features = load('test/models/features.bal');

/** A small model with generated keys (`ledger` module). */
export const ledger = load('test/typescript/models/ledger.bal');

/** The models and the module each is generated as, as the golden directories name them. */
export const MODULES = [
  { module: 'store', model: rainier, source: 'model/model.bal' },
  { module: 'features', model: features, source: 'test/models/features.bal' },
  { module: 'ledger', model: ledger, source: 'test/typescript/models/ledger.bal' },
] as const;
