/**
 * The server's log, written by pino: one line per event on stderr, with its time and level.
 * - `json` (the default when stderr is not a terminal, or with PERSIST_LOG_FORMAT=json): pino's
 *   JSON lines, `{"level":"info","time":"2026-…Z","msg":…, …fields}`, for log collectors;
 * - `pretty` (the default on a terminal): `<time> <LEVEL> <message> key=value…`, the level
 *   coloured (unless NO_COLOR is set).
 * An error's stack is written once per distinct error (name, code and message), in its `err`
 * field; the same error again (every request during a database outage) carries how often it was
 * seen instead. Yoga, the lean path and the request log (observe/observe-requests.ts) write
 * through it. An application's own pino logger can stand in for it (`serverLoggerOver`).
 */
import { inspect } from 'node:util';
import { pino, stdTimeFunctions, type Logger } from 'pino';
import type { LogLevel, YogaLogger } from 'graphql-yoga';
import { PersistError } from '../errors.js';

export type LogFormat = 'json' | 'pretty';
export const LOG_FORMATS: readonly LogFormat[] = ['json', 'pretty'];
export const LOG_LEVELS: readonly (LogLevel | 'silent')[] = ['debug', 'info', 'warn', 'error', 'silent'];

export interface ServerLoggerOptions {
  /** The lowest level written (default: PERSIST_LOG_LEVEL, else `debug` with DEBUG=1, else `info`). */
  level?: LogLevel | 'silent';
  /** `json` or `pretty` (default: PERSIST_LOG_FORMAT, else pretty on a terminal, json otherwise). */
  format?: LogFormat;
  /** Where each line goes, without its newline (default: process.stderr). */
  write?: (line: string) => void;
  /** ANSI colours for the level of pretty lines (default: when stderr is a terminal and NO_COLOR is unset). */
  color?: boolean;
  /** The clock of each line's time (tests). */
  now?: () => Date;
}

/** The fields of one answered request (the request log line). */
export interface RequestLine {
  reqId: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  /** Which path answered: the lean one, Yoga, or the server itself (/metrics). */
  transport: string;
  operation?: string;
  errorCodes?: string[];
}

/** Yoga's logger interface, the request log line, and events with fields (start, shutdown). */
export interface ServerLogger extends YogaLogger {
  request(line: RequestLine): void;
  event(message: string, fields: Record<string, unknown>): void;
}

const COLORS: Record<string, string> = { debug: '\x1b[35m', info: '\x1b[36m', warn: '\x1b[33m', error: '\x1b[31m', fatal: '\x1b[31m' };
// Distinct errors remembered for "stack already written"; past this many the memory starts anew.
const MAX_REMEMBERED = 1000;

function isError(value: unknown): value is Error {
  return value instanceof Error;
}

/** One line for `text`, never spanning lines. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' | ');
}

/** True for a pino logger (given to `logging` by an application), as against any other Yoga logger. */
export function isPinoLogger(value: unknown): value is Logger {
  const v = value as Partial<Logger> | null;
  return (
    typeof v === 'object' && v !== null && typeof v.child === 'function' && typeof v.levels === 'object' && typeof v.level === 'string'
  );
}

/** The `err` field of a logged error: what it is, where, and its stack the first time it is seen. */
type ErrField = { type: string; message: string; code?: string; path?: string; stack?: string; seen?: number };

/** Yoga's logger and the request log over a pino logger (the server's own or an application's). */
export function serverLoggerOver(logger: Logger): ServerLogger {
  const seen = new Map<string, number>();
  const errField = (error: Error): ErrField => {
    const original = (error as { originalError?: unknown }).originalError;
    // A GraphQLError wrapping the thrown error: the thrown one says what happened.
    const cause = isError(original) ? original : error;
    const code = (cause as { code?: unknown }).code;
    const path = (error as { path?: unknown }).path;
    const field: ErrField = { type: cause.name, message: cause.message };
    if (typeof code === 'string') field.code = code;
    if (Array.isArray(path)) field.path = path.join('.');
    const key = `${field.type}|${field.code ?? ''}|${field.message}`;
    const count = (seen.get(key) ?? 0) + 1;
    if (seen.size >= MAX_REMEMBERED && count === 1) seen.clear();
    seen.set(key, count);
    if (count > 1) field.seen = count;
    else if (cause.stack !== undefined) field.stack = cause.stack;
    return field;
  };
  const at =
    (level: LogLevel) =>
    (...args: unknown[]): void => {
      if (!logger.isLevelEnabled(level)) return;
      const error = args.find(isError);
      const msg = args
        .filter((a) => !isError(a))
        .map((a) => (typeof a === 'string' ? a : inspect(a, { breakLength: Infinity })))
        .join(' ');
      if (error === undefined) logger[level](msg);
      else logger[level]({ err: errField(error) }, msg);
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    request: (line) => logger.info(line, 'request'),
    event: (message, fields) => logger.info(fields, message),
  };
}

