/**
 * Generated code imports `persist/runtime`. Inside this repository that is Node's package
 * self-reference: package.json `exports` must send it to the build of src/client/index.ts.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/models.js';

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string; exports: Record<string, unknown> };
const tsconfig = JSON.parse(readFileSync(join(REPO_ROOT, 'tsconfig.json'), 'utf8')) as {
  compilerOptions: { outDir: string; rootDir: string };
};

/** Where tsc writes a source file of src/, per tsconfig.json. */
function built(source: string, ext: string): string {
  const { outDir, rootDir } = tsconfig.compilerOptions;
  return `./${join(outDir, source.slice(rootDir.length + 1)).replace(/\.ts$/, ext)}`;
}

describe('the persist/runtime export', () => {
  it('points at the build of src/client/index.ts, with its declarations', () => {
    expect(pkg.name).toBe('persist');
    const target = { types: built('src/client/index.ts', '.d.ts'), default: built('src/client/index.ts', '.js') };
    expect(pkg.exports['./runtime']).toEqual(target);
    expect(pkg.exports['.']).toEqual(target);
  });

  it('resolves through Node self-reference from inside the repository', () => {
    const resolved = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', "process.stdout.write(import.meta.resolve('persist/runtime'))"],
      {
        cwd: join(REPO_ROOT, 'src/generated/store'),
        encoding: 'utf8',
      },
    );
    expect(resolved).toBe(`file://${join(REPO_ROOT, 'dist/client/index.js')}`);
  });

  it('is what the generated code imports', () => {
    for (const file of ['types.ts', 'client.ts']) {
      expect(readFileSync(join(REPO_ROOT, 'src/generated/store', file), 'utf8')).toMatch(/from 'persist\/runtime';/);
    }
  });
});
