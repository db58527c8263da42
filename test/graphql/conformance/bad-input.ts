/**
 * Every bad request of issue 3 §6: the right `extensions.code`, a message naming the entity, key
 * or field, and the stored data exactly as it was.
 */
import { describe, expect, it } from 'vitest';
import type { ModelIR } from '../../../src/model/ir.js';
import { loadModel } from '../../support/models.js';
import { createHarness, useFeaturesHarness, expectError, expectRejectedUnchanged, type OpenDatastore, type Transport } from './harness.js';

/** A valid CustomerInsert as a variable value (id 20). */
const CUSTOMER_INPUT = {
  id: 20,
  name: 'X',
  age: 1,
  rating: 1,
  balance: '1',
  active: true,
  birthDate: '2000-01-01',
  wakeUp: '08:00:00',
  createdAt: '2024-01-01T00:00:00Z',
  lastSeen: '2024-01-01T00:00:00',
  status: 'ACTIVE',
  type: 't',
};

const CUSTOMER_BASE =
  'name: "X", age: 1, rating: 1, balance: "1", active: true, birthDate: "2000-01-01", wakeUp: "08:00:00", createdAt: "2024-01-01T00:00:00Z", lastSeen: "2024-01-01T00:00:00", status: ACTIVE, type: "t"';

