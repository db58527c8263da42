/**
 * The server's log: one line per event on stderr, `<time> <LEVEL> <message>`, coloured only when
 * the stream is a terminal (and NO_COLOR is unset). An error's stack is written once per distinct
 * error (name, code and message), on that event's line with its frames separated by ` | `; the same
 * error again (every request during a database outage) is one short line that says how often it
 * was seen. Yoga and the lean path log through it (`createServer`'s `logging`).
 */
import { inspect } from 'node:util';
import type { LogLevel, YogaLogger } from 'graphql-yoga';

export interface ServerLoggerOptions {
  /** The lowest level written (default `info`; `DEBUG=1` in the environment means `debug`). */
  level?: LogLevel | 'silent';
  /** Where each line goes (default: process.stderr). */
  write?: (line: string) => void;
  /** ANSI colours for the level (default: when stderr is a terminal and NO_COLOR is unset). */
  color?: boolean;
  /** The clock of each line's time (tests). */
  now?: () => Date;
}

const SCORES: Record<LogLevel | 'silent', number> = { debug: 0, info: 1, warn: 2, error: 3, silent: 4 };
const COLORS: Record<LogLevel, string> = { debug: '\x1b[35m', info: '\x1b[36m', warn: '\x1b[33m', error: '\x1b[31m' };
// Distinct errors remembered for "stack already written"; past this many the memory starts anew.
const MAX_REMEMBERED = 1000;

function isError(value: unknown): value is Error {
  return value instanceof Error;
}

/** One line for `value`: its own text, never spanning lines. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' | ');
}

/** A logger with Yoga's interface writing one line per call. */
export function createServerLogger(options: ServerLoggerOptions = {}): YogaLogger {
  const level = options.level ?? (process.env['DEBUG'] === '1' ? 'debug' : 'info');
  const write = options.write ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const color = options.color ?? (process.stderr.isTTY === true && process.env['NO_COLOR'] === undefined);
  const now = options.now ?? (() => new Date());
  const seen = new Map<string, number>();

  const describe = (error: Error): string => {
    const original = (error as { originalError?: unknown }).originalError;
    // A GraphQLError wrapping the thrown error: the thrown one says what happened.
    const cause = isError(original) ? original : error;
    const code = (cause as { code?: unknown }).code;
    const head = `${cause.name}${typeof code === 'string' ? ` [${code}]` : ''}: ${cause.message}`;
    const path = (error as { path?: unknown }).path;
    const where = Array.isArray(path) ? ` (at ${path.join('.')})` : '';
    const count = (seen.get(head) ?? 0) + 1;
    if (seen.size >= MAX_REMEMBERED && count === 1) seen.clear();
    seen.set(head, count);
    if (count > 1) return `${oneLine(head)}${where} (seen ${count} times; its stack was logged the first time)`;
    const stack = cause.stack?.split('\n').slice(1).join('\n').trim();
    return `${oneLine(head)}${where}${stack ? ` | ${oneLine(stack)}` : ''}`;
  };

  const at = (name: LogLevel) => {
    if (SCORES[name] < SCORES[level]) return () => {};
    const label = name.toUpperCase().padEnd(5);
    const shown = color ? `${COLORS[name]}${label}\x1b[0m` : label;
    return (...args: unknown[]): void => {
      const text = args
        .map((a) => (isError(a) ? describe(a) : oneLine(typeof a === 'string' ? a : inspect(a, { breakLength: Infinity }))))
        .join(' ');
      write(`${now().toISOString()} ${shown} ${text}`);
    };
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
