// @ts-check
/**
 * The benchmark's rainier data set, generated from a seeded PRNG so that every run, every machine
 * and every server sees exactly the same rows: 10 buildings, 100 workspaces, 20 departments,
 * 2,000 employees (each with a department and a workspace) and 1,000 order items; at scale n
 * (`--scale`, issue 17's growth target) n times as many of each, in the same proportions.
 * Values are in the project's canonical forms (model/values.ts): dates as "YYYY-MM-DD", enums as
 * their member value, ints as numbers.
 */
import { mulberry32 } from '../test/support/mulberry32.js';

/** @typedef {Record<string, string | number>} DataRow */
/** @typedef {{ Building: DataRow[]; Workspace: DataRow[]; Department: DataRow[]; Employee: DataRow[]; OrderItem: DataRow[] }} BenchData */

export const SIZES = Object.freeze({ buildings: 10, workspaces: 100, departments: 20, employees: 2000, orderItems: 1000 });

/**
 * The row counts at `scale` times the rainier data.
 * @param {number} scale a positive integer
 * @returns {typeof SIZES}
 */
export function sizesAt(scale) {
  if (!Number.isInteger(scale) || scale < 1) throw new Error(`the data scale must be a positive integer, got ${scale}`);
  return /** @type {typeof SIZES} */ (Object.fromEntries(Object.entries(SIZES).map(([table, n]) => [table, n * scale])));
}

/** Parents before children: the order in which tables are filled. */
export const LOAD_ORDER = /** @type {const} */ (['Building', 'Workspace', 'Department', 'Employee', 'OrderItem']);

const DEFAULT_SEED = 20240229;

// Some names carry non-ASCII letters so that utf8mb4 round trips are part of the identity check.
const FIRST_NAMES = [
  'Amelia',
  'Bruno',
  'Chloé',
  'Dmitri',
  'Elif',
  'Farah',
  'Gustavo',
  'Hana',
  'Ivan',
  'Júlia',
  'Kofi',
  'Lena',
  'Mateo',
  'Nadia',
  'Oskar',
  'Priya',
  'Quentin',
  'Rosa',
  'Søren',
  'Tariq',
  'Uma',
  'Viktor',
  'Wen',
  'Ximena',
  'Yusuf',
  'Zoë',
];
const LAST_NAMES = [
  'Andersen',
  'Becker',
  'Costa',
  'Dubois',
  'Eriksson',
  'Fischer',
  'García',
  'Haddad',
  'Ito',
  'Jansen',
  'Kowalski',
  'Lindqvist',
  'Müller',
  'Nakamura',
  'Okafor',
  'Petrov',
  'Quispe',
  'Rossi',
  "O'Brien",
  'Silva',
  'Tanaka',
  'Ünal',
  'Varga',
  'Wójcik',
  'Yilmaz',
  'Zhang',
];
const CITIES = [
  { city: 'Seattle', state: 'WA', country: 'USA', prefix: '981' },
  { city: 'Portland', state: 'OR', country: 'USA', prefix: '972' },
  { city: 'Tacoma', state: 'WA', country: 'USA', prefix: '984' },
  { city: 'Vancouver', state: 'BC', country: 'Canada', prefix: 'V6B' },
  { city: 'Spokane', state: 'WA', country: 'USA', prefix: '992' },
];
const BUILDING_TYPES = ['owned', 'rented', 'shared'];
const WORKSPACE_TYPES = ['small', 'medium', 'large', 'open plan', 'meeting room'];
const DEPT_NAMES = [
  'Engineering',
  'Finance',
  'Human Resources',
  'Legal',
  'Marketing',
  'Operations',
  'Procurement',
  'Research',
  'Sales',
  'Support',
  'Security',
  'Facilities',
  'Design',
  'Data',
  'Quality',
  'Logistics',
  'Training',
  'Communications',
  'Strategy',
  'Compliance',
];

/** @param {number} n @param {number} width */
const pad = (n, width) => String(n).padStart(width, '0');

/**
 * A random date in [fromYear, toYear], always valid (days 1..28).
 * @param {() => number} rand @param {number} fromYear @param {number} toYear
 */
