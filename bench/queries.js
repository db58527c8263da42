// @ts-check
/**
 * The benchmark's operations, exactly as issue 6 states them, and the HTTP request bodies that
 * carry them. Every server receives byte-identical requests (POST /graphql, JSON body); the raw
 * baseline recognises the query text and answers with hand-written SQL.
 */

export const Q1 =
  '{ employees(limit: 100, orderBy: [{empNo: ASC}]) { empNo firstName lastName department { deptNo deptName } workspace { workspaceId workspaceType location { buildingCode city } } } }';
export const Q2 = '{ departments { deptNo deptName employees { empNo firstName workspace { workspaceId location { city } } } } }';
export const Q3 = '{ employee(empNo: "E00042") { empNo firstName department { deptName } workspace { location { city } } } }';
export const Q5 = '{ employeesGroupBy(by: [departmentDeptNo, gender]) { departmentDeptNo gender count } }';
export const M1 = 'mutation M1($data: [OrderItemInsert!]!) { createOrderItems(data: $data) { orderId itemId quantity notes } }';

/** Rows per M1 request. */
export const M1_ROWS = 100;
/** Every order id that M1 writes starts with this, so that cleanup never touches the seed rows. */
export const M1_PREFIX = 'M1-';

/** @typedef {'Q1' | 'Q2' | 'Q3' | 'Q5' | 'M1'} QueryName */
/** @type {readonly QueryName[]} */
export const QUERY_NAMES = ['Q1', 'Q2', 'Q3', 'Q5', 'M1'];

/** @type {Record<QueryName, string>} */
export const QUERY_TEXT = { Q1, Q2, Q3, Q5, M1 };

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
 * @param {QueryName} name
 * @param {string} tag distinguishes runs and servers, e.g. "raw-w" for raw's warm-up
 * @returns {() => string}
 */
export function bodySource(name, tag) {
  if (name !== 'M1') {
    const body = JSON.stringify({ query: QUERY_TEXT[name] });
    return () => body;
  }
  let n = 0;
  return () => JSON.stringify({ query: M1, variables: { data: m1Rows(`${M1_PREFIX}${tag}-${++n}`) } });
}
