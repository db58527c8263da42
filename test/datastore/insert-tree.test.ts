/** The rows readInsertTree makes of an input tree (insert-tree.ts): fields, extra names, required foreign keys. */
import { describe, expect, test } from 'vitest';
import { readInsertTree, treePlans } from '../../src/datastore/insert-tree.js';
import { ADA_EMPLOYEE, loadModel } from '../support/models.js';

const model = loadModel('rainier');
const plans = treePlans(model);
const offered = () => true;
const read = (entity: string, data: Record<string, unknown>[]) => readInsertTree(plans, plans.get(entity)!, data, 1000, offered);

// Without its foreign key to Department.
const EMPLOYEE: Record<string, unknown> = { ...ADA_EMPLOYEE };
delete EMPLOYEE['departmentDeptNo'];

describe('readInsertTree rows', () => {
  test('every Insert field in order, null when left out or null; other names after them, relations not', () => {
    const [node] = read('Department', [{ deptName: 'R&D', extra: 1, skipped: undefined, deptNo: 'D1' }]);
    expect(Object.entries(node!.row)).toEqual([
      ['deptNo', 'D1'],
      ['deptName', 'R&D'],
      ['extra', 1],
    ]);
    const inherited = Object.assign(Object.create({ fromProto: 1 }) as Record<string, unknown>, { deptNo: 'D2', deptName: null });
    expect(read('Department', [inherited])[0]!.row).toStrictEqual({ deptNo: 'D2', deptName: null });
  });

  test('children: their foreign key, left out, is the parent’s to fill; each child a node under the relation', () => {
    const [dept] = read('Department', [{ deptNo: 'D1', deptName: 'R&D', employees: { create: [EMPLOYEE, { ...EMPLOYEE, empNo: 'E2' }] } }]);
    expect(Object.keys(dept!.row)).toEqual(['deptNo', 'deptName']);
    const employees = dept!.children!.get('employees')!;
    expect(employees.map((n) => n.row['empNo'])).toEqual(['E1', 'E2']);
    expect(employees[0]!.row['departmentDeptNo']).toBeNull();
  });

  test('a non-nullable foreign key left out, outside a parent, is BAD_USER_INPUT naming the relation; a parent created below fills it', () => {
    expect(() => read('Employee', [{ ...EMPLOYEE }])).toThrow(/data\[0\]\.departmentDeptNo.*department/);
    const [node] = read('Employee', [{ ...EMPLOYEE, department: { create: { deptNo: 'D9', deptName: 'x' } } }]);
    expect(node!.row['departmentDeptNo']).toBeNull();
    expect(node!.parents!.get('department')!.row).toStrictEqual({ deptNo: 'D9', deptName: 'x' });
    // A nullable-looking gap that is not a foreign key goes on to the datastore's checks.
    expect(read('Employee', [{ ...EMPLOYEE, firstName: undefined, departmentDeptNo: 'D1' }])[0]!.row['firstName']).toBeNull();
  });
});
