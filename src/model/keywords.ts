/** Ballerina keywords the parser needs to know about. */

/** Keywords that start a module-level declaration other than type, enum and import (rejected by PERSIST_101). */
export const OTHER_DECLARATION_KEYWORDS: ReadonlySet<string> = new Set([
  'const', 'function', 'class', 'service', 'listener', 'var', 'final', 'configurable',
  'annotation', 'isolated', 'client', 'xmlns', 'distinct', 'transactional',
]);

/**
 * Reserved words that cannot name a type, field or member unquoted (`string type;` must be
 * `string 'type;`). Only the ones a model is likely to meet: contextual keywords are left out.
 */
export const RESERVED_WORDS: ReadonlySet<string> = new Set([
  'type', 'enum', 'import', 'public', 'record', 'readonly', 'as', 'const', 'function', 'class',
  'true', 'false', 'null', 'is', 'in', 'from', 'where', 'select', 'table', 'check', 'return', 'if',
  'else', 'while', 'foreach', 'match', 'error', 'object', 'service', 'var', 'final', 'new', 'int',
  'float', 'decimal', 'string', 'boolean', 'byte', 'map', 'json', 'xml', 'anydata', 'any', 'never',
  'typedesc', 'future', 'stream', 'transaction', 'lock', 'worker', 'fork', 'order',
]);
