/**
 * The attacks of issue 9 (items 1 and 2) against a real `persist serve`, over the in-memory store
 * and over MariaDB: each gets a quick, clear refusal (status, BAD_USER_INPUT, a message naming the
 * limit) or a correct answer, while a concurrent /health and a small query answer within 1 s; the
 * process stays alive, its memory bounded, and the store unchanged.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeMysql, TestDatabases } from '../mysql/mysql-test-db.js';
import { loadModel } from '../support/models.js';
import { type Answer, REPO, type Served, startServe, whileProbing } from './harness.js';

/** The store's rows, read back to prove an attack changed nothing. */
const SNAPSHOT =
  '{ departments { deptNo deptName } employees(limit: 1000) { empNo firstName lastName } workspaces { workspaceId } buildings { buildingCode } orderItems { orderId itemId } }';

/** `departments → employees → department → employees …`: `n` relation hops below departments. */
function hops(n: number, limit?: number): string {
  const arg = limit === undefined ? '' : `(limit: ${limit})`;
  let open = `{ departments${arg} {`;
  for (let i = 1; i <= n; i++) open += i % 2 === 1 ? ` employees${arg} {` : ' department {';
  return `${open} ${n % 2 === 1 ? 'empNo' : 'deptNo'}${' }'.repeat(n + 2)}`;
}

function doubling(levels: number, leaf = 'empNo firstName'): string {
  let fragments = `fragment F0 on Employee { ${leaf} }`;
  for (let i = 1; i <= levels; i++) fragments += ` fragment F${i} on Employee { ...F${i - 1} ...F${i - 1} }`;
  return `{ employees(limit: 2) { ...F${levels} } } ${fragments}`;
}

function notNested(times: number): string {
  let where = '{ empNo: { eq: "E0001" } }';
  for (let i = 0; i < times; i++) where = `{ NOT: ${where} }`;
  return where;
}

/** The answer is a refusal: BAD_USER_INPUT, a message matching `message`, nothing run. */
function expectRefused(a: Answer, message: RegExp, status = [200, 400]): void {
  expect(status, a.text.slice(0, 300)).toContain(a.status);
  expect(a.json?.data ?? null, a.text.slice(0, 300)).toBeNull();
  expect(a.json?.errors?.length, a.text.slice(0, 300)).toBeGreaterThan(0);
  for (const e of a.json!.errors!) expect(e.extensions?.code).toBe('BAD_USER_INPUT');
  expect(a.json!.errors!.map((e) => e.message).join('\n')).toMatch(message);
  expect(a.text).not.toMatch(/Maximum call stack|at .*\.js:\d+/);
}

/**
 * Sends `bytes` bytes of body in 64 KB chunks, chunked, or declaring a Content-Length of
 * `declared` (a client claiming 100 MB need not send them all to be refused), reading the answer
 * as soon as it comes.
 */
function sendLarge(
  served: Served,
  bytes: number,
  declared: number | undefined,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string; sent: number }> {
  return new Promise((resolve, reject) => {
    const url = new URL('/graphql', served.url);
    const req = request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(declared === undefined ? {} : { 'content-length': String(declared) }),
        ...headers,
      },
    });
    let sent = 0;
    let settled = false;
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    req.on('response', (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => {
        settled = true;
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(parts).toString('utf8'), sent });
      });
    });
    // The server closes the connection after its 413: writes after that fail, which is expected.
    req.on('error', (e) => {
      if (!settled) setTimeout(() => (settled ? undefined : reject(e)), 2000);
    });
    req.write('{"query":"{ employees { empNo } }", "pad": "');
    const pump = (): void => {
      while (!settled && sent < bytes) {
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      if (!settled && declared === undefined) req.end('"}');
    };
    pump();
  });
}

interface Target {
  name: string;
  start(): Promise<Served>;
}

