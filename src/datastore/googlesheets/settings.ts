/**
 * The `persist.googlesheets` block of codegen.yml (SPEC §6), checked: the spreadsheet, the
 * credentials (a service-account key file, or an OAuth client with a refresh token), the API and
 * token endpoints (set both to reach an emulator) and the retry bounds for quota and server errors.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { PersistError } from '../../errors.js';

export const GOOGLE_SHEETS_ENDPOINT = 'https://sheets.googleapis.com';
export const GOOGLE_TOKEN_ENDPOINT = 'https://oauth2.googleapis.com/token';

/** How often and how long a call is retried on 429 / 5xx / a lost connection. */
export interface RetrySettings {
  /** Attempts in all, the first included. */
  attempts: number;
  /** The first wait; each next one doubles, up to maxDelayMs, with full jitter. */
  initialDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetrySettings = { attempts: 6, initialDelayMs: 500, maxDelayMs: 16_000 };

export type SheetsCredentials =
  | { kind: 'serviceAccount'; clientEmail: string; privateKey: string; tokenUri: string | undefined; file: string }
  | { kind: 'oauth'; clientId: string; clientSecret: string; refreshToken: string };

export interface SheetsSettings {
  spreadsheetId: string;
  credentials: SheetsCredentials;
  endpoint: string;
  tokenEndpoint: string;
  retry: RetrySettings;
}

const KEYS = ['spreadsheetId', 'credentials', 'endpoint', 'tokenEndpoint', 'retry'];

function invalid(message: string): PersistError {
  return new PersistError('CONFIG_INVALID', `persist.googlesheets: ${message}`);
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function text(doc: Record<string, unknown>, key: string, where: string): string {
  const v = doc[key];
  if (typeof v !== 'string' || v.trim() === '') throw invalid(`'${where}${key}' must be a non-empty string.`);
  return v;
}

function url(doc: Record<string, unknown>, key: string, fallback: string): string {
  if (doc[key] === undefined || doc[key] === null) return fallback;
  const v = text(doc, key, '');
  try {
    const u = new URL(v);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('not http');
  } catch {
    throw invalid(`'${key}' must be an http(s) URL, not '${v}'.`);
  }
  return v.replace(/\/+$/, '');
}

function readKeyFile(path: string, baseDir: string): SheetsCredentials {
  const file = isAbsolute(path) ? path : resolve(baseDir, path);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw invalid(`cannot read the service-account key file '${path}': ${e instanceof Error ? e.message.split('\n')[0] : String(e)}.`);
  }
  if (!isMapping(parsed) || typeof parsed['client_email'] !== 'string' || typeof parsed['private_key'] !== 'string')
    throw invalid(
      `the key file '${path}' is no service-account key (it needs 'client_email' and 'private_key'; download a JSON key of the service account).`,
    );
  const tokenUri = typeof parsed['token_uri'] === 'string' ? parsed['token_uri'] : undefined;
  return { kind: 'serviceAccount', clientEmail: parsed['client_email'], privateKey: parsed['private_key'], tokenUri, file };
}

function readCredentials(v: unknown, baseDir: string): SheetsCredentials {
  if (typeof v === 'string' && v.trim() !== '') return readKeyFile(v, baseDir);
  if (isMapping(v)) {
    const extra = Object.keys(v).filter((k) => !['clientId', 'clientSecret', 'refreshToken', 'keyFile'].includes(k));
    if (extra.length > 0) throw invalid(`unknown key 'credentials.${extra[0]!}' (known: keyFile, clientId, clientSecret, refreshToken).`);
    if (v['keyFile'] !== undefined) return readKeyFile(text(v, 'keyFile', 'credentials.'), baseDir);
    return {
      kind: 'oauth',
      clientId: text(v, 'clientId', 'credentials.'),
      clientSecret: text(v, 'clientSecret', 'credentials.'),
      refreshToken: text(v, 'refreshToken', 'credentials.'),
    };
  }
  throw invalid("'credentials' must be the path of a service-account key file, or a mapping with clientId, clientSecret and refreshToken.");
}

function readRetry(v: unknown): RetrySettings {
  if (v === undefined || v === null) return DEFAULT_RETRY;
  if (!isMapping(v)) throw invalid("'retry' must be a mapping (attempts, initialDelayMs, maxDelayMs).");
  const out = { ...DEFAULT_RETRY };
  for (const [k, value] of Object.entries(v)) {
    if (!(k in out)) throw invalid(`unknown key 'retry.${k}' (known: attempts, initialDelayMs, maxDelayMs).`);
    if (typeof value !== 'number' || !Number.isInteger(value) || value < (k === 'attempts' ? 1 : 0))
      throw invalid(`'retry.${k}' must be a whole number${k === 'attempts' ? ' of at least 1' : ' of milliseconds'}.`);
    out[k as keyof RetrySettings] = value;
  }
  return out;
}

/** Checks the block; `baseDir` resolves a relative key-file path (the project root). */
export function readSheetsSettings(raw: unknown, baseDir: string): SheetsSettings {
  if (!isMapping(raw))
    throw invalid(
      'the googlesheets datastore needs a `googlesheets:` block in the persist: block of codegen.yml (spreadsheetId, credentials).',
    );
  const unknown = Object.keys(raw).find((k) => !KEYS.includes(k));
  if (unknown !== undefined) throw invalid(`unknown key '${unknown}' (known: ${KEYS.join(', ')}).`);
  const credentials = readCredentials(raw['credentials'], baseDir);
  const keyFileTokenUri = credentials.kind === 'serviceAccount' ? credentials.tokenUri : undefined;
  return {
    spreadsheetId: text(raw, 'spreadsheetId', ''),
    credentials,
    endpoint: url(raw, 'endpoint', GOOGLE_SHEETS_ENDPOINT),
    tokenEndpoint: url(raw, 'tokenEndpoint', keyFileTokenUri ?? GOOGLE_TOKEN_ENDPOINT),
    retry: readRetry(raw['retry']),
  };
}
