/**
 * `persist generate`: validates the model and writes the generated files into
 * `src/generated/<module>/`. With a `models:` list, every model is validated first and each is
 * written as its own module; nothing is written when any model has errors. Exit 0 when written,
 * 1 when a model has errors, 2 when the permissions of codegen.yml do not fit the model served
 * (every model as one; when their names clash, serve names the clash and generate leaves the
 * permissions to it).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { generateFiles } from '../../codegen/index.js';
import { datastoreBackend } from '../../datastore/create-datastore.js';
import { mergeModels, type ModelIR } from '../../model/index.js';
import { configFileOf, loadConfig, loadPermissions } from '../config.js';
import type { CommandIO } from '../io.js';
import { loadModel } from '../load-model.js';
import { parseFlags } from '../parse-flags.js';

export const summary = 'validate the model and write src/generated/<module>/';

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export async function run(args: string[], io: CommandIO): Promise<number> {
  parseFlags('generate', args, {});
  const config = await loadConfig(io);
  const entries = config.models ?? [{ model: config.model, module: config.module }];
  const models: { model: string; module: string; ir: ModelIR }[] = [];
  for (const entry of entries) {
    const ir = await loadModel({ ...config, ...entry }, io, true);
    if (ir) models.push({ ...entry, ir });
  }
  if (models.length < entries.length) return 1;
  // Checked here too (against the model `persist serve` serves), so that a wrong permission is found before the server starts.
  const served = mergeModels(models.map(({ model, ir }) => ({ source: model, model: ir })));
  if (served.model) loadPermissions(config, served.model, configFileOf(io));
  for (const { model, module, ir } of models) {
    if (ir.entities.length === 0) {
      // As bal persist: a model whose every entity is left out for an //Unsupported[…] field generates nothing.
      io.stdout(`${model} is valid, but every entity is left out for an //Unsupported[…] field: nothing written.`);
      continue;
    }
    const outDir = resolve(io.cwd, 'src', 'generated', module);
    const files = generateFiles(ir, { module, sqlScript: datastoreBackend(config.datastore)?.sqlScript !== false });
    for (const file of files) {
      const target = resolve(outDir, file.path);
      // A generator's path is relative and stays inside the module directory.
      if (relative(outDir, target).startsWith('..')) throw new Error(`generated path escapes the output directory: ${file.path}`);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, file.contents);
      io.stdout(`wrote ${relative(io.cwd, target)}`);
    }
    const counts = [
      plural(ir.entities.length, 'entity', 'entities'),
      plural(ir.enums.length, 'enum', 'enums'),
      plural(ir.relations.length, 'relation', 'relations'),
    ];
    io.stdout(
      `${model} is valid (${counts.join(', ')}); ${plural(files.length, 'file', 'files')} written to ${join('src', 'generated', module)}.`,
    );
  }
  return 0;
}
