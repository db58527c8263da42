/**
 * Nested inserts of `createEs` (SPEC §3.5): rows whose Insert input carries relation fields
 * (`department: { create: {…} }` in place of the foreign-key fields, `employees: { create: […] }`
 * for children). The whole input is checked first (nothing is written when any of it is wrong:
 * BAD_USER_INPUT naming the path in the input), then written parents first, as one insert per
 * entity and level of the input tree (never one per row), so generated keys flow to the
 * children's foreign keys. The writes go to the request's datastore, which for a mutation is its
 * one transaction (and, for a role, the role datastore applying each entity's insert rule).
 */
import { GraphQLInputObjectType, type GraphQLSchema } from 'graphql';
import type { Datastore, Row, Value } from '../datastore/datastore.js';
import { insertFields } from '../codegen/graphql/schema-sdl.js';
import { badUserInput } from './bad-input.js';
import { planOf, type EntityPlan, type ModelPlans, type RelationPlan } from './entity-plans.js';

type Args = Record<string, unknown>;

/** One row of the input tree, with the rows it creates before it (parents) and after it (children). */
export interface Node {
  row: Row;
  parents: Map<string, Node>;
  children: Map<string, Node[]>;
}

/** How the rows of one input list came: through which relation of which parent (none at the root). */
interface Through {
  /** `Department.employees`, for messages. */
  name: string;
  /** The relation field of the rows' entity leading back to the parent. */
  back: RelationPlan;
  /** Whether the rows came as children (the parent fills their foreign key), else as a parent. */
  asChild: boolean;
}

const isGiven = (value: unknown): boolean => value !== undefined && value !== null;

/** The relation field of `target` on the other side of `relation` (every relation has both sides). */
function reverseOf(plans: ModelPlans, relation: RelationPlan): RelationPlan {
  const target = planOf(plans, relation.field.target);
  for (const r of target.relations.values())
    if (r.field.relation === relation.field.relation && r.field.owner !== relation.field.owner) return r;
  throw new Error(`No other side of '${relation.field.relation}'`);
}

class TreeReader {
  /** Rows created below the root rows, bounded by limits.maxAffectedRows. */
  private nested = 0;

  constructor(
    private readonly plans: ModelPlans,
    private readonly maxRows: number,
    private readonly offered: Offered,
  ) {}

  list(plan: EntityPlan, inputs: readonly Args[], path: string, through?: Through, single = false): Node[] {
    if (through !== undefined) {
      this.nested += inputs.length;
      if (inputs.length > this.maxRows || this.nested > this.maxRows)
        throw badUserInput(
          `Too many rows to create at '${path}': a mutation may create at most limits.maxAffectedRows (${this.maxRows}) rows through nested creates.`,
        );
    }
    return inputs.map((input, i) => this.node(plan, input, single ? path : `${path}[${i}]`, through));
  }

  private node(plan: EntityPlan, input: Args, path: string, through?: Through): Node {
    const node: Node = { row: {}, parents: new Map(), children: new Map() };
    if (through !== undefined) this.checkBack(input, path, through);
    const filled = new Set(through?.asChild === true ? through.back.from : []);
    for (const [name, relation] of plan.relations) {
      const nested = input[name] as { create: Args | readonly Args[] } | null | undefined;
      if (!isGiven(nested)) continue;
      const target = planOf(this.plans, relation.field.target);
      const at = `${path}.${name}.create`;
      const next: Through = { name: `${plan.entity.name}.${name}`, back: reverseOf(this.plans, relation), asChild: !relation.field.owner };
      if (relation.field.owner) {
        const given = relation.from.filter((f) => isGiven(input[f]));
        if (given.length > 0)
          throw badUserInput(
            `Both '${path}.${name}' and '${path}.${given[0]}' are given: give the relation '${name}' or its foreign-key fields (${relation.from.join(', ')}), not both.`,
          );
        node.parents.set(name, this.list(target, [nested!.create as Args], at, next, true)[0]!);
        for (const f of relation.from) filled.add(f);
      } else {
        const many = relation.field.many;
        node.children.set(name, this.list(target, many ? (nested!.create as readonly Args[]) : [nested!.create as Args], at, next, !many));
      }
    }
    for (const f of insertFields(plan.entity)) {
      const value = input[f.name] as Value | undefined;
      if (!filled.has(f.name)) requireValue(plan, input, f.name, path, this.offered);
      node.row[f.name] = value ?? null;
    }
    return node;
  }

  /** A row created through a relation gives neither the way back to the row it came from nor, as a child, its foreign key. */
  private checkBack(input: Args, path: string, through: Through): void {
    const back = through.back;
    if (isGiven(input[back.field.name]) && (through.asChild || !back.field.many))
      throw badUserInput(
        `'${path}.${back.field.name}' leads back to the row it is created through (${through.name}): a cycle through ${through.asChild ? 'its relation' : 'a 1-1 relation'}; leave '${back.field.name}' out.`,
      );
    if (!through.asChild) return;
    const given = back.from.find((f) => isGiven(input[f]));
    if (given !== undefined)
      throw badUserInput(
        `'${path}.${given}' is given, but a row created through ${through.name} takes its foreign key from that row: leave out ${back.from.join(', ')}.`,
      );
  }
}

