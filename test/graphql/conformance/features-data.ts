/**
 * Seed rows of the feature model (test/models/features.bal), canonical values. Shapes covered:
 * a customer with every nullable field set and one with all of them null; a customer with a 1-1
 * profile and ones without; orders with two relations to Customer; products with a composite key
 * (the same sku under two vendors); order lines over composite foreign keys; a 1-1 warranty over
 * a composite foreign key.
 */
import type { Row } from '../../../src/datastore/datastore.js';

export const AVATAR = new Uint8Array([0, 1, 2, 250, 255]);
export const AVATAR_BASE64 = 'AAEC+v8=';

const customers: Row[] = [
  {
    id: 1,
    name: 'Alice',
    nickname: 'Al',
    age: 34,
    score: 90,
    rating: 4.5,
    weight: 61.25,
    balance: '1200.5',
    credit: '-20.75',
    active: true,
    verified: true,
    avatar: AVATAR,
    birthDate: '1990-02-28',
    anniversary: '2015-06-01',
    wakeUp: '06:30:00',
    bedTime: '22:15:30.5',
    createdAt: '2024-02-29T13:45:00Z',
    deletedAt: '2030-01-01T00:00:00.123456Z',
    lastSeen: '2024-03-01T08:00:00',
    nextVisit: '2024-12-24T18:30:00.25',
    status: 'active',
    previousStatus: 'suspended',
    type: 'gold',
  },
  {
    id: 2,
    name: 'Bob',
    nickname: null,
    age: 51,
    score: null,
    rating: 3,
    weight: null,
    balance: '0',
    credit: null,
    active: false,
    verified: null,
    avatar: null,
    birthDate: '1973-12-31',
    anniversary: null,
    wakeUp: '07:00:00',
    bedTime: null,
    createdAt: '2023-01-15T09:00:00Z',
    deletedAt: null,
    lastSeen: '2024-01-02T10:11:12',
    nextVisit: null,
    status: 'CLOSED',
    previousStatus: null,
    type: 'basic',
  },
  {
    id: 3,
    name: 'Carol',
    nickname: 'Caz',
    age: 27,
    score: 75,
    rating: 4.9,
    weight: 55,
    balance: '99999.999',
    credit: '0.001',
    active: true,
    verified: false,
    avatar: new Uint8Array([]),
    birthDate: '1997-07-04',
    anniversary: null,
    wakeUp: '05:45:00',
    bedTime: '23:00:00',
    createdAt: '2024-06-30T23:59:59Z',
    deletedAt: null,
    lastSeen: '2024-07-01T00:00:00',
    nextVisit: null,
    status: 'suspended',
    previousStatus: 'active',
    type: 'gold',
  },
];

export const FEATURES_SEED: Readonly<Record<string, readonly Row[]>> = {
  Customer: customers,
  Profile: [{ handle: 'alice', bio: 'Likes GraphQL', customerId: 1 }],
  Order: [
    { orderNo: 'O1', placedOn: '2024-01-10', total: '150.25', customerId: 1, referrerId: 2 },
    { orderNo: 'O2', placedOn: '2024-02-11', total: '20', customerId: 1, referrerId: 1 },
    { orderNo: 'O3', placedOn: '2024-03-12', total: '75.5', customerId: 2, referrerId: 1 },
  ],
  Product: [
    { vendor: 'acme', sku: 1, title: 'Anvil', price: '99.99' },
    { vendor: 'acme', sku: 2, title: 'Rocket', price: '1500' },
    { vendor: 'globex', sku: 1, title: 'Gadget', price: '12.5' },
  ],
  OrderLine: [
    { lineId: 'L1', quantity: 2, note: null, orderOrderNo: 'O1', productVendor: 'acme', productSku: 1 },
    { lineId: 'L2', quantity: 1, note: 'gift wrap', orderOrderNo: 'O1', productVendor: 'acme', productSku: 2 },
    { lineId: 'L3', quantity: 7, note: null, orderOrderNo: 'O2', productVendor: 'globex', productSku: 1 },
    { lineId: 'L4', quantity: 5, note: 'urgent', orderOrderNo: 'O1', productVendor: 'globex', productSku: 1 },
  ],
  Warranty: [{ id: 1, months: 12, productVendor: 'acme', productSku: 1 }],
};

/** Customer 1 as GraphQL returns it (enums by member name, bytes in base64). */
export const ALICE_JSON = {
  id: 1,
  name: 'Alice',
  nickname: 'Al',
  age: 34,
  score: 90,
  rating: 4.5,
  weight: 61.25,
  balance: '1200.5',
  credit: '-20.75',
  active: true,
  verified: true,
  avatar: AVATAR_BASE64,
  birthDate: '1990-02-28',
  anniversary: '2015-06-01',
  wakeUp: '06:30:00',
  bedTime: '22:15:30.5',
  createdAt: '2024-02-29T13:45:00Z',
  deletedAt: '2030-01-01T00:00:00.123456Z',
  lastSeen: '2024-03-01T08:00:00',
  nextVisit: '2024-12-24T18:30:00.25',
  status: 'ACTIVE',
  previousStatus: 'SUSPENDED',
  type: 'gold',
};

/** Every stored field of Customer, for selections. */
export const CUSTOMER_FIELDS = Object.keys(ALICE_JSON).join(' ');
