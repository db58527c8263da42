/**
 * Which role a request acts as (SPEC §4): the token's claim `roles` lists the roles it may use;
 * the `X-Persist-Role` header picks one of them, else the claim `role`, else the first of the
 * list. A token with only a `role` claim may use that role. A role outside the token's list, or one
 * no permissions name, is refused (403): a role that does not exist must not be guessed at.
 */
import { ForbiddenError } from '../../errors.js';
import { noPermissionsMessage } from '../../permissions/no-permissions.js';
import type { Claims } from '../../permissions/rules.js';

function roleList(claims: Claims): readonly string[] | undefined {
  const roles = claims['roles'];
  if (roles === undefined) return undefined;
  if (!Array.isArray(roles) || roles.some((r) => typeof r !== 'string'))
    throw new ForbiddenError("The token's claim 'roles' must be a list of role names.");
  return roles as string[];
}

function quoted(roles: readonly string[]): string {
  return roles.map((r) => `'${r}'`).join(', ');
}

/** The role of a verified token's request; `requested` is the X-Persist-Role header. */
export function chooseRole(claims: Claims, requested: string | undefined, knownRoles: ReadonlySet<string>): string {
  const list = roleList(claims);
  const claimed = claims['role'];
  if (claimed !== undefined && typeof claimed !== 'string') throw new ForbiddenError("The token's claim 'role' must be a role name.");
  const allowed = list ?? (claimed === undefined ? [] : [claimed]);
  if (allowed.length === 0)
    throw new ForbiddenError("The token grants no role: it has neither a claim 'roles' (a list of role names) nor a claim 'role'.");
  if (claimed !== undefined && !allowed.includes(claimed))
    throw new ForbiddenError(`The token's claim 'role' ('${claimed}') is not one of its claim 'roles' (${quoted(allowed)}).`);
  const role = requested ?? claimed ?? allowed[0]!;
  if (!allowed.includes(role))
    throw new ForbiddenError(
      `The X-Persist-Role header asks for role '${role}', which the token does not grant (its roles: ${quoted(allowed)}).`,
    );
  return knownRole(role, knownRoles);
}

/** The role of a request without a token: the anonymous role, which X-Persist-Role may only name again. */
export function anonymousRole(anonymous: string, requested: string | undefined, knownRoles: ReadonlySet<string>): string {
  if (requested !== undefined && requested !== anonymous)
    throw new ForbiddenError(
      `The X-Persist-Role header asks for role '${requested}', but a request without a token acts as the anonymous role '${anonymous}'.`,
    );
  return knownRole(anonymous, knownRoles);
}

function knownRole(role: string, knownRoles: ReadonlySet<string>): string {
  if (!knownRoles.has(role)) throw new ForbiddenError(noPermissionsMessage(role));
  return role;
}
