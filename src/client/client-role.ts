/**
 * What a client made with `client.as({ role, claims })` may read (SPEC §4, issue 10 item 7): the
 * role's select columns. The row filters and the write rules are the role datastore's
 * (permissions/role-datastore.ts), shared with the gateway; this file adds the column rule that
 * the gateway gets from the role's own schema: a selection, filter or sort naming a column the
 * role may not select is FORBIDDEN before anything is read, and a read without a selection, or a
 * write's answer, holds only the columns the role may select.
 */
import { ForbiddenError } from '../errors.js';
import type { EntityIR } from '../model/ir.js';
import type { RoleRules } from '../permissions/rules.js';

export class ClientRole {
  constructor(readonly rules: RoleRules) {}

  private path(entity: string): string {
    return `persist.permissions.${entity}.${this.rules.role}.select`;
  }

  /** The stored fields of `entity` the role may select, in declaration order; FORBIDDEN when it may select none of its rows. */
  columns(entity: EntityIR): string[] {
    const select = this.rules.entities.get(entity.name)?.select;
    if (select === undefined)
      throw new ForbiddenError(
        `Role '${this.rules.role}' may not read ${entity.name} rows: ${this.path(entity.name)} is not set in codegen.yml.`,
      );
    const allowed = new Set(select.columns);
    return entity.fields.filter((f) => allowed.has(f.name)).map((f) => f.name);
  }

  /** FORBIDDEN unless the role may select every one of `fields` of `entity`; `what` says where they were named. */
  checkFields(entity: EntityIR, fields: Iterable<string>, what: string): void {
    const allowed = new Set(this.columns(entity));
    for (const field of fields) {
      if (!allowed.has(field))
        throw new ForbiddenError(
          `Role '${this.rules.role}' may not ${what} '${entity.name}.${field}': it is not in ${this.path(entity.name)}.columns of codegen.yml.`,
        );
    }
  }

  /** Checks the fields a where object names (recursively, through AND, OR and NOT). */
  checkWhere(entity: EntityIR, where: unknown): void {
    if (typeof where !== 'object' || where === null) return;
    for (const [key, value] of Object.entries(where)) {
      if (key === 'AND' || key === 'OR') for (const w of Array.isArray(value) ? (value as unknown[]) : []) this.checkWhere(entity, w);
      else if (key === 'NOT') this.checkWhere(entity, value);
      else if (value !== undefined) this.checkFields(entity, [key], 'filter on');
    }
  }

  /** Checks the fields an orderBy (one object or a list) names. */
  checkOrderBy(entity: EntityIR, orderBy: unknown): void {
    for (const item of Array.isArray(orderBy) ? (orderBy as unknown[]) : [orderBy])
      if (typeof item === 'object' && item !== null) this.checkFields(entity, Object.keys(item), 'sort by');
  }

  /** `row` with only the fields the role may select. */
  visible(entity: EntityIR, row: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const f of this.columns(entity)) out[f] = row[f] ?? null;
    return out;
  }
}
