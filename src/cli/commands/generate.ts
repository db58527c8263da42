/**
 * `persist generate`: validates the model and writes the generated files into
 * `src/generated/<module>/`. Exit 0 when written, 1 when the model has errors.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { generateFiles } from '../../codegen/index.js';
import { loadConfig } from '../config.js';
import type { CommandIO } from '../io.js';
import { loadModel } from '../load-model.js';
import { parseFlags } from '../parse-flags.js';

export const summary = 'validate the model and write src/generated/<module>/';

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export async function run(args: string[], io: CommandIO): Promise<number> {
  parseFlags('generate', args, {});
  const config = await loadConfig(io.cwd);
  const model = await loadModel(config, io);
  if (!model) return 1;
  const outDir = resolve(io.cwd, 'src', 'generated', config.module);
  const files = generateFiles(model, { module: config.module });
  for (const file of files) {
    const target = resolve(outDir, file.path);
    // A generator's path is relative and stays inside the module directory.
    if (relative(outDir, target).startsWith('..')) throw new Error(`generated path escapes the output directory: ${file.path}`);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.contents);
    io.stdout(`wrote ${relative(io.cwd, target)}`);
  }
  const counts = [
    plural(model.entities.length, 'entity', 'entities'),
    plural(model.enums.length, 'enum', 'enums'),
    plural(model.relations.length, 'relation', 'relations'),
  ];
  io.stdout(
    `${config.model} is valid (${counts.join(', ')}); ${plural(files.length, 'file', 'files')} written to ${join('src', 'generated', config.module)}.`,
  );
  return 0;
}
