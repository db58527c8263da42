/**
 * `#` documentation lines (SPEC §2) become descriptions: in the IR, in the served GraphQL schema
 * (types, fields, enums) and as JSDoc in the generated types.ts.
 */
import { describe, expect, it } from 'vitest';
import { compileModel, type ModelIR } from '../../src/model/index.js';
import { buildGraphqlSchema } from '../../src/graphql/build-schema.js';
import { generateTypesTs } from '../../src/codegen/typescript/types-ts.js';
import { type GraphQLEnumType, type GraphQLObjectType } from 'graphql';

const TEXT = `import ballerina/persist as _;
import ballerinax/persist.sql;
import ballerina/constraint;

# Ways to pay.
enum Method {
    # Paid at the counter.
    CASH,
    CARD
}

# A customer of the shop.
# Customers are never deleted.
# + email - where receipts go
# and order confirmations
@sql:Name {value: "customers"}
type Customer record {|
    readonly int id;
    # The name on the invoice.
    @constraint:String {maxLength: 50}
    string name;
    string? email;

    // not a doc line
    string city; # nor this

    # Every order of the customer.
    Order[] orders;
|};

# Not the doc of Order: a blank line stands between.

type Order record {|
    readonly int id;
    # How it was paid.
    Method method; # a remark after the field, not the next field's doc
    # Who ordered.
    Customer customer;
|};
`;

function compile(): ModelIR {
  const { model, diagnostics } = compileModel(TEXT);
  expect(diagnostics).toEqual([]);
  return model!;
}

describe('documentation lines', () => {
  it('document the definition or field right below them (above its annotations)', () => {
    const model = compile();
    const customer = model.entities[0]!;
    expect(customer.description).toBe('A customer of the shop.\nCustomers are never deleted.');
    const fields = Object.fromEntries(customer.fields.map((f) => [f.name, f.description]));
    expect(fields).toEqual({
      id: undefined,
      name: 'The name on the invoice.',
      email: 'where receipts go and order confirmations',
      city: undefined,
    });
    expect(customer.relationFields[0]!.description).toBe('Every order of the customer.');
    expect(model.entities[1]!.description).toBeUndefined();
    // A field's span starts at a `# …` trailing the previous field: its own lines are still its doc.
    expect(model.entities[1]!.fields.find((f) => f.name === 'method')!.description).toBe('How it was paid.');
    expect(model.entities[1]!.relationFields[0]!.description).toBe('Who ordered.');
    expect(model.enums[0]).toEqual({
      name: 'Method',
      description: 'Ways to pay.',
      members: [
        { name: 'CASH', value: 'CASH', description: 'Paid at the counter.' },
        { name: 'CARD', value: 'CARD' },
      ],
    });
  });

  it('are the GraphQL descriptions of types, fields (also of groups and the field enum), relation fields and enums', () => {
    const schema = buildGraphqlSchema(compile());
    const customer = schema.getType('Customer') as GraphQLObjectType;
    expect(customer.description).toBe('A customer of the shop.\nCustomers are never deleted.');
    expect(customer.getFields()['name']!.description).toMatch(/^The name on the invoice\.\n\nChecked on writes: .*50/);
    expect(customer.getFields()['email']!.description).toBe('where receipts go and order confirmations');
    expect(customer.getFields()['orders']!.description).toBe('Every order of the customer.');
    expect(customer.getFields()['city']!.description).toBeUndefined();
    // The group rows of groupBy and the field enum of upsert and groupBy name the same fields.
    const group = schema.getType('CustomerGroup') as GraphQLObjectType;
    expect(group.getFields()['name']!.description).toBe('The name on the invoice.');
    expect(group.getFields()['city']!.description).toBeUndefined();
    const fieldEnum = schema.getType('CustomerField') as GraphQLEnumType;
    expect(fieldEnum.getValue('email')!.description).toBe('where receipts go and order confirmations');
    expect(fieldEnum.getValue('id')!.description).toBeUndefined();
    const method = schema.getType('Method') as GraphQLEnumType;
    expect(method.description).toBe('Ways to pay.');
    expect(method.getValue('CASH')!.description).toBe('Paid at the counter.');
  });

  it('are the JSDoc of the generated types', () => {
    const ts = generateTypesTs(compile(), 'shop');
    expect(ts).toContain(
      '/**\n * A customer of the shop.\n * Customers are never deleted.\n *\n * The entity type `Customer`: its simple and foreign-key fields; the key is readonly.\n */\nexport interface Customer {',
    );
    expect(ts).toMatch(
      / {2}\/\*\*\n {3}\* The name on the invoice\.\n {3}\*\n {3}\* Checked on writes: .*50.*\n {3}\*\/\n {2}name: string;/,
    );
    expect(ts).toContain('  /** Every order of the customer. */\n  orders?: OrderOptionalized[];');
    expect(ts).toContain('/**\n * Ways to pay.\n *\n * The enum `Method`: its stored values.\n */');
  });
});
