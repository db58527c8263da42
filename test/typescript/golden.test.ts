/**
 * The generated TypeScript, byte for byte: golden files per model (review them by eye; rewrite
 * with UPDATE_GOLDEN=1), and two runs equal. The example's golden files are the committed
 * `src/generated/store/` itself, which therefore always is the current generator output.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateTypeScript } from '../../src/codegen/typescript/index.js';
import { generateCacheConfigFile } from '../../src/codegen/typescript/cache-config-ts.js';
import { generateErDiagramFile } from '../../src/codegen/docs/er-diagram.js';
import type { ModelIR } from '../../src/model/index.js';
import { compileModelFile, loadModel, modelPath, REPO_ROOT, type ModelName } from '../support/models.js';

/** The models and the module each is generated as, as the golden directories name them. */
const MODULES: readonly { module: string; name: ModelName }[] = [
  { module: 'store', name: 'rainier' },
  { module: 'features', name: 'features' },
  { module: 'ledger', name: 'ledger' },
  { module: 'constraints', name: 'constraints' },
];

/** Where a module's golden files live: the example's are the committed output of `persist generate`. */
function goldenDir(module: string): string {
  return module === 'store' ? join(REPO_ROOT, 'src/generated/store') : join(REPO_ROOT, 'test/typescript/golden', module);
}
const update = process.env.UPDATE_GOLDEN === '1';

/** The TypeScript files of a module, and its ER diagram. */
function generate(model: ModelIR, module: string) {
  return [
    ...generateTypeScript(model, { module }),
    ...generateCacheConfigFile(model, { module }),
    ...generateErDiagramFile(model, { module }),
  ];
}

describe.each(MODULES)('generated TypeScript of $module', ({ module, name }) => {
  const files = generate(loadModel(name), module);

  it('writes types.ts, client.ts, cache-config.ts and er-diagram.md', () => {
    expect(files.map((f) => f.path)).toEqual(['types.ts', 'client.ts', 'cache-config.ts', 'er-diagram.md']);
  });

  it.each(files.map((f) => [f.path, f.contents] as const))('%s matches its golden file', (path, contents) => {
    const golden = join(goldenDir(module), path);
    if (update) {
      mkdirSync(goldenDir(module), { recursive: true });
      writeFileSync(golden, contents);
    }
    expect(existsSync(golden), `${golden} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
    expect(contents).toBe(readFileSync(golden, 'utf8'));
  });

  it('is byte-stable: a second run from a freshly compiled model gives the same bytes', () => {
    const again = compileModelFile(modelPath(name));
    const second = generate(again, module);
    expect(second.map((f) => Buffer.from(f.contents))).toEqual(files.map((f) => Buffer.from(f.contents)));
  });
});

describe("the README's ER diagram", () => {
  it('is the example model as persist generate draws it', () => {
    const diagram = readFileSync(join(REPO_ROOT, 'src/generated/store/er-diagram.md'), 'utf8');
    const mermaid = diagram.slice(diagram.indexOf('```mermaid'));
    expect(mermaid).toMatch(/^```mermaid\nerDiagram\n[\s\S]*Department \|\|--o\{ Employee : "employees \/ department"\n[\s\S]*```\n$/);
    expect(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')).toContain(mermaid);
  });
});
