/**
 * Reporting what was done (issue 9 §6): when a later mutation root field of a request fails, the
 * earlier ones, committed, are reported in `data`; the failing one is null with its error and
 * `path`; the ones after it are not run (NOT_RUN). On both transports (the lean path hands the
 * errored result to Yoga to format).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { browserServer, KINDS, type BrowserServer } from './browser-server.js';

const MUTATION = `mutation {
  a: createDepartments(data: [{ deptNo: "D2", deptName: "Sales" }]) { deptNo deptName }
  b: updateDepartment(deptNo: "D1", data: { deptName: "Research and Development" }) { deptNo deptName }
  c: deleteDepartment(deptNo: "D404") { deptNo }
  d: createDepartments(data: [{ deptNo: "D3", deptName: "Never" }]) { deptNo }
}`;

for (const kind of KINDS) {
  describe(`several mutations, a later one failing (${kind === 'fetch' ? 'yoga.fetch' : 'HTTP'})`, () => {
    let s: BrowserServer | undefined;
    afterEach(async () => {
      await s?.close();
      s = undefined;
    });

    it('reports the committed ones, the failure with its path, and runs none after it', async () => {
      s = await browserServer(kind);
      const res = await s.send('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: MUTATION }),
      });
      expect(res.status).toBe(200);
      expect(res.json?.data).toEqual({
        a: [{ deptNo: 'D2', deptName: 'Sales' }],
        b: { deptNo: 'D1', deptName: 'Research and Development' },
        c: null,
        d: null,
      });
      const errors = res.json?.errors ?? [];
      expect(errors.map((e) => [e.path, e.extensions?.code])).toEqual([
        [['c'], 'NOT_FOUND'],
        [['d'], 'NOT_RUN'],
      ]);
      expect(errors[0]!.message).toBe("A record with the key 'D404' does not exist for the entity 'Department'.");
      expect(errors[1]!.message).toContain("the mutation 'c' before it in this request failed");
      // What data says is what the store holds.
      expect(await s.departments()).toEqual([
        { deptNo: 'D1', deptName: 'Research and Development' },
        { deptNo: 'D2', deptName: 'Sales' },
      ]);
    });

    it('answers a lone failing mutation with its error and path, data holding its null', async () => {
      s = await browserServer(kind);
      const res = await s.send('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'mutation { deleteDepartment(deptNo: "D404") { deptNo } }' }),
      });
      expect(res.json?.data).toEqual({ deleteDepartment: null });
      expect(res.json?.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['deleteDepartment'], 'NOT_FOUND']]);
    });
  });
}
