/**
 * The lexer: model text → tokens. Comments (`//`) and documentation lines (`#`) are trivia.
 * Never throws: a character it cannot read becomes an `invalid` token with a diagnostic.
 */
import { error, type Diagnostic, type Span } from './diagnostics.js';
import { SYNTAX_ERROR } from './codes.js';

export type TokenKind = 'name' | 'string' | 'template' | 'number' | 'punct' | 'invalid' | 'eof';

export interface Token {
  kind: TokenKind;
  /**
   * name: the identifier without its quote (`'type` → `type`); string: the decoded value;
   * template: the text between the backticks (`re \`[a-z]+\`` has the template `[a-z]+`);
   * number and punct: the text; eof: ''.
   */
  value: string;
  /** The source text of the token. */
  text: string;
  /** A quoted identifier (`'type`): never a keyword. */
  quoted: boolean;
  span: Span;
  /** The first `#` documentation line since the previous token (Ballerina's metadata starts there). */
  doc?: Span;
}

// Longest first, so that `{|` wins over `{` and `...` over `.`.
const PUNCTUATORS = [
  '...',
  '{|',
  '|}',
  '=>',
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ';',
  ',',
  ':',
  '?',
  '=',
  '@',
  '.',
  '/',
  '|',
  '*',
  '<',
  '>',
  '-',
  '+',
  '!',
  '&',
];

const IDENT_START = /[\p{L}_]/u;
const IDENT_PART = /[\p{L}\p{N}_]/u;

/** A `//` comment: its text after the slashes, and where it starts. */
export interface Comment {
  text: string;
  offset: number;
}

/** A `#` documentation line alone on its line: its text after the `#`, and its line number. */
export interface DocLine {
  text: string;
  line: number;
}

