/**
 * Malformed values become BAD_USER_INPUT errors that say where the value was.
 *
 * Values in variables: the scalars throw `badUserInput` errors; graphql-js prefixes them with the
 * variable and path (`Variable "$data" got invalid value "2024-02-30" at "data[0].birthDate"`)
 * and keeps our extensions. Values written in the document are checked during validation by
 * graphql-js's ValuesOfCorrectTypeRule, which reports a scalar's error without saying where it
 * was; `valuesOfCorrectTypeRule` below wraps that rule, tracks the argument / field path of the
 * value being checked and rewrites those errors to `Invalid value for 'data[0].birthDate': …`.
 */
import {
  type ASTVisitFn,
  type ASTVisitor,
  type ASTNode,
  GraphQLError,
  Kind,
  specifiedRules,
  type ValidationContext,
  type ValidationRule,
  ValuesOfCorrectTypeRule,
} from 'graphql';
import { PersistError } from '../errors.js';
import { ValueFormatError } from '../model/values.js';

export const BAD_USER_INPUT = 'BAD_USER_INPUT';

/**
 * A GraphQL error with `extensions.code` BAD_USER_INPUT. It carries no `originalError`: Yoga
 * masks any error whose chain of original errors ends in something other than a GraphQLError.
 */
export function badUserInput(message: string, nodes?: ASTNode | readonly ASTNode[]): GraphQLError {
  return new GraphQLError(message, { ...(nodes === undefined ? {} : { nodes }), extensions: { code: BAD_USER_INPUT } });
}

/** Runs a value parser, turning its ValueFormatError into a BAD_USER_INPUT GraphQLError. */
export function parseOrBadInput<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof ValueFormatError) throw badUserInput(error.message);
    throw error;
  }
}

function isValueFormatFailure(error: GraphQLError): boolean {
  if (error.extensions['code'] === BAD_USER_INPUT) return true;
  const original = error.originalError;
  return original instanceof ValueFormatError || (original instanceof PersistError && original.code === BAD_USER_INPUT);
}

const VALUE_KINDS = [Kind.LIST, Kind.OBJECT, Kind.NULL, Kind.ENUM, Kind.INT, Kind.FLOAT, Kind.STRING, Kind.BOOLEAN, Kind.VARIABLE] as const;

/** `data[0].birthDate` from the segments `data`, 0, `birthDate`. */
function formatPath(segments: readonly (string | number)[]): string {
  let out = '';
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : out === '' ? s : `.${s}`;
  return out;
}

type Enter = ASTVisitFn<ASTNode>;

function enterOf(visitor: ASTVisitor, kind: string): Enter | undefined {
  const entry = (visitor as Record<string, unknown>)[kind];
  if (typeof entry === 'function') return entry as Enter;
  if (entry && typeof entry === 'object' && typeof (entry as { enter?: unknown }).enter === 'function')
    return (entry as { enter: Enter }).enter;
  return undefined;
}

/**
 * graphql-js's ValuesOfCorrectTypeRule, with scalar parse failures reported as BAD_USER_INPUT
 * errors that name the argument path of the value.
 */
export const valuesOfCorrectTypeRule: ValidationRule = (context: ValidationContext) => {
  const path: (string | number)[] = [];
  let current: ASTNode | undefined;
  const proxy = Object.create(context) as ValidationContext;
  proxy.reportError = (error: GraphQLError) => {
    if (!isValueFormatFailure(error)) return context.reportError(error);
    const where = formatPath(path);
    const nodes = error.nodes ?? current;
    context.reportError(badUserInput(`Invalid value for '${where}': ${error.message}`, nodes));
  };
  const inner = ValuesOfCorrectTypeRule(proxy);
  const visitor: Record<string, { enter: Enter; leave: Enter }> = {};
  const segmentOf = (node: ASTNode, key: string | number | undefined): string | number | undefined => {
    if (node.kind === Kind.ARGUMENT || node.kind === Kind.OBJECT_FIELD) return node.name.value;
    return typeof key === 'number' ? key : undefined;
  };
  const pushed: boolean[] = [];
  const track = (kind: string, trackPath: boolean): void => {
    const innerEnter = enterOf(inner, kind);
    visitor[kind] = {
      enter(node, key, parent, astPath, ancestors) {
        // List items are the only values whose key is a number; arguments and fields carry names.
        const seg = trackPath ? segmentOf(node, key) : undefined;
        pushed.push(seg !== undefined);
        if (seg !== undefined) path.push(seg);
        current = node;
        const result: unknown = innerEnter?.call(inner, node, key, parent, astPath, ancestors);
        // `false` skips the node's children and its leave: undo what this enter pushed.
        if (result === false && pushed.pop()) path.pop();
        return result;
      },
      leave() {
        if (pushed.pop()) path.pop();
      },
    };
  };
  for (const kind of Object.keys(inner)) track(kind, false);
  track(Kind.ARGUMENT, true);
  track(Kind.OBJECT_FIELD, true);
  for (const kind of VALUE_KINDS) track(kind, true);
  return visitor;
};

/**
 * Number literals beyond a double's range (`1e309`): graphql-js's Float reads them as Infinity,
 * which no datastore stores and JSON writes as null; refused as BAD_USER_INPUT naming the literal.
 */
export const finiteNumbersRule: ValidationRule = (context: ValidationContext) => {
  const check = (node: { value: string } & ASTNode): void => {
    if (!Number.isFinite(Number(node.value)))
      context.reportError(badUserInput(`Invalid value ${node.value}: the number is beyond the range of a Float (about ±1.8e308).`, node));
  };
  return { FloatValue: check, IntValue: check };
};

/**
 * The validation rules with ValuesOfCorrectTypeRule swapped for `valuesOfCorrectTypeRule`, and
 * `finiteNumbersRule` added.
 */
export function persistValidationRules(rules: readonly ValidationRule[] = specifiedRules): ValidationRule[] {
  return [...rules.map((r) => (r === ValuesOfCorrectTypeRule ? valuesOfCorrectTypeRule : r)), finiteNumbersRule];
}
