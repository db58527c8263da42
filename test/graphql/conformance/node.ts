/**
 * Relay global object identification: the `Node` interface, each entity's global id field (`id`
 * in rainier; `nodeId` in the feature model, which has fields named `id`) and `Query.node`: round
 * trips for single and composite keys, null for a missing row or an unknown entity,
 * BAD_USER_INPUT for a malformed id, fragments narrowed to the row's type, and node lookups
 * batched through the by-key loaders (one datastore call per entity, whatever the number of ids).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelIR } from '../../../src/model/ir.js';
import { CountingDatastore } from '../../support/counting-datastore.js';
import { rainierData } from '../../support/sample-data.js';
import { createHarness, expectError, useFeaturesHarness, type Harness, type Mode, type OpenDatastore, type Transport } from './harness.js';

const gid = (...parts: unknown[]): string => Buffer.from(JSON.stringify(parts), 'utf8').toString('base64');

export function describeNode(open: OpenDatastore, rainier: ModelIR, features: ModelIR, mode: Mode, transport: Transport): void {
  describe(`global object identification (${mode.name})`, () => {
    let h: Harness | undefined;
    let counting: CountingDatastore;
    const start = async (): Promise<Harness> => {
      counting = new CountingDatastore(await open(rainier));
      h = await createHarness(rainier, counting, rainierData(), mode, transport);
      return h;
    };
    afterEach(async () => {
      await h?.close();
      h = undefined;
    });

    it('gives every row a global id that node() reads back, for single and composite keys', async () => {
      const g = await start();
      const data = await g.ok('{ employee(empNo: "E2") { id } orderItems(limit: 1) { id orderId itemId } }');
      expect(data.employee.id).toBe(gid('Employee', 'E2'));
      expect(data.orderItems[0]).toEqual({ id: gid('OrderItem', 'O1', 'I1'), orderId: 'O1', itemId: 'I1' });
      const back = await g.ok(
        `query ($e: ID!, $o: ID!) {
          e: node(id: $e) { __typename id ... on Employee { firstName department { deptName } } }
          o: node(id: $o) { ... on OrderItem { quantity notes } }
        }`,
        { e: data.employee.id, o: data.orderItems[0].id },
      );
      expect(back).toEqual({
        e: { __typename: 'Employee', id: gid('Employee', 'E2'), firstName: 'Bob', department: { deptName: 'Engineering' } },
        o: { quantity: 2, notes: 'n1' },
      });
    });

    it('answers null for a row that does not exist and for an id of no entity', async () => {
      const g = await start();
      const data = await g.ok(`{
        missing: node(id: "${gid('Employee', 'E9')}") { id }
        nobody: node(id: "${gid('Payroll', 1)}") { id }
      }`);
      expect(data).toEqual({ missing: null, nobody: null });
    });

    it('refuses a malformed id with BAD_USER_INPUT, saying what is wrong', async () => {
      const g = await start();
      for (const [id, why] of [
        ['not base64!', 'not base64'],
        [Buffer.from('{"a":1').toString('base64'), 'JSON array'],
        [Buffer.from('{"a":1}').toString('base64'), '["Entity", ...key]'],
        [gid('OrderItem', 'O1'), 'a OrderItem key has 2 values, not 1'],
        [gid('Employee', 7), '7 is not a Employee.empNo'],
      ] as const) {
        const res = await g.gql('query ($id: ID!) { node(id: $id) { id } }', { id });
        expectError(res, 'BAD_USER_INPUT', 'is not a valid global id', why);
        expect(res.data).toEqual({ node: null });
      }
    });

    it('selects only the fragments of the row type, relations with the arguments of that type', async () => {
      const g = await start();
      const data = await g.ok(`
        fragment D on Department { deptName employees(orderBy: [{ empNo: ASC }], limit: 1) { empNo } }
        fragment N on Node { id }
        {
          d: node(id: "${gid('Department', 'D1')}") {
            ...N ...D
            ... on Workspace { employees(orderBy: [{ empNo: DESC }]) { firstName } }
          }
          w: node(id: "${gid('Workspace', 'W1')}") {
            ...D
            ... on Workspace { workspaceType employees(orderBy: [{ empNo: DESC }]) { firstName } }
          }
        }`);
      expect(data).toEqual({
        d: { id: gid('Department', 'D1'), deptName: 'Engineering', employees: [{ empNo: 'E1' }] },
        w: { workspaceType: 'desk', employees: [{ firstName: 'Bob' }, { firstName: 'Ada' }] },
      });
    });

    it("reads back a mutation's rows by their ids, and nothing of a mutation request that was rolled back", async () => {
      const g = await start();
      const made = await g.ok('mutation { createDepartments(data: [{ deptNo: "D8", deptName: "Ops" }]) { id } }');
      expect(made.createDepartments).toEqual([{ id: gid('Department', 'D8') }]);
      // The second root field fails (D1 exists): the request's one transaction takes D9 back too.
      const failed = await g.gql(`mutation {
        a: createDepartments(data: [{ deptNo: "D9", deptName: "Legal" }]) { id }
        b: createDepartments(data: [{ deptNo: "D1", deptName: "Again" }]) { id }
      }`);
      expectError(failed, 'ALREADY_EXISTS');
      const back = await g.ok(`{
        made: node(id: "${gid('Department', 'D8')}") { ... on Department { deptName } }
        undone: node(id: "${gid('Department', 'D9')}") { id }
      }`);
      expect(back).toEqual({ made: { deptName: 'Ops' }, undone: null });
    });

    it('answers relation filters and to-one ordering inside the row it found as the by-key field does', async () => {
      const g = await start();
      const selection = `employees(where: { workspace: { workspaceType: { eq: "desk" } } }, orderBy: [{ workspace: { workspaceId: DESC } }]) { empNo }
        employeesAggregate(where: { workspace: {} }) { count }`;
      const direct = await g.ok(`{ department(deptNo: "D1") { ${selection} } }`);
      expect(direct.department.employees.length).toBeGreaterThan(0);
      const viaNode = await g.ok(`{ node(id: "${gid('Department', 'D1')}") { ... on Department { ${selection} } } }`);
      expect(viaNode.node).toEqual(direct.department);
    });

    it('batches node lookups: one datastore call per entity, whatever the number of ids', async () => {
      const g = await start();
      counting.reset();
      const ids = ['E1', 'E2', 'E3', 'E5'].map((e) => gid('Employee', e));
      const aliases = ids.map((id, i) => `e${i}: node(id: "${id}") { ... on Employee { firstName } }`).join('\n');
      const data = await g.ok(`{ ${aliases} d: node(id: "${gid('Department', 'D2')}") { ... on Department { deptName } } }`);
      expect(Object.values(data)).toEqual([
        { firstName: 'Ada' },
        { firstName: 'Bob' },
        { firstName: 'Cy' },
        { firstName: 'Ed' },
        { deptName: 'Sales' },
      ]);
      expect(counting.calls).toEqual([
        { method: 'getByKeys', entity: 'Employee' },
        { method: 'getByKeys', entity: 'Department' },
      ]);
    });
  });

  describe(`global object identification, nodeId where entities have an id field (${mode.name})`, () => {
    const f = useFeaturesHarness(open, features, mode, transport);

    it('names the global id field nodeId and node() takes nodeId', async () => {
      const data = await f.ok('{ customer(id: 1) { id nodeId } products(limit: 1) { vendor sku nodeId } }');
      expect(data.customer).toEqual({ id: 1, nodeId: gid('Customer', 1) });
      expect(data.products[0]).toEqual({ vendor: 'acme', sku: 1, nodeId: gid('Product', 'acme', 1) });
      const back = await f.ok(`{ node(nodeId: "${data.products[0].nodeId}") { nodeId ... on Product { title } } }`);
      expect(back).toEqual({ node: { nodeId: gid('Product', 'acme', 1), title: 'Anvil' } });
      expectError(await f.gql(`{ node(nodeId: "${gid('Customer', 1.5)}") { nodeId } }`), 'BAD_USER_INPUT', '1.5 is not a Customer.id');
    });
  });
}
