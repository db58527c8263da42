/**
 * The generated SDL, byte for byte, for both test models. `UPDATE_GOLDEN=1` rewrites the files.
 * The example's golden file is the committed output of `persist generate` itself.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { generateGraphqlSdl } from '../../src/codegen/graphql/schema-sdl.js';
import { entityNames, pluralName } from '../../src/codegen/graphql/graphql-names.js';
import { compileModelFile, loadModel, modelPath } from '../support/models.js';

const golden = (name: string): URL =>
  name === 'rainier'
    ? new URL('../../src/generated/store/schema.graphql', import.meta.url)
    : new URL(`./golden/${name}.graphql`, import.meta.url);

describe('GraphQL SDL', () => {
  for (const name of ['rainier', 'features', 'constraints'] as const) {
    it(`matches the golden file for ${name}`, () => {
      const sdl = generateGraphqlSdl(loadModel(name));
      if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(golden(name), sdl);
      expect(sdl).toBe(readFileSync(golden(name), 'utf8'));
      // And it is a valid schema.
      expect(() => buildSchema(sdl)).not.toThrow();
    });

    it(`is stable between runs for ${name}`, () => {
      expect(generateGraphqlSdl(compileModelFile(modelPath(name)))).toBe(generateGraphqlSdl(loadModel(name)));
    });
  }

  it('pluralizes with English rules, inflecting only the last word', () => {
    expect(pluralName('Company')).toBe('companies');
    expect(pluralName('Address')).toBe('addresses');
    expect(pluralName('OrderItem')).toBe('orderItems');
    expect(pluralName('Person')).toBe('people');
    expect(pluralName('HTTPRequest')).toBe('hTTPRequests');
  });

  it('keeps uncountable names apart: the list field gets a List suffix', () => {
    const n = entityNames('Sheep');
    expect([n.list, n.byKey, n.create, n.update, n.delete]).toEqual(['sheepList', 'sheep', 'createSheep', 'updateSheep', 'deleteSheep']);
  });
});
