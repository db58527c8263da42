/**
 * Nested inserts (SPEC §3.5), shared by `createEs` / `updateE` (src/graphql/nested-insert.ts,
 * nested-update.ts) and the client's `post` (src/client/entity-accessor.ts): rows whose input
 * carries relation fields (`department: { create: {…} }` in place of the foreign-key fields,
 * `employees: { create: […] }` for children). The whole input is read and checked first (nothing
 * is written when any of it is wrong: BAD_USER_INPUT naming the path in the input), then written
 * parents first, as one insert per entity and level of the input tree (never one per row), so
 * generated keys flow to the children's foreign keys. The writes go to the datastore given, which
 * the caller makes one transaction (the gateway's request, the client's post or transaction).
 */
import { insertFields } from '../codegen/graphql/schema-view.js';
import { PersistError } from '../errors.js';
import type { EntityIR, FieldIR, ModelIR, RelationFieldIR } from '../model/ir.js';
import { relationJoin } from '../model/model-helpers.js';
import type { Datastore, Row, Value } from './datastore.js';
import { rowBuilder, type RowBuilder } from './row-literal.js';

type Args = Record<string, unknown>;

/** A relation field with its join: this entity's `from` fields equal the target's `to` fields. */
export interface TreeRelation {
  field: RelationFieldIR;
  from: readonly string[];
  to: readonly string[];
}

/** What the tree reader needs of an entity (the gateway's EntityPlan is one). */
export interface TreeEntity {
  entity: EntityIR;
  fields: ReadonlyMap<string, FieldIR>;
  relations: ReadonlyMap<string, TreeRelation>;
}

export type TreePlans<P extends TreeEntity> = ReadonlyMap<string, P>;

/**
 * Whether the Insert input of `entity` offers the relation field `field` (a role's GraphQL schema
 * may not): a non-nullable foreign key left out is then reported as such, and only then may the
 * relation give it instead.
 */
export type Offered<P extends TreeEntity> = (entity: P, field: string) => boolean;

/** One row of the input tree, with the rows it creates before it (parents) and after it (children). */
export interface Node {
  row: Row;
  /** Unset: none. */
  parents: Map<string, Node> | undefined;
  /** Unset: none. */
  children: Map<string, Node[]> | undefined;
}

const NONE: readonly string[] = [];

/** The fields of an entity's Insert input (insertFields), once per entity. */
const insertFieldLists = new WeakMap<EntityIR, readonly FieldIR[]>();
function insertFieldsOf(entity: EntityIR): readonly FieldIR[] {
  let fields = insertFieldLists.get(entity);
  if (fields === undefined) insertFieldLists.set(entity, (fields = insertFields(entity)));
  return fields;
}

/** How a plan's input rows become tree rows, once per plan (plans are made once per schema). */
interface RowShape {
  /** The row of an input: every Insert field, in order, null when the input leaves it out (row-literal.ts). */
  build: RowBuilder;
  /** The non-nullable Insert fields, in order: the ones requireValue may refuse when left out. */
  required: readonly string[];
  /** The Insert fields and relation fields: any other name the input holds is copied to the row as it is. */
  known: ReadonlySet<string>;
}
const rowShapes = new WeakMap<TreeEntity, RowShape>();
function rowShapeOf(plan: TreeEntity): RowShape {
  let shape = rowShapes.get(plan);
  if (shape === undefined) {
    const fields = insertFieldsOf(plan.entity);
    const names = fields.map((f) => f.name);
    shape = {
      build: rowBuilder(names, [], false, undefined, 0, true),
      required: fields.filter((f) => !f.nullable).map((f) => f.name),
      known: new Set([...names, ...plan.relations.keys()]),
    };
    rowShapes.set(plan, shape);
  }
  return shape;
}

/** How the rows of one input list came: through which relation of which parent (none at the root). */
interface Through {
  /** `Department.employees`, for messages. */
  name: string;
  /** The relation field of the rows' entity leading back to the parent. */
  back: TreeRelation;
  /** Whether the rows came as children (the parent fills their foreign key), else as a parent. */
  asChild: boolean;
}

