/**
 * The package tarball ships what users run (the build's JavaScript and declarations, the README,
 * package.json): no sources, tests, benchmarks, source maps or examples. `npm pack --dry-run`.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/models.js';

describe('the npm package', () => {
  it('holds the build and nothing of the repository around it', () => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const report = JSON.parse(
      execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO_ROOT, encoding: 'utf8' }),
    ) as {
      files: { path: string }[];
    }[];
    const files = report[0]!.files.map((f) => f.path);
    for (const needed of [
      'package.json',
      'README.md',
      'dist/cli/main.js',
      'dist/server/embed.js',
      'dist/server/embed.d.ts',
      'dist/client/index.js',
    ])
      expect(files).toContain(needed);
    const stray = files.filter((f) => !/^dist\/.*\.(js|d\.ts)$/.test(f) && !['package.json', 'README.md', 'LICENSE'].includes(f));
    expect(stray).toEqual([]);
    expect(files.filter((f) => /\.test\.|\.map$|^(src|test|bench|examples)\//.test(f))).toEqual([]);
  });
});
