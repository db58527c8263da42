/**
 * `persist.permissions` → Permissions: the example over the example model, the defaults
 * the reader fills in, and every problem as a CONFIG_INVALID message naming the file and the
 * YAML path (the messages are compared whole: they are what a user reads).
 */
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { PermissionsConfigError } from '../../src/permissions/config-path.js';
import { readPermissions } from '../../src/permissions/read-permissions.js';
import type { Permissions } from '../../src/permissions/rules.js';
import { parseConfig } from '../../src/config/persist-config.js';
import { EXAMPLE_PERMISSIONS } from '../support/example-permissions.js';
import { loadModel } from '../support/models.js';

const rainier = loadModel('rainier');
const features = loadModel('features');

function read(yaml: string, model = rainier): Permissions {
  return readPermissions(parseYaml(yaml), model, 'codegen.yml');
}

/** The message of the error reading `yaml` throws (failing when it reads). */
function problem(yaml: string, model = rainier): string {
  try {
    read(yaml, model);
  } catch (e) {
    expect(e).toBeInstanceOf(PermissionsConfigError);
    expect((e as PermissionsConfigError).code).toBe('CONFIG_INVALID');
    return (e as Error).message;
  }
  throw new Error(`expected the permissions to be refused:\n${yaml}`);
}

function plain(p: Permissions): unknown {
  return Object.fromEntries([...p.roles].map(([role, r]) => [role, Object.fromEntries(r.entities)]));
}

