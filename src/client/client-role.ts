/**
 * What a client made with `client.as({ role, claims })` may read (SPEC §4, issue 10 item 7): the
 * role's select columns. The row filters and the write rules are the role datastore's
 * (permissions/role-datastore.ts), shared with the gateway; this file adds the column rule that
 * the gateway gets from the role's own schema: a selection, filter or sort naming a column the
 * role may not select is FORBIDDEN before anything is read, and a read without a selection, or a
 * write's answer, holds only the columns the role may select.
 */
import { ForbiddenError } from '../errors.js';
import type { EntityIR, ModelIR, RelationFieldIR } from '../model/ir.js';
import { getEntity } from '../model/model-helpers.js';
import type { TreeRelation } from '../datastore/insert-tree.js';
import type { RoleRules } from '../permissions/rules.js';

export class ClientRole {
  constructor(
    readonly rules: RoleRules,
    readonly model: ModelIR,
  ) {}

  /** The target of a relation field of `entity`, checked readable by the role (FORBIDDEN otherwise). */
  private readableTarget(relation: RelationFieldIR): EntityIR {
    const target = getEntity(this.model, relation.target);
    this.columns(target);
    return target;
  }

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

  /** Checks the fields a where object names (recursively, through AND, OR, NOT and relation filters). */
  checkWhere(entity: EntityIR, where: unknown): void {
    if (typeof where !== 'object' || where === null) return;
    for (const [key, value] of Object.entries(where)) {
      if (key === 'AND' || key === 'OR') for (const w of Array.isArray(value) ? (value as unknown[]) : []) this.checkWhere(entity, w);
      else if (key === 'NOT') this.checkWhere(entity, value);
      else if (value !== undefined) {
        const relation = entity.relationFields.find((r) => r.name === key);
        if (relation === undefined) this.checkFields(entity, [key], 'filter on');
        else if (value !== null) {
          const target = this.readableTarget(relation);
          const inner = relation.many ? Object.values(value as object) : [value];
          for (const w of inner) this.checkWhere(target, w);
        }
      }
    }
  }

  /** Checks the fields an orderBy (one object or a list, to-one relations to any depth) names. */
  checkOrderBy(entity: EntityIR, orderBy: unknown): void {
    for (const item of Array.isArray(orderBy) ? (orderBy as unknown[]) : [orderBy]) {
      if (typeof item !== 'object' || item === null) continue;
      for (const [key, value] of Object.entries(item)) {
        const relation = entity.relationFields.find((r) => r.name === key);
        if (relation === undefined) this.checkFields(entity, [key], 'sort by');
        else this.checkOrderBy(this.readableTarget(relation), value);
      }
    }
  }

  /** The fields of `entity` the role's Insert input has (its insert columns but the `set` ones); undefined: it may not insert. */
  private insertable(entity: string): Set<string> | undefined {
    const rules = this.rules.entities.get(entity);
    if (rules?.select === undefined || rules.insert === undefined) return undefined;
    const set = rules.insert.set;
    return new Set(rules.insert.columns.filter((c) => !(c in set)));
  }

  /**
   * Whether the role's Insert input of `entity` offers the relation (as its GraphQL schema, see
   * codegen/graphql/nested-create-sdl.ts): both entities insertable, and the foreign-key fields the
   * nested create fills insert fields of their entity.
   */
  offersNestedCreate(entity: EntityIR, relation: TreeRelation): boolean {
    const own = this.insertable(entity.name);
    const target = this.insertable(relation.field.target);
    if (own === undefined || target === undefined) return false;
    const filled = relation.field.owner ? { fields: relation.from, insert: own } : { fields: relation.to, insert: target };
    return filled.fields.every((f) => filled.insert.has(f));
  }

  /** `row` with only the fields the role may select. */
  visible(entity: EntityIR, row: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const f of this.columns(entity)) out[f] = row[f] ?? null;
    return out;
  }
}
