/**
 * Variables coerced as graphql-js's `getVariableValues` coerces them (coerced-variables.ts), by a
 * coercer built once per input type instead of graphql-js's generic walk, which per value looks
 * the type's kind up again, lists the type's fields, and allocates a path entry and an error
 * callback (M2's 100 nested employees: a tenth of the request's CPU).
 *
 * Only the values graphql-js accepts are coerced here, step for step as its `coerceInputValue`
 * does them (non-null, list, input object, leaf), to the same result: an input object becomes a
 * new object with its fields in the type's order and the defaults of the fields left out; a list,
 * an array of its items coerced, or a list of one for a single value; a leaf, what its
 * `parseValue` returns. At the first value graphql-js would report (and at anything it treats
 * specially: a variable's default value, a `@oneOf` type, an iterable that is not an array),
 * the coercer gives up, and graphql-js coerces the variables from scratch: its answer, errors
 * and all, is the answer.
 */
import {
  type GraphQLInputObjectType,
  type GraphQLInputType,
  type GraphQLSchema,
  isInputObjectType,
  isInputType,
  isLeafType,
  isListType,
  isNonNullType,
  type OperationDefinitionNode,
  typeFromAST,
} from 'graphql';

type Variables = Readonly<Record<string, unknown>>;

/** What a coercer returns for a value graphql-js would report, or treats in a way not copied here. */
export const GIVE_UP: unique symbol = Symbol('give up');
type Coercer = (value: unknown) => unknown;

const coercers = new WeakMap<GraphQLInputType, Coercer>();

/**
 * The coercer of `type`, built once per type object. An input object's coercer finds its fields'
 * coercers on first use, so that building one never comes back to a type being built.
 */
function coercerOf(type: GraphQLInputType): Coercer {
  let coercer = coercers.get(type);
  if (coercer === undefined) {
    coercer = buildCoercer(type);
    coercers.set(type, coercer);
  }
  return coercer;
}

function buildCoercer(type: GraphQLInputType): Coercer {
  if (isNonNullType(type)) {
    const inner = coercerOf(type.ofType);
    return (value) => (value === null || value === undefined ? GIVE_UP : inner(value));
  }
  const nullable = nullableCoercer(type);
  return (value) => (value === null || value === undefined ? null : nullable(value));
}

/** The coercer of a nullable type's non-null values. */
function nullableCoercer(type: GraphQLInputType): Coercer {
  if (isListType(type)) {
    const item = coercerOf(type.ofType);
    return (value) => {
      if (Array.isArray(value)) {
        const out = new Array<unknown>(value.length);
        for (let i = 0; i < value.length; i++) {
          const v = item(value[i]);
          if (v === GIVE_UP) return GIVE_UP;
          out[i] = v;
        }
        return out;
      }
      // graphql-js's Array.from over any other iterable: left to it.
      if (typeof value === 'object' && typeof (value as Partial<Iterable<unknown>>)[Symbol.iterator] === 'function') return GIVE_UP;
      const one = item(value);
      return one === GIVE_UP ? GIVE_UP : [one];
    };
  }
  if (isInputObjectType(type)) {
    if (type.isOneOf) return () => GIVE_UP;
    // Compiled on first use: the fields' types may lead back to this one.
    let compiled: Coercer | undefined;
    return (value) => (compiled ??= compileObjectCoercer(type))(value);
  }
  if (isLeafType(type)) {
    return (value) => {
      try {
        const parsed: unknown = type.parseValue(value);
        return parsed === undefined ? GIVE_UP : parsed;
      } catch {
        return GIVE_UP;
      }
    };
  }
  /* c8 ignore next */
  throw new Error(`Unexpected input type ${String(type)}`);
}

/** One field of an input object type, as its coercer takes it. */
interface InputField {
  name: string;
  coerce: Coercer;
  defaultValue: unknown;
  required: boolean;
}

