/**
 * How deep a document or a variables value nests, found without recursion, so that a document
 * of 5,000 nested selections or a `NOT` nested 10,000 times is refused before the recursive
 * parser, validation, graphql-jit or value coercion can overflow the stack on it.
 */

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const HASH = 0x23;
const NEWLINE = 0x0a;
const RETURN = 0x0d;

/**
 * The deepest nesting of `{` and `[` in GraphQL source text, skipping strings, block strings and
 * comments; stops counting once past `bound` (the answer is then bound + 1).
 */
export function textNesting(text: string, bound: number): number {
  let depth = 0;
  let deepest = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > deepest) {
        deepest = depth;
        if (deepest > bound) return deepest;
      }
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (depth > 0) depth--;
    } else if (c === HASH) {
      while (i + 1 < n && text.charCodeAt(i + 1) !== NEWLINE && text.charCodeAt(i + 1) !== RETURN) i++;
    } else if (c === QUOTE) {
      if (text.startsWith('""', i + 1)) {
        // A block string: ends at the next unescaped """.
        const end = blockStringEnd(text, i + 3);
        i = end < 0 ? n : end + 2;
      } else {
        i++;
        while (i < n && text.charCodeAt(i) !== QUOTE && text.charCodeAt(i) !== NEWLINE) {
          if (text.charCodeAt(i) === BACKSLASH) i++;
          i++;
        }
      }
    }
  }
  return deepest;
}

function blockStringEnd(text: string, from: number): number {
  let at = from;
  for (;;) {
    const end = text.indexOf('"""', at);
    if (end < 0 || text.charCodeAt(end - 1) !== BACKSLASH) return end;
    at = end + 3;
  }
}

/**
 * The deepest nesting of objects and arrays in a JSON value (variables), walked with an explicit
 * stack; stops once past `bound` (the answer is then bound + 1). A scalar is 0 deep.
 */
export function valueNesting(value: unknown, bound: number): number {
  let deepest = 0;
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    const v = top.value;
    if (typeof v !== 'object' || v === null) continue;
    const depth = top.depth + 1;
    if (depth > deepest) {
      deepest = depth;
      if (deepest > bound) return deepest;
    }
    const items: readonly unknown[] = Array.isArray(v) ? v : Object.values(v);
    for (const item of items) if (typeof item === 'object' && item !== null) stack.push({ value: item, depth });
  }
  return deepest;
}
