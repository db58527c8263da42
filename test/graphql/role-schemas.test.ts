/**
 * Per-role schemas (SPEC §4): the SDL of each role of the example permissions, byte for
 * byte (`UPDATE_GOLDEN=1` rewrites the files), what introspecting the executable schema shows,
 * and what each role may not ask. `test/server/role-sessions.test.ts` asks the same over HTTP.
 */
import { NODE_ID_DOC } from '../../src/codegen/graphql/node-interface.js';
import { readFileSync, writeFileSync } from 'node:fs';
import {
  buildClientSchema,
  buildSchema,
  getIntrospectionQuery,
  graphqlSync,
  type IntrospectionQuery,
  parse,
  printSchema,
  validate,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { type EntityView, generateGraphqlSdl, type SchemaView } from '../../src/codegen/graphql/schema-sdl.js';
import { ForbiddenError } from '../../src/errors.js';
import { knownOperationTypes } from '../../src/graphql/known-operation-types.js';
import { buildRoleSchemas } from '../../src/graphql/role-schemas.js';
import { roleView } from '../../src/permissions/role-view.js';
import { examplePermissions } from '../support/example-permissions.js';
import { loadModel } from '../support/models.js';

const model = loadModel('rainier');
const permissions = examplePermissions();
const schemas = buildRoleSchemas(model, permissions);
const golden = (role: string): URL => new URL(`./golden/roles/rainier-${role}.graphql`, import.meta.url);

function introspected(role: string): string {
  const result = graphqlSync({
    schema: schemas.roles.get(role)!,
    source: getIntrospectionQuery({ descriptions: true, specifiedByUrl: true }),
  });
  expect(result.errors).toBeUndefined();
  return printSchema(buildClientSchema(result.data as unknown as IntrospectionQuery));
}

/** The messages of validating `query` against `role`'s schema (none: it may ask it). */
function refusals(role: string, query: string): string[] {
  const schema = schemas.roles.get(role)!;
  const document = parse(query);
  const early = knownOperationTypes(schema)(document);
  return (early.length > 0 ? early : validate(schema, document)).map((e) => e.message);
}

describe('per-role schemas', () => {
  for (const role of ['manager', 'employee', 'anonymous']) {
    it(`serves ${role} the golden SDL, and introspection shows exactly it`, () => {
      const sdl = generateGraphqlSdl(model, roleView(model, permissions.roles.get(role)!));
      if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(golden(role), sdl);
      expect(sdl).toBe(readFileSync(golden(role), 'utf8'));
      expect(introspected(role)).toBe(printSchema(buildSchema(sdl)));
    });
  }

  it('serves admins the full schema, the one persist generate writes', () => {
    expect(printSchema(schemas.admin)).toBe(printSchema(buildSchema(generateGraphqlSdl(model))));
    expect(schemas.schemaFor({ kind: 'admin' })).toBe(schemas.admin);
    expect(schemas.schemaFor({ kind: 'role', role: 'employee', claims: {} })).toBe(schemas.roles.get('employee'));
  });

  it('refuses a role without permissions', () => {
    expect(() => schemas.schemaFor({ kind: 'role', role: 'intern', claims: {} })).toThrow(
      new ForbiddenError("Role 'intern' has no permissions: no rule under persist.permissions names it."),
    );
  });

  it('builds only the admin schema without permissions', () => {
    expect(buildRoleSchemas(model, undefined).roles.size).toBe(0);
  });

  it('shows each role only its entities, columns, relations and operations', () => {
    // Hidden columns, in the object type and in where/orderBy.
    expect(refusals('employee', '{ employees { empNo birthDate } }')).toEqual(['Cannot query field "birthDate" on type "Employee".']);
    expect(refusals('employee', '{ employees(where: { hireDate: { eq: "2020-01-01" } }) { empNo } }')).toEqual([
      'Field "hireDate" is not defined by type "EmployeeWhere".',
    ]);
    expect(refusals('employee', '{ employees(orderBy: [{ gender: ASC }]) { empNo } }')).toEqual([
      'Field "gender" is not defined by type "EmployeeOrderBy".',
    ]);
    // A relation to an entity the role may not select is no field; one it may is.
    expect(refusals('employee', '{ employees { workspace { workspaceId } } }')).toEqual([
      'Cannot query field "workspace" on type "Employee".',
    ]);
    expect(refusals('employee', '{ employees { department { deptName employees { empNo } } } }')).toEqual([]);
    expect(refusals('anonymous', '{ departments { employees { empNo } } }')).toEqual([
      'Cannot query field "employees" on type "Department".',
    ]);
    // Hidden entities and mutations.
    expect(refusals('anonymous', '{ employees { empNo } }')).toEqual(['Cannot query field "employees" on type "Query".']);
    expect(refusals('anonymous', 'mutation { deleteDepartment(deptNo: "D1") { deptNo } }')).toEqual([
      'The mutation operation is not supported by the schema.',
    ]);
    expect(refusals('employee', 'mutation { deleteOrderItem(orderId: "O1", itemId: "I1") { orderId } }')).toEqual([
      'Cannot query field "deleteOrderItem" on type "Mutation". Did you mean "createOrderItems"?',
    ]);
    // Set columns are no input fields.
    expect(
      refusals('employee', 'mutation { createOrderItems(data: [{ orderId: "O1", itemId: "I1", quantity: 1, notes: "x" }]) { orderId } }'),
    ).toEqual(['Field "notes" is not defined by type "OrderItemInsert".']);
    expect(
      refusals('employee', 'mutation { createOrderItems(data: [{ orderId: "O1", itemId: "I1", quantity: 1 }]) { orderId notes } }'),
    ).toEqual([]);
    expect(refusals('manager', 'mutation { updateEmployee(empNo: "E1", data: { firstName: "A" }) { empNo } }')).toEqual([
      'Field "firstName" is not defined by type "EmployeeUpdate". Did you mean "lastName"?',
    ]);
    expect(refusals('manager', 'mutation { updateEmployee(empNo: "E1", data: { lastName: "A" }) { empNo } }')).toEqual([]);
  });
});

describe('generateGraphqlSdl with a view', () => {
  const features = loadModel('features');
  const view = (entities: Record<string, Partial<Omit<EntityView, 'select'>> & { select: string[] }>): SchemaView => ({
    entities: new Map(
      Object.entries(entities).map(([name, v]) => [
        name,
        { delete: false, nullableToOne: new Set(), ...v, select: new Set(v.select) } as EntityView,
      ]),
    ),
  });

  it('declares only the types it uses, and leaves out what a hidden key or an unsortable selection cannot offer', () => {
    // Only a Bytes column: no key (no by-key query, update or delete), nothing to sort or group by.
    const sdl = generateGraphqlSdl(features, view({ Customer: { select: ['avatar'], update: new Set(['name']), delete: true } }));
    const schema = buildSchema(sdl);
    const query = schema.getQueryType()!.getFields();
    expect(Object.keys(query)).toEqual(['customers', 'customersAggregate']);
    expect(query['customers']!.args.map((a) => a.name)).toEqual(['where', 'limit', 'offset']);
    expect(schema.getMutationType()).toBeUndefined();
    const types = Object.keys(schema.getTypeMap()).filter((t) => !t.startsWith('__'));
    expect(types.sort()).toEqual(
      ['Boolean', 'Bytes', 'BytesFilter', 'Customer', 'CustomerAggregate', 'CustomerWhere', 'Int', 'Query', 'String'].sort(),
    );
    expect(sdl).not.toContain('SortOrder');
    expect(sdl).not.toContain('enum Status');
  });

  it('keeps an enum and a scalar an input uses, and drops createEs when the server sets every column', () => {
    const sdl = generateGraphqlSdl(
      features,
      view({
        Order: { select: ['orderNo'], insert: new Set(), update: new Set(['placedOn']) },
        Customer: { select: ['id', 'status'] },
      }),
    );
    const schema = buildSchema(sdl);
    expect(Object.keys(schema.getMutationType()!.getFields())).toEqual(['updateOrder', 'updateOrders']);
    expect(Object.keys(schema.getTypeMap())).toEqual(expect.arrayContaining(['Date', 'Status', 'StatusFilter', 'OrderUpdate']));
    expect(Object.keys(schema.getTypeMap())).not.toContain('OrderInsert');
    // Relations between visible entities only, to-one ones as the view says.
    const nodeId = `  ${NODE_ID_DOC}\n  nodeId: ID!\n`;
    expect(sdl).toContain(`type Order implements Node {\n${nodeId}  orderNo: String!\n  customer: Customer!\n  referrer: Customer!\n}`);
    const nullable = generateGraphqlSdl(
      features,
      view({ Order: { select: ['orderNo'], nullableToOne: new Set(['referrer']) }, Customer: { select: ['id'] } }),
    );
    expect(nullable).toContain(`type Order implements Node {\n${nodeId}  orderNo: String!\n  customer: Customer!\n  referrer: Customer\n}`);
  });
});