/** Tokenizes the text; the last token is always `eof`. */
export function tokenize(text: string): { tokens: Token[]; diagnostics: Diagnostic[]; comments: Comment[]; docs: DocLine[] } {
  const tokens: Token[] = [];
  const comments: Comment[] = [];
  const docs: DocLine[] = [];
  const diagnostics: Diagnostic[] = [];
  let pos = 0;
  let line = 1;
  let lineStart = 0;

  const spanFrom = (start: number, startLine: number, startCol: number): Span => ({
    line: startLine,
    col: startCol,
    offset: start,
    endLine: line,
    endCol: pos - lineStart + 1,
    endOffset: pos,
  });
  let doc: Span | undefined;
  const push = (kind: TokenKind, value: string, start: number, startLine: number, startCol: number, quoted = false): Token => {
    const token: Token = { kind, value, text: text.slice(start, pos), quoted, span: spanFrom(start, startLine, startCol) };
    if (doc) token.doc = doc;
    doc = undefined;
    tokens.push(token);
    return token;
  };

  while (pos < text.length) {
    const ch = text[pos]!;
    if (ch === '\n' || ch === '\r') {
      pos += ch === '\r' && text[pos + 1] === '\n' ? 2 : 1;
      line++;
      lineStart = pos;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\f' || ch === '\v' || ch === '\uFEFF') {
      pos++;
      continue;
    }
    // `//` comments and `#` documentation lines run to the end of the line.
    if (ch === '#' || (ch === '/' && text[pos + 1] === '/')) {
      const from = pos;
      const fromCol = pos - lineStart + 1;
      while (pos < text.length && text[pos] !== '\n' && text[pos] !== '\r') pos++;
      if (ch === '/') comments.push({ text: text.slice(from + 2, pos), offset: from });
      else {
        doc ??= spanFrom(from, line, fromCol);
        if (text.slice(lineStart, from).trim() === '') docs.push({ text: text.slice(from + 1, pos), line });
      }
      continue;
    }
    const start = pos;
    const startLine = line;
    const startCol = pos - lineStart + 1;
    const cp = String.fromCodePoint(text.codePointAt(pos)!);

    if (ch === "'" && pos + 1 < text.length && IDENT_START.test(String.fromCodePoint(text.codePointAt(pos + 1)!))) {
      pos++;
      while (pos < text.length && IDENT_PART.test(String.fromCodePoint(text.codePointAt(pos)!)))
        pos += String.fromCodePoint(text.codePointAt(pos)!).length;
      push('name', text.slice(start + 1, pos), start, startLine, startCol, true);
      continue;
    }
    if (IDENT_START.test(cp)) {
      while (pos < text.length && IDENT_PART.test(String.fromCodePoint(text.codePointAt(pos)!)))
        pos += String.fromCodePoint(text.codePointAt(pos)!).length;
      push('name', text.slice(start, pos), start, startLine, startCol);
      continue;
    }
    if (ch >= '0' && ch <= '9') {
      while (pos < text.length && /[0-9]/.test(text[pos]!)) pos++;
      // A fraction needs a digit after the dot, so that `1..` is not read as a number.
      if (text[pos] === '.' && /[0-9]/.test(text[pos + 1] ?? '')) {
        pos++;
        while (pos < text.length && /[0-9]/.test(text[pos]!)) pos++;
      }
      push('number', text.slice(start, pos), start, startLine, startCol);
      continue;
    }
    if (ch === '"') {
      const { value, terminated } = readString();
      // An unterminated string still becomes a string token, so that the parser goes on without a second error.
      const token = push('string', value, start, startLine, startCol);
      if (!terminated) diagnostics.push(error(SYNTAX_ERROR, 'Unterminated string.', token.span));
      continue;
    }
    if (ch === '`') {
      // A backtick template (the `re` regular expressions of `@constraint:String {pattern}`), on one line.
      let end = pos + 1;
      while (end < text.length && text[end] !== '`' && text[end] !== '\n' && text[end] !== '\r') end++;
      const terminated = text[end] === '`';
      const value = text.slice(pos + 1, end);
      pos = terminated ? end + 1 : end;
      const token = push('template', value, start, startLine, startCol);
      if (!terminated) diagnostics.push(error(SYNTAX_ERROR, 'Unterminated template.', token.span));
      continue;
    }
    const punct = PUNCTUATORS.find((p) => text.startsWith(p, pos));
    if (punct) {
      pos += punct.length;
      push('punct', punct, start, startLine, startCol);
      continue;
    }
    pos += cp.length;
    const token = push('invalid', cp, start, startLine, startCol);
    diagnostics.push(error(SYNTAX_ERROR, `Unexpected character ${describeChar(cp)}.`, token.span));
  }
  tokens.push({ kind: 'eof', value: '', text: '', quoted: false, span: spanFrom(pos, line, pos - lineStart + 1) });
  return { tokens, diagnostics, comments, docs };

  /** Reads a string literal at `pos`; not terminated when the line ends first. */
  function readString(): { value: string; terminated: boolean } {
    pos++;
    let value = '';
    while (pos < text.length) {
      const c = text[pos]!;
      if (c === '"') {
        pos++;
        return { value, terminated: true };
      }
      if (c === '\n' || c === '\r') return { value, terminated: false };
      if (c === '\\' && pos + 1 < text.length) {
        const e = text[pos + 1]!;
        const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };
        if (e in simple) {
          value += simple[e];
          pos += 2;
          continue;
        }
        const uni = /^u\{([0-9a-fA-F]{1,6})\}/.exec(text.slice(pos + 1, pos + 10));
        if (uni && Number.parseInt(uni[1]!, 16) <= 0x10ffff) {
          value += String.fromCodePoint(Number.parseInt(uni[1]!, 16));
          pos += 1 + uni[0].length;
          continue;
        }
      }
      value += c;
      pos++;
    }
    return { value, terminated: false };
  }
}

function describeChar(ch: string): string {
  const code = ch.codePointAt(0)!;
  return code < 0x20 || code === 0x7f ? `U+${code.toString(16).toUpperCase().padStart(4, '0')}` : `"${ch}"`;
}

/** How a token is named in "Expected X, found Y." messages. */
export function describeToken(token: Token): string {
  switch (token.kind) {
    case 'eof':
      return '<EOF>';
    case 'string':
      return `string ${token.text}`;
    case 'template':
      return `template ${token.text}`;
    case 'number':
      return `number ${token.text}`;
    case 'name':
      return `"${token.text}"`;
    default:
      return `"${token.text}"`;
  }
}
