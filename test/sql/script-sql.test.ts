/**
 * script.sql golden files, compared byte for byte: rainier, the feature model, the annotation
 * model (test/models/annotations.bal) and the model layer's annotation fixtures. To accept a deliberate
 * change, run with UPDATE_GOLDEN=1 and review the diff.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ModelIR } from '../../src/model/index.js';
import { generateFiles } from '../../src/codegen/index.js';
import { generateScriptSql, tableDefinitions } from '../../src/codegen/sql/index.js';
import { compileModelFile, MODEL_FILES, REPO_ROOT as ROOT } from '../support/models.js';

const CASES: Record<string, string> = {
  rainier: MODEL_FILES.rainier,
  features: MODEL_FILES.features,
  annotations: MODEL_FILES.annotations,
  constraints: MODEL_FILES.constraints,
  'annotation-index': 'test/model/fixtures/valid-annotation-index/model.bal',
  'annotation-column-types': 'test/model/fixtures/valid-annotation-column-types/model.bal',
  'annotation-generated': 'test/model/fixtures/valid-annotation-generated/model.bal',
  'annotation-name': 'test/model/fixtures/valid-annotation-name/model.bal',
  'annotation-relation': 'test/model/fixtures/valid-annotation-relation/model.bal',
  'one-to-one': 'test/model/fixtures/valid-one-to-one/model.bal',
  'declared-foreign-keys': 'test/model/fixtures/valid-declared-foreign-keys/model.bal',
  'declared-foreign-keys-nullable-and-shared': 'test/model/fixtures/valid-declared-foreign-keys-nullable-and-shared/model.bal',
};

function compile(path: string): ModelIR {
  return compileModelFile(ROOT + path);
}

/** The example's golden file is the committed output of `persist generate` itself. */
function goldenPath(name: string): string {
  return name === 'rainier' ? `${ROOT}src/generated/store/script.sql` : `${ROOT}test/sql/golden/${name}.sql`;
}

describe('script.sql', () => {
  for (const [name, path] of Object.entries(CASES)) {
    it(`matches the golden file for ${name}`, () => {
      const actual = generateScriptSql(compile(path));
      const golden = goldenPath(name);
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, actual);
      expect(existsSync(golden), `missing golden file ${golden} (run with UPDATE_GOLDEN=1)`).toBe(true);
      expect(actual).toBe(readFileSync(golden, 'utf8'));
    });
  }

  it('is one of the files persist generate writes, byte-stable between runs', () => {
    const model = compile(CASES.rainier!);
    const first = generateFiles(model, { module: 'store' }).find((f) => f.path === 'script.sql');
    const second = generateFiles(compile(CASES.rainier!), { module: 'store' }).find((f) => f.path === 'script.sql');
    expect(first?.contents).toBe(readFileSync(goldenPath('rainier'), 'utf8'));
    expect(second?.contents).toBe(first?.contents);
  });

  it('creates every referenced table before the tables that refer to it, and drops in reverse', () => {
    for (const path of Object.values(CASES)) {
      const model = compile(path);
      const order = tableDefinitions(model).map((t) => t.entity);
      for (const r of model.relations) {
        if (r.owner.entity === r.referenced.entity) continue;
        expect(order.indexOf(r.referenced.entity), `${r.id} in ${path}`).toBeLessThan(order.indexOf(r.owner.entity));
      }
      const text = generateScriptSql(model);
      const drops = [...text.matchAll(/^DROP TABLE IF EXISTS `([^`]+)`;$/gm)].map((m) => m[1]);
      const creates = [...text.matchAll(/^CREATE TABLE `([^`]+)` \($/gm)].map((m) => m[1]);
      expect(drops).toEqual([...creates].reverse());
    }
  });

  it('gives TIME, DATETIME and TIMESTAMP columns microseconds (values keep 6 fractional digits)', () => {
    const text = generateScriptSql(compile(CASES.features!));
    expect(text).toContain('`wakeUp` TIME(6) NOT NULL');
    expect(text).toContain('`createdAt` TIMESTAMP(6) NOT NULL');
    expect(text).toContain('`lastSeen` DATETIME(6) NOT NULL');
    expect(text).not.toMatch(/\b(TIME|DATETIME|TIMESTAMP)\b(?!\()/);
  });
});
