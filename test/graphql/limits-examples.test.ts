/**
 * The default limits let every documented and benchmarked query through: each GraphQL block and
 * inline query of README.md and docs/*.md, the benchmark's Q1–Q3 and M1, and GraphiQL's
 * introspection query, measured by the same checks the server runs. (The conformance suites run
 * with the default limits too, through createServer.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getIntrospectionQuery, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildGraphqlSchema } from '../../src/graphql/build-schema.js';
import { DEFAULT_LIMITS, LimitsChecker, measureOperations, SchemaSizes } from '../../src/graphql/limits/index.js';
import { M1, m1Rows, Q1, Q2, Q3 } from '../../bench/queries.js';
import { loadModel } from '../support/models.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const schema = buildGraphqlSchema(loadModel('rainier'));
const checker = new LimitsChecker(schema, DEFAULT_LIMITS);

/** The GraphQL of a markdown file: ```graphql blocks, and inline code that parses as a query or mutation. */
function documentedQueries(file: string): string[] {
  const text = readFileSync(`${ROOT}${file}`, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/```graphql\n([\s\S]*?)```/g)) out.push(m[1]!);
  for (const m of text.matchAll(/`((?:\{|query |mutation )[^`]*\})`/g)) {
    try {
      parse(m[1]!);
      out.push(m[1]!);
    } catch {
      // Inline code that is no GraphQL (`{query, variables, operationName}`).
    }
  }
  return out;
}

const markdown = ['README.md', ...readdirSync(`${ROOT}docs`).map((f) => `docs/${f}`)];
const examples: [string, string, Record<string, unknown> | undefined][] = [
  ['bench Q1', Q1, undefined],
  ['bench Q2', Q2, undefined],
  ['bench Q3', Q3, undefined],
  ['bench M1', M1, { data: m1Rows('O1') }],
  ['GraphiQL introspection', getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, inputValueDeprecation: true }), undefined],
  ...markdown.flatMap((file) => documentedQueries(file).map((q, i): [string, string, undefined] => [`${file} #${i + 1}`, q, undefined])),
];

describe('the default limits', () => {
  it('find the documented queries', () => {
    expect(examples.filter(([name]) => name.startsWith('README')).length).toBeGreaterThanOrEqual(2);
    expect(examples.filter(([name]) => name.startsWith('docs/')).length).toBeGreaterThanOrEqual(2);
  });

  it.each(examples)('pass %s', (_name, text, variables) => {
    const document = checker.parse(text);
    expect(checker.checkDocument(document)).toEqual([]);
    expect(checker.checkVariables(document, variables)).toEqual([]);
    // With room to spare: at most half of each limit (the introspection query's depth aside).
    const sizes = new SchemaSizes(schema);
    for (const m of measureOperations(sizes, document, DEFAULT_LIMITS, variables).values()) {
      expect(m.cost).toBeLessThanOrEqual(DEFAULT_LIMITS.cost / 2);
      expect(m.aliases).toBeLessThanOrEqual(DEFAULT_LIMITS.aliases / 2);
      expect(m.maxLimit).toBeLessThanOrEqual(DEFAULT_LIMITS.maxLimit / 2);
    }
  });
});
