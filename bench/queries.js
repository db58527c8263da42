// @ts-check
/**
 * The benchmark's operations, exactly as issue 6 states them, and the HTTP request bodies that
 * carry them. Every server receives byte-identical requests (POST /graphql, JSON body); the raw
 * baseline recognises the query text and answers with hand-written SQL.
 */
import { M2, M3, mutationBody } from './mutations.js'; // M2, M3 (issue 12)

export const Q1 =
  '{ employees(limit: 100, orderBy: [{empNo: ASC}]) { empNo firstName lastName department { deptNo deptName } workspace { workspaceId workspaceType location { buildingCode city } } } }';
export const Q2 = '{ departments { deptNo deptName employees { empNo firstName workspace { workspaceId location { city } } } } }';
export const Q3 = '{ employee(empNo: "E00042") { empNo firstName department { deptName } workspace { location { city } } } }';
/**
 * Issue 11's Q4: a relation filter on the root list, a per-parent aggregate and a per-parent order
 * by a to-one field.
 */
export const Q4 =
  '{ departments(where: { employees: { some: { gender: { eq: FEMALE } } } }) { deptName employeesAggregate { count } employees(orderBy: [{ workspace: { workspaceType: ASC } }], limit: 5) { empNo } } }';
export const Q5 = '{ employeesGroupBy(by: [departmentDeptNo, gender]) { departmentDeptNo gender count } }';
// ---- Q6 (issue 11): page 3 of a connection, with the cursor of page 2 ----
/**
 * Issue 11's Q6: a Relay connection paged forwards by a non-key sort. The timed request is page
 * `Q6_PAGE` (its `after` the endCursor of the page before), obtained once before timing by walking
 * pages 1 and 2 (check.js walkQ6Pages) and set with useQ6Cursor.
 */
export const Q6 =
  'query Q6($after: String) { employeesConnection(first: 50, after: $after, orderBy: [{ lastName: ASC }]) { edges { cursor node { empNo firstName lastName } } pageInfo { hasNextPage endCursor } totalCount } }';
export const Q6_FIRST = 50;
export const Q6_PAGE = 3;
/** @type {string | undefined} */
let q6After;

/** The body of the Q6 request for the page after `after` (null: page 1). @param {string | null} after */
export function q6PageBody(after) {
  return JSON.stringify({ query: Q6, variables: { after } });
}

/** Sets the cursor that the timed Q6 request pages after (page 2's endCursor). @param {string} after */
export function useQ6Cursor(after) {
  q6After = after;
}

function q6Body() {
  if (q6After === undefined) throw new Error('internal: Q6 needs the cursor of page 2 (walk the pages first: check.js walkQ6Pages)');
  return q6PageBody(q6After);
}
// ---- end of Q6 ----
export const M1 = 'mutation M1($data: [OrderItemInsert!]!) { createOrderItems(data: $data) { orderId itemId quantity notes } }';

/** Rows per M1 request. */
export const M1_ROWS = 100;
/** Every order id that M1 writes starts with this, so that cleanup never touches the seed rows. */
export const M1_PREFIX = 'M1-';

// --- M2, M3 (issue 12): defined in mutations.js ---
export { M2, M3 };
/** The writes: every request sends a fresh body, and every answer under load is checked. */
export const WRITE_NAMES = /** @type {const} */ (['M1', 'M2', 'M3']);
/** @param {string} name @returns {name is 'M1' | 'M2' | 'M3'} */
export const isWrite = (name) => /** @type {readonly string[]} */ (WRITE_NAMES).includes(name);
/**
 * `names` with the writes moved last (a server checked or looped in one process keeps what M2
 * created, which Q2 would list).
 * @template {string} T @param {readonly T[]} names @returns {T[]}
 */
export const readsFirst = (names) => [...names.filter((q) => !isWrite(q)), ...names.filter((q) => isWrite(q))];
// --- end M2, M3 ---

