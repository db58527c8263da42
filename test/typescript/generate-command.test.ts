/** `persist generate` writes types.ts and client.ts into src/generated/<module>/. */
import { cpSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { run } from '../../src/cli/commands/generate.js';
import { modelPath, REPO_ROOT } from '../support/models.js';

it('persist generate writes the golden types.ts and client.ts of the module', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'persist-generate-'));
  mkdirSync(join(cwd, 'model'));
  cpSync(modelPath('features'), join(cwd, 'model/model.bal'));
  writeFileSync(join(cwd, 'codegen.yml'), 'model: model/model.bal\nmodule: features\n');
  const out: string[] = [];
  expect(await run([], { cwd, stdout: (l) => out.push(l), stderr: (l) => out.push(l) })).toBe(0);
  expect(out).toEqual(expect.arrayContaining(['wrote src/generated/features/types.ts', 'wrote src/generated/features/client.ts']));
  for (const file of ['types.ts', 'client.ts']) {
    expect(readFileSync(join(cwd, 'src/generated/features', file), 'utf8')).toBe(
      readFileSync(join(REPO_ROOT, 'test/typescript/golden/features', file), 'utf8'),
    );
  }
});
