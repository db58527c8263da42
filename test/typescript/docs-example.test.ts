/**
 * The application example of docs/client.md really works: it compiles under the strict settings
 * of test/typescript/tsconfig.json, and running it (over the repository's codegen.yml: inmemory)
 * prints exactly what the document says it prints.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import ts from 'typescript';
import { expect, it, vi } from 'vitest';
import { REPO_ROOT } from '../support/models.js';

vi.mock('persist/runtime', () => import('../../src/client/index.js'));

const doc = readFileSync(join(REPO_ROOT, 'docs/client.md'), 'utf8');
const blocks = [...doc.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], code: m[2]! }));
const example = blocks.find((b) => b.lang === 'ts')!.code;
const printed = blocks[blocks.indexOf(blocks.find((b) => b.lang === 'ts')!) + 1]!.code;

// The example imports the client as an application in this repository's src/ would.
const file = join(mkdtempSync(join(tmpdir(), 'persist-doc-')), 'app.mts');
writeFileSync(file, example.replace("'./generated/store/client.js'", `'${join(REPO_ROOT, 'src/generated/store/client.js')}'`));

it('compiles under tsc --strict', () => {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(REPO_ROOT, 'test/typescript/tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: () => undefined,
    },
  )!;
  const program = ts.createProgram({ rootNames: [file], options: config.options });
  const errors = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  expect(errors).toEqual([]);
}, 120_000);

it('prints what the document says', async () => {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(format(...args)));
  try {
    await import(file);
  } finally {
    log.mockRestore();
  }
  expect(`${lines.join('\n')}\n`).toBe(printed);
});
