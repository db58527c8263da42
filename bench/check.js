// @ts-check
/**
 * Before anything is timed: every server must return identical data for every operation. The
 * reference is computed in JavaScript from the generated data set (an oracle independent of any
 * server), and each server's parsed JSON must deep-equal it. Any difference stops the benchmark.
 */
import { isDeepStrictEqual } from 'node:util';
import { employeeCursor } from './cursor.js';
import { M1, m1Rows, Q6_FIRST, Q6_PAGE, q6PageBody, QUERY_TEXT } from './queries.js';
import { expectedWrites } from './mutations.js'; // M2, M3 (issue 12)

/** @typedef {import('./data.js').BenchData} BenchData */
/** @typedef {import('./data.js').DataRow} DataRow */

/** Code-point order, as the datastores sort strings. */
const byCodePoint = (/** @type {string} */ a, /** @type {string} */ b) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * @param {DataRow[]} rows @param {string} key
 * @returns {Map<string | number, DataRow>}
 */
function index(rows, key) {
  return new Map(rows.map((r) => [/** @type {string | number} */ (r[key]), r]));
}

/**
 * The exact `{data: …}` each read must produce, and the M1 body and answer used for the check.
 * @param {BenchData} data
 */
export function expectedResponses(data) {
  const departments = index(data.Department, 'deptNo');
  const workspaces = index(data.Workspace, 'workspaceId');
  const buildings = index(data.Building, 'buildingCode');
  /** @param {unknown} v */
  const get = (/** @type {Map<string | number, DataRow>} */ map, /** @type {unknown} */ v) => {
    const row = map.get(/** @type {string} */ (v));
    if (!row) throw new Error(`data set: dangling reference ${String(v)}`);
    return row;
  };
  const employees = [...data.Employee].sort((a, b) => byCodePoint(String(a.empNo), String(b.empNo)));

  const q1 = employees.slice(0, 100).map((e) => {
    const d = get(departments, e.departmentDeptNo);
    const w = get(workspaces, e.workspaceWorkspaceId);
    const b = get(buildings, w.locationBuildingCode);
    return {
      empNo: e.empNo,
      firstName: e.firstName,
      lastName: e.lastName,
      department: { deptNo: d.deptNo, deptName: d.deptName },
      workspace: { workspaceId: w.workspaceId, workspaceType: w.workspaceType, location: { buildingCode: b.buildingCode, city: b.city } },
    };
  });
  const q2 = [...data.Department]
    .sort((a, b) => byCodePoint(String(a.deptNo), String(b.deptNo)))
    .map((d) => ({
      deptNo: d.deptNo,
      deptName: d.deptName,
      employees: employees
        .filter((e) => e.departmentDeptNo === d.deptNo)
        .map((e) => {
          const w = get(workspaces, e.workspaceWorkspaceId);
          return {
            empNo: e.empNo,
            firstName: e.firstName,
            workspace: { workspaceId: w.workspaceId, location: { city: get(buildings, w.locationBuildingCode).city } },
          };
        }),
    }));
  const e42 = employees.find((e) => e.empNo === 'E00042');
  if (!e42) throw new Error('data set: E00042 is missing');
  const q3 = {
    empNo: e42.empNo,
    firstName: e42.firstName,
    department: { deptName: get(departments, e42.departmentDeptNo).deptName },
    workspace: { location: { city: get(buildings, get(workspaces, e42.workspaceWorkspaceId).locationBuildingCode).city } },
  };
  const q4 = [...data.Department]
    .sort((a, b) => byCodePoint(String(a.deptNo), String(b.deptNo)))
    .map((d) => ({ d, staff: employees.filter((e) => e.departmentDeptNo === d.deptNo) }))
    .filter(({ staff }) => staff.some((e) => e.gender === 'FEMALE'))
    .map(({ d, staff }) => ({
      deptName: d.deptName,
      employeesAggregate: { count: staff.length },
      employees: staff
        .map((e) => ({ e, type: String(get(workspaces, e.workspaceWorkspaceId).workspaceType) }))
        // By workspaceType, then by key (stable sort over employees already in key order).
        .sort((a, b) => byCodePoint(a.type, b.type))
        .slice(0, 5)
        .map(({ e }) => ({ empNo: e.empNo })),
    }));
  // Q5: one group per department and gender present, by deptNo, then gender in declaration order.
  const genders = ['MALE', 'FEMALE'];
  /** @type {Map<string, { departmentDeptNo: unknown; gender: unknown; count: number }>} */
  const groups = new Map();
  for (const e of employees) {
    const id = `${String(e.departmentDeptNo)}|${String(e.gender)}`;
    const g = groups.get(id);
    if (g) g.count++;
    else groups.set(id, { departmentDeptNo: e.departmentDeptNo, gender: e.gender, count: 1 });
  }
  const q5 = [...groups.values()].sort(
    (a, b) =>
      byCodePoint(String(a.departmentDeptNo), String(b.departmentDeptNo)) ||
      genders.indexOf(String(a.gender)) - genders.indexOf(String(b.gender)),
  );
  const q6 = q6Pages(employees);
  const m1 = m1Rows('M1-check');
  return {
    Q1: { body: JSON.stringify({ query: QUERY_TEXT.Q1 }), expected: { data: { employees: q1 } } },
    Q2: { body: JSON.stringify({ query: QUERY_TEXT.Q2 }), expected: { data: { departments: q2 } } },
    Q3: { body: JSON.stringify({ query: QUERY_TEXT.Q3 }), expected: { data: { employee: q3 } } },
    Q4: { body: JSON.stringify({ query: QUERY_TEXT.Q4 }), expected: { data: { departments: q4 } } },
    Q5: { body: JSON.stringify({ query: QUERY_TEXT.Q5 }), expected: { data: { employeesGroupBy: q5 } } },
    Q6: {
      body: q6PageBody(q6.at(-2)?.expected.data.employeesConnection.pageInfo.endCursor ?? null),
      expected: q6.at(-1)?.expected,
      pages: q6,
    },
    M1: { body: JSON.stringify({ query: M1, variables: { data: m1 } }), expected: { data: { createOrderItems: m1 } } },
    // --- M2, M3 (issue 12) ---
    ...expectedWrites(data),
    // --- end M2, M3 ---
  };
}

