/**
 * The one sample data set of each test model, which the datastore, GraphQL and server suites
 * start from (a fresh copy per call, since a datastore must not keep references to them anyway).
 * Chosen so that filters and orders can tell right from almost right: NULLs in every nullable
 * column, empty bytes next to NULL, equal values that break ties by key, decimals a float would
 * round, Utc instants given with an offset, enum members whose declaration order differs from
 * their string order, 32-bit bounds, LIKE metacharacters in strings.
 */
import type { Row } from '../../src/datastore/datastore.js';

function employee(
  empNo: string,
  firstName: string,
  lastName: string,
  birthDate: string,
  gender: string,
  hireDate: string,
  dept: string,
  ws: string,
): Row {
  return { empNo, firstName, lastName, birthDate, gender, hireDate, departmentDeptNo: dept, workspaceWorkspaceId: ws };
}

/**
 * rainier: D1 has E1 E2 E4 E6, D2 has E3 E5, D3 has nobody; W1 (B1) has E1 E2, W2 (B1) E3 E6,
 * W3 (B2) E4 E5.
 */
export function rainierData(): Record<string, Row[]> {
  return {
    Department: [
      { deptNo: 'D1', deptName: 'Engineering' },
      { deptNo: 'D2', deptName: 'Sales' },
      { deptNo: 'D3', deptName: 'Empty' },
    ],
    Building: [
      { buildingCode: 'B1', city: 'Seattle', state: 'WA', country: 'USA', postalCode: '98101', type: 'office' },
      { buildingCode: 'B2', city: 'Portland', state: 'OR', country: 'USA', postalCode: '97201', type: 'warehouse' },
    ],
    Workspace: [
      { workspaceId: 'W1', workspaceType: 'desk', locationBuildingCode: 'B1' },
      { workspaceId: 'W2', workspaceType: 'office', locationBuildingCode: 'B1' },
      { workspaceId: 'W3', workspaceType: 'desk', locationBuildingCode: 'B2' },
    ],
    // Inserted out of key order on purpose.
    Employee: [
      employee('E4', 'Di', 'Smith', '1992-02-29', 'FEMALE', '2022-06-30', 'D1', 'W3'),
      employee('E1', 'Ada', 'Lovelace', '1815-12-10', 'FEMALE', '2020-01-01', 'D1', 'W1'),
      employee('E2', 'Bob', 'Smith', '1990-05-01', 'MALE', '2021-03-15', 'D1', 'W1'),
      employee('E3', 'Cy', 'Jones', '1985-07-20', 'MALE', '2019-11-01', 'D2', 'W2'),
      employee('E6', 'Flo', 'Smith', '2000-12-31', 'FEMALE', '2023-09-09', 'D1', 'W2'),
      employee('E5', 'Ed', 'King', '1970-01-01', 'MALE', '2018-01-01', 'D2', 'W3'),
    ],
    OrderItem: [
      { orderId: 'O2', itemId: 'I1', quantity: 3, notes: 'n3' },
      { orderId: 'O1', itemId: 'I1', quantity: 2, notes: 'n1' },
      { orderId: 'O1', itemId: 'I2', quantity: 1, notes: 'n2' },
    ],
  };
}

/** A valid Customer: the required fields with plain values, then `over`. */
export function customer(id: number, over: Row = {}): Row {
  return {
    id,
    name: `C${id}`,
    age: 30,
    rating: 1,
    balance: '0',
    active: true,
    birthDate: '2000-01-01',
    wakeUp: '07:00:00',
    createdAt: '2024-01-01T00:00:00Z',
    lastSeen: '2024-01-01T00:00:00',
    status: 'active',
    type: 'person',
    ...over,
  };
}

