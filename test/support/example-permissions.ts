/**
 * The example `persist.permissions` block (issue 10) over the example model, shared by the
 * permission suites. One change from the issue: OrderItem's employee also has a select rule,
 * since a role that writes must be able to read what it wrote (readPermissions refuses it
 * otherwise; read-permissions.test.ts shows the refusal).
 */
import { parse as parseYaml } from 'yaml';
import { readPermissions } from '../../src/permissions/read-permissions.js';
import type { Permissions } from '../../src/permissions/rules.js';
import { loadModel } from './models.js';

export const EXAMPLE_PERMISSIONS = `
Employee:
  manager:
    select: {}
    update: { columns: [lastName], where: { departmentDeptNo: { eq: { claim: dept } } } }
  employee:
    select: { columns: [empNo, firstName, lastName, department], where: { empNo: { eq: { claim: sub } } } }
Department:
  anonymous:
    select: { columns: [deptNo, deptName] }
  employee:
    select: { where: { deptNo: { eq: { claim: dept } } } }
OrderItem:
  employee:
    select: { where: { notes: { eq: { claim: sub } } } }
    insert: { check: { quantity: { lte: 100 } }, set: { notes: { claim: sub } } }
`;

/** The example permissions, read against the example model (rainier). */
export function examplePermissions(): Permissions {
  return readPermissions(parseYaml(EXAMPLE_PERMISSIONS), loadModel('rainier'), 'codegen.yml');
}