function randomDate(rand, fromYear, toYear) {
  const y = fromYear + Math.floor(rand() * (toYear - fromYear + 1));
  const m = 1 + Math.floor(rand() * 12);
  const d = 1 + Math.floor(rand() * 28);
  return `${y}-${pad(m, 2)}-${pad(d, 2)}`;
}

/**
 * @template T
 * @param {() => number} rand @param {readonly T[]} items
 * @returns {T}
 */
function pick(rand, items) {
  return /** @type {T} */ (items[Math.floor(rand() * items.length)]);
}

/**
 * Generates the data set. Same scale and seed, same rows; scale 1 is the data set of every earlier
 * run. Keys keep their forms at larger scales (`E20000`, `W1000`, `D200`), and the department
 * names repeat with a number (`Engineering 2`).
 * @param {number} [scale] multiplies every table's row count (sizesAt)
 * @param {number} [seed]
 * @returns {BenchData}
 */
export function generateData(scale = 1, seed = DEFAULT_SEED) {
  const SIZES = sizesAt(scale);
  const rand = mulberry32(seed);
  /** @type {DataRow[]} */
  const Building = [];
  for (let i = 1; i <= SIZES.buildings; i++) {
    const place = /** @type {(typeof CITIES)[number]} */ (CITIES[(i - 1) % CITIES.length]);
    Building.push({
      buildingCode: `B${pad(i, 2)}`,
      city: place.city,
      state: place.state,
      country: place.country,
      postalCode: `${place.prefix}${pad(Math.floor(rand() * 100), 2)}`,
      type: pick(rand, BUILDING_TYPES),
    });
  }
  /** @type {DataRow[]} */
  const Workspace = [];
  for (let i = 1; i <= SIZES.workspaces; i++) {
    Workspace.push({
      workspaceId: `W${pad(i, 3)}`,
      workspaceType: pick(rand, WORKSPACE_TYPES),
      // Every building gets workspaces; the rest are spread at random.
      locationBuildingCode: i <= SIZES.buildings ? `B${pad(i, 2)}` : `B${pad(1 + Math.floor(rand() * SIZES.buildings), 2)}`,
    });
  }
  /** @type {DataRow[]} */
  const Department = Array.from({ length: SIZES.departments }, (_, i) => ({
    deptNo: `D${pad(i + 1, 2)}`,
    deptName: `${DEPT_NAMES[i % DEPT_NAMES.length]}${i < DEPT_NAMES.length ? '' : ` ${Math.floor(i / DEPT_NAMES.length) + 1}`}`,
  }));
  /** @type {DataRow[]} */
  const Employee = [];
  for (let i = 1; i <= SIZES.employees; i++) {
    Employee.push({
      empNo: `E${pad(i, 5)}`,
      firstName: pick(rand, FIRST_NAMES),
      lastName: pick(rand, LAST_NAMES),
      birthDate: randomDate(rand, 1960, 2002),
      gender: rand() < 0.5 ? 'FEMALE' : 'MALE',
      hireDate: randomDate(rand, 2000, 2024),
      // Every department and workspace gets employees; the rest are spread at random.
      departmentDeptNo: i <= SIZES.departments ? `D${pad(i, 2)}` : `D${pad(1 + Math.floor(rand() * SIZES.departments), 2)}`,
      workspaceWorkspaceId: i <= SIZES.workspaces ? `W${pad(i, 3)}` : `W${pad(1 + Math.floor(rand() * SIZES.workspaces), 3)}`,
    });
  }
  /** @type {DataRow[]} */
  const OrderItem = [];
  const itemsPerOrder = 5;
  for (let i = 0; i < SIZES.orderItems; i++) {
    OrderItem.push({
      orderId: `O${pad(Math.floor(i / itemsPerOrder) + 1, 4)}`,
      itemId: `I${pad((i % itemsPerOrder) + 1, 3)}`,
      quantity: 1 + Math.floor(rand() * 50),
      notes: rand() < 0.2 ? 'gift wrap; deliver after 17:00' : `item ${i + 1}`,
    });
  }
  return { Building, Workspace, Department, Employee, OrderItem };
}
