/**
 * What a field's type descriptor means: a simple type, an enum, a relation to an entity, or one of
 * the ways of being unsupported. Shared by the type rules (which report) and compile (which builds).
 */
import type { NamedTypeNode, TypeNode } from './ast.js';
import type { Span } from './diagnostics.js';
import type { ScalarName } from './ir.js';

/** Simple types by how they are written (`byte[]` is handled as an array of `byte`). */
export const SIMPLE_TYPES: Readonly<Record<string, ScalarName>> = {
  int: 'int',
  float: 'float',
  decimal: 'decimal',
  string: 'string',
  boolean: 'boolean',
};

/** `time:` types by identifier. */
export const TIME_TYPES: Readonly<Record<string, ScalarName>> = {
  Date: 'date',
  TimeOfDay: 'timeOfDay',
  Utc: 'utc',
  Civil: 'civil',
};

/** Ballerina's built-in type names that are real types but not simple types of an entity. */
export const BUILTIN_TYPES = new Set([
  'byte',
  'json',
  'anydata',
  'any',
  'xml',
  'map',
  'table',
  'error',
  'never',
  'handle',
  'typedesc',
  'future',
  'stream',
  'object',
  'readonly',
  'function',
  'null',
]);

/** Every name a field type may be written with, for "did you mean". */
export const KNOWN_TYPE_NAMES = [...Object.keys(SIMPLE_TYPES), 'byte[]', ...Object.keys(TIME_TYPES).map((t) => `time:${t}`)];

export type ResolvedType =
  | { kind: 'scalar'; name: ScalarName; nullable: boolean }
  | { kind: 'enum'; name: string; nullable: boolean }
  | { kind: 'entity'; name: string; nullable: boolean; many: boolean }
  /** PERSIST_305: `{typeName}`-typed fields are not supported. */
  | { kind: 'unsupported'; typeName: string }
  /** PERSIST_306: arrays of `{typeName}` are not supported. */
  | { kind: 'unsupportedArray'; typeName: string }
  /** An identifier that names nothing. */
  | { kind: 'unknown'; name: string; span: Span };

/** The names the resolver looks up. */
export interface TypeScope {
  isEntity(name: string): boolean;
  isEnum(name: string): boolean;
  /** A type defined in the model that is neither a record nor an enum (`type Integer int;`). */
  isOtherType(name: string): boolean;
}

/** The text of a type as messages show it (`int|string`, `map<string>`, `time:Date`). */
export function typeText(node: TypeNode): string {
  switch (node.kind) {
    case 'NamedType':
      return `${node.prefix ? `${node.prefix.value}:` : ''}${node.name.value}${node.typeArguments.length ? `<${node.typeArguments.map(typeText).join(', ')}>` : ''}`;
    case 'OptionalType':
      return `${typeText(node.type)}?`;
    case 'ArrayType':
      return `${typeText(node.type)}[]`;
    case 'UnionType':
      return node.types.map(typeText).join('|');
    case 'NilType':
      return '()';
    case 'LiteralType':
      return node.text;
    case 'RecordType':
      return 'record';
  }
}

/**
 * Resolves a field type the way bal persist reads it: an optional `?` outside, then one array
 * dimension, then a name. Anything else (unions, inline records, `T??`, nested arrays) is a
 * `{type}`-typed field bal persist does not support.
 */
export function resolveFieldType(node: TypeNode, scope: TypeScope): ResolvedType {
  let inner = node;
  const nullable = inner.kind === 'OptionalType';
  if (inner.kind === 'OptionalType') inner = inner.type;
  const array = inner.kind === 'ArrayType';
  if (inner.kind === 'ArrayType') inner = inner.type;
  if (inner.kind !== 'NamedType' || inner.typeArguments.length > 0) {
    const name = describeUnsupported(inner);
    return array ? { kind: 'unsupportedArray', typeName: name } : { kind: 'unsupported', typeName: name };
  }
  return resolveNamed(inner, nullable, array, scope);
}

/** The type's name in PERSIST_305/306 as bal persist words it (`union`, `in-line record`, `map`). */
function describeUnsupported(node: TypeNode): string {
  switch (node.kind) {
    case 'UnionType':
      return 'union';
    case 'RecordType':
      return 'in-line record';
    case 'NamedType':
      return node.name.value; // `map<string>` → `map`
    default:
      return typeText(node);
  }
}

function resolveNamed(node: NamedTypeNode, nullable: boolean, array: boolean, scope: TypeScope): ResolvedType {
  const name = node.name.value;
  if (node.prefix) {
    const qualified = `${node.prefix.value}:${name}`;
    const time = node.prefix.value === 'time' ? TIME_TYPES[name] : undefined;
    if (time === undefined) {
      // `time:Dat` is a misspelling worth a suggestion; other modules' types are merely unsupported.
      if (node.prefix.value === 'time') return { kind: 'unknown', name: qualified, span: node.span };
      return array ? { kind: 'unsupportedArray', typeName: qualified } : { kind: 'unsupported', typeName: qualified };
    }
    return array ? { kind: 'unsupportedArray', typeName: qualified } : { kind: 'scalar', name: time, nullable };
  }
  // A quoted built-in type (`'string`, `'int`) is that type, as in Ballerina.
  if (name === 'byte') {
    return array ? { kind: 'scalar', name: 'bytes', nullable } : { kind: 'unsupported', typeName: 'byte' };
  }
  const simple = SIMPLE_TYPES[name];
  if (simple !== undefined) return array ? { kind: 'unsupportedArray', typeName: name } : { kind: 'scalar', name: simple, nullable };
  if (scope.isEntity(name)) return { kind: 'entity', name, nullable, many: array };
  if (scope.isEnum(name)) return array ? { kind: 'unsupportedArray', typeName: 'enum' } : { kind: 'enum', name, nullable };
  // A built-in type that is no simple type, or a type the model defines otherwise (PERSIST_101 on
  // the definition): bal persist reports the field as unsupported.
  if (BUILTIN_TYPES.has(name) || scope.isOtherType(name))
    return array ? { kind: 'unsupportedArray', typeName: name } : { kind: 'unsupported', typeName: name };
  return { kind: 'unknown', name, span: node.span };
}
