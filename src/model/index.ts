/**
 * The model layer's public surface: model text → validated ModelIR, with diagnostics. Pure: no
 * file I/O. (Implementation files live beside this one: lexer, parser, validate/rules, compile.)
 */
export type * from './ir.js';
export * from './values.js';
export * from './model-helpers.js';
export { parentFirstOrder } from './parent-first-order.js';
export { compileModel, type CompileResult } from './compile.js';
export { formatDiagnostic, isError, type Diagnostic, type Span } from './diagnostics.js';
export { mergeModels, type MergeResult, type ModelPart } from './merge-models.js';