const isGiven = (value: unknown): boolean => value !== undefined && value !== null;

function badInput(message: string): PersistError {
  return new PersistError('BAD_USER_INPUT', message);
}

const isObject = (x: unknown): x is Args => typeof x === 'object' && x !== null && !Array.isArray(x) && !(x instanceof Uint8Array);

/** One plan per entity of `model`, for a caller without the gateway's plans (the client); computed once per model. */
const modelPlans = new WeakMap<ModelIR, TreePlans<TreeEntity>>();
export function treePlans(model: ModelIR): TreePlans<TreeEntity> {
  let plans = modelPlans.get(model);
  if (plans === undefined) {
    const built = new Map<string, TreeEntity>();
    for (const entity of model.entities) {
      const relations = new Map<string, TreeRelation>();
      for (const field of entity.relationFields) {
        const { from, to } = relationJoin(model, field);
        relations.set(field.name, { field, from, to });
      }
      built.set(entity.name, { entity, fields: new Map(entity.fields.map((f) => [f.name, f])), relations });
    }
    plans = built;
    modelPlans.set(model, plans);
  }
  return plans;
}

function planIn<P extends TreeEntity>(plans: TreePlans<P>, entity: string): P {
  const plan = plans.get(entity);
  if (plan === undefined) throw new Error(`Unknown entity '${entity}'`);
  return plan;
}

/** The relation field of `target` on the other side of `relation` (every relation has both sides). */
function reverseOf<P extends TreeEntity>(plans: TreePlans<P>, relation: TreeRelation): TreeRelation {
  const target = planIn(plans, relation.field.target);
  for (const r of target.relations.values())
    if (r.field.relation === relation.field.relation && r.field.owner !== relation.field.owner) return r;
  throw new Error(`No other side of '${relation.field.relation}'`);
}

/** `{ create: … }` of a relation field, checked: an object (to-one) or a list (1-n) of rows. */
function createOf(nested: unknown, many: boolean, path: string, target: string): Args | readonly Args[] {
  const shape = many ? `{ create: [ …${target} rows ] }` : `{ create: { …a ${target} row } }`;
  if (!isObject(nested) || !Object.hasOwn(nested, 'create'))
    throw badInput(`'${path}' must be ${shape}, the ${target} ${many ? 'rows' : 'row'} to create through it.`);
  const extra = Object.keys(nested).find((k) => k !== 'create' && nested[k] !== undefined);
  if (extra !== undefined) throw badInput(`'${path}.${extra}' is not known: a nested insert takes only 'create' (${shape}).`);
  const create = nested['create'];
  if (many ? !Array.isArray(create) : !isObject(create))
    throw badInput(`'${path}.create' must be ${many ? 'a list of rows' : 'one row'}: ${shape}.`);
  return create as Args | readonly Args[];
}

class TreeReader<P extends TreeEntity> {
  /** Rows created below the root rows, bounded by limits.maxAffectedRows. */
  private nested = 0;

  constructor(
    private readonly plans: TreePlans<P>,
    private readonly maxRows: number,
    private readonly offered: Offered<P>,
  ) {}

  list(plan: P, inputs: readonly Args[], path: string, through?: Through, single = false): Node[] {
    if (through !== undefined) {
      this.nested += inputs.length;
      if (inputs.length > this.maxRows || this.nested > this.maxRows)
        throw badInput(
          `Too many rows to create at '${path}': a mutation may create at most limits.maxAffectedRows (${this.maxRows}) rows through nested creates.`,
        );
    }
    return inputs.map((input, i) => this.node(plan, input, single ? path : `${path}[${i}]`, through));
  }