/**
 * Whether the served Insert input of `entity` carries the relation field `field` (a role's schema
 * may not): then its foreign-key fields are optional in the SDL, and required here unless it is given.
 */
export type Offered = (entity: EntityPlan, field: string) => boolean;

/** Offered, as the request's schema says. */
export function offeredIn(schema: GraphQLSchema): Offered {
  return (entity, field) => {
    const type = schema.getType(entity.names.insertInput);
    return type instanceof GraphQLInputObjectType && type.getFields()[field] !== undefined;
  };
}

/** A non-nullable foreign key left out that an offered relation could have given is BAD_USER_INPUT (the SDL lets it be absent). */
function requireValue(plan: EntityPlan, input: Args, field: string, path: string, offered: Offered): void {
  if (isGiven(input[field]) || plan.fields.get(field)!.nullable) return;
  const relation = [...plan.relations.values()].find((r) => r.field.owner && r.from.includes(field) && offered(plan, r.field.name));
  if (relation !== undefined)
    throw badUserInput(`A value is required for '${path}.${field}': give it, or create the related row through '${relation.field.name}'.`);
}

/** The rows of an upsert: no nested creates, and every non-nullable field given (as the Insert input once required). */
export function checkUpsertRows(plan: EntityPlan, data: readonly Args[], offered: Offered): void {
  data.forEach((input, i) => {
    const nested = [...plan.relations.keys()].find((name) => isGiven(input[name]));
    if (nested !== undefined)
      throw badUserInput(`'data[${i}].${nested}' is given, but an upsert creates no related rows: give the foreign-key fields instead.`);
    for (const f of insertFields(plan.entity)) requireValue(plan, input, f.name, `data[${i}]`, offered);
  });
}

/**
 * Reads and checks the children an update creates through the relation `relation` of `parent`
 * (its other side: 1-n, or 1-1 with `single` one row, its path without an index).
 */
export function readChildren(
  plans: ModelPlans,
  parent: EntityPlan,
  relation: RelationPlan,
  inputs: readonly Args[],
  path: string,
  maxRows: number,
  offered: Offered,
  single = false,
): Node[] {
  if (inputs.length === 0) return [];
  const through: Through = { name: `${parent.entity.name}.${relation.field.name}`, back: reverseOf(plans, relation), asChild: true };
  return new TreeReader(plans, maxRows, offered).list(planOf(plans, relation.field.target), inputs, path, through, single);
}

/** Inserts children read by readChildren under the stored row `parent`, their own relations with them. */
export async function insertChildren(
  datastore: Datastore,
  plans: ModelPlans,
  relation: RelationPlan,
  parent: Row,
  nodes: readonly Node[],
): Promise<void> {
  if (nodes.length === 0) return;
  for (const child of nodes) relation.to.forEach((f, k) => (child.row[f] = parent[relation.from[k]!]!));
  await insertTree(datastore, plans, planOf(plans, relation.field.target), nodes);
}

/** Reads and checks the whole input tree of a `createEs` (BAD_USER_INPUT on the first fault, nothing written). */
export function readInsertTree(plans: ModelPlans, plan: EntityPlan, data: readonly Args[], maxRows: number, offered: Offered): Node[] {
  return new TreeReader(plans, maxRows, offered).list(plan, data, 'data');
}

/**
 * Writes the rows of one level of the tree: their parents first (one insert per relation, in
 * turn with theirs), then the rows with the parents' keys as foreign keys, then their children
 * (one insert per relation, the rows' keys, generated ones too, as the children's foreign keys).
 * Returns the rows as stored, in input order.
 */
export async function insertTree(datastore: Datastore, plans: ModelPlans, plan: EntityPlan, nodes: readonly Node[]): Promise<Row[]> {
  for (const [name, relation] of plan.relations) {
    const withParent = nodes.filter((n) => n.parents.has(name));
    if (withParent.length === 0) continue;
    const parents = await insertTree(
      datastore,
      plans,
      planOf(plans, relation.field.target),
      withParent.map((n) => n.parents.get(name)!),
    );
    withParent.forEach((n, i) => relation.from.forEach((f, k) => (n.row[f] = parents[i]![relation.to[k]!]!)));
  }
  const stored = await datastore.insert(
    plan.entity.name,
    nodes.map((n) => n.row),
  );
  for (const [name, relation] of plan.relations) {
    const children = nodes.flatMap((n, i) => (n.children.get(name) ?? []).map((child) => ({ child, parent: stored[i]! })));
    if (children.length === 0) continue;
    for (const { child, parent } of children) relation.to.forEach((f, k) => (child.row[f] = parent[relation.from[k]!]!));
    await insertTree(
      datastore,
      plans,
      planOf(plans, relation.field.target),
      children.map((c) => c.child),
    );
  }
  return stored;
}
