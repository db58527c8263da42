/**
 * One role's rules under one request's claims, as the role datastore applies them: the filters of
 * each entity's select, update and delete rules and of the insert and update checks (resolved once
 * per request and entity), the `set` values, and the FORBIDDEN errors that name the role, the
 * entity, the rule and its YAML path (`persist.permissions.<Entity>.<role>.<op>.<part>`). No
 * message ever shows a claim's value or the token.
 */
import type { Filter, Row, Tuple } from '../datastore/datastore.js';
import { ForbiddenError, formatKey } from '../errors.js';
import type { EntityIR, ModelIR } from '../model/ir.js';
import { getEntity } from '../model/model-helpers.js';
import { isClaimRef, NO_MATCH, noRowFilter, resolveValue, resolveWhere } from './claims.js';
import type { Claims, EntityRules, InsertRule, RoleRules, UpdateRule, ValueTemplate, WhereTemplate } from './rules.js';

export type WriteOp = 'insert' | 'update' | 'delete';

/** The filters ANDed together; undefined when none sets a condition. */
export function allOf(...filters: (Filter | undefined)[]): Filter | undefined {
  const parts = filters.filter((f): f is Filter => f !== undefined);
  return parts.length === 0 ? undefined : parts.length === 1 ? parts[0] : { kind: 'and', filters: parts };
}

/**
 * `filter` frozen through its conditions (not their values: bytes cannot be frozen). A resolved
 * filter is shared by every request under one token, and a frozen one lets what is derived from it
 * be kept with it (a by-key read's statement, mysql/sql-reads.ts), as frozen read plans do.
 */
function freezeFilter<F extends Filter | undefined>(filter: F): F {
  if (filter === undefined) return filter;
  switch (filter.kind) {
    case 'and':
    case 'or':
      filter.filters.forEach(freezeFilter);
      Object.freeze(filter.filters);
      break;
    case 'not':
      freezeFilter(filter.filter);
      break;
    case 'relation':
      freezeFilter(filter.filter);
      freezeFilter(filter.scope);
      break;
    case 'in':
      Object.freeze(filter.values);
      break;
    default:
      break;
  }
  return Object.freeze(filter);
}

/** The resolved rules of one role for one request. */
export class RoleFilters {
  private readonly cache = new Map<string, Map<string, Filter | undefined>>();
  private readonly targets = new Map<string, string | undefined>();

  constructor(
    readonly model: ModelIR,
    readonly rules: RoleRules,
    readonly claims: Claims,
  ) {}

  get role(): string {
    return this.rules.role;
  }

  entity(name: string): EntityIR {
    return getEntity(this.model, name);
  }

  /** The entity `relation` of `entity` leads to; undefined when `entity` has no such relation field. */
  relationTarget(entity: string, relation: string): string | undefined {
    const id = `${entity}.${relation}`;
    if (!this.targets.has(id)) this.targets.set(id, this.entity(entity).relationFields.find((r) => r.name === relation)?.target);
    return this.targets.get(id);
  }

  /** `persist.permissions.<Entity>.<role>.<rest>`: where the rule stands in codegen.yml. */
  path(entity: string, ...rest: string[]): string {
    return ['persist.permissions', entity, this.role, ...rest].join('.');
  }

  private entityRules(entity: string): EntityRules | undefined {
    return this.rules.entities.get(entity);
  }

  /** A template's filter, resolved once per entity and rule; a template with an unusable claim matches no row. */
  private resolved(entity: string, rule: string, template: WhereTemplate | undefined): Filter | undefined {
    // By rule, then entity: no key string made per read (a concatenated key is hashed anew each time).
    let byEntity = this.cache.get(rule);
    if (byEntity === undefined) this.cache.set(rule, (byEntity = new Map<string, Filter | undefined>()));
    const known = byEntity.get(entity);
    if (known !== undefined || byEntity.has(entity)) return known;
    const f = resolveWhere(template, this.entity(entity), this.model, this.claims);
    const filter = freezeFilter(f === NO_MATCH ? noRowFilter() : f);
    byEntity.set(entity, filter);
    return filter;
  }

  /** The rows of `entity` the role may see (undefined: all); FORBIDDEN when it may read none. */
  select(entity: string): Filter | undefined {
    const rule = this.entityRules(entity)?.select;
    if (rule === undefined)
      throw new ForbiddenError(
        `Role '${this.role}' may not read ${entity} rows: its permissions give it no select rule for ${entity} (${this.path(entity, 'select')}).`,
      );
    return this.resolved(entity, 'select', rule.where);
  }