/** The four sample customers, written with every nullable column set on some and NULL on others. */
export function sampleCustomers(): Row[] {
  return [
    customer(1, {
      name: 'Ada',
      nickname: 'ada',
      age: 36,
      score: 10,
      rating: 4.5,
      weight: 60.5,
      balance: '100.50',
      credit: '0.1',
      active: true,
      verified: true,
      avatar: new Uint8Array([1, 2, 3]),
      birthDate: '1988-12-10',
      anniversary: '2010-06-01',
      wakeUp: '07:00:00',
      bedTime: '23:00:00',
      createdAt: '2024-01-01T10:00:00Z',
      deletedAt: null,
      lastSeen: '2024-03-01T08:00:00',
      nextVisit: '2024-04-01T09:30:00',
      status: 'active',
      previousStatus: null,
      type: 'person',
    }),
    customer(2, {
      name: 'Bob',
      age: 25,
      rating: 3,
      balance: '-20',
      active: false,
      birthDate: '1999-02-28',
      wakeUp: '06:30:00.5',
      createdAt: '2024-01-01T10:00:00.5Z',
      deletedAt: '2024-02-01T00:00:00Z',
      lastSeen: '2024-03-01T08:00:00.25',
      status: 'suspended',
      previousStatus: 'active',
      type: 'company',
    }),
    customer(3, {
      name: 'Cy',
      nickname: 'c',
      age: 41,
      score: 7,
      rating: 5,
      weight: 80,
      balance: '100.5',
      credit: '99999999999999999999999999999999999.000000000000000000000000000001',
      active: true,
      verified: false,
      avatar: new Uint8Array([0]),
      birthDate: '2000-01-01',
      anniversary: '2020-02-29',
      wakeUp: '07:00:00',
      bedTime: '22:15:00',
      createdAt: '2023-12-31T23:59:59Z',
      lastSeen: '2023-12-31T23:59:59',
      status: 'CLOSED',
      previousStatus: 'suspended',
      type: 'person',
    }),
    customer(4, {
      name: 'dee',
      nickname: 'D%_\\',
      age: 2147483647,
      score: -2147483648,
      rating: -1.25,
      balance: '0.001',
      credit: '-0.5',
      active: false,
      verified: true,
      avatar: new Uint8Array(0),
      birthDate: '1970-01-01',
      wakeUp: '00:00:00',
      bedTime: '00:00:00.000001',
      // The same instant as customer 1's createdAt, written with an offset.
      createdAt: '2024-01-01T11:00:00+01:00',
      lastSeen: '2024-03-01T08:00:00.5',
      nextVisit: '2030-01-01T00:00:00',
      status: 'active',
      previousStatus: 'CLOSED',
      type: "it's",
    }),
  ];
}

/**
 * features: customers 1-4; profiles ada → 1, bob → 2; orders O1 (customer 1, referrer 2),
 * O2 (1, 1), O3 (2, 1); products acme/1, acme/2, bolt/1; lines L1 (O1, acme/1), L2 (O1, acme/2),
 * L3 (O2, acme/1), L4 (O3, bolt/1); warranty 1 → acme/1.
 */
export function featuresData(): Record<string, Row[]> {
  return {
    Customer: sampleCustomers(),
    Profile: [
      { handle: 'ada', bio: 'First programmer', customerId: 1 },
      { handle: 'bob', bio: 'Builder', customerId: 2 },
    ],
    Order: [
      { orderNo: 'O1', placedOn: '2024-01-05', total: '30', customerId: 1, referrerId: 2 },
      { orderNo: 'O2', placedOn: '2024-01-06', total: '12.25', customerId: 1, referrerId: 1 },
      { orderNo: 'O3', placedOn: '2024-01-07', total: '0.25', customerId: 2, referrerId: 1 },
    ],
    Product: [
      { vendor: 'acme', sku: 2, title: 'Rocket', price: '99.99' },
      { vendor: 'acme', sku: 1, title: 'Anvil', price: '10.00' },
      { vendor: 'bolt', sku: 1, title: 'Bolt', price: '0.25' },
    ],
    OrderLine: [
      { lineId: 'L1', quantity: 2, note: null, orderOrderNo: 'O1', productVendor: 'acme', productSku: 1 },
      { lineId: 'L2', quantity: 1, note: 'gift', orderOrderNo: 'O1', productVendor: 'acme', productSku: 2 },
      { lineId: 'L3', quantity: 5, orderOrderNo: 'O2', productVendor: 'acme', productSku: 1 },
      { lineId: 'L4', quantity: 1, note: 'bulk', orderOrderNo: 'O3', productVendor: 'bolt', productSku: 1 },
    ],
    Warranty: [{ id: 1, months: 12, productVendor: 'acme', productSku: 1 }],
  };
}

/** The sample data of a model that has one (a fresh copy on every call). */
export function sampleData(model: 'rainier' | 'features'): Record<string, Row[]> {
  return model === 'rainier' ? rainierData() : featuresData();
}
