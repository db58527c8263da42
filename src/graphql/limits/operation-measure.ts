/**
 * What an operation would cost, measured on its parsed document before validation, compilation
 * or execution: its depth, its aliases, its estimated objects (`cost`) and its largest `limit`.
 *
 * One walk over the document. Fragments are measured once each and reused at every spread
 * (their measure does not depend on where they are spread: depth and cost scale with the place),
 * so that 30 levels of doubling fragments, which expand to 2^30 fields, cost 30 steps. A spread
 * of a fragment being measured (a cycle; validation refuses it) or of an unknown fragment counts
 * nothing, and so does a field the schema lacks: validation reports those afterwards.
 *
 * Cost: each field with a selection set counts the objects it yields per parent object (1 for
 * an object; for a list its `limit`, `first` or `last`, else `defaultLimit`, else
 * `assumedListSize`) plus what its selections cost per object, multiplied; leaves count 0; root
 * fields and aliases add up. Introspection is counted apart (`introspection`), its lists as the
 * largest they are in this schema: it is answered from memory, but `fields { type { fields … } }`
 * still multiplies. `ofType` chains do not deepen (every introspection query walks them, and they
 * end within a few steps).
 */
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  type GraphQLNamedType,
  type GraphQLSchema,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import type { Limits } from './limits.js';

/** The measure of one operation (or of one selection set, per object of its parent). */
export interface Measure {
  depth: number;
  aliases: number;
  cost: number;
  /** The cost of its introspection (`__schema`, `__type`), counted apart: answered from memory, bounded by the schema. */
  introspection: number;
  /** The largest `limit` / `first` / `last` given (0 when none). */
  maxLimit: number;
  /** True when a page size comes from a variable: the measure then holds for these variables only. */
  usesVariables: boolean;
}

const SIZE_ARGUMENTS = new Set(['limit', 'first', 'last']);

const ZERO: Readonly<Measure> = { depth: 0, aliases: 0, cost: 0, introspection: 0, maxLimit: 0, usesVariables: false };

/** The schema facts the measure needs, computed once per schema. */
export class SchemaSizes {
  // Per introspection list field (`__Type.fields`, …): the largest list it has in this schema.
  private readonly introspection = new Map<string, number>();

  constructor(readonly schema: GraphQLSchema) {
    const types = Object.values(schema.getTypeMap());
    let fields = 0;
    let args = 0;
    let inputFields = 0;
    let enumValues = 0;
    let interfaces = 0;
    for (const t of types) {
      if (isObjectType(t) || isInterfaceType(t)) {
        const own = Object.values(t.getFields());
        fields = Math.max(fields, own.length);
        for (const f of own) args = Math.max(args, f.args.length);
        interfaces = Math.max(interfaces, t.getInterfaces().length);
      } else if ('getFields' in t) {
        inputFields = Math.max(inputFields, Object.keys(t.getFields()).length);
      } else if ('getValues' in t) {
        enumValues = Math.max(enumValues, t.getValues().length);
      }
    }
    const directives = schema.getDirectives();
    const directiveArgs = Math.max(0, ...directives.map((d) => d.args.length));
    const set = (type: string, field: string, n: number): void => void this.introspection.set(`${type}.${field}`, n);
    set('__Schema', 'types', types.length);
    set('__Schema', 'directives', directives.length);
    set('__Type', 'fields', fields);
    set('__Type', 'inputFields', inputFields);
    set('__Type', 'enumValues', enumValues);
    set('__Type', 'interfaces', interfaces);
    set('__Type', 'possibleTypes', types.length);
    set('__Field', 'args', args);
    set('__Directive', 'args', directiveArgs);
  }

  /** The size of an introspection list field, or undefined for any other field. */
  introspectionSize(type: string, field: string): number | undefined {
    return this.introspection.get(`${type}.${field}`);
  }
}

type MeasureLimits = Pick<Limits, 'assumedListSize'> & { defaultLimit?: number | undefined };

/** Measures each operation of `document`; `variables` gives page sizes written as variables. */
export function measureOperations(
  sizes: SchemaSizes,
  document: DocumentNode,
  limits: MeasureLimits,
  variables?: Readonly<Record<string, unknown>>,
): Map<OperationDefinitionNode, Measure> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const out = new Map<OperationDefinitionNode, Measure>();
  for (const d of document.definitions) {
    if (d.kind !== Kind.OPERATION_DEFINITION) continue;
    const root = sizes.schema.getRootType(d.operation) ?? undefined;
    const values = variableValues(d, variables);
    const walk = new Walk(sizes, fragments, limits, values);
    out.set(d, walk.selectionSet(d.selectionSet, root));
  }
  return out;
}

/** The operation's variables as given, with its defaults for those left out. */
function variableValues(operation: OperationDefinitionNode, given: Readonly<Record<string, unknown>> | undefined): Map<string, unknown> {
  const values = new Map<string, unknown>();
  for (const v of operation.variableDefinitions ?? []) {
    const name = v.variable.name.value;
    const value = given?.[name];
    if (value !== undefined) values.set(name, value);
    else if (v.defaultValue?.kind === Kind.INT) values.set(name, Number(v.defaultValue.value));
  }
  return values;
}