function attackSuite(target: Target): void {
  let served: Served;
  let before: string;
  let rssAtStart: number;

  beforeAll(async () => {
    served = await target.start();
    before = (await served.graphql({ query: SNAPSHOT })).text;
    rssAtStart = served.rssMb();
  }, 60_000);

  afterAll(async () => {
    await served?.stop();
  });

  /** Runs an attack beside the probes; asserts the server answered the probes within 1 s. */
  async function attack<T>(run: () => Promise<T>): Promise<T> {
    const { result, probe } = await whileProbing(served, run);
    expect(probe.healthMs, `slowest /health of ${probe.probes} during the attack`).toBeLessThan(1000);
    expect(probe.queryMs, `slowest small query of ${probe.probes} during the attack`).toBeLessThan(1000);
    expect(served.alive()).toBe(true);
    return result;
  }

  it('refuses 250 nested levels, as POST and as GET', async () => {
    const q = hops(250, 1);
    const limit = /nesting exceeds the limit of 100 levels/;
    expectRefused(await attack(() => served.graphql({ query: q })), limit);
    expectRefused(
      await attack(() => served.send(`/graphql?query=${encodeURIComponent(q)}`, { headers: { accept: 'application/json' } })),
      limit,
    );
    // A page of another site (`Accept: image/*`) gets no answer it could run.
    const image = await attack(() => served.send(`/graphql?query=${encodeURIComponent(q)}`, { headers: { accept: 'image/*' } }));
    expect(image.status).toBe(406);
    // Within the nesting bound, the depth limit speaks.
    expectRefused(
      await attack(() => served.graphql({ query: hops(40, 1) })),
      /^Query depth 42 exceeds the limit of 12 \(persist\.limits\.depth\)\./,
    );
  });

  it('refuses the exponential queries: 12, 14 and 50 hops', async () => {
    for (const n of [12, 14, 50]) {
      const a = await attack(() => served.graphql({ query: hops(n) }));
      expectRefused(a, new RegExp(`Query depth ${n + 2} exceeds the limit of 12 \\(persist\\.limits\\.depth\\)`));
      expect(a.json!.errors!.map((e) => e.message).join('\n')).toMatch(
        /Query cost \S+ exceeds the limit of 100000 \(persist\.limits\.cost\)/,
      );
      expect(a.ms).toBeLessThan(1000);
    }
    // Within the depth limit, unlimited lists multiply past the cost limit; with limits, it runs.
    expectRefused(await attack(() => served.graphql({ query: hops(8) })), /Query cost \d+ exceeds the limit of 100000/);
    const limited = await attack(() => served.graphql({ query: hops(8, 2) }));
    expect(limited.status).toBe(200);
    expect(limited.json?.errors).toBeUndefined();
  });

  it('refuses 1,000 root aliases of a nested list', async () => {
    const q = `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: departments { employees { empNo } }`).join(' ')} }`;
    const a = await attack(() => served.graphql({ query: q }));
    expectRefused(a, /Query alias count 1000 exceeds the limit of 30 \(persist\.limits\.aliases\)/);
    expect(a.ms).toBeLessThan(1000);
  });

  it('answers 22 and 30 levels of doubling fragments without stalling, and refuses them when they multiply objects', async () => {
    for (const levels of [22, 30]) {
      const a = await attack(() => served.graphql({ query: doubling(levels) }));
      expect(a.status, a.text.slice(0, 300)).toBe(200);
      expect(a.json).toEqual({
        data: { employees: [expect.objectContaining({ empNo: 'E0001' }), expect.objectContaining({ empNo: 'E0002' })] },
      });
      expect(a.ms).toBeLessThan(1000);
      const objects = await attack(() => served.graphql({ query: doubling(levels, 'empNo department { deptNo }') }));
      expectRefused(objects, /Query cost \S+ exceeds the limit of 100000/);
    }
  });

  it('refuses a 100 MB body and a chunked one with 413 while reading, on both paths', async () => {
    const message = /The request body exceeds the limit of 1048576 bytes \(persist\.limits\.bodyBytes\)/;
    const rssBefore = served.rssMb();
    const declared = await attack(() => sendLarge(served, 4 * 1024 * 1024, 100 * 1024 * 1024));
    expect(declared.status).toBe(413);
    expect(declared.text).toMatch(message);
    for (const headers of [{}, { origin: 'http://elsewhere.example' }]) {
      const chunked = await attack(() => sendLarge(served, 8 * 1024 * 1024, undefined, headers));
      expect(chunked.status).toBe(413);
      expect(chunked.text).toMatch(message);
    }
    // What came past the limit was dropped, not kept.
    expect(served.rssMb() - rssBefore, `RSS grew from ${rssBefore.toFixed(0)} MB`).toBeLessThan(60);
  }, 60_000);

  it('keeps its memory bounded over 405 distinct large documents', async () => {
    // Each document is just under documentBytes (100 KB; a comment makes it distinct and large):
    // 405 of them are 40 MB of text, ten times what the document caches keep.
    const rssBefore = served.rssMb();
    await attack(async () => {
      for (let i = 0; i < 405; i++) {
        const pad = `# ${i} ${'x'.repeat(100_000)}\n`;
        const a = await served.graphql({ query: `${pad}{ employees(limit: 1) { empNo } }` });
        expect(a.status).toBe(200);
        expect(a.json?.data).toEqual({ employees: [{ empNo: 'E0001' }] });
      }
    });
    const over = await served.graphql({ query: `# ${'x'.repeat(200_000)}\n{ employees(limit: 1) { empNo } }` });
    expectRefused(over, /^Document size in bytes 200\d+ exceeds the limit of 102400 \(persist\.limits\.documentBytes\)\.$/);
    expect(served.rssMb() - rssBefore, `RSS grew from ${rssBefore.toFixed(0)} MB`).toBeLessThan(150);
  }, 120_000);

  it('refuses documents nested 5,000 deep and NOT nested 10,000 times, in a literal and in variables', async () => {
    const limit = /nesting exceeds the limit of 100 levels of \{ and \[/;
    expectRefused(await attack(() => served.graphql({ query: '{'.repeat(5000) + '}'.repeat(5000) })), limit);
    expectRefused(await attack(() => served.graphql({ query: `{ employees(where: ${notNested(10_000)}) { empNo } }` })), limit);
    let variables = '{"empNo":{"eq":"E0001"}}';
    for (let i = 0; i < 10_000; i++) variables = `{"NOT":${variables}}`;
    const body = `{"query":"query($w: EmployeeWhere) { employees(where: $w) { empNo } }","variables":{"w":${variables}}}`;
    expectRefused(await attack(() => served.graphql(body)), /Variables nesting exceeds the limit of 100 levels/);
    // Nested within the bound, the same filter is answered.
    const ok = await attack(() => served.graphql({ query: `{ employees(where: ${notNested(20)}) { empNo } }` }));
    expect(ok.json).toEqual({ data: { employees: [{ empNo: 'E0001' }] } });
  });

  it('is alive afterwards, with bounded memory and the store unchanged', async () => {
    expect(served.alive()).toBe(true);
    expect((await served.send('/health')).status).toBe(200);
    expect(served.rssMb(), `RSS at start ${rssAtStart.toFixed(0)} MB`).toBeLessThan(rssAtStart + 250);
    expect((await served.graphql({ query: SNAPSHOT })).text).toBe(before);
  });
}

describe('attacks on persist serve over the in-memory store', () => {
  attackSuite({ name: 'inmemory', start: () => startServe() });
});

describeMysql('attacks on persist serve over MariaDB', () => {
  const databases = new TestDatabases('attacks');
  const model = loadModel('rainier');
  attackSuite({ name: 'mysql', start: () => startServe({ mysql: { databases, model } }) });
});

describe('1e309', () => {
  let served: Served;
  beforeAll(async () => {
    served = await startServe({ model: `${REPO}test/models/features.bal` });
  }, 60_000);
  afterAll(async () => {
    await served?.stop();
  });

  it('is refused as a number beyond a Float, in a literal and in variables', async () => {
    const literal = await served.graphql({ query: '{ customers(where: { rating: { gt: 1e309 } }) { id } }' });
    expectRefused(literal, /^Invalid value 1e309: the number is beyond the range of a Float \(about ±1\.8e308\)\.$/);
    const variables = await served.graphql(
      `{"query":"query($r: Float) { customers(where: { rating: { gt: $r } }) { id } }","variables":{"r":1e309}}`,
    );
    expectRefused(variables, /Float cannot represent non numeric value: Infinity/);
    expect(served.alive()).toBe(true);
  });
});
