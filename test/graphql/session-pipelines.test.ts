/**
 * One request pipeline per schema (src/graphql/session-pipelines.ts): a session gets its role's
 * pipeline (its schema, its document caches) and a context over its role's datastore, with its
 * claims; a role without permissions is FORBIDDEN, and a pipeline never serves another's session.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createDatastore } from '../../src/datastore/create-datastore.js';
import { seedDatastore } from '../../src/datastore/seed.js';
import { ForbiddenError } from '../../src/errors.js';
import { SessionPipelines } from '../../src/graphql/index.js';
import type { Session } from '../../src/permissions/rules.js';
import { examplePermissions } from '../support/example-permissions.js';
import { loadModel } from '../support/models.js';
import { rainierData } from '../support/sample-data.js';

const model = loadModel('rainier');
const datastore = await createDatastore(model, { datastore: 'inmemory' });
await seedDatastore(datastore, model, rainierData());
afterAll(() => datastore.close());

const employee = (sub: string): Session => ({ kind: 'role', role: 'employee', claims: { sub, dept: 'D1' } });

describe('session pipelines', () => {
  for (const limits of [undefined, false] as const) {
    it(`runs a role's session over its datastore, with its claims (limits ${limits === false ? 'off' : 'on'})`, async () => {
      const pipelines = new SessionPipelines(model, datastore, {
        permissions: examplePermissions(),
        ...(limits === false ? { limits } : {}),
      });
      const pipeline = pipelines.pipelineFor(employee('E2'));
      const document = pipeline.prepare('{ employees { empNo } }')!;
      const result = await pipeline.execute({ document, context: pipeline.createContext(employee('E2')) });
      expect(result).toEqual({ data: { employees: [{ empNo: 'E2' }] } });
      const admin = pipelines.pipelineFor({ kind: 'admin' });
      const all = await admin.execute({ document: admin.prepare('{ employees { empNo } }')!, context: admin.createContext() });
      expect((all.data as { employees: unknown[] }).employees).toHaveLength(6);
    });
  }

  it('keeps one pipeline per role, each validating against its own schema', () => {
    const pipelines = new SessionPipelines(model, datastore, { permissions: examplePermissions() });
    expect(pipelines.roleNames()).toEqual(['manager', 'employee', 'anonymous']);
    expect(pipelines.pipelineFor(employee('E1'))).toBe(pipelines.pipelineFor(employee('E3')));
    expect(pipelines.pipelineFor(employee('E1'))).not.toBe(pipelines.admin);
    const text = '{ employees { birthDate } }';
    expect(pipelines.admin.prepare(text)).toBeDefined();
    expect(pipelines.pipelineFor(employee('E1')).prepare(text)).toBeUndefined();
    expect(pipelines.pipelineFor(employee('E1')).schema.getType('Workspace')).toBeUndefined();
  });

  it('refuses a role without permissions, and a session another pipeline serves', () => {
    const pipelines = new SessionPipelines(model, datastore, { permissions: examplePermissions() });
    expect(() => pipelines.pipelineFor({ kind: 'role', role: 'intern', claims: {} })).toThrow(ForbiddenError);
    expect(() => new SessionPipelines(model, datastore).pipelineFor(employee('E1'))).toThrow(
      "Role 'employee' has no permissions: no rule under persist.permissions names it.",
    );
    const role = pipelines.pipelineFor(employee('E1'));
    expect(() => role.createContext()).toThrow("The pipeline of role 'employee' was given an admin session.");
    expect(() => role.createContext({ kind: 'role', role: 'manager', claims: {} })).toThrow(
      "The pipeline of role 'employee' was given a session of role 'manager'.",
    );
    expect(() => pipelines.admin.createContext(employee('E1'))).toThrow("The pipeline of admins was given a session of role 'employee'.");
  });
});
