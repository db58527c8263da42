/**
 * The one loader of the test models. Every suite names a model here and gets its path, its text
 * or its compiled IR; the model files themselves live in test/models/ (rainier is the example's
 * own model/model.bal). The model layer's golden fixtures (test/model/fixtures/) are cases of
 * their own and are read by their tests directly.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileModel, formatDiagnostic, type ModelIR } from '../../src/model/index.js';

/** The repository's root directory, with a trailing slash. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Each test model's file, relative to the repository root. */
export const MODEL_FILES = {
  /** The example model of the seed (`store` module): employees, departments, workspaces. */
  rainier: 'model/model.bal',
  /** Every simple type, enums, composite keys and foreign keys, 1-1 and 1-n both ways (`features`). */
  features: 'test/models/features.bal',
  /** Every SQL annotation that shapes script.sql. */
  annotations: 'test/models/annotations.bal',
  /** Generated keys in a client-facing model (`ledger` module). */
  ledger: 'test/models/ledger.bal',
  /** Generated (AUTO_INCREMENT) keys with a 1-n relation. */
  generated: 'test/models/generated.bal',
  /** `@sql:UniqueIndex` over nullable fields next to 1-1 and 1-n relations. */
  unique: 'test/models/unique.bal',
  /** `@constraint:` rules (ballerina/constraint) checked on writes; maxLength as the VARCHAR length. */
  constraints: 'test/models/constraints.bal',
} as const;

export type ModelName = keyof typeof MODEL_FILES;

/** The absolute path of a test model's file. */
export function modelPath(name: ModelName): string {
  return join(REPO_ROOT, MODEL_FILES[name]);
}

/** The source text of a test model. */
export function modelText(name: ModelName): string {
  return readFileSync(modelPath(name), 'utf8');
}

/**
 * Compiles a model file into a fresh IR; a model that does not compile cleanly, warnings
 * included, fails the test run loudly with its diagnostics.
 */
export function compileModelFile(path: string): ModelIR {
  const text = readFileSync(path, 'utf8');
  const { model, diagnostics } = compileModel(text);
  if (model === undefined || diagnostics.length > 0) {
    throw new Error(`${path} does not compile cleanly:\n${diagnostics.map((d) => formatDiagnostic(d, text, path)).join('\n')}`);
  }
  return model;
}

const compiled = new Map<ModelName, ModelIR>();

/**
 * A test model by name, compiled once per test file: the same IR on every call, as the MySQL test
 * databases (one per model IR, reused between tests) and the loaders' caches expect. For a second,
 * independent compile (stability tests), use compileModelFile(modelPath(name)).
 */
export function loadModel(name: ModelName): ModelIR {
  let model = compiled.get(name);
  if (model === undefined) {
    model = compileModelFile(modelPath(name));
    compiled.set(name, model);
  }
  return model;
}

/** One valid row of rainier's Employee (every stored field), for the write checks' tests. */
export const ADA_EMPLOYEE: Readonly<Record<string, string>> = {
  empNo: 'E1',
  firstName: 'Ada',
  lastName: 'Lovelace',
  birthDate: '1815-12-10',
  gender: 'FEMALE',
  hireDate: '1843-01-01',
  departmentDeptNo: 'D1',
  workspaceWorkspaceId: 'W1',
};
