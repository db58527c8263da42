/**
 * The generated TypeScript, byte for byte: golden files per model (review them by eye; rewrite
 * with UPDATE_GOLDEN=1), the committed `src/generated/store/` equal to them, and two runs equal.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateTypeScript } from '../../src/codegen/typescript/index.js';
import { compileModel } from '../../src/model/index.js';
import { MODULES, REPO_ROOT, rainier } from './models.js';

const GOLDEN = join(REPO_ROOT, 'test/typescript/golden');
const update = process.env.UPDATE_GOLDEN === '1';

describe.each(MODULES)('generated TypeScript of $module', ({ module, model, source }) => {
  const files = generateTypeScript(model, { module });

  it('writes types.ts and client.ts', () => {
    expect(files.map((f) => f.path)).toEqual(['types.ts', 'client.ts']);
  });

  it.each(files.map((f) => [f.path, f.contents] as const))('%s matches its golden file', (path, contents) => {
    const golden = join(GOLDEN, module, path);
    if (update) {
      mkdirSync(join(GOLDEN, module), { recursive: true });
      writeFileSync(golden, contents);
    }
    expect(existsSync(golden), `${golden} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
    expect(contents).toBe(readFileSync(golden, 'utf8'));
  });

  it('is byte-stable: a second run from a freshly compiled model gives the same bytes', () => {
    const again = compileModel(readFileSync(join(REPO_ROOT, source), 'utf8')).model!;
    const second = generateTypeScript(again, { module });
    expect(second.map((f) => Buffer.from(f.contents))).toEqual(files.map((f) => Buffer.from(f.contents)));
  });
});

describe('src/generated/store', () => {
  it.each(['types.ts', 'client.ts'])('%s is the current generator output (run `persist generate`)', (path) => {
    const file = join(REPO_ROOT, 'src/generated/store', path);
    const expected = generateTypeScript(rainier, { module: 'store' }).find((f) => f.path === path)!.contents;
    if (update) {
      mkdirSync(join(REPO_ROOT, 'src/generated/store'), { recursive: true });
      writeFileSync(file, expected);
    }
    expect(readFileSync(file, 'utf8')).toBe(expected);
  });
});
