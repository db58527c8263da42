/**
 * The permissions of SPEC §4 as the rest of the code sees them, once read and checked against the
 * model (read-permissions.ts): per role, per entity, what it may select, insert, update and delete,
 * and the request's session (who it acts as). Pure types.
 */
import type { WhereInput } from '../datastore/where-filter.js';
/** A value taken from the request's token: `{ claim: "sub" }`, `{ claim: "org.id" }` (dotted path). */
export interface ClaimRef {
  readonly claim: string;
}
/** A where object (the EWhere language) whose operand values may be ClaimRefs. */
export type WhereTemplate = WhereInput;
/** A value a write rule sets: a literal (GraphQL input form, e.g. "12.50", "2024-01-01") or a claim. */
export type ValueTemplate = string | number | boolean | null | ClaimRef;
export interface SelectRule {
  readonly columns: readonly string[];
  readonly where?: WhereTemplate;
}
export interface InsertRule {
  readonly columns: readonly string[];
  readonly check?: WhereTemplate;
  readonly set: Readonly<Record<string, ValueTemplate>>;
}
export interface UpdateRule {
  readonly columns: readonly string[];
  readonly where?: WhereTemplate;
  readonly check?: WhereTemplate;
  readonly set: Readonly<Record<string, ValueTemplate>>;
}
export interface DeleteRule {
  readonly where?: WhereTemplate;
}
export interface EntityRules {
  readonly select?: SelectRule;
  readonly insert?: InsertRule;
  readonly update?: UpdateRule;
  readonly delete?: DeleteRule;
}
/** What one role may do, by entity name; an entity absent here does not exist for the role. */
export interface RoleRules {
  readonly role: string;
  readonly entities: ReadonlyMap<string, EntityRules>;
}
/** Every role's rules, by role name. */
export interface Permissions {
  readonly roles: ReadonlyMap<string, RoleRules>;
}
/** The verified token's payload (claims by name; nested objects for dotted paths). */
export type Claims = Readonly<Record<string, unknown>>;
/**
 * Who a request acts as. `admin`: every operation, no filter (the admin secret; or a server
 * without `auth` settings, which is for development). `role`: that role's rules with these claims.
 */
export type Session = { readonly kind: 'admin' } | { readonly kind: 'role'; readonly role: string; readonly claims: Claims };
