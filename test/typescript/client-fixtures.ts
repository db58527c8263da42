/** Rows the client suite inserts: a small rainier organisation and feature-model customers. */
import type { EmployeeInsert } from '../../src/generated/store/client.js';
import type { CustomerInsert } from './golden/features/client.js';

export const BUILDINGS = [
  { buildingCode: 'B1', city: 'Colombo', state: 'Western', country: 'LK', postalCode: '00300', type: 'office' },
  { buildingCode: 'B2', city: 'Kandy', state: 'Central', country: 'LK', postalCode: '20000', type: 'lab' },
];
export const WORKSPACES = [
  { workspaceId: 'W1', workspaceType: 'desk', locationBuildingCode: 'B1' },
  { workspaceId: 'W2', workspaceType: 'room', locationBuildingCode: 'B1' },
  { workspaceId: 'W3', workspaceType: 'bench', locationBuildingCode: 'B2' },
];
export const DEPARTMENTS = [
  { deptNo: 'D1', deptName: 'Engineering' },
  { deptNo: 'D2', deptName: 'Sales' },
  { deptNo: 'D3', deptName: 'Legal' },
];
/** Employee n (E001…) of a department and workspace. */
export function employee(n: number, dept: string, ws: string, overrides: Partial<EmployeeInsert> = {}): EmployeeInsert {
  return {
    empNo: `E${String(n).padStart(3, '0')}`,
    firstName: `First${n}`,
    lastName: `Last${n}`,
    birthDate: `19${70 + (n % 30)}-0${1 + (n % 9)}-1${n % 10}`,
    gender: n % 2 === 0 ? 'FEMALE' : 'MALE',
    hireDate: `20${10 + (n % 10)}-01-0${1 + (n % 9)}`,
    departmentDeptNo: dept,
    workspaceWorkspaceId: ws,
    ...overrides,
  };
}
export const EMPLOYEES = [
  employee(1, 'D1', 'W1'),
  employee(2, 'D1', 'W2'),
  employee(3, 'D1', 'W1'),
  employee(4, 'D2', 'W3'),
  employee(5, 'D2', 'W3'),
];

/** A customer with every required field; `overrides` adds or changes fields. */
export function customer(id: number, overrides: Partial<CustomerInsert> = {}): CustomerInsert {
  return {
    id,
    name: `Customer ${id}`,
    age: 30 + id,
    rating: 4.5,
    balance: '100.25',
    active: true,
    birthDate: '1990-05-17',
    wakeUp: '06:30:00',
    createdAt: '2024-02-29T13:45:00Z',
    lastSeen: '2024-03-01T08:00:00',
    status: 'active',
    type: 'retail',
    ...overrides,
  };
}
