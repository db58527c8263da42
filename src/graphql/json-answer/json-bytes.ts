/**
 * The UTF-8 bytes of one JSON answer, written in order (answer-writer.ts). One scratch buffer
 * serves every answer: writing is synchronous, and `take` copies the answer out, so no request
 * ever sees another's bytes. Short ASCII strings that need no escape are copied byte by byte while
 * they are checked; anything else (quotes, backslashes, control characters, non-ASCII text, lone
 * surrogates) is written as `JSON.stringify` writes it, so the bytes are those of
 * `Buffer.from(JSON.stringify(answer))`.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
// Longer strings are checked by a regular expression and written natively.
export const LOOP_CHARS = 32;
// JSON.stringify escapes these (and writes lone surrogates as \udXXX): such strings go through it.
// eslint-disable-next-line no-control-regex -- the control characters are what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
// Answers up to this size are copied out of the scratch buffer, larger ones take it.
const COPIED_BYTES = 64 * 1024;
// A scratch buffer grown past this is dropped after its answer: a rare huge answer does not stay in memory.
const KEPT_BYTES = 4 * 1024 * 1024;

/** Constant JSON text (keys, punctuation) as bytes. */
export function bytesOf(text: string): Uint8Array {
  return Buffer.from(text, 'utf8');
}

export class JsonBytes {
  /** The bytes, written up to `pos`; generated writers write them directly (answer-writer.ts), after `ensure`. */
  buf = Buffer.allocUnsafe(64 * 1024);
  pos = 0;

  /** Starts a new answer. */
  reset(): void {
    this.pos = 0;
  }

  /**
   * The answer written since `reset`. A small one is copied out (Node's pool makes that cheap); a
   * large one takes the buffer itself, and the next answer gets a new buffer of the same size.
   */
  take(): Buffer {
    const n = this.pos;
    this.pos = 0;
    if (n < COPIED_BYTES) {
      const out = Buffer.allocUnsafe(n);
      this.buf.copy(out, 0, 0, n);
      return out;
    }
    const out = this.buf.subarray(0, n);
    this.buf = Buffer.allocUnsafe(this.buf.length > KEPT_BYTES ? 64 * 1024 : this.buf.length);
    return out;
  }

  /** Makes room for `bytes` more after `pos` (the buffer may be replaced); returns the buffer. */
  ensure(bytes: number): Buffer {
    const need = this.pos + bytes;
    if (need > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
      this.buf.copy(grown, 0, 0, this.pos);
      this.buf = grown;
    }
    return this.buf;
  }

  byte(b: number): void {
    this.ensure(1)[this.pos++] = b;
  }

  /** Text that is JSON already and ASCII (a number's digits, `true`). */
  ascii(text: string): void {
    const n = text.length;
    const buf = this.ensure(n);
    const p = this.pos;
    for (let i = 0; i < n; i++) buf[p + i] = text.charCodeAt(i);
    this.pos = p + n;
  }

  /** `s` as a JSON string, exactly as JSON.stringify writes it. */
  string(s: string): void {
    const n = s.length;
    if (n > LOOP_CHARS) {
      if (NEEDS_ESCAPE.test(s)) this.json(JSON.stringify(s));
      else {
        this.byte(QUOTE);
        this.utf8(s);
        this.byte(QUOTE);
      }
      return;
    }
    const buf = this.ensure(n + 2);
    let p = this.pos;
    buf[p++] = QUOTE;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c === QUOTE || c === BACKSLASH || c > 0x7e) {
        this.json(JSON.stringify(s));
        return;
      }
      buf[p++] = c;
    }
    buf[p++] = QUOTE;
    this.pos = p;
  }

  /** JSON text of any characters (JSON.stringify's output: well-formed, so its UTF-8 is exact). */
  json(text: string): void {
    this.utf8(text);
  }

  private utf8(text: string): void {
    // At most 3 bytes per UTF-16 unit.
    const buf = this.ensure(text.length * 3);
    this.pos += buf.write(text, this.pos, 'utf8');
  }
}
