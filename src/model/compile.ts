/**
 * Model text → validated ModelIR. Parses, builds the semantic view, runs every rule, and builds
 * the IR only when nothing was wrong. Pure and total: never throws, whatever the text.
 */
import { buildIR } from './build-ir.js';
import { compareDiagnostics, isError, type Diagnostic } from './diagnostics.js';
import type { ModelIR } from './ir.js';
import { parse } from './parser.js';
import { buildSemanticModel } from './semantic-model.js';
import { runRules } from './validate/context.js';
import { ALL_RULES } from './validate/index.js';
import { entitiesPresentRule } from './validate/rules/entities-present.js';

export interface CompileResult {
  /** The IR; undefined when there is any error (warnings leave it). */
  model: ModelIR | undefined;
  /** Every error and warning found, in source order. */
  diagnostics: Diagnostic[];
}

/** Compiles a model text (the model layer does no I/O: callers name the file when printing diagnostics). */
export function compileModel(text: string): CompileResult {
  const { document, diagnostics: syntax } = parse(text);
  const semantic = buildSemanticModel(document);
  let diagnostics = [
    ...syntax,
    ...runRules(
      semantic,
      ALL_RULES.filter((r) => r !== entitiesPresentRule),
    ),
  ];
  // "No entities" is the last check, as `bal persist generate` makes it after the compiler found
  // nothing wrong (and a record the parser gave up on is no evidence of an empty model).
  if (!diagnostics.some(isError)) diagnostics = [...diagnostics, ...runRules(semantic, [entitiesPresentRule])];
  diagnostics.sort(compareDiagnostics);
  if (diagnostics.some(isError)) return { model: undefined, diagnostics };
  return { model: buildIR(semantic), diagnostics };
}