  insertRule(entity: string): InsertRule {
    return this.writeRule(entity, 'insert', this.entityRules(entity)?.insert);
  }

  updateRule(entity: string): UpdateRule {
    return this.writeRule(entity, 'update', this.entityRules(entity)?.update);
  }

  /** The rows the role may delete: delete.where, within what it may see. */
  deleteWhere(entity: string): Filter | undefined {
    const rule = this.writeRule(entity, 'delete', this.entityRules(entity)?.delete);
    return allOf(this.resolved(entity, 'delete.where', rule.where), this.select(entity));
  }

  /** The rows the role may update: update.where, within what it may see. */
  updateWhere(entity: string, rule: UpdateRule): Filter | undefined {
    return allOf(this.resolved(entity, 'update.where', rule.where), this.select(entity));
  }

  /** The check of an insert or update rule (undefined: none). */
  check(entity: string, op: 'insert' | 'update', template: WhereTemplate | undefined): Filter | undefined {
    return this.resolved(entity, `${op}.check`, template);
  }

  private writeRule<R>(entity: string, op: WriteOp, rule: R | undefined): R {
    if (rule === undefined)
      throw new ForbiddenError(
        `Role '${this.role}' may not ${op} ${entity} rows: its permissions give it no ${op} rule for ${entity} (${this.path(entity, op)}).`,
      );
    return rule;
  }

  /** FORBIDDEN unless every one of `fields` is among the role's select columns of `entity`. */
  checkSelectColumns(entity: string, fields: Iterable<string>): void {
    const columns = this.entityRules(entity)?.select?.columns;
    if (columns === undefined) return void this.select(entity);
    for (const field of fields) {
      if (columns.includes(field)) continue;
      throw new ForbiddenError(
        `Role '${this.role}' may not aggregate or group ${entity} rows by '${field}': '${field}' is not among the select columns of its permissions (${this.path(entity, 'select', 'columns')}).`,
      );
    }
  }

  /** FORBIDDEN unless every field `row` gives a value (non-null for inserts) is among the rule's columns. */
  checkColumns(entity: string, op: 'insert' | 'update', columns: readonly string[], row: Row): void {
    for (const [field, value] of Object.entries(row)) {
      if (value === undefined || (op === 'insert' && value === null) || columns.includes(field)) continue;
      throw new ForbiddenError(
        `Role '${this.role}' may not ${op} ${entity} rows with a value for '${field}': '${field}' is not among the ${op} columns of its permissions (${this.path(entity, op, 'columns')}).`,
      );
    }
  }

  /** The `set` values of a write rule, canonical; FORBIDDEN when one comes from an unusable claim. */
  setValues(entity: string, op: 'insert' | 'update', set: Readonly<Record<string, ValueTemplate>>): Row {
    const e = this.entity(entity);
    const out: Row = {};
    for (const [name, template] of Object.entries(set)) {
      const field = e.fields.find((f) => f.name === name);
      if (field === undefined) throw new Error(`${this.path(entity, op, 'set', name)}: '${entity}' has no field '${name}'`);
      const v = resolveValue(template, field, this.model, this.claims);
      if (v === NO_MATCH) {
        const source = isClaimRef(template)
          ? `comes from the claim '${template.claim}', which the request's token does not carry or which is no valid ${entity}.${name} value`
          : `is no valid ${entity}.${name} value`;
        throw new ForbiddenError(
          `Role '${this.role}' may not ${op} ${entity} rows: the value its permissions set for '${name}' ${source} (${this.path(entity, op, 'set', name)}).`,
        );
      }
      out[name] = v.value;
    }
    return out;
  }

  /** The FORBIDDEN error of a written row that fails the rule's check, or would be hidden from the role. */
  refusal(entity: string, op: 'insert' | 'update', key: Tuple, failed: 'check' | 'select'): ForbiddenError {
    const which =
      failed === 'check'
        ? `it fails the ${op} check of its permissions (${this.path(entity, op, 'check')})`
        : `the role could not see the row written (${this.path(entity, 'select', 'where')})`;
    const keyText = formatKey(this.entity(entity).keyFields, key);
    return new ForbiddenError(
      `Role '${this.role}' may not ${op} the ${entity} row with the key '${keyText}': ${which}; nothing was written.`,
    );
  }
}
