/**
 * The request pipelines of one server, one per schema (graphql/role-schemas.ts): the admins' and
 * one per role, each with its own document caches (a document is parsed, validated and compiled
 * against the schema of the role that sends it, never another's). Both transports pick a
 * request's pipeline from its session here, and the pipeline makes its context for that session.
 */
import type { Datastore } from '../datastore/datastore.js';
import { ForbiddenError } from '../errors.js';
import type { ModelIR } from '../model/ir.js';
import { noPermissionsMessage } from '../permissions/no-permissions.js';
import type { Permissions, Session } from '../permissions/rules.js';
import type { SchemaOptions } from './build-schema.js';
import { RequestPipeline, type PipelineOptions } from './request-pipeline.js';
import { buildRoleSchemas } from './role-schemas.js';

export interface SessionPipelinesOptions extends SchemaOptions, Omit<PipelineOptions, 'role'> {
  /** The roles' permissions; none: every request is an admin's. */
  permissions?: Permissions | undefined;
}

export class SessionPipelines {
  /** The pipeline of admin sessions, over the full schema. */
  readonly admin: RequestPipeline;
  private readonly roles = new Map<string, RequestPipeline>();

  constructor(model: ModelIR, datastore: Datastore, options: SessionPipelinesOptions = {}) {
    const { permissions, levelPrefetch, ...pipelineOptions } = options;
    const schemas = buildRoleSchemas(model, permissions, levelPrefetch === undefined ? {} : { levelPrefetch });
    this.admin = new RequestPipeline(schemas.admin, datastore, pipelineOptions);
    for (const [role, schema] of schemas.roles) {
      const rules = permissions!.roles.get(role)!;
      this.roles.set(role, new RequestPipeline(schema, datastore, { ...pipelineOptions, role: { model, rules } }));
    }
  }

  /** The pipeline that serves `session`; a role without permissions is FORBIDDEN. */
  pipelineFor(session: Session): RequestPipeline {
    if (session.kind === 'admin') return this.admin;
    const pipeline = this.roles.get(session.role);
    if (pipeline === undefined) throw new ForbiddenError(noPermissionsMessage(session.role));
    return pipeline;
  }

  /** The roles with a pipeline. */
  roleNames(): string[] {
    return [...this.roles.keys()];
  }
}