// ---- Q6 (issue 11) ----
/**
 * Q6's pages 1 … Q6_PAGE: employees by lastName, then empNo (the key), in code-point order as the
 * binary collation sorts, Q6_FIRST a page; each with the cursor it is requested after.
 * @param {DataRow[]} employees
 */
function q6Pages(employees) {
  const sorted = [...employees].sort(
    (a, b) => byCodePoint(String(a.lastName), String(b.lastName)) || byCodePoint(String(a.empNo), String(b.empNo)),
  );
  const pages = [];
  /** @type {string | null} */
  let after = null;
  for (let page = 1; page <= Q6_PAGE; page++) {
    const rows = sorted.slice((page - 1) * Q6_FIRST, page * Q6_FIRST);
    const edges = rows.map((e) => ({
      cursor: employeeCursor(e.lastName, e.empNo),
      node: { empNo: e.empNo, firstName: e.firstName, lastName: e.lastName },
    }));
    const endCursor = edges.at(-1)?.cursor ?? null;
    pages.push({
      after,
      expected: {
        data: {
          employeesConnection: { edges, pageInfo: { hasNextPage: page * Q6_FIRST < sorted.length, endCursor }, totalCount: sorted.length },
        },
      },
    });
    after = endCursor;
  }
  return pages;
}