describe('readPermissions', () => {
  it("reads the issue's example against the example model, every default spelled out", () => {
    expect(plain(read(EXAMPLE_PERMISSIONS))).toEqual({
      manager: {
        Employee: {
          select: {
            columns: ['empNo', 'firstName', 'lastName', 'birthDate', 'gender', 'hireDate', 'departmentDeptNo', 'workspaceWorkspaceId'],
          },
          update: { columns: ['lastName'], where: { departmentDeptNo: { eq: { claim: 'dept' } } }, set: {} },
        },
      },
      employee: {
        // `department` stands for its foreign key.
        Employee: {
          select: { columns: ['empNo', 'firstName', 'lastName', 'departmentDeptNo'], where: { empNo: { eq: { claim: 'sub' } } } },
        },
        Department: { select: { columns: ['deptNo', 'deptName'], where: { deptNo: { eq: { claim: 'dept' } } } } },
        OrderItem: {
          select: { columns: ['orderId', 'itemId', 'quantity', 'notes'], where: { notes: { eq: { claim: 'sub' } } } },
          insert: {
            columns: ['orderId', 'itemId', 'quantity', 'notes'],
            check: { quantity: { lte: 100 } },
            set: { notes: { claim: 'sub' } },
          },
        },
      },
      anonymous: { Department: { select: { columns: ['deptNo', 'deptName'] } } },
    });
    expect([...read(EXAMPLE_PERMISSIONS).roles.keys()]).toEqual(['manager', 'employee', 'anonymous']);
    expect([...read(EXAMPLE_PERMISSIONS).roles.get('employee')!.entities.keys()]).toEqual(['Employee', 'Department', 'OrderItem']);
  });

  it('refuses the example as the issue writes it: OrderItem inserts without a select rule', () => {
    const verbatim = EXAMPLE_PERMISSIONS.replace('    select: { where: { notes: { eq: { claim: sub } } } }\n', '');
    expect(problem(verbatim)).toBe(
      "codegen.yml: persist.permissions.OrderItem.employee: role 'employee' may insert OrderItem rows but has no select rule for OrderItem: mutations answer with the rows they write, so add one (select: {} for every column and row).",
    );
  });

  it('reads the block through codegen.yml: kept raw by the config reader, ${VAR} substituted', () => {
    const config = parseConfig(
      'persist:\n  permissions:\n    Department:\n      anonymous:\n        select: { where: { deptNo: { eq: "${DEPT}" } } }\n',
      'codegen.yml',
      { DEPT: 'D1' },
    );
    expect(config.permissions).toEqual({ Department: { anonymous: { select: { where: { deptNo: { eq: 'D1' } } } } } });
    expect(plain(readPermissions(config.permissions, rainier, 'codegen.yml'))).toEqual({
      anonymous: { Department: { select: { columns: ['deptNo', 'deptName'], where: { deptNo: { eq: 'D1' } } } } },
    });
    expect(parseConfig('persist:\n  model: m.bal\n', 'codegen.yml').permissions).toBeUndefined();
  });

  it('reads nothing as no roles, and empty rules as every column, every row', () => {
    expect(read('').roles.size).toBe(0);
    expect(readPermissions(undefined, rainier, 'codegen.yml').roles.size).toBe(0);
    expect(plain(read('Department: { r: { select: ~, delete: {}, update: {}, insert: {} } }'))).toEqual({
      r: {
        Department: {
          select: { columns: ['deptNo', 'deptName'] },
          delete: {},
          // Keys cannot be updated; an insert may give every stored field.
          update: { columns: ['deptName'], set: {} },
          insert: { columns: ['deptNo', 'deptName'], set: {} },
        },
      },
    });
  });

  it('keeps values in the form a filter compares: canonical text, enum stored values, claims in lists', () => {
    const p = read(
      `Customer:
  r:
    select:
      where:
        OR:
          - { balance: { gte: "012.50" }, status: { eq: ACTIVE } }
          - { createdAt: { lt: "2024-02-29T14:45:00+01:00" }, previousStatus: { in: [CLOSED, suspended, { claim: s }] } }
          - NOT: { nickname: { eq: null, startsWith: { claim: org.prefix } }, id: { notIn: { claim: ids } } }
          - { credit: { lte: 5 }, wakeUp: { gt: "07:00:00.500" }, active: { ne: true } }`,
      features,
    );
    expect(p.roles.get('r')!.entities.get('Customer')!.select!.where).toEqual({
      OR: [
        { balance: { gte: '12.5' }, status: { eq: 'active' } },
        { createdAt: { lt: '2024-02-29T13:45:00Z' }, previousStatus: { in: ['CLOSED', 'suspended', { claim: 's' }] } },
        { NOT: { nickname: { eq: null, startsWith: { claim: 'org.prefix' } }, id: { notIn: { claim: 'ids' } } } },
        { credit: { lte: '5' }, wakeUp: { gt: '07:00:00.5' }, active: { ne: true } },
      ],
    });
  });

  const cases: [string, string, string][] = [
    [
      'the block is not a mapping',
      '[Employee]',
      'persist.permissions: expected a mapping of entities to the rules of each role (like Employee: { manager: { select: {} } }), got a list.',
    ],
    [
      'an unknown entity',
      'Employe: { r: { select: {} } }',
      "persist.permissions.Employe: unknown entity 'Employe' (entities: Employee, Workspace, Building, Department, OrderItem); did you mean 'Employee'?",
    ],
    [
      'roles not a mapping',
      'Employee: [manager]',
      'persist.permissions.Employee: expected a mapping of roles to what each may do with Employee, got a list.',
    ],
    [
      'a role name with a space',
      "Employee: { 'a b': { select: {} } }",
      "persist.permissions.Employee.a b: 'a b' is no role name: a role name has no spaces or commas.",
    ],
    [
      'a role without a mapping',
      'Employee: { manager: ~ }',
      "persist.permissions.Employee.manager: expected a mapping of what role 'manager' may do with Employee (select, insert, update, delete), got nothing.",
    ],
    [
      'an unknown operation',
      'Employee: { manager: { selct: {} } }',
      "persist.permissions.Employee.manager.selct: unknown operation 'selct' (operations: select, insert, update, delete); did you mean 'select'?",
    ],
    [
      'an unknown rule key',
      'Employee: { manager: { select: { colums: [empNo] } } }',
      "persist.permissions.Employee.manager.select.colums: unknown key 'colums' of a select rule (keys: columns, where); did you mean 'columns'?",
    ],
    [
      'a key the operation does not take',
      'Employee: { manager: { select: {}, delete: { check: {} } } }',
      "persist.permissions.Employee.manager.delete.check: unknown key 'check' of a delete rule (keys: where).",
    ],
    [
      'a rule that is no mapping',
      'Employee: { manager: { select: true } }',
      'persist.permissions.Employee.manager.select: expected a select rule (keys: columns, where; select: {} for no restriction), got true.',
    ],
    [
      'an unknown column',
      'Employee: { manager: { select: { columns: [empNo, lastNam] } } }',
      "persist.permissions.Employee.manager.select.columns[1]: unknown field 'lastNam' of Employee (fields: empNo, firstName, lastName, birthDate, gender, hireDate, departmentDeptNo, workspaceWorkspaceId, department, workspace); did you mean 'lastName'?",
    ],
    [
      'columns that are no list',
      'Employee: { manager: { select: { columns: empNo } } }',
      "persist.permissions.Employee.manager.select.columns: expected a list of field names of Employee, got 'empNo'.",
    ],
    [
      'a column that is no name',
      'Employee: { manager: { select: { columns: [1] } } }',
      'persist.permissions.Employee.manager.select.columns[0]: expected a field name of Employee, got 1.',
    ],
    [
      'the other side of a relation as a column',
      'Department: { r: { select: { columns: [employees] } } }',
      "persist.permissions.Department.r.select.columns[0]: 'employees' is the one-to-many side of a relation and holds no column: a role sees it when it may select Employee.",
    ],
    [
      'a key among the update columns',
      'Department: { r: { select: {}, update: { columns: [deptNo] } } }',
      "persist.permissions.Department.r.update.columns[0]: 'deptNo' is a key field of Department: keys cannot be updated.",
    ],
    [
      'a key among the update set',
      'Department: { r: { select: {}, update: { set: { deptNo: D1 } } } }',
      "persist.permissions.Department.r.update.set.deptNo: 'deptNo' is a key field of Department: keys cannot be updated.",
    ],
    [
      'an unknown set field',
      'OrderItem: { r: { select: {}, insert: { set: { note: x } } } }',
      "persist.permissions.OrderItem.r.insert.set.note: unknown field 'note' of OrderItem (fields: orderId, itemId, quantity, notes); did you mean 'notes'?",
    ],
    [
      'a required field neither insertable nor set',
      'OrderItem: { r: { select: {}, insert: { columns: [orderId, itemId, notes] } } }',
      "persist.permissions.OrderItem.r.insert: role 'r' could never insert OrderItem rows: the required field 'quantity' is neither in insert.columns nor in insert.set; add it to one of them.",
    ],
    [
      'null set into a required field',
      'OrderItem: { r: { select: {}, insert: { set: { notes: ~ } } } }',
      'persist.permissions.OrderItem.r.insert.set.notes: not a valid value for OrderItem.notes (String!): null is not allowed here.',
    ],
    [
      'a write rule without select',
      'Department: { r: { delete: {} } }',
      "persist.permissions.Department.r: role 'r' may delete Department rows but has no select rule for Department: mutations answer with the rows they write, so add one (select: {} for every column and row).",
    ],
    [
      'a select rule without columns',
      'Employee: { r: { select: { columns: [] } } }',
      'persist.permissions.Employee.r.select.columns: a select rule needs at least one column of Employee (leave columns out for all).',
    ],
    [
      'a role that may select nothing',
      'Employee: { r: {} }\nDepartment: { r: {}, s: { select: {} } }',
      "persist.permissions.Employee.r: role 'r' may select no entity: give it a select rule somewhere, or remove it.",
    ],
    [
      'an unknown where field',
      'Employee: { r: { select: { where: { empno: { eq: E1 } } } } }',
      "persist.permissions.Employee.r.select.where.empno: unknown field 'empno' of Employee (fields: empNo, firstName, lastName, birthDate, gender, hireDate, departmentDeptNo, workspaceWorkspaceId, AND, OR, NOT); did you mean 'empNo'?",
    ],
    [
      'an operator the field type lacks',
      'Employee: { r: { select: { where: { gender: { lt: MALE } } } } }',
      "persist.permissions.Employee.r.select.where.gender.lt: unknown operator 'lt' for a Gender field (operators: eq, ne, in, notIn, isNull).",
    ],
    [
      'a misspelt operator',
      'Employee: { r: { select: { where: { lastName: { startWith: A } } } } }',
      "persist.permissions.Employee.r.select.where.lastName.startWith: unknown operator 'startWith' for a String field (operators: eq, ne, in, notIn, lt, lte, gt, gte, contains, startsWith, endsWith, isNull); did you mean 'startsWith'?",
    ],
    [
      'a field filter that is no mapping',
      'Employee: { r: { select: { where: { empNo: E1 } } } }',
      "persist.permissions.Employee.r.select.where.empNo: expected a mapping of operators for Employee.empNo (String!) (eq, ne, in, notIn, lt, lte, gt, gte, contains, startsWith, endsWith, isNull), got 'E1'.",
    ],
    [
      'a where that is no mapping',
      'Employee: { r: { select: { where: [] } } }',
      'persist.permissions.Employee.r.select.where: expected a where object over the fields of Employee (like { empNo: { eq: { claim: sub } } }), got a list.',
    ],
    [
      'AND without a list',
      'Employee: { r: { select: { where: { AND: { empNo: { eq: E1 } } } } } }',
      'persist.permissions.Employee.r.select.where.AND: AND takes a list of where objects, got a mapping.',
    ],
    [
      'a wrong value inside OR',
      'OrderItem: { r: { select: { where: { OR: [{ quantity: { gt: 1 } }, { quantity: { gt: many } }] } } } }',
      'persist.permissions.OrderItem.r.select.where.OR[1].quantity.gt: not a valid value for OrderItem.quantity (Int!): "many" is not an integer.',
    ],
    [
      'an Int out of range',
      'OrderItem: { r: { select: { where: { quantity: { in: [1, 3000000000] } } } } }',
      'persist.permissions.OrderItem.r.select.where.quantity.in[1]: not a valid value for OrderItem.quantity (Int!): 3000000000 is outside the 32-bit integer range -2147483648 to 2147483647.',
    ],
    [
      'a date that does not exist',
      'Employee: { r: { select: { where: { hireDate: { gte: "2023-02-29" } } } } }',
      'persist.permissions.Employee.r.select.where.hireDate.gte: not a valid value for Employee.hireDate (Date!): "2023-02-29": day 29 does not exist in 2023-02.',
    ],
    [
      'an enum value that is no member',
      'Employee: { r: { select: { where: { gender: { eq: OTHER } } } } }',
      'persist.permissions.Employee.r.select.where.gender.eq: not a valid value for Employee.gender (Gender!): "OTHER" is not a member of the enum Gender (MALE, FEMALE).',
    ],
    [
      'a mapping where a value belongs',
      'Employee: { r: { select: { where: { empNo: { eq: { sub: 1 } } } } } }',
      'persist.permissions.Employee.r.select.where.empNo.eq: not a valid value for Employee.empNo (String!): expected a String value or a claim ({ claim: "sub" }), got a mapping.',
    ],
    [
      'a comparison given null',
      'OrderItem: { r: { select: { where: { quantity: { lte: ~ } } } } }',
      'persist.permissions.OrderItem.r.select.where.quantity.lte: lte needs a value or a claim: null would set no condition (use eq: null or ne: null to test for null).',
    ],
    [
      'isNull not a boolean',
      'OrderItem: { r: { select: { where: { notes: { isNull: yes } } } } }',
      "persist.permissions.OrderItem.r.select.where.notes.isNull: isNull takes true or false, got 'yes'.",
    ],
    [
      'in without a list',
      'OrderItem: { r: { select: { where: { quantity: { in: 3 } } } } }',
      'persist.permissions.OrderItem.r.select.where.quantity.in: in takes a list of values or a claim holding one, got 3.',
    ],
    [
      'contains without a string',
      'OrderItem: { r: { select: { where: { notes: { contains: 3 } } } } }',
      'persist.permissions.OrderItem.r.select.where.notes.contains: contains takes a string or a claim, got 3.',
    ],
    [
      'an empty claim',
      'Employee: { r: { select: { where: { empNo: { eq: { claim: "" } } } } } }',
      "persist.permissions.Employee.r.select.where.empNo.eq.claim: a claim must be the name or dotted path of a token claim, like 'sub' or 'org.id', got ''.",
    ],
    [
      'a claim that is no string',
      'Employee: { r: { select: { where: { empNo: { eq: { claim: 1 } } } } } }',
      "persist.permissions.Employee.r.select.where.empNo.eq.claim: a claim must be the name or dotted path of a token claim, like 'sub' or 'org.id', got 1.",
    ],
    [
      'a claim path with an empty segment',
      'Employee: { r: { select: { where: { empNo: { eq: { claim: org..id } } } } } }',
      "persist.permissions.Employee.r.select.where.empNo.eq.claim: a claim must be the name or dotted path of a token claim, like 'sub' or 'org.id', got 'org..id'.",
    ],
    [
      'a claim with another key',
      'Employee: { r: { select: { where: { empNo: { eq: { claim: sub, default: x } } } } } }',
      "persist.permissions.Employee.r.select.where.empNo.eq.default: a claim reference has only the key 'claim' ({ claim: \"sub\" }), not 'default'.",
    ],
    [
      'a wrong value in an insert check',
      'OrderItem: { r: { select: {}, insert: { check: { quantity: { lte: "100" } } } } }',
      'persist.permissions.OrderItem.r.insert.check.quantity.lte: not a valid value for OrderItem.quantity (Int!): "100" is not an integer.',
    ],
    [
      'a wrong value in an update set',
      'OrderItem: { r: { select: {}, update: { set: { quantity: 1.5 } } } }',
      'persist.permissions.OrderItem.r.update.set.quantity: not a valid value for OrderItem.quantity (Int!): 1.5 is not an integer.',
    ],
  ];
  for (const [what, yaml, message] of cases) {
    it(`refuses ${what}`, () => expect(problem(yaml)).toBe(`codegen.yml: ${message}`));
  }

  it('refuses values of the wrong type for the other scalars', () => {
    const at = (field: string, value: string): string =>
      problem(`Customer: { r: { select: { where: { ${field}: { eq: ${value} } } } } }`, features);
    expect(at('balance', '"1.2.3"')).toMatch(
      /where\.balance\.eq: not a valid value for Customer\.balance \(Decimal!\): "1\.2\.3" is not a decimal number/,
    );
    expect(at('createdAt', '"2024-02-29 13:45"')).toMatch(/Customer\.createdAt \(Utc!\): "2024-02-29 13:45" is not a UTC timestamp/);
    expect(at('lastSeen', '"2024-02-29T13:45:00Z"')).toMatch(/Customer\.lastSeen \(Civil!\): .* is not a civil date-time/);
    expect(at('active', '"true"')).toMatch(/Customer\.active \(Boolean!\): "true" is not a boolean\.$/);
    expect(at('avatar', '"a"')).toMatch(/Customer\.avatar \(Bytes\): "a" is not valid base64\.$/);
    expect(at('rating', 'x')).toMatch(/Customer\.rating \(Float!\): "x" is not a finite number\.$/);
    expect(at('wakeUp', '"25:00:00"')).toMatch(/Customer\.wakeUp \(TimeOfDay!\): "25:00:00": not a valid time of day/);
  });

  it('keeps bytes as bytes in a filter, and refuses them as a set literal', () => {
    const p = read("Customer: { r: { select: { where: { avatar: { in: ['AQID', ''] } } } } }", features);
    expect(p.roles.get('r')!.entities.get('Customer')!.select!.where).toEqual({
      avatar: { in: [new Uint8Array([1, 2, 3]), new Uint8Array()] },
    });
    expect(problem("Customer: { r: { select: {}, update: { set: { avatar: 'AQID' } } } }", features)).toBe(
      'codegen.yml: persist.permissions.Customer.r.update.set.avatar: a Bytes field cannot be set to a literal; set it from a claim, or let the client give it.',
    );
  });

  it('refuses a generated key among the insert columns', () => {
    const generated = loadModel('generated');
    const entity = generated.entities.find((e) => e.fields.some((f) => f.generated))!;
    const key = entity.fields.find((f) => f.generated)!.name;
    expect(problem(`${entity.name}: { r: { select: {}, insert: { columns: [${key}] } } }`, generated)).toMatch(
      new RegExp(`insert\\.columns\\[0\\]: '${key}' is generated by the datastore \\(@sql:Generated\\) and cannot be inserted\\.$`),
    );
  });
});
