/**
 * Diagnostics: what the model layer reports about a model text, and how a diagnostic prints.
 * Codes and texts follow bal persist (`PERSIST_NNN`) wherever it has one.
 */

/** A source range. Lines and columns are 1-based; the end is exclusive (the column after the last character). */
export interface Span {
  line: number;
  col: number;
  endLine: number;
  endCol: number;
  /** 0-based offset of the first character. */
  offset: number;
  /** 0-based offset after the last character. */
  endOffset: number;
}

/** A further location involved in a diagnostic (the other duplicate, the other side of a relation). */
export interface RelatedSpan {
  message: string;
  span: Span;
}

export interface Diagnostic {
  /** `PERSIST_NNN`. */
  code: string;
  message: string;
  span: Span;
  /** A warning (bal persist's PERSIST_601) leaves the model valid. */
  severity: 'error' | 'warning';
  related?: RelatedSpan[];
}

/** Builds an error diagnostic. */
export function error(code: string, message: string, span: Span, related?: RelatedSpan[]): Diagnostic {
  return related && related.length > 0 ? { code, message, span, severity: 'error', related } : { code, message, span, severity: 'error' };
}

/** Builds a warning: the model stays valid. */
export function warning(code: string, message: string, span: Span): Diagnostic {
  return { code, message, span, severity: 'warning' };
}

/** True for an error (not a warning). */
export function isError(d: Diagnostic): boolean {
  return d.severity === 'error';
}

/** The smallest span covering both (a must start before b ends). */
export function joinSpans(a: Span, b: Span): Span {
  return { line: a.line, col: a.col, offset: a.offset, endLine: b.endLine, endCol: b.endCol, endOffset: b.endOffset };
}

/** Orders diagnostics by position, then code, so that output is stable whatever order rules ran in. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    a.span.offset - b.span.offset ||
    a.span.endOffset - b.span.endOffset ||
    a.code.localeCompare(b.code) ||
    a.message.localeCompare(b.message)
  );
}

function sourceLine(text: string, line: number): string {
  return (text.split(/\r\n|\r|\n/)[line - 1] ?? '').replace(/\t/g, ' ');
}

/** The source line and a caret line under the span (only its first line when it spans several). */
function excerpt(text: string, span: Span): string {
  const src = sourceLine(text, span.line);
  const end = span.endLine === span.line ? span.endCol : src.length + 1;
  const width = Math.max(1, end - span.col);
  return `${src}\n${' '.repeat(Math.max(0, span.col - 1))}${'^'.repeat(width)}`;
}

/**
 * `path:line:col: error PERSIST_NNN: message`, then the source line and a caret line under the
 * span; each related location follows as a `note` in the same shape.
 */
export function formatDiagnostic(d: Diagnostic, text: string, path: string): string {
  const lines = [`${path}:${d.span.line}:${d.span.col}: ${d.severity} ${d.code}: ${d.message}`, excerpt(text, d.span)];
  for (const r of d.related ?? []) {
    lines.push(`${path}:${r.span.line}:${r.span.col}: note: ${r.message}`, excerpt(text, r.span));
  }
  return lines.join('\n');
}
