/**
 * The one wording of a refusal for a role that no rule names: the role datastore, the role
 * schemas, the role a request may act as and the start-up check of `persist.auth.anonymousRole`
 * all say it in these words.
 */

/**
 * `Role 'guest' has no permissions: no rule under persist.permissions names it.`; with `knownRoles`
 * (for the server's operator, never in a response) the roles that have rules follow in brackets.
 */
export function noPermissionsMessage(role: string, knownRoles?: Iterable<string>): string {
  const known = knownRoles === undefined ? '' : ` (roles there: ${[...knownRoles].join(', ') || 'none'})`;
  return `Role '${role}' has no permissions: no rule under persist.permissions names it${known}.`;
}