/** @typedef {'Q1' | 'Q2' | 'Q3' | 'Q4' | 'Q5' | 'Q6' | 'M1' | 'M2' | 'M3'} OperationName */
/** @typedef {'Q1-apollo' | 'Q2-apollo' | 'Q3-apollo' | 'Q1-urql' | 'Q2-urql' | 'Q3-urql'} ShapedName */
/** @typedef {OperationName | ShapedName} QueryName */
/** @type {readonly OperationName[]} */
export const OPERATION_NAMES = ['Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'Q6', 'M1', 'M2', 'M3'];

/**
 * The reads again, in the request shapes of two clients (the plain entries are graphql-request's
 * and curl's: a POST with `accept: application/json`):
 * - `-apollo`: Apollo Client 4's HttpLink defaults, a POST with its `accept` (a quality value) and
 *   `{"query", "variables": {}}`;
 * - `-urql`: urql's default for queries, a GET with the query in the query string and its `accept`.
 * Persist's servers only (the raw baseline reads POSTs only); compare each with the plain entry of
 * the same server.
 * @type {Record<ShapedName, { operation: OperationName; shape: 'apollo' | 'urql' }>}
 */
export const SHAPED = {
  'Q1-apollo': { operation: 'Q1', shape: 'apollo' },
  'Q2-apollo': { operation: 'Q2', shape: 'apollo' },
  'Q3-apollo': { operation: 'Q3', shape: 'apollo' },
  'Q1-urql': { operation: 'Q1', shape: 'urql' },
  'Q2-urql': { operation: 'Q2', shape: 'urql' },
  'Q3-urql': { operation: 'Q3', shape: 'urql' },
};

/** @type {readonly QueryName[]} */
export const QUERY_NAMES = [...OPERATION_NAMES, .../** @type {ShapedName[]} */ (Object.keys(SHAPED))];

/** @param {QueryName} name @returns {name is ShapedName} */
export function isShaped(name) {
  return Object.hasOwn(SHAPED, name);
}

/** The operation an entry sends. @param {QueryName} name @returns {OperationName} */
export function operationOf(name) {
  return isShaped(name) ? SHAPED[name].operation : name;
}

const APOLLO_ACCEPT = 'application/graphql-response+json,application/json;q=0.9';
const URQL_ACCEPT = 'application/graphql-response+json, application/graphql+json, application/json, text/event-stream, multipart/mixed';

/**
 * @typedef {{ method: 'GET' | 'POST'; path: string; headers: Record<string, string>; body?: string }} BenchRequest
 */

/**
 * A source of the HTTP requests of one entry (see bodySource), with the server kind's own headers.
 * @param {QueryName} name @param {string} tag @param {Record<string, string>} [extraHeaders]
 * @returns {() => BenchRequest}
 */
export function requestSource(name, tag, extraHeaders = {}) {
  if (!isShaped(name)) {
    const nextBody = bodySource(name, tag);
    const headers = { 'content-type': 'application/json', accept: 'application/json', ...extraHeaders };
    return () => ({ method: 'POST', path: '/graphql', headers, body: nextBody() });
  }
  const { operation, shape } = SHAPED[name];
  /** @type {BenchRequest} */
  const request =
    shape === 'apollo'
      ? {
          method: 'POST',
          path: '/graphql',
          headers: { accept: APOLLO_ACCEPT, 'content-type': 'application/json', ...extraHeaders },
          body: JSON.stringify({ query: QUERY_TEXT[operation], variables: {} }),
        }
      : {
          method: 'GET',
          path: `/graphql?${new URLSearchParams({ query: QUERY_TEXT[operation] }).toString()}`,
          headers: { accept: URQL_ACCEPT, ...extraHeaders },
        };
  return () => request;
}

/** @type {Record<OperationName, string>} */
export const QUERY_TEXT = { Q1, Q2, Q3, Q4, Q5, Q6, M1, M2, M3 };

/**
 * The 100 order-item rows of one M1 request. `orderId` is unique per request so that repeated
 * requests never collide; item ids repeat across orders, as in a real order table.
 * @param {string} orderId
 */
export function m1Rows(orderId) {
  const rows = [];
  for (let i = 1; i <= M1_ROWS; i++) {
    rows.push({
      orderId,
      itemId: `I${String(i).padStart(3, '0')}`,
      quantity: i,
      notes: i % 10 === 0 ? 'fragile; keep upright' : `line ${i}`,
    });
  }
  return rows;
}

/**
 * A source of request bodies for one query. Reads always send the same body; M1 sends a fresh
 * order id per request (`M1-<tag>-<n>`), from a counter that never repeats within a process.
 * @param {OperationName} name
 * @param {string} tag distinguishes runs and servers, e.g. "raw-w" for raw's warm-up
 * @returns {() => string}
 */
export function bodySource(name, tag) {
  if (name === 'Q6') {
    const body = q6Body();
    return () => body;
  }
  let n = 0;
  // --- M2, M3 (issue 12) ---
  if (name === 'M2' || name === 'M3') return () => mutationBody(name, tag, ++n);
  // --- end M2, M3 ---
  if (name !== 'M1') {
    const body = JSON.stringify({ query: QUERY_TEXT[name] });
    return () => body;
  }
  return () => JSON.stringify({ query: M1, variables: { data: m1Rows(`${M1_PREFIX}${tag}-${++n}`) } });
}