/** A constructor of plain objects (prototype Object.prototype) without an allocation site: see row-literal.ts. */
function Coerced(): void {}
Coerced.prototype = Object.prototype;

/**
 * The coercer of an input object type's non-null values, compiled: each field read and stored by
 * its name written in the code (`out["empNo"] = …`, a store V8 caches per call site), where a loop
 * over the fields made every load and store a keyed one. Only the fields' names, as JSON strings,
 * enter the text. A schema cannot name a field `__proto__` (names starting with `__` are
 * refused); a type built without that check that does is left to graphql-js.
 */
function compileObjectCoercer(type: GraphQLInputObjectType): Coercer {
  const fields: InputField[] = Object.values(type.getFields()).map((f) => ({
    name: f.name,
    coerce: coercerOf(f.type),
    defaultValue: f.defaultValue,
    required: isNonNullType(f.type),
  }));
  const known: ReadonlySet<string> = new Set(fields.map((f) => f.name));
  if (known.has('__proto__')) return () => GIVE_UP;
  const steps = fields.map((f, i) => {
    const name = JSON.stringify(f.name);
    const absent = f.defaultValue !== undefined ? `out[${name}] = F[${i}].defaultValue;` : f.required ? 'return G;' : '';
    return `v = value[${name}]; if (v === undefined) { ${absent} } else { c = F[${i}].coerce(v); if (c === G) return G; out[${name}] = c; }`;
  });
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- see the comment above
  const make = new Function(
    'F',
    'G',
    'K',
    'O',
    `return (value) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return G;
      const out = new O();
      let v, c;
      ${steps.join('\n')}
      // A name not of the type: graphql-js reports it (for-in sees every own key Object.keys does).
      for (const name in value) if (!K.has(name)) return G;
      return out;
    };`,
  ) as (F: readonly InputField[], G: typeof GIVE_UP, K: ReadonlySet<string>, O: () => void) => Coercer;
  return make(fields, GIVE_UP, known, Coerced);
}

/** Per operation: each variable's name and coercer (undefined: one graphql-js must coerce, e.g. with a default value). */
const operationCoercers = new WeakMap<GraphQLSchema, WeakMap<OperationDefinitionNode, { name: string; coerce: Coercer }[] | undefined>>();

function variableCoercers(schema: GraphQLSchema, operation: OperationDefinitionNode): { name: string; coerce: Coercer }[] | undefined {
  let bySchema = operationCoercers.get(schema);
  if (bySchema === undefined) operationCoercers.set(schema, (bySchema = new WeakMap()));
  if (bySchema.has(operation)) return bySchema.get(operation);
  let out: { name: string; coerce: Coercer }[] | undefined = [];
  for (const definition of operation.variableDefinitions ?? []) {
    const type = typeFromAST(schema, definition.type);
    if (definition.defaultValue !== undefined || type === undefined || !isInputType(type)) {
      out = undefined;
      break;
    }
    out.push({ name: definition.variable.name.value, coerce: coercerOf(type) });
  }
  bySchema.set(operation, out);
  return out;
}

/**
 * The variables of `operation` as graphql-js's `getVariableValues` coerces them when it accepts
 * them all, else GIVE_UP (graphql-js then coerces them, and answers bad ones).
 */
export function coerceVariables(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Variables,
): Record<string, unknown> | typeof GIVE_UP {
  const coercers = variableCoercers(schema, operation);
  if (coercers === undefined) return GIVE_UP;
  const out = Object.create(null) as Record<string, unknown>;
  for (const { name, coerce } of coercers) {
    // A variable left out: graphql-js reports it when non-null, else leaves it out.
    if (!Object.hasOwn(variables, name)) {
      if (coerce(null) === GIVE_UP) return GIVE_UP;
      continue;
    }
    const value = coerce(variables[name]);
    if (value === GIVE_UP) return GIVE_UP;
    out[name] = value;
  }
  // A plain object, as graphql-js 16 returns it.
  return { ...out };
}