export function describeBadInput(open: OpenDatastore, features: ModelIR, transport: Transport): void {
  describe('bad input', () => {
    const h = useFeaturesHarness(open, features, undefined, transport);

    it('rejects malformed GraphQL', async () => {
      const error = await expectRejectedUnchanged(
        h,
        () => h.gql('mutation { deleteCustomer(id: 1 { id }'),
        'GRAPHQL_PARSE_FAILED',
        'Syntax Error',
      );
      expect(error.message).toMatch(/Expected/);
    });

    it('rejects unknown fields, arguments and input fields, naming them', async () => {
      expectError(await h.gql('{ customers { id shoeSize } }'), 'GRAPHQL_VALIDATION_FAILED', 'shoeSize', 'Customer');
      expectError(await h.gql('{ clients { id } }'), 'GRAPHQL_VALIDATION_FAILED', 'clients');
      expectError(
        await h.gql('{ customers(where: { shoeSize: { eq: 1 } }) { id } }'),
        'GRAPHQL_VALIDATION_FAILED',
        'shoeSize',
        'CustomerWhere',
      );
      await expectRejectedUnchanged(
        h,
        () => h.gql(`mutation { createCustomers(data: [{ id: 20, ${CUSTOMER_BASE}, shoeSize: 9 }]) { id } }`),
        'GRAPHQL_VALIDATION_FAILED',
        'shoeSize',
      );
      await expectRejectedUnchanged(
        h,
        () => h.gql('mutation { updateCustomer(id: 1, data: { id: 5 }) { id } }'),
        'GRAPHQL_VALIDATION_FAILED',
        '"id"',
        'CustomerUpdate',
      );
    });

    it('rejects a date that does not exist, naming the field, in literals and in variables', async () => {
      const literal = await expectRejectedUnchanged(
        h,
        () => h.gql(`mutation { createCustomers(data: [{ id: 20, ${CUSTOMER_BASE.replace('"2000-01-01"', '"2024-02-30"')} }]) { id } }`),
        'BAD_USER_INPUT',
        'birthDate',
        '2024-02-30',
      );
      expect(literal.message).toContain('data[0].birthDate');
      const variable = await expectRejectedUnchanged(
        h,
        () => h.gql('mutation($d: Date) { updateCustomer(id: 1, data: { anniversary: $d }) { id } }', { d: '2023-02-29' }),
        'BAD_USER_INPUT',
        '$d',
        '2023-02-29',
      );
      expect(variable.message).toContain('day 29');
      const nested = await expectRejectedUnchanged(
        h,
        () =>
          h.gql('mutation($d: [CustomerInsert!]!) { createCustomers(data: $d) { id } }', {
            d: [{ ...CUSTOMER_INPUT, birthDate: '2000-13-01' }],
          }),
        'BAD_USER_INPUT',
        'birthDate',
      );
      expect(nested.message).toContain('d[0].birthDate');
      expectError(
        await h.gql('{ customers(where: { birthDate: { eq: "2024-02-30" } }) { id } }'),
        'BAD_USER_INPUT',
        'where.birthDate.eq',
        '2024-02-30',
      );
      expectError(
        await h.gql('{ customers(where: { birthDate: { in: ["2024-01-01", "29/02/2024"] } }) { id } }'),
        'BAD_USER_INPUT',
        'where.birthDate.in[1]',
      );
      // A list where a scalar belongs is reported first; the path of the next bad value stays right.
      const two = await h.gql('mutation { updateCustomer(id: 1, data: { name: ["x"], anniversary: "2024-02-30" }) { id } }');
      expect(two.errors?.map((e) => e.extensions?.code)).toEqual(['GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT']);
      expect(two.errors?.[1]?.message).toMatch(/^Invalid value for 'data\.anniversary': /);
    });

    it('rejects letters in a Decimal and a Decimal given as a number', async () => {
      await expectRejectedUnchanged(
        h,
        () => h.gql('mutation { updateCustomer(id: 1, data: { balance: "12.5e3" }) { id } }'),
        'BAD_USER_INPUT',
        'data.balance',
        '12.5e3',
      );
      await expectRejectedUnchanged(
        h,
        () => h.gql('mutation { updateCustomer(id: 1, data: { balance: "1O0" }) { id } }'),
        'BAD_USER_INPUT',
        'data.balance',
        '1O0',
      );
      await expectRejectedUnchanged(
        h,
        () => h.gql('mutation($b: Decimal) { updateCustomer(id: 1, data: { credit: $b }) { id } }', { b: 12.5 }),
        'BAD_USER_INPUT',
        '$b',
        'string',
      );
      expectError(await h.gql('{ products(where: { price: { gt: 12.5 } }) { sku } }'), 'BAD_USER_INPUT', 'where.price.gt');
    });

    it('rejects bad base64', async () => {
      await expectRejectedUnchanged(
        h,
        () => h.gql('mutation { updateCustomer(id: 2, data: { avatar: "not base64!" }) { id } }'),
        'BAD_USER_INPUT',
        'data.avatar',
        'base64',
      );
      await expectRejectedUnchanged(
        h,
        () => h.gql('mutation($a: Bytes) { updateCustomer(id: 2, data: { avatar: $a }) { id } }', { a: 'AAE' }),
        'BAD_USER_INPUT',
        '$a',
        'base64',
      );
    });

    it('rejects a Utc without a zone, and malformed times', async () => {
      await expectRejectedUnchanged(
        h,
        () => h.gql('mutation { updateCustomer(id: 1, data: { createdAt: "2024-02-29T13:45:00" }) { id } }'),
        'BAD_USER_INPUT',
        'data.createdAt',
        '2024-02-29T13:45:00',
      );
      await expectRejectedUnchanged(
        h,
        () => h.gql('mutation { updateCustomer(id: 1, data: { wakeUp: "25:00:00" }) { id } }'),
        'BAD_USER_INPUT',
        'data.wakeUp',
      );
      await expectRejectedUnchanged(
        h,
        () => h.gql('mutation { updateCustomer(id: 1, data: { lastSeen: "2024-02-29T13:45:00Z" }) { id } }'),
        'BAD_USER_INPUT',
        'data.lastSeen',
      );
      expectError(await h.gql('{ customers(where: { status: { eq: DELETED } }) { id } }'), 'GRAPHQL_VALIDATION_FAILED', 'DELETED');
    });

    it('rejects bad variables: unknown enum members and input fields, wrong types, missing values', async () => {
      await expectRejectedUnchanged(
        h,
        () => h.gql('mutation($s: Status) { updateCustomer(id: 1, data: { status: $s }) { id } }', { s: 'DELETED' }),
        'BAD_USER_INPUT',
        '$s',
        'DELETED',
        'Status',
      );
      await expectRejectedUnchanged(
        h,
        () => h.gql('mutation($d: CustomerUpdate!) { updateCustomer(id: 1, data: $d) { id } }', { d: { shoeSize: 9 } }),
        'BAD_USER_INPUT',
        'shoeSize',
        'CustomerUpdate',
      );
      await expectRejectedUnchanged(
        h,
        () => h.gql('mutation($a: Int) { updateCustomer(id: 1, data: { age: $a }) { id } }', { a: 3_000_000_000 }),
        'BAD_USER_INPUT',
        '$a',
        '3000000000',
      );
      expectError(await h.gql('query($id: Int!) { customer(id: $id) { id } }', {}), 'BAD_USER_INPUT', '$id');
    });

    it('rejects bad variables of recursive input types, naming the place deep inside', async () => {
      const where = 'query($w: CustomerWhere) { customers(where: $w) { id } }';
      const deep = expectError(
        await h.gql(where, { w: { AND: [{ OR: [{ AND: [{ age: { eq: 'x' } }] }] }] } }),
        'BAD_USER_INPUT',
        '$w',
        'Int',
      );
      expect(deep.message).toContain('"w.AND[0].OR[0].AND[0].age.eq"');
      const nonNull = expectError(
        await h.gql(where, { w: { NOT: { AND: [{ id: { eq: 1 } }, null] } } }),
        'BAD_USER_INPUT',
        '$w',
        'CustomerWhere!',
      );
      expect(nonNull.message).toContain('"w.NOT.AND[1]"');
      expectError(await h.gql(where, { w: { OR: [{ orders: { some: { totl: { eq: '1' } } } }] } }), 'BAD_USER_INPUT', 'totl', 'OrderWhere');
      const order = { orderNo: 'N1', placedOn: '2024-02-30', total: '1' };
      const create = await expectRejectedUnchanged(
        h,
        () =>
          h.gql('mutation($d: [CustomerInsert!]!) { createCustomers(data: $d) { id } }', {
            d: [{ ...CUSTOMER_INPUT, orders: { create: [order] } }],
          }),
        'BAD_USER_INPUT',
        '$d',
        '2024-02-30',
      );
      expect(create.message).toContain('"d[0].orders.create[0].placedOn"');
    });

    it('rejects a duplicate key inside one batch, inserting nothing', async () => {
      await expectRejectedUnchanged(
        h,
        () =>
          h.gql(
            'mutation { createProducts(data: [{ vendor: "new", sku: 1, title: "a", price: "1" }, { vendor: "new", sku: 1, title: "b", price: "2" }]) { sku } }',
          ),
        'ALREADY_EXISTS',
        'Product',
        'new',
      );
    });

    it('rejects a key that is already stored, and a second owner of a 1-1 relation', async () => {
      await expectRejectedUnchanged(
        h,
        () => h.gql(`mutation { createCustomers(data: [{ id: 30, ${CUSTOMER_BASE} }, { id: 2, ${CUSTOMER_BASE} }]) { id } }`),
        'ALREADY_EXISTS',
        "'2'",
        'Customer',
      );
      await expectRejectedUnchanged(
        h,
        () =>
          h.gql(
            'mutation { createOrderLines(data: [{ lineId: "L1", quantity: 1, orderOrderNo: "O1", productVendor: "acme", productSku: 1 }]) { lineId } }',
          ),
        'ALREADY_EXISTS',
        'L1',
        'OrderLine',
      );
      await expectRejectedUnchanged(
        h,
        () => h.gql('mutation { createProfiles(data: [{ handle: "al2", bio: "x", customerId: 1 }]) { handle } }'),
        'ALREADY_EXISTS',
        'Profile',
        'customer',
      );
      await h.ok('mutation { createWarranties(data: [{ id: 5, months: 1, productVendor: "acme", productSku: 2 }]) { id } }');
      await expectRejectedUnchanged(
        h,
        () => h.gql('mutation { updateWarranty(id: 5, data: { productSku: 1 }) { id } }'),
        'ALREADY_EXISTS',
        'Warranty',
        'product',
      );
    });

    it('rejects a missing parent on insert and on update', async () => {
      await expectRejectedUnchanged(
        h,
        () =>
          h.gql(
            'mutation { createOrders(data: [{ orderNo: "O8", placedOn: "2024-01-01", total: "1", customerId: 1, referrerId: 77 }]) { orderNo } }',
          ),
        'FOREIGN_KEY_VIOLATION',
        "'77'",
        'Customer',
        'Order.referrer',
      );
      await expectRejectedUnchanged(
        h,
        () => h.gql('mutation { createWarranties(data: [{ id: 7, months: 1, productVendor: "acme", productSku: 3 }]) { id } }'),
        'FOREIGN_KEY_VIOLATION',
        'Product',
        'Warranty.product',
      );
      await expectRejectedUnchanged(
        h,
        () => h.gql('mutation { updateOrderLine(lineId: "L1", data: { orderOrderNo: "O404" }) { lineId } }'),
        'FOREIGN_KEY_VIOLATION',
        'O404',
        'Order',
      );
    });

    it('rejects updating or deleting a key that is not there', async () => {
      await expectRejectedUnchanged(
        h,
        () => h.gql('mutation { updateCustomer(id: 42, data: { age: 1 }) { id } }'),
        'NOT_FOUND',
        "'42'",
        'Customer',
      );
      await expectRejectedUnchanged(
        h,
        () => h.gql('mutation { deleteOrder(orderNo: "E042") { orderNo } }'),
        'NOT_FOUND',
        "A record with the key 'E042' does not exist for the entity 'Order'.",
      );
      await expectRejectedUnchanged(
        h,
        () => h.gql('mutation { deleteProduct(vendor: "acme", sku: 9) { sku } }'),
        'NOT_FOUND',
        'Product',
        '"vendor":"acme"',
        '"sku":9',
      );
    });

    it('rejects deleting a parent that still has children', async () => {
      // Customer 2 keeps its orders once its profile is gone: the error names Order.
      await h.ok('mutation { deleteProfile(handle: "bob") { handle } }');
      await expectRejectedUnchanged(
        h,
        () => h.gql('mutation { deleteCustomer(id: 2) { id } }'),
        'FOREIGN_KEY_VIOLATION',
        'Customer',
        "'2'",
        'Order',
      );
      await expectRejectedUnchanged(
        h,
        () => h.gql('mutation { deleteProduct(vendor: "acme", sku: 1) { sku } }'),
        'FOREIGN_KEY_VIOLATION',
        'Product',
      );
      await expectRejectedUnchanged(h, () => h.gql('mutation { deleteCustomer(id: 1) { id } }'), 'FOREIGN_KEY_VIOLATION', 'Customer');
    });

    it('rejects setting a non-nullable field to null, naming it', async () => {
      await expectRejectedUnchanged(
        h,
        () => h.gql('mutation { updateCustomer(id: 1, data: { name: null }) { id } }'),
        'BAD_USER_INPUT',
        'Customer.name',
      );
      await expectRejectedUnchanged(
        h,
        () => h.gql('mutation($v: Int) { updateOrderLine(lineId: "L1", data: { quantity: $v }) { lineId } }', { v: null }),
        'BAD_USER_INPUT',
        'OrderLine.quantity',
      );
    });

    it('rejects an empty insert list', async () => {
      await expectRejectedUnchanged(h, () => h.gql('mutation { createOrders(data: []) { orderNo } }'), 'BAD_USER_INPUT', 'Order');
    });

    it('rejects a missing required field and a string that is too long', async () => {
      expectError(
        await h.gql('mutation { createProducts(data: [{ vendor: "v", sku: 1, price: "1" }]) { sku } }'),
        'GRAPHQL_VALIDATION_FAILED',
        'title',
      );
      await expectRejectedUnchanged(
        h,
        () => h.gql('mutation($t: String) { updateProduct(vendor: "acme", sku: 1, data: { title: $t }) { sku } }', { t: 'x'.repeat(192) }),
        'BAD_USER_INPUT',
        'Product.title',
      );
    });

    it('rejects a lone UTF-16 surrogate in a stored string or a filter, on every datastore alike', async () => {
      // MySQL (UTF-8) cannot hold one; every store refuses it rather than store U+FFFD instead.
      const lone = 'ab\ud800c';
      const error = await expectRejectedUnchanged(
        h,
        () => h.gql('mutation($t: String) { updateProduct(vendor: "acme", sku: 1, data: { title: $t }) { sku } }', { t: lone }),
        'BAD_USER_INPUT',
        'Product.title',
      );
      expect(error.message).toContain('lone UTF-16 surrogate (\\uD800 at index 2)');
      expectError(
        await h.gql('query($t: String) { products(where: { title: { contains: $t } }) { sku } }', { t: lone }),
        'BAD_USER_INPUT',
        'surrogate',
      );
      expectError(
        await h.gql('query($t: String) { products(where: { title: { eq: $t } }) { sku } }', { t: '\udc00' }),
        'BAD_USER_INPUT',
        'surrogate',
      );
      // A well-formed pair (an emoji) is text like any other.
      const ok = await h.gql('mutation($t: String) { updateProduct(vendor: "acme", sku: 1, data: { title: $t }) { title } }', {
        t: 'ok \ud83d\ude00',
      });
      expect(ok.errors).toBeUndefined();
      expect(ok.data).toEqual({ updateProduct: { title: 'ok \u{1F600}' } });
    });

    it('refuses a write that breaks a @constraint rule, naming the field and the rule; the schema documents the rules', async () => {
      const model = loadModel('constraints');
      const c = await createHarness(model, await open(model), {}, undefined, transport);
      try {
        const author = 'handle: "ada", name: "Ada", country: "GB", age: 36, fee: "10.5"';
        await c.ok(`mutation { createAuthors(data: [{ ${author} }]) { handle } }`);
        await expectRejectedUnchanged(
          c,
          () => c.gql(`mutation { createAuthors(data: [{ ${author.replace('"ada"', '"bo"').replace('36', '151')} }]) { handle } }`),
          'BAD_USER_INPUT',
          "'Author.age'",
          'the value must be at most 150 (@constraint maxValue), found 151',
        );
        await expectRejectedUnchanged(
          c,
          () => c.gql('mutation { updateAuthor(handle: "ada", data: { name: "" }) { handle } }'),
          'BAD_USER_INPUT',
          "'Author.name'",
          '@constraint:String minLength is 1',
        );
        const doc = await c.ok('{ __type(name: "Author") { fields { name description } } }');
        expect(doc.__type.fields.find((f: { name: string }) => f.name === 'handle')).toEqual({
          name: 'handle',
          description: 'Checked on writes: maxLength 12, pattern re`[a-z][a-z0-9-]*`.',
        });
      } finally {
        await c.close();
      }
    });
  });
}
