/**
 * The schemas of one server, built once at start: the full schema (admins, and every request of a
 * server without permissions) and one per role, each showing only what the role may do
 * (permissions/role-view.ts → the SDL generator's view). Every schema runs the same resolvers:
 * what a role may see of the rows is its datastore's business (permissions/role-datastore.ts),
 * what it may ask is its schema's.
 */
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import { generateGraphqlSdl } from '../codegen/graphql/schema-sdl.js';
import { ForbiddenError } from '../errors.js';
import type { ModelIR } from '../model/ir.js';
import { noPermissionsMessage } from '../permissions/no-permissions.js';
import { roleView } from '../permissions/role-view.js';
import type { Permissions, Session } from '../permissions/rules.js';
import { buildResolvers, type SchemaOptions } from './build-schema.js';

export interface RoleSchemas {
  /** The schema with every permission. */
  readonly admin: GraphQLSchema;
  /** Each role's schema, by role name. */
  readonly roles: ReadonlyMap<string, GraphQLSchema>;
  /** The schema a session is served; a role without permissions is FORBIDDEN. */
  schemaFor(session: Session): GraphQLSchema;
}

/** Builds the admin schema and every role's schema of `permissions` (none: the admin schema alone). */
export function buildRoleSchemas(model: ModelIR, permissions: Permissions | undefined, options: SchemaOptions = {}): RoleSchemas {
  const resolvers = buildResolvers(model, options);
  const admin = makeExecutableSchema({ typeDefs: generateGraphqlSdl(model), resolvers });
  const roles = new Map<string, GraphQLSchema>();
  for (const [role, rules] of permissions?.roles ?? []) {
    const typeDefs = generateGraphqlSdl(model, roleView(model, rules));
    // A role's schema lacks some of the types and fields the resolver map covers.
    roles.set(role, makeExecutableSchema({ typeDefs, resolvers, resolverValidationOptions: { requireResolversToMatchSchema: 'ignore' } }));
  }
  return {
    admin,
    roles,
    schemaFor(session) {
      if (session.kind === 'admin') return admin;
      const schema = roles.get(session.role);
      if (schema === undefined) throw new ForbiddenError(noPermissionsMessage(session.role));
      return schema;
    },
  };
}
