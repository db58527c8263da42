/**
 * Golden fixtures: each `fixtures/<case>/model.bal` compiles to `expected.txt`, the IR as pretty
 * JSON when valid (after its warnings, if any), else the formatted diagnostics. `UPDATE_GOLDEN=1` rewrites the expected files
 * (review every change by eye).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileModel, formatDiagnostic, isError } from '../../src/model/index.js';

const root = join(import.meta.dirname, 'fixtures');
const cases = readdirSync(root).sort();
const update = process.env.UPDATE_GOLDEN === '1';

/** What a fixture's expected.txt holds for a model text. */
export function render(text: string): string {
  const { model, diagnostics } = compileModel(text);
  const shown = diagnostics.map((d) => `${formatDiagnostic(d, text, 'model.bal')}\n\n`).join('');
  return model ? `${shown}${JSON.stringify(model, null, 2)}\n` : `${shown.slice(0, -1)}`;
}

describe('model fixtures', () => {
  it('has at least 40 cases, valid and invalid', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(cases.filter((c) => c.startsWith('valid-')).length).toBeGreaterThanOrEqual(15);
  });

  for (const name of cases) {
    it(name, () => {
      const text = readFileSync(join(root, name, 'model.bal'), 'utf8');
      const actual = render(text);
      const expectedPath = join(root, name, 'expected.txt');
      if (update) writeFileSync(expectedPath, actual);
      expect(existsSync(expectedPath), `${expectedPath} is missing: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
      expect(actual).toBe(readFileSync(expectedPath, 'utf8'));
      // The name says which kind of case it is, so that a golden cannot silently flip.
      const { model, diagnostics } = compileModel(text);
      if (name.startsWith('valid-')) expect(diagnostics.filter(isError)).toEqual([]);
      else expect(model).toBeUndefined();
    });
  }
});
