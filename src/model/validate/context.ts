/**
 * What a validation rule gets: the semantic model (and through it the document) and a way to
 * report. Rules collect; they never throw and never stop at the first problem.
 */
import { error, warning, type Diagnostic, type RelatedSpan, type Span } from '../diagnostics.js';
import type { SemanticModel } from '../semantic-model.js';

export interface ValidationContext {
  readonly model: SemanticModel;
  readonly report: (code: string, message: string, span: Span, related?: RelatedSpan[]) => void;
  /** Reports a warning: the model stays valid. */
  readonly warn: (code: string, message: string, span: Span) => void;
}

/** A validation rule: one concern, one file under `rules/`. */
export type ValidationRule = (context: ValidationContext) => void;

/** Runs every rule over the model and returns what they reported. */
export function runRules(model: SemanticModel, rules: readonly ValidationRule[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const context: ValidationContext = {
    model,
    report: (code, message, span, related) => diagnostics.push(error(code, message, span, related)),
    warn: (code, message, span) => diagnostics.push(warning(code, message, span)),
  };
  for (const rule of rules) rule(context);
  return diagnostics;
}
