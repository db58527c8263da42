/**
 * GraphQL Code Generator itself (@graphql-codegen/cli with the client preset, as devDependencies)
 * over a `persist init` project: `npx graphql-codegen` reads the same codegen.yml as Persist,
 * exits 0, and types the operations with Persist's scalars as strings (never `unknown`); the
 * output compiles under `tsc --strict` beside code that uses it.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { REPO_ROOT } from '../support/models.js';

const run = promisify(execFile);
const CODEGEN_BIN = join(REPO_ROOT, 'node_modules/@graphql-codegen/cli/cjs/bin.js');

let dir: string;
let codegen: { stdout: string; stderr: string };

async function persist(...argv: string[]): Promise<number> {
  const err: string[] = [];
  const code = await main(argv, { cwd: dir, stdout: () => {}, stderr: (l) => err.push(l) });
  if (code !== 0) throw new Error(`persist ${argv.join(' ')}: ${err.join('\n')}`);
  return code;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'persist-codegen-'));
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  await persist('init');
  await persist('generate');
  mkdirSync(join(dir, 'src', 'app'), { recursive: true });
  writeFileSync(
    join(dir, 'src/app/posts.graphql'),
    'query Posts($status: Status) {\n  posts(where: { status: { eq: $status } }) { id title publishedOn status author { name email } }\n}\n' +
      'mutation PublishOn($id: Int!, $on: Date!) {\n  updatePost(id: $id, data: { publishedOn: $on }) { id publishedOn }\n}\n',
  );
  codegen = await run(process.execPath, [CODEGEN_BIN, '--silent'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
}, 120_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('npx graphql-codegen in a persist init project', () => {
  it('reads codegen.yml beside the persist: block and exits 0', () => {
    // execFile rejects on a non-zero exit: reaching here is exit 0.
    expect(codegen.stderr).not.toMatch(/error/i);
    expect(readFileSync(join(dir, 'src/gql/graphql.ts'), 'utf8')).toContain('PostsDocument');
  });

  it('types the operations with the custom scalars as strings, nowhere unknown', () => {
    const out = readFileSync(join(dir, 'src/gql/graphql.ts'), 'utf8');
    const query = out.split('\n').find((l) => l.startsWith('export type PostsQuery ='))!;
    expect(query).toContain('publishedOn: string');
    expect(query).toContain('email: string | null');
    expect(query).not.toContain('unknown');
    expect(out).toMatch(/export type PublishOnMutationVariables = Exact<\{\s*id: number;\s*on: string;\s*\}>;/);
    expect(out).toMatch(/export type Status =\s*\| 'DRAFT'\s*\| 'PUBLISHED';/);
  });

  it('compiles under tsc --strict with code that uses the operation types', () => {
    const use = join(dir, 'src/app/use.ts');
    writeFileSync(
      use,
      "import { PostsDocument, type PostsQuery, type PublishOnMutationVariables } from '../gql/graphql';\n" +
        "import type { ResultOf } from '@graphql-typed-document-node/core';\n" +
        'export const first = (q: PostsQuery): string | undefined => q.posts[0]?.publishedOn.slice(0, 4);\n' +
        "export const vars: PublishOnMutationVariables = { id: 1, on: '2024-02-29' };\n" +
        'export type Same = ResultOf<typeof PostsDocument> extends PostsQuery ? true : never;\n' +
        'export const yes: Same = true;\n' +
        '// @ts-expect-error a Date is a string, not a number\n' +
        'export const bad: PublishOnMutationVariables = { id: 1, on: 20240229 };\n',
    );
    const program = ts.createProgram({
      rootNames: [use, join(dir, 'src/gql/index.ts')],
      options: {
        strict: true,
        noEmit: true,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        target: ts.ScriptTarget.ES2022,
        skipLibCheck: true,
      },
    });
    const errors = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(errors).toEqual([]);
  }, 120_000);
});
