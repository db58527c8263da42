/**
 * No cross-site writes (SPEC §4): the POSTs a page of another origin can make without a preflight
 * (form, multipart, text/plain, no content type) are refused before their body is read, with a
 * 400 BAD_REQUEST that says how to send the request, and change nothing; JSON and GraphQL posts,
 * and simple ones that carry a header only a script can set, run. On both transports.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { passesCsrfRule } from '../../src/server/plugins/csrf-prevention.js';
import { browserServer, KINDS, type BrowserServer } from './browser-server.js';

const CREATE = 'mutation { createDepartments(data: [{ deptNo: "D9", deptName: "Evil" }]) { deptNo } }';
const ONLY_D1 = [{ deptNo: 'D1', deptName: 'Research' }];

function multipart(boundary: string): string {
  const part = (name: string, value: string): string =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  return `${part('operations', JSON.stringify({ query: CREATE }))}${part('map', '{}')}--${boundary}--\r\n`;
}

const SIMPLE_POSTS: { name: string; headers: Record<string, string>; body: string }[] = [
  { name: 'a form post', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `query=${encodeURIComponent(CREATE)}` },
  { name: 'a multipart post', headers: { 'content-type': 'multipart/form-data; boundary=XyZ' }, body: multipart('XyZ') },
  { name: 'a text/plain post', headers: { 'content-type': 'text/plain;charset=UTF-8' }, body: JSON.stringify({ query: CREATE }) },
  {
    name: 'a text/plain post naming JSON in a parameter',
    headers: { 'content-type': 'text/plain; x=application/json' },
    body: JSON.stringify({ query: CREATE }),
  },
  { name: 'a post with no content type', headers: {}, body: JSON.stringify({ query: CREATE }) },
];

describe('the CSRF rule', () => {
  it('lets through every method but POST, non-simple types, and simple ones with a preflight header', () => {
    const none = (): boolean => false;
    expect(passesCsrfRule('GET', null, none)).toBe(true);
    expect(passesCsrfRule('POST', 'application/json', none)).toBe(true);
    expect(passesCsrfRule('POST', 'application/graphql-response+json; charset=utf-8', none)).toBe(true);
    expect(passesCsrfRule('POST', 'Text/Plain ; charset=utf-8', none)).toBe(false);
    expect(passesCsrfRule('POST', undefined, none)).toBe(false);
    expect(passesCsrfRule('POST', 'multipart/form-data', (h) => h === 'x-persist-csrf')).toBe(true);
    expect(passesCsrfRule('POST', 'text/plain', (h) => h === 'x-requested-with')).toBe(false);
  });
});

for (const kind of KINDS) {
  describe(`cross-site writes (${kind === 'fetch' ? 'yoga.fetch' : 'HTTP'})`, () => {
    let s: BrowserServer | undefined;
    afterEach(async () => {
      await s?.close();
      s = undefined;
    });

    for (const post of SIMPLE_POSTS) {
      it(`refuses ${post.name} before parsing it, and nothing changes`, async () => {
        s = await browserServer(kind);
        const res = await s.send('/graphql', {
          method: 'POST',
          headers: { ...post.headers, origin: 'https://evil.example' },
          body: post.body,
        });
        expect(res.status).toBe(400);
        const error = res.json?.errors?.[0];
        expect(error?.extensions?.code).toBe('BAD_REQUEST');
        expect(error?.message).toContain('cross-site request forgery');
        expect(error?.message).toContain('application/json');
        expect(error?.message).toContain('x-persist-csrf');
        expect(await s.departments()).toEqual(ONLY_D1);
      });
    }

    it('refuses a simple POST with no Origin too (a browser may leave it out)', async () => {
      s = await browserServer(kind);
      const res = await s.send('/graphql', { method: 'POST', headers: SIMPLE_POSTS[0]!.headers, body: SIMPLE_POSTS[0]!.body });
      expect(res.status).toBe(400);
      expect(await s.departments()).toEqual(ONLY_D1);
    });

    it('runs a JSON mutation, with or without an Origin', async () => {
      s = await browserServer(kind);
      const plain = await s.send('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: CREATE }),
      });
      expect(plain.json).toEqual({ data: { createDepartments: [{ deptNo: 'D9' }] } });
      const fromPage = await s.send('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', origin: 'http://127.0.0.1' },
        body: JSON.stringify({ query: CREATE.replace('D9', 'D8') }),
      });
      expect(fromPage.json).toEqual({ data: { createDepartments: [{ deptNo: 'D8' }] } });
    });

    it('runs an application/graphql post (a type that is preflighted)', async () => {
      s = await browserServer(kind);
      const res = await s.send('/graphql', { method: 'POST', headers: { 'content-type': 'application/graphql' }, body: CREATE });
      expect(res.json).toEqual({ data: { createDepartments: [{ deptNo: 'D9' }] } });
    });

    for (const header of ['x-persist-csrf', 'graphql-require-preflight']) {
      it(`runs a form post that carries ${header} (only a preflighted script can send it)`, async () => {
        s = await browserServer(kind);
        const res = await s.send('/graphql', {
          method: 'POST',
          headers: { ...SIMPLE_POSTS[0]!.headers, [header]: '1' },
          body: SIMPLE_POSTS[0]!.body,
        });
        expect(res.json).toEqual({ data: { createDepartments: [{ deptNo: 'D9' }] } });
      });
    }

    it('never runs a mutation sent as GET, with or without a preflight header', async () => {
      s = await browserServer(kind);
      for (const headers of [{}, { 'x-persist-csrf': '1' }]) {
        const res = await s.send(`/graphql?query=${encodeURIComponent(CREATE)}`, { headers: { accept: 'application/json', ...headers } });
        expect(res.status).toBe(405);
      }
      expect(await s.departments()).toEqual(ONLY_D1);
    });
  });
}
