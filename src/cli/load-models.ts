/**
 * The model `serve` and `push` act on. A `models:` list is served and pushed as one model (one
 * GraphQL API, one database), when no two models name the same entity, table or enum; a clash is
 * a CliError naming both, pointing at `--model NAME`, which picks one model of the list by its
 * module name (or its file).
 */
import type { ModelEntry, PersistConfig } from '../config/persist-config.js';
import { mergeModels, type ModelIR } from '../model/index.js';
import { CliError } from './cli-error.js';
import type { CommandIO } from './io.js';
import { loadModel } from './load-model.js';

/** Every model of the config, or the one `--model` names. */
export function selectedEntries(command: string, config: PersistConfig, name: string | undefined): ModelEntry[] {
  const entries = config.models ?? [{ model: config.model, module: config.module }];
  if (name === undefined) return entries;
  const chosen = entries.find((e) => e.module === name || e.model === name);
  if (chosen) return [chosen];
  throw new CliError(
    `persist ${command}: --model '${name}' is none of the models of codegen.yml (${entries.map((e) => e.module).join(', ')}).`,
  );
}

export interface ServedModel {
  /** The models, as one. */
  model: ModelIR;
  /** The models it is made of. */
  entries: ModelEntry[];
  /** Their files, for messages: `model/model.bal` or `persist/a/model.bal, persist/b/model.bal`. */
  shown: string;
}

/** Compiles the selected models (every diagnostic to stderr; undefined when any has errors) and joins them. */
export async function loadServedModel(
  command: string,
  config: PersistConfig,
  io: CommandIO,
  name: string | undefined,
): Promise<ServedModel | undefined> {
  const entries = selectedEntries(command, config, name);
  const parts = [];
  for (const entry of entries) {
    // One model of several may be all //Unsupported[…] entities: the others are still served.
    const model = await loadModel({ ...config, ...entry }, io, entries.length > 1);
    if (model) parts.push({ source: entry.model, model });
  }
  if (parts.length < entries.length) return undefined;
  const shown = entries.map((e) => e.model).join(', ');
  const merged = mergeModels(parts);
  if (!merged.model)
    throw new CliError(
      `persist ${command}: the models of codegen.yml name the same thing, so they cannot be ${command === 'push' ? 'pushed into one database' : 'served as one API'}: ` +
        `${merged.clashes.join('; ')}. Rename one of them, or pick one model with --model NAME (${entries.map((e) => e.module).join(', ')}).`,
    );
  if (merged.model.entities.length === 0)
    throw new CliError(`every entity of ${shown} is left out for an //Unsupported[…] field: there is nothing to serve or push.`);
  return { model: merged.model, entries, shown };
}