  private node(plan: P, input: Args, path: string, through?: Through): Node {
    if (!isObject(input)) throw badInput(`'${path}' must be an object: a ${plan.entity.name} row to insert.`);
    const shape = rowShapeOf(plan);
    const node: Node = { row: shape.build(input as Row, 0), parents: undefined, children: undefined };
    if (through !== undefined) this.checkBack(input, path, through);
    // The foreign-key fields the parent fills in (a child's), and those a parent created below fills in.
    const filledByParent: readonly string[] = through?.asChild === true ? through.back.from : NONE;
    let filledBelow: string[] | undefined;
    for (const [name, relation] of plan.relations) {
      if (!isGiven(input[name])) continue;
      const target = planIn(this.plans, relation.field.target);
      const at = `${path}.${name}`;
      const create = createOf(input[name], relation.field.many, at, target.entity.name);
      const next: Through = { name: `${plan.entity.name}.${name}`, back: reverseOf(this.plans, relation), asChild: !relation.field.owner };
      if (relation.field.owner) {
        const given = relation.from.filter((f) => isGiven(input[f]));
        if (given.length > 0)
          throw badInput(
            `Both '${path}.${name}' and '${path}.${given[0]}' are given: give the relation '${name}' or its foreign-key fields (${relation.from.join(', ')}), not both.`,
          );
        (node.parents ??= new Map()).set(name, this.list(target, [create as Args], `${at}.create`, next, true)[0]!);
        (filledBelow ??= []).push(...relation.from);
      } else {
        const many = relation.field.many;
        (node.children ??= new Map()).set(
          name,
          this.list(target, many ? (create as readonly Args[]) : [create as Args], `${at}.create`, next, !many),
        );
      }
    }
    for (const name of shape.required)
      if (node.row[name] === null && !filledByParent.includes(name) && filledBelow?.includes(name) !== true)
        requireValue(plan, input, name, path, this.offered);
    // Anything else the input holds goes to the datastore, which names what is wrong with it.
    for (const name in input) {
      if (shape.known.has(name) || !Object.hasOwn(input, name)) continue;
      const value = input[name];
      if (value !== undefined) node.row[name] = value as Value;
    }
    return node;
  }

  /** A row created through a relation gives neither the way back to the row it came from nor, as a child, its foreign key. */
  private checkBack(input: Args, path: string, through: Through): void {
    const back = through.back;
    if (isGiven(input[back.field.name]) && (through.asChild || !back.field.many))
      throw badInput(
        `'${path}.${back.field.name}' leads back to the row it is created through (${through.name}): a cycle through ${through.asChild ? 'its relation' : 'a 1-1 relation'}; leave '${back.field.name}' out.`,
      );
    if (!through.asChild) return;
    const given = back.from.find((f) => isGiven(input[f]));
    if (given !== undefined)
      throw badInput(
        `'${path}.${given}' is given, but a row created through ${through.name} takes its foreign key from that row: leave out ${back.from.join(', ')}.`,
      );
  }
}

/** A non-nullable foreign key left out that an offered relation could have given is BAD_USER_INPUT (the input lets it be absent). */
function requireValue<P extends TreeEntity>(plan: P, input: Args, field: string, path: string, offered: Offered<P>): void {
  if (isGiven(input[field]) || plan.fields.get(field)!.nullable) return;
  const relation = [...plan.relations.values()].find((r) => r.field.owner && r.from.includes(field) && offered(plan, r.field.name));
  if (relation !== undefined)
    throw badInput(`A value is required for '${path}.${field}': give it, or create the related row through '${relation.field.name}'.`);
}

/** The rows of an upsert (at `path`, `data` in the gateway): no nested creates, and every non-nullable field given. */
export function checkUpsertRows<P extends TreeEntity>(plan: P, data: readonly Args[], offered: Offered<P>, path = 'data'): void {
  data.forEach((input, i) => {
    if (!isObject(input)) throw badInput(`'${path}[${i}]' must be an object: a ${plan.entity.name} row to upsert.`);
    const nested = [...plan.relations.keys()].find((name) => isGiven(input[name]));
    if (nested !== undefined)
      throw badInput(`'${path}[${i}].${nested}' is given, but an upsert creates no related rows: give the foreign-key fields instead.`);
    for (const f of insertFieldsOf(plan.entity)) requireValue(plan, input, f.name, `${path}[${i}]`, offered);
  });
}

