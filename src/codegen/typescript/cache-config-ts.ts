/**
 * ModelIR → `cache-config.ts`: what the normalizing GraphQL client caches need to know of the
 * model, so that they identify every row by its key without hand-written configuration: Apollo
 * Client's `typePolicies` (`keyFields`, both fields of a composite key) and urql Graphcache's
 * `keys`. No import: the file compiles in a project that has neither client.
 */
import type { EntityIR, ModelIR } from '../../model/ir.js';
import type { GeneratedFile, GenerateOptions } from '../generator.js';
import { propertyName, tsString } from './ts-syntax.js';
import { GENERATED_HEADER } from './types-ts.js';

function keyList(entity: EntityIR): string {
  return `[${entity.keyFields.map(tsString).join(', ')}]`;
}

/** The contents of `src/generated/<module>/cache-config.ts`. */
export function generateCacheConfigTs(model: ModelIR): string {
  const lines = [
    GENERATED_HEADER,
    '',
    '/** The key fields of every entity, in key order. */',
    'export const entityKeys = {',
    ...model.entities.map((e) => `  ${propertyName(e.name)}: ${keyList(e)},`),
    '} as const;',
    '',
    '/**',
    ' * Apollo Client: `new InMemoryCache({ typePolicies })` normalizes every entity by its key, so the',
    ' * row a mutation returns updates every list and query that holds it, without a refetch. Select',
    ' * the key fields wherever an entity is selected (Apollo refuses a row without them).',
    ' */',
    'export const typePolicies = {',
    ...model.entities.map((e) => `  ${propertyName(e.name)}: { keyFields: entityKeys.${e.name} },`),
    '};',
    '',
    '/** A row as urql Graphcache hands it to a key function. */',
    'export type GraphcacheData = { readonly [field: string]: unknown };',
    '',
    '/** The cache key of a row: its key value (a JSON array for a composite key); null when a key field was not selected. */',
    'export function cacheKey(data: GraphcacheData, fields: readonly string[]): string | null {',
    '  const values = fields.map((f) => data[f]);',
    '  if (values.some((v) => v === undefined || v === null)) return null;',
    '  return values.length === 1 ? String(values[0]) : JSON.stringify(values);',
    '}',
    '',
    '/** urql Graphcache: `cacheExchange({ keys })` identifies every entity by its key. */',
    'export const keys = {',
    ...model.entities.map(
      (e) => `  ${propertyName(e.name)}: (data: GraphcacheData): string | null => cacheKey(data, entityKeys.${e.name}),`,
    ),
    '};',
    '',
  ];
  return lines.join('\n');
}

/** `cache-config.ts` for the model. */
export function generateCacheConfigFile(model: ModelIR, _options: GenerateOptions): GeneratedFile[] {
  return [{ path: 'cache-config.ts', contents: generateCacheConfigTs(model) }];
}
