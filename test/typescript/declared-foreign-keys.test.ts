/**
 * Foreign-key fields written out in the model with `@sql:Relation {keys}`, as bal persist types
 * them: a nillable one (`int? tenantId`) holds its key's type, never nil, in the generated types
 * and the GraphQL schema (its column is NOT NULL: test/sql/golden); a field two relations share
 * is one field.
 */
import { describe, expect, it } from 'vitest';
import { generateFiles } from '../../src/codegen/index.js';
import { compileModelFile, REPO_ROOT } from '../support/models.js';

const model = compileModelFile(`${REPO_ROOT}test/model/fixtures/valid-declared-foreign-keys-nullable-and-shared/model.bal`);
const files = new Map(generateFiles(model, { module: 'shops' }).map((f) => [f.path, f.contents]));

/** The body of `export interface Name {…}` in types.ts. */
function tsInterface(name: string): string {
  const text = files.get('types.ts')!;
  const match = new RegExp(`export interface ${name} \\{\\n([\\s\\S]*?)\\n\\}`).exec(text);
  expect(match, `interface ${name}`).not.toBeNull();
  return match![1]!;
}

/** The body of `type Name {…}` (or `type Name implements Node {…}`) in schema.graphql. */
function sdlType(name: string): string {
  const match = new RegExp(`\\ntype ${name}(?: implements Node)? \\{\\n([\\s\\S]*?)\\n\\}`).exec(files.get('schema.graphql')!);
  expect(match, `type ${name}`).not.toBeNull();
  return match![1]!;
}

describe('declared foreign keys', () => {
  it('types a nillable declared foreign key as its key, not null', () => {
    const shop = tsInterface('Shop');
    expect(shop).toMatch(/^\s*tenantId: number;$/m);
    expect(shop).not.toMatch(/tenantId\??: number \| null/);
    expect(sdlType('Shop')).toMatch(/^\s*tenantId: Int!$/m);
  });

  it('has one field for a key field two relations share, and ignores @sql:Relation on a simple field', () => {
    const shop = tsInterface('Shop');
    expect(shop.match(/^\s*tenant: string;$/gm)).toHaveLength(1);
    expect(shop).toMatch(/^\s*name: string;$/m);
    expect(model.relations.filter((r) => r.foreignKeys.some((fk) => fk.field === 'tenant')).map((r) => r.id)).toEqual([
      'Shop.owner',
      'Shop.warehouse',
    ]);
  });
});
