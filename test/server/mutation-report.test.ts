/**
 * Reporting what was done (issue 9 §6): when a later mutation root field of a request fails, the
 * answer is `data: null` (the fields are non-null, SPEC §3.1) and the failure's error names the
 * earlier, committed root fields in `extensions.committed`; none after it runs. On both
 * transports (the lean path hands the errored result to Yoga to format).
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
    const post = async (query: string): Promise<Awaited<ReturnType<BrowserServer['send']>>> => {
      s = await browserServer(kind);
      return s.send('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    };

    it('names the committed ones in the error of the failure, with its path, and runs none after it', async () => {
      const res = await post(MUTATION);
      expect(res.status).toBe(200);
      expect(res.json?.data).toBeNull();
      const errors = res.json?.errors ?? [];
      expect(errors.map((e) => [e.path, e.extensions])).toEqual([[['c'], { code: 'NOT_FOUND', committed: ['a', 'b'] }]]);
      expect(errors[0]!.message).toBe("A record with the key 'D404' does not exist for the entity 'Department'.");
      // What `committed` says is what the store holds: a and b done, d never run.
      expect(await s!.departments()).toEqual([
        { deptNo: 'D1', deptName: 'Research and Development' },
        { deptNo: 'D2', deptName: 'Sales' },
      ]);
    });

    it('answers a lone failing mutation with its error and path, and nothing committed', async () => {
      const res = await post('mutation { deleteDepartment(deptNo: "D404") { deptNo } }');
      expect(res.json?.data).toBeNull();
      expect(res.json?.errors?.map((e) => [e.path, e.extensions])).toEqual([[['deleteDepartment'], { code: 'NOT_FOUND' }]]);
    });
  });
}
