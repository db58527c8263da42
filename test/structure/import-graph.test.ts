/**
 * The import graph of `src`: no import circle (type-only imports and re-exports included, since
 * they tie files together for a reader as much as value imports do), and the layers of
 * docs/architecture.md import one way. The imports are read with TypeScript's own pre-processor,
 * which lists every import, export-from and dynamic import of a file without compiling it.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SRC = join(ROOT, 'src');

/** A file of src (path relative to the repository, `src/graphql/index.ts`) and what it imports. */
interface SourceFile {
  path: string;
  /** Files of src it imports, resolved. */
  local: string[];
  /** Package specifiers it imports (`graphql`, `mysql2/promise`, `node:fs`). */
  packages: string[];
  /** Relative specifiers that name no file of src. */
  unresolved: string[];
}

function readSources(): Map<string, SourceFile> {
  const files = new Map<string, SourceFile>();
  const paths = readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((p) => p.endsWith('.ts'))
    .map((p) => join(SRC, p));
  for (const absolute of paths) {
    const path = relative(ROOT, absolute);
    const file: SourceFile = { path, local: [], packages: [], unresolved: [] };
    const { importedFiles } = ts.preProcessFile(readFileSync(absolute, 'utf8'), true, true);
    for (const { fileName: specifier } of importedFiles) {
      if (!specifier.startsWith('.')) {
        file.packages.push(specifier);
        continue;
      }
      // ES module specifiers name the emitted .js file of a .ts source.
      const target = resolve(dirname(absolute), specifier.replace(/\.js$/, '.ts'));
      if (existsSync(target)) file.local.push(relative(ROOT, target));
      else file.unresolved.push(specifier);
    }
    files.set(path, file);
  }
  return files;
}

/**
 * Every import circle of `graph` (file → files it imports), one per strongly connected component,
 * each written as the files met along it, the first repeated at the end.
 */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  // Tarjan's algorithm: components of more than one file, or of a file importing itself, are circles.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) components.push(component);
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  // One concrete circle per component: a shortest way back to its first file, within the component.
  return components.map((component) => {
    const members = new Set(component);
    const start = [...component].sort()[0]!;
    const previous = new Map<string, string>();
    const queue = [start];
    for (let i = 0; i < queue.length; i++) {
      const v = queue[i]!;
      for (const w of graph.get(v) ?? []) {
        if (!members.has(w)) continue;
        if (w === start) {
          const path = [v];
          while (path[0] !== start) path.unshift(previous.get(path[0]!)!);
          return [...path, start];
        }
        if (!previous.has(w)) {
          previous.set(w, v);
          queue.push(w);
        }
      }
    }
    return [start, start];
  });
}

/** The layer of a file: its folder under src (`graphql`), or `src` for the files at the top. */
function layerOf(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts.length > 2 ? parts[1]! : 'src';
}

const sources = readSources();

describe('the import graph of src', () => {
  it('finds the circles of a graph (the check below can fail)', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
      ['e', ['e']],
    ]);
    expect(findCycles(graph)).toEqual([
      ['a', 'b', 'c', 'a'],
      ['e', 'e'],
    ]);
    expect(findCycles(new Map([['a', ['b']]]))).toEqual([]);
  });

  it('reads every source file and resolves every relative import', () => {
    expect(sources.size).toBeGreaterThan(100);
    expect(sources.get('src/graphql/index.ts')?.local).toContain('src/graphql/build-schema.ts');
    const unresolved = [...sources.values()].flatMap((f) => f.unresolved.map((s) => `${f.path}: ${s}`));
    expect(unresolved).toEqual([]);
  });

  it('has no import circle, type-only imports included', () => {
    const graph = new Map([...sources.values()].map((f) => [f.path, f.local]));
    const circles = findCycles(graph).map((cycle) => cycle.join(' → '));
    expect(circles, `import circles:\n${circles.join('\n')}`).toEqual([]);
  });

  it('imports the layers one way', () => {
    // What each layer must never import (docs/architecture.md); the top-level files (errors.ts) import no layer.
    const forbidden: Record<string, readonly string[]> = {
      src: ['model', 'codegen', 'datastore', 'permissions', 'graphql', 'server', 'cli', 'client', 'config', 'generated'],
      model: ['codegen', 'datastore', 'permissions', 'graphql', 'server', 'cli', 'client', 'config', 'generated'],
      datastore: ['permissions', 'graphql', 'server', 'cli', 'client'],
      codegen: ['permissions', 'graphql', 'server', 'cli', 'client'],
      permissions: ['graphql', 'server', 'cli', 'client', 'config'],
      graphql: ['server', 'cli'],
    };
    const wrong: string[] = [];
    for (const file of sources.values()) {
      const banned = forbidden[layerOf(file.path)] ?? [];
      for (const target of file.local) if (banned.includes(layerOf(target))) wrong.push(`${file.path} imports ${target}`);
    }
    expect(wrong).toEqual([]);
  });

  it('imports mysql2 only in src/datastore/mysql', () => {
    const users = [...sources.values()].filter((f) => f.packages.some((p) => p === 'mysql2' || p.startsWith('mysql2/'))).map((f) => f.path);
    expect(users.length).toBeGreaterThan(0);
    expect(users.filter((p) => !p.startsWith(join('src', 'datastore', 'mysql') + '/'))).toEqual([]);
  });

  it("imports Google's clients only in src/datastore/googlesheets", () => {
    const google = (p: string): boolean => p === 'google-auth-library' || p === '@googleapis/sheets' || p.startsWith('googleapis');
    const users = [...sources.values()].filter((f) => f.packages.some(google)).map((f) => f.path);
    expect(users.length).toBeGreaterThan(0);
    expect(users.filter((p) => !p.startsWith(join('src', 'datastore', 'googlesheets') + '/'))).toEqual([]);
  });
});