/**
 * Walks Q6's pages on one server as a client does, each requested after the endCursor of the page
 * before (the server's, which the identity check of that page makes the reference's), checking
 * every page. Returns the cursor the timed page is requested after: page 2's endCursor.
 * @param {string} server @param {(body: string) => Promise<{ status: number; json: unknown }>} postBody
 * @param {ReturnType<typeof q6Pages>} pages
 */
export async function walkQ6Pages(server, postBody, pages) {
  /** @type {string | null} */
  let after = null;
  for (const [i, page] of pages.entries()) {
    const answer = await postBody(q6PageBody(after));
    assertIdentical(server, `Q6 (page ${i + 1})`, answer, page.expected);
    if (i < pages.length - 1) after = page.expected.data.employeesConnection.pageInfo.endCursor;
  }
  if (after === null) throw new Error('internal: Q6 pages end before the timed page');
  return after;
}
// ---- end of Q6 ----

/**
 * The first place where two JSON values differ, as a path and both values.
 * @param {unknown} actual @param {unknown} expected @param {string} [path]
 * @returns {string | null}
 */
export function firstDifference(actual, expected, path = '$') {
  if (isDeepStrictEqual(actual, expected)) return null;
  if (Array.isArray(actual) && Array.isArray(expected)) {
    for (let i = 0; i < Math.min(actual.length, expected.length); i++) {
      const d = firstDifference(actual[i], expected[i], `${path}[${i}]`);
      if (d) return d;
    }
    return `${path}: ${actual.length} items, expected ${expected.length}`;
  }
  if (
    actual &&
    expected &&
    typeof actual === 'object' &&
    typeof expected === 'object' &&
    !Array.isArray(actual) &&
    !Array.isArray(expected)
  ) {
    const a = /** @type {Record<string, unknown>} */ (actual);
    const e = /** @type {Record<string, unknown>} */ (expected);
    for (const key of new Set([...Object.keys(e), ...Object.keys(a)])) {
      if (!(key in a)) return `${path}.${key}: missing, expected ${JSON.stringify(e[key])}`;
      if (!(key in e)) return `${path}.${key}: unexpected ${JSON.stringify(a[key])}`;
      const d = firstDifference(a[key], e[key], `${path}.${key}`);
      if (d) return d;
    }
  }
  return `${path}: got ${JSON.stringify(actual)?.slice(0, 300)}, expected ${JSON.stringify(expected)?.slice(0, 300)}`;
}

/**
 * Sends one request of `requestSource` and returns the status and parsed JSON.
 * @param {string} baseUrl @param {import('./queries.js').BenchRequest} request
 */
export async function send(baseUrl, request) {
  const { path, ...init } = request;
  return answerOf(baseUrl, await fetch(`${baseUrl}${path}`, init));
}

/** @param {string} baseUrl @param {Response} res */
async function answerOf(baseUrl, res) {
  const text = await res.text();
  /** @type {unknown} */
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${baseUrl}: status ${res.status}, not JSON: ${text.slice(0, 300)}`);
  }
  return { status: res.status, json, bytes: Buffer.byteLength(text) };
}

/**
 * POSTs one GraphQL request body and returns the status and parsed JSON.
 * @param {string} baseUrl @param {string} body @param {Record<string, string>} [extraHeaders] the server kind's own (a token)
 */
export async function post(baseUrl, body, extraHeaders = {}) {
  const res = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...extraHeaders },
    body,
  });
  return answerOf(baseUrl, res);
}

/**
 * Asserts that one server's answer to one operation equals the reference; throws a message that
 * names the server, the operation and the first difference.
 * @param {string} server @param {string} query @param {{ status: number; json: unknown }} answer @param {unknown} expected
 */
export function assertIdentical(server, query, answer, expected) {
  const difference =
    answer.status === 200
      ? firstDifference(answer.json, expected)
      : `status ${answer.status}: ${JSON.stringify(answer.json).slice(0, 500)}`;
  if (difference) throw new Error(`${server} answers ${query} differently from the reference data:\n  ${difference}`);
}
