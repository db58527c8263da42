/**
 * The request limits of SPEC §4 (`persist.limits` in codegen.yml): what each bounds and its
 * default. The defaults let every query of the README, the docs, the tests and the benchmark
 * through (test/graphql/limits-examples.test.ts measures them) and refuse the attacks of issue 9.
 */

/** The limits a server enforces on every request, before compiling or running anything. */
export interface Limits {
  /** Deepest nesting of fields in an operation, leaves included (`{ a { b } }` is 2). */
  depth: number;
  /** Aliased fields in an operation, fragments expanded. */
  aliases: number;
  /**
   * Estimated objects (rows) an operation may return: each list field counts its `limit` (or
   * `first`/`last`), else `defaultLimit`, else `assumedListSize`, multiplied down the nesting;
   * root fields and aliases add up.
   */
  cost: number;
  /** What a list field without a `limit` counts for in `cost`. */
  assumedListSize: number;
  /** The largest `limit` (`first`, `last`) a list field may be given. */
  maxLimit: number;
  /** When set, the `limit` of every list field given none. */
  defaultLimit?: number;
  /** The most rows one bulk write (by filter) may touch. */
  maxAffectedRows: number;
  /** The largest request body, in bytes (HTTP 413 above it). */
  bodyBytes: number;
  /** The largest GraphQL document (query text), in bytes. */
  documentBytes: number;
  /** The longest a request may run; then it answers REQUEST_TIMEOUT and starts no new datastore call. */
  timeoutMs: number;
}

/** The defaults, chosen so that every documented and benchmarked query passes with room to spare. */
export const DEFAULT_LIMITS: Readonly<Limits> = {
  depth: 12,
  aliases: 30,
  cost: 100_000,
  assumedListSize: 20,
  maxLimit: 1_000,
  maxAffectedRows: 10_000,
  bodyBytes: 1_048_576,
  documentBytes: 102_400,
  timeoutMs: 10_000,
};

/** The keys of `persist.limits`, in documentation order. */
export const LIMIT_KEYS = [
  'depth',
  'aliases',
  'cost',
  'assumedListSize',
  'maxLimit',
  'defaultLimit',
  'maxAffectedRows',
  'bodyBytes',
  'documentBytes',
  'timeoutMs',
] as const satisfies readonly (keyof Limits)[];

/**
 * Tokens the GraphQL parser reads before giving up (graphql-js `maxTokens`). Not configurable:
 * `documentBytes` is the user's knob; this bounds the work of the largest document it admits
 * (a 100 KB document of one-letter fields is ~50,000 tokens) at about 20 ms of parsing.
 */
export const MAX_TOKENS = 60_000;

/**
 * How deep brackets (`{`, `[`) may nest in a document or in the variables, checked before
 * anything recursive (the parser, validation, graphql-jit, value coercion) sees them: deep
 * enough for any selection within `depth` plus nested filters, shallow enough for every
 * recursive step after it to stay far from the stack's end.
 */
export function maxNesting(limits: Pick<Limits, 'depth'>): number {
  return Math.max(100, 2 * limits.depth);
}