/** The text of an `err` field on a pretty line: `Type [CODE]: message (at a.b) | frames`. */
function prettyError(err: ErrField): string {
  const head = oneLine(`${err.type}${err.code === undefined ? '' : ` [${err.code}]`}: ${err.message}`);
  const where = err.path === undefined ? '' : ` (at ${err.path})`;
  if (err.seen !== undefined) return `${head}${where} (seen ${err.seen} times; its stack was logged the first time)`;
  const frames = err.stack?.split('\n').slice(1).join('\n').trim();
  return `${head}${where}${frames ? ` | ${oneLine(frames)}` : ''}`;
}

/** A pino JSON line as a pretty one. */
function prettyLine(json: string, color: boolean): string {
  const { level, time, msg, err, ...fields } = JSON.parse(json) as Record<string, unknown>;
  const name = String(level);
  const label = name.toUpperCase().padEnd(5);
  const parts = [String(time), color ? `${COLORS[name] ?? ''}${label}\x1b[0m` : label];
  if (typeof msg === 'string' && msg !== '') parts.push(oneLine(msg));
  if (typeof err === 'object' && err !== null) parts.push(prettyError(err as ErrField));
  for (const [key, value] of Object.entries(fields)) parts.push(`${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return parts.join(' ');
}

/** The value of environment variable `name` among `choices` (any case); unset or blank: undefined; another: CONFIG_INVALID. */
function fromEnv<T extends string>(name: string, choices: readonly T[]): T | undefined {
  const given = process.env[name]?.trim().toLowerCase();
  if (given === undefined || given === '') return undefined;
  const found = choices.find((c) => c === given);
  if (found === undefined)
    throw new PersistError('CONFIG_INVALID', `${name} must be one of ${choices.join(', ')}; it is '${process.env[name]}'.`);
  return found;
}

const envLevel = (): LogLevel | 'silent' | undefined => fromEnv('PERSIST_LOG_LEVEL', LOG_LEVELS);
const envFormat = (): LogFormat | undefined => fromEnv('PERSIST_LOG_FORMAT', LOG_FORMATS);

/**
 * The level and format to log with: PERSIST_LOG_LEVEL and PERSIST_LOG_FORMAT win over the
 * `persist.logging` settings; the format unset by both is pretty on a terminal, json otherwise.
 */
export function logSettings(configured: { level?: LogLevel | 'silent'; format?: LogFormat } = {}): {
  level?: LogLevel | 'silent';
  format: LogFormat;
} {
  const level = envLevel() ?? configured.level;
  const format = envFormat() ?? configured.format ?? (process.stderr.isTTY === true ? 'pretty' : 'json');
  return level === undefined ? { format } : { level, format };
}

/** The server's own logger (see the file comment). */
export function createServerLogger(options: ServerLoggerOptions = {}): ServerLogger {
  const level = options.level ?? envLevel() ?? (process.env['DEBUG'] === '1' ? 'debug' : 'info');
  const format = options.format ?? envFormat() ?? (process.stderr.isTTY === true ? 'pretty' : 'json');
  const write = options.write ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const color = options.color ?? (process.stderr.isTTY === true && process.env['NO_COLOR'] === undefined);
  const now = options.now;
  const logger = pino(
    {
      level,
      base: null,
      // The `err` field is built by serverLoggerOver already (stack once per distinct error).
      serializers: { err: (err: unknown) => err },
      timestamp: now === undefined ? stdTimeFunctions.isoTime : () => `,"time":"${now().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
    },
    {
      write: (line: string) => {
        const text = line.endsWith('\n') ? line.slice(0, -1) : line;
        write(format === 'json' ? text : prettyLine(text, color));
      },
    },
  );
  return serverLoggerOver(logger);
}

function isServerLogger(value: LoggingOption): value is ServerLogger {
  const v = value as Partial<ServerLogger>;
  return typeof v === 'object' && typeof v.request === 'function' && typeof v.event === 'function';
}

/** What `logging` may be: on (info), off, a level, a Yoga logger, or an application's pino logger. */
export type LoggingOption = boolean | LogLevel | YogaLogger | ServerLogger | Logger;

/** The server logger `logging` asks for; a plain Yoga logger gets each request line as `info('request', line)`. */
export function serverLoggerFor(logging: LoggingOption, defaults: ServerLoggerOptions = {}): ServerLogger {
  if (isPinoLogger(logging)) return serverLoggerOver(logging);
  if (isServerLogger(logging)) return logging;
  if (typeof logging === 'object')
    return {
      debug: (...args: unknown[]) => logging.debug(...args),
      info: (...args: unknown[]) => logging.info(...args),
      warn: (...args: unknown[]) => logging.warn(...args),
      error: (...args: unknown[]) => logging.error(...args),
      request: (line) => logging.info('request', line),
      event: (message, fields) => logging.info(message, fields),
    };
  if (logging === true) return createServerLogger(defaults);
  return createServerLogger({ ...defaults, level: logging === false ? 'silent' : logging });
}
