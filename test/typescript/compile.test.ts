/**
 * Runs the TypeScript compiler (strict, no emit) over the generated code of every model and the
 * type-level tests in types/: zero errors allowed. A negative control proves that the type tests
 * can fail: each line of types/control.types.ts marked FAILS must be reported, and nothing else.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/models.js';

const CONFIG = join(REPO_ROOT, 'test/typescript/tsconfig.json');
const CONTROL = join(REPO_ROOT, 'test/typescript/types/control.types.ts');

interface Reported {
  file: string;
  line: number;
  text: string;
}

function compile(extraFiles: string[]): { options: ts.CompilerOptions; files: string[]; errors: Reported[] } {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    CONFIG,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!parsed) throw new Error(`cannot read ${CONFIG}`);
  const files = [...parsed.fileNames, ...extraFiles];
  const program = ts.createProgram({ rootNames: files, options: parsed.options });
  const errors = ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    return {
      file: d.file ? relative(REPO_ROOT, d.file.fileName) : '(global)',
      line: where ? where.line + 1 : 0,
      text: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
    };
  });
  return { options: parsed.options, files: files.map((f) => relative(REPO_ROOT, f)), errors };
}

describe('tsc --strict --noEmit over the generated code and the type tests', () => {
  let result: ReturnType<typeof compile>;
  beforeAll(() => {
    result = compile([CONTROL]);
  }, 180_000);

  it('checks strictly, without emitting', () => {
    expect(result.options.strict).toBe(true);
    expect(result.options.noEmit).toBe(true);
  });

  it('covers the generated code of every model and the type tests', () => {
    expect(result.files).toEqual(
      expect.arrayContaining([
        'src/generated/store/types.ts',
        'src/generated/store/client.ts',
        'src/generated/store/cache-config.ts',
        'test/typescript/golden/features/cache-config.ts',
        'test/typescript/golden/features/client.ts',
        'test/typescript/golden/ledger/client.ts',
        'test/typescript/types/select-result.types.ts',
        'test/typescript/types/inputs.types.ts',
        'test/typescript/types/aggregate.types.ts',
        'test/typescript/types/pages.types.ts',
        'test/typescript/types/writes.types.ts',
      ]),
    );
  });

  it('reports no error outside the negative control', () => {
    const errors = result.errors.filter((e) => e.file !== relative(REPO_ROOT, CONTROL));
    expect(errors.map((e) => `${e.file}:${e.line}: ${e.text}`)).toEqual([]);
  });

  it('reports an error on every FAILS line of the negative control, and only there', () => {
    const expected = readFileSync(CONTROL, 'utf8')
      .split('\n')
      .flatMap((text, i) => (text.includes('FAILS') && !text.trimStart().startsWith('*') ? [i + 1] : []));
    expect(expected.length).toBe(4);
    const lines = [...new Set(result.errors.filter((e) => e.file === relative(REPO_ROOT, CONTROL)).map((e) => e.line))];
    expect(lines.sort((a, b) => a - b)).toEqual(expected);
  });
});