class Walk {
  private readonly memo = new Map<string, Measure>();
  private readonly inProgress = new Set<string>();

  constructor(
    private readonly sizes: SchemaSizes,
    private readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>,
    private readonly limits: MeasureLimits,
    private readonly variables: ReadonlyMap<string, unknown>,
  ) {}

  /**
   * The measure of `set` per object of `type` (undefined when the type is unknown). `pageSize`:
   * the size of its list fields given none (a connection's `first`/`last` sizes its `edges` and `nodes`).
   */
  selectionSet(set: SelectionSetNode, type: GraphQLNamedType | undefined, pageSize?: number): Measure {
    const m: Measure = { ...ZERO };
    for (const s of set.selections) {
      let inner: Measure;
      if (s.kind === Kind.FIELD) inner = this.field(s, type, pageSize);
      else if (s.kind === Kind.INLINE_FRAGMENT)
        inner = this.selectionSet(s.selectionSet, s.typeCondition ? this.sizes.schema.getType(s.typeCondition.name.value) : type, pageSize);
      else inner = this.fragment(s.name.value, pageSize);
      add(m, inner);
    }
    return m;
  }

  private fragment(name: string, pageSize: number | undefined): Measure {
    const memoKey = pageSize === undefined ? name : `${name}|${pageSize}`;
    const known = this.memo.get(memoKey);
    if (known !== undefined) return known;
    const definition = this.fragments.get(name);
    if (definition === undefined || this.inProgress.has(name)) return ZERO;
    this.inProgress.add(name);
    const m = this.selectionSet(definition.selectionSet, this.sizes.schema.getType(definition.typeCondition.name.value), pageSize);
    this.inProgress.delete(name);
    this.memo.set(memoKey, m);
    return m;
  }

  private field(node: FieldNode, parent: GraphQLNamedType | undefined, parentPageSize: number | undefined): Measure {
    const aliases = node.alias === undefined ? 0 : 1;
    const name = node.name.value;
    // The introspection entry points are no fields of the root type.
    const definition =
      name === SchemaMetaFieldDef.name
        ? SchemaMetaFieldDef
        : name === TypeMetaFieldDef.name
          ? TypeMetaFieldDef
          : parent !== undefined && (isObjectType(parent) || isInterfaceType(parent))
            ? parent.getFields()[name]
            : undefined;
    const own = { ...ZERO, aliases, depth: 1 };
    // The page size given (the smallest, should a field take both `first` and `last`).
    let pageSize: number | undefined;
    for (const arg of node.arguments ?? []) {
      if (!SIZE_ARGUMENTS.has(arg.name.value)) continue;
      const size = this.sizeOf(arg.value);
      if (size.fromVariable) own.usesVariables = true;
      if (size.value === undefined) continue;
      own.maxLimit = Math.max(own.maxLimit, size.value);
      pageSize = Math.min(pageSize ?? size.value, size.value);
    }
    if (node.selectionSet === undefined) return own;
    const type = definition === undefined ? undefined : getNullableType(definition.type);
    const named = type === undefined ? undefined : getNamedType(type);
    const list = type !== undefined && isListType(type);
    // A page size on an object (a connection) sizes the lists inside it.
    const child = this.selectionSet(node.selectionSet, named, list ? undefined : pageSize);
    let count = 1;
    if (list) {
      count =
        (parent !== undefined ? this.sizes.introspectionSize(parent.name, name) : undefined) ??
        pageSize ??
        parentPageSize ??
        this.limits.defaultLimit ??
        this.limits.assumedListSize;
    }
    // `ofType` chains of introspection end within a few steps: they do not deepen (see the file comment).
    const deepens = !(name === 'ofType' && parent?.name === '__Type');
    const cost = count * (1 + child.cost + child.introspection);
    const entry = definition === SchemaMetaFieldDef || definition === TypeMetaFieldDef;
    return {
      depth: (deepens ? 1 : 0) + child.depth,
      aliases: aliases + child.aliases,
      cost: entry ? 0 : cost,
      introspection: entry ? cost : 0,
      maxLimit: Math.max(own.maxLimit, child.maxLimit),
      usesVariables: own.usesVariables || child.usesVariables,
    };
  }

  private sizeOf(value: ValueNode): { value: number | undefined; fromVariable: boolean } {
    if (value.kind === Kind.INT) return { value: Number(value.value), fromVariable: false };
    if (value.kind === Kind.VARIABLE) {
      const v = this.variables.get(value.name.value);
      // Anything but a non-negative number is left to value coercion, which refuses it.
      return { value: typeof v === 'number' && v >= 0 ? v : undefined, fromVariable: true };
    }
    return { value: undefined, fromVariable: false };
  }
}

/** Adds the measure of a sibling selection into `m`. */
function add(m: Measure, s: Measure): void {
  m.depth = Math.max(m.depth, s.depth);
  m.aliases += s.aliases;
  m.cost += s.cost;
  m.introspection += s.introspection;
  m.maxLimit = Math.max(m.maxLimit, s.maxLimit);
  m.usesVariables ||= s.usesVariables;
}