/**
 * Reads and checks the children an update creates through the relation `relation` of `parent`
 * (its other side: 1-n, or 1-1 with `single` one row, its path without an index).
 */
export function readChildren<P extends TreeEntity>(
  plans: TreePlans<P>,
  parent: P,
  relation: TreeRelation,
  inputs: readonly Args[],
  path: string,
  maxRows: number,
  offered: Offered<P>,
  single = false,
): Node[] {
  if (inputs.length === 0) return [];
  const through: Through = { name: `${parent.entity.name}.${relation.field.name}`, back: reverseOf(plans, relation), asChild: true };
  return new TreeReader(plans, maxRows, offered).list(planIn(plans, relation.field.target), inputs, path, through, single);
}

/** Inserts children read by readChildren under the stored row `parent`, their own relations with them. */
export async function insertChildren<P extends TreeEntity>(
  datastore: Datastore,
  plans: TreePlans<P>,
  relation: TreeRelation,
  parent: Row,
  nodes: readonly Node[],
): Promise<void> {
  if (nodes.length === 0) return;
  for (const child of nodes) relation.to.forEach((f, k) => (child.row[f] = parent[relation.from[k]!]!));
  await insertTree(datastore, plans, planIn(plans, relation.field.target), nodes);
}

/**
 * Reads and checks the whole input tree of an insert (BAD_USER_INPUT on the first fault, nothing
 * written); `path` names the input list in messages (`data` in the gateway).
 */
export function readInsertTree<P extends TreeEntity>(
  plans: TreePlans<P>,
  plan: P,
  data: readonly Args[],
  maxRows: number,
  offered: Offered<P>,
  path = 'data',
): Node[] {
  return new TreeReader(plans, maxRows, offered).list(plan, data, path);
}

/** Whether a tree read by readInsertTree has rows below its roots (then it takes more than one insert). */
export function isNested(nodes: readonly Node[]): boolean {
  return nodes.some((n) => n.parents !== undefined || n.children !== undefined);
}

/**
 * Writes the rows of one level of the tree: their parents first (one insert per relation, in
 * turn with theirs), then the rows with the parents' keys as foreign keys, then their children
 * (one insert per relation, the rows' keys, generated ones too, as the children's foreign keys).
 * Returns the rows as stored, in input order. `alone`: nothing else of the caller's transaction
 * writes or can fail (WriteOptions.alone), so a tree of one level is an insert alone in it.
 */
export async function insertTree<P extends TreeEntity>(
  datastore: Datastore,
  plans: TreePlans<P>,
  plan: P,
  nodes: readonly Node[],
  alone = false,
): Promise<Row[]> {
  for (const [name, relation] of plan.relations) {
    const withParent = nodes.filter((n) => n.parents?.has(name) === true);
    if (withParent.length === 0) continue;
    const parents = await insertTree(
      datastore,
      plans,
      planIn(plans, relation.field.target),
      withParent.map((n) => n.parents!.get(name)!),
    );
    withParent.forEach((n, i) => relation.from.forEach((f, k) => (n.row[f] = parents[i]![relation.to[k]!]!)));
  }
  const stored = await datastore.insert(
    plan.entity.name,
    nodes.map((n) => n.row),
    // Without parents or children to create, the insert is the tree's only write.
    alone && !isNested(nodes) ? { alone: true } : undefined,
  );
  for (const [name, relation] of plan.relations) {
    // The children of every row through the relation, each given its parent's key (loops: most rows have none).
    const children: Node[] = [];
    for (let i = 0; i < nodes.length; i++) {
      const below = nodes[i]!.children?.get(name);
      if (below === undefined) continue;
      const parent = stored[i]!;
      for (const child of below) {
        for (let k = 0; k < relation.to.length; k++) child.row[relation.to[k]!] = parent[relation.from[k]!]!;
        children.push(child);
      }
    }
    if (children.length > 0) await insertTree(datastore, plans, planIn(plans, relation.field.target), children);
  }
  return stored;
}
