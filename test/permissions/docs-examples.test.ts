/**
 * The permission examples of the README and docs/security.md read, as written, against the
 * example model (model/model.bal): a user who copies one gets a working block.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readPermissions } from '../../src/permissions/read-permissions.js';
import { compileModelFile, REPO_ROOT } from '../support/models.js';

const model = compileModelFile(join(REPO_ROOT, 'model/model.bal'));

/** The `persist.permissions` of every YAML block of `file` that has one. */
function permissionBlocks(file: string): unknown[] {
  const text = readFileSync(join(REPO_ROOT, file), 'utf8');
  return text
    .split('```yaml')
    .slice(1)
    .map((block) => parse(block.split('```')[0]!.replace(/\$\{[A-Z_]+\}/g, 'a-value-of-the-environment-of-40-bytes!!')) as unknown)
    .map((doc) => (doc as { persist?: { permissions?: unknown } } | null)?.persist?.permissions)
    .filter((p) => p !== undefined);
}

describe('the documented permission examples', () => {
  for (const file of ['README.md', 'docs/security.md']) {
    it(`${file}: every permissions block reads against the example model`, () => {
      const blocks = permissionBlocks(file);
      expect(blocks.length).toBeGreaterThan(0);
      for (const block of blocks)
        expect([...readPermissions(block, model, file).roles.keys()].sort()).toEqual(['anonymous', 'employee', 'manager']);
    });
  }
});
