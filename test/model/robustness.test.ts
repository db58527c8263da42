/**
 * Robustness: thousands of random token edits (delete, duplicate, swap) of valid models never make
 * the compiler throw, every failed compile says why (≥1 diagnostic, each within the text), and a
 * successful one has no diagnostics.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileModel, formatDiagnostic, isError } from '../../src/model/index.js';
import { tokenize } from '../../src/model/lexer.js';
// A seeded PRNG, so that a failure reproduces.
import { mulberry32 as prng } from '../support/mulberry32.js';

const fixtures = join(import.meta.dirname, 'fixtures');
const sources = readdirSync(fixtures)
  .filter((d) => d.startsWith('valid-'))
  .sort()
  .map((d) => readFileSync(join(fixtures, d, 'model.bal'), 'utf8'))
  .filter((text) => tokenize(text).tokens.length > 10);

/** Applies `count` random token edits; returns the new text and a description for failure messages. */
function mutate(text: string, random: () => number, count: number): { text: string; edits: string[] } {
  let current = text;
  const edits: string[] = [];
  for (let n = 0; n < count; n++) {
    const tokens = tokenize(current).tokens.filter((t) => t.kind !== 'eof');
    if (tokens.length < 2) break;
    const i = Math.floor(random() * tokens.length);
    const t = tokens[i]!;
    const kind = Math.floor(random() * 3);
    if (kind === 0) {
      current = current.slice(0, t.span.offset) + current.slice(t.span.endOffset);
      edits.push(`delete ${JSON.stringify(t.text)}@${t.span.offset}`);
    } else if (kind === 1) {
      current = current.slice(0, t.span.endOffset) + ' ' + t.text + current.slice(t.span.endOffset);
      edits.push(`duplicate ${JSON.stringify(t.text)}@${t.span.offset}`);
    } else {
      const j = Math.floor(random() * tokens.length);
      const [a, b] = i < j ? [t, tokens[j]!] : [tokens[j]!, t];
      if (a === b) continue;
      current =
        current.slice(0, a.span.offset) +
        b.text +
        current.slice(a.span.endOffset, b.span.offset) +
        a.text +
        current.slice(b.span.endOffset);
      edits.push(`swap ${JSON.stringify(a.text)}@${a.span.offset} ${JSON.stringify(b.text)}@${b.span.offset}`);
    }
  }
  return { text: current, edits };
}

describe('robustness under random edits', () => {
  it('has valid models to mutate', () => {
    expect(sources.length).toBeGreaterThanOrEqual(10);
    for (const text of sources) expect(compileModel(text).diagnostics.filter(isError)).toEqual([]);
  });

  it('never throws on 3,000 mutated models and always explains a failure', () => {
    const random = prng(20260211);
    let failed = 0;
    for (let run = 0; run < 3000; run++) {
      const source = sources[run % sources.length]!;
      const { text, edits } = mutate(source, random, 1 + Math.floor(random() * 3));
      const context = `run ${run}: ${edits.join(', ')}`;
      let result: ReturnType<typeof compileModel>;
      try {
        result = compileModel(text);
      } catch (e) {
        throw new Error(`compileModel threw (${context}): ${String(e)}`);
      }
      if (result.model === undefined) {
        failed++;
        expect(result.diagnostics.length, context).toBeGreaterThan(0);
      } else {
        expect(result.diagnostics.filter(isError), context).toEqual([]);
      }
      for (const d of result.diagnostics) {
        expect(d.code, context).toMatch(/^PERSIST_\d{3}$/);
        expect(d.span.offset, context).toBeGreaterThanOrEqual(0);
        expect(d.span.endOffset, context).toBeLessThanOrEqual(text.length + 1);
        expect(d.span.line, context).toBeGreaterThanOrEqual(1);
        expect(() => formatDiagnostic(d, text, 'model.bal')).not.toThrow();
      }
    }
    // Most edits break a model; if none did, the mutation is not doing its job.
    expect(failed).toBeGreaterThan(1500);
    // 3,000 compilations take ~2 s alone, and several times that on a loaded 2-core machine.
  }, 30_000);

  it('never throws on arbitrary text', () => {
    const random = prng(7);
    const alphabet = [
      'type',
      'record',
      '{|',
      '|}',
      '{',
      '}',
      ';',
      'readonly',
      'int',
      'string',
      'A',
      'B',
      '[]',
      '?',
      '@sql:Name',
      '"x"',
      'enum',
      ',',
      '=',
      '\n',
      ' ',
      "'",
      '"',
      '#',
      '//',
      '*',
      '...',
      '(',
      ')',
      'import',
      'ballerina/persist',
      'as',
      '_',
      ':',
      '$',
      '\u00e9',
    ];
    for (let run = 0; run < 500; run++) {
      const length = Math.floor(random() * 60);
      const text = Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]!).join(' ');
      const result = compileModel(text);
      expect(result.model === undefined ? result.diagnostics.some(isError) : !result.diagnostics.some(isError), text).toBe(true);
    }
  });
});
