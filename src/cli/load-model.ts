/**
 * Reads and compiles the configured model. Shared by the commands that need a model (generate,
 * serve, push): diagnostics go to stderr, and `undefined` means "the model has errors, exit 1".
 */
import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { compileModel, formatDiagnostic, isError, type ModelIR } from '../model/index.js';
import { CliError } from './cli-error.js';
import type { PersistConfig } from '../config/persist-config.js';
import type { CommandIO } from './io.js';

/**
 * Compiles the model named by the config; prints every diagnostic; undefined when there were
 * errors. A model whose every entity is left out (`//Unsupported[…]`) has nothing to serve or
 * push: a CliError unless `allowEmpty` (generate then writes nothing, as bal persist does).
 */
export async function loadModel(config: PersistConfig, io: CommandIO, allowEmpty = false): Promise<ModelIR | undefined> {
  const path = resolve(io.cwd, config.model);
  const shown = relative(io.cwd, path) || config.model;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(
      code === 'ENOENT'
        ? `model file ${shown} not found (codegen.yml 'model:' points there).`
        : `cannot read the model file ${shown}: ${(e as Error).message}`,
    );
  }
  const { model, diagnostics } = compileModel(text);
  for (const d of diagnostics) io.stderr(`${formatDiagnostic(d, text, shown)}\n`);
  if (!model) {
    const errors = diagnostics.filter(isError).length;
    io.stderr(`${errors} error${errors === 1 ? '' : 's'} in ${shown}.`);
    return undefined;
  }
  // As bal persist warns: such an entity's table has a column the model cannot describe.
  for (const name of model.unsupportedEntities ?? [])
    io.stderr(
      `warning: the entity '${name}' in ${shown} contains unsupported data types (an //Unsupported[…] field); it is left out of the API, the client and script.sql.\n`,
    );
  if (model.entities.length === 0 && !allowEmpty)
    throw new CliError(`every entity of ${shown} is left out for an //Unsupported[…] field: there is nothing to serve or push.`);
  return model;
}
