/**
 * The one reader of `codegen.yml`: its text → a validated PersistConfig, with the defaults and a
 * ConfigError naming the file and the YAML path for anything wrong. No file I/O: the CLI
 * (`src/cli/config.ts`) and the client (`src/client/connect.ts`) read the file, each with its own
 * wording for a missing one.
 *
 * The file is shared with GraphQL Code Generator (SPEC §6): Persist reads its own `persist:`
 * block and leaves the other top-level keys (`schema`, `documents`, `generates`, …) to it. The
 * older flat form, `model`, `datastore` and `module` at the top level, is still read. `${VAR}` in
 * a value is the environment variable VAR.
 */
import { parse as parseYaml } from 'yaml';
import { PersistError, shownValue as shown } from '../errors.js';
import { DATASTORE_NAMES, isDatastoreName, type DatastoreName } from '../datastore/create-datastore.js';
import { DEFAULT_LIMITS, LIMIT_KEYS, type Limits } from '../graphql/limits/limits.js';
import { didYouMean, suggestionList } from '../model/did-you-mean.js';

/** The configuration file's name, looked up in the project root (the working directory). */
export const CONFIG_FILE = 'codegen.yml';

/** The datastores codegen.yml may name: every registered backend (src/datastore/create-datastore.ts). */
export const DATASTORES: readonly DatastoreName[] = DATASTORE_NAMES;
export type { DatastoreName };

/** The keys of the `persist:` block. */
export const CONFIG_KEYS = [
  'model',
  'datastore',
  'module',
  'models',
  'limits',
  'cors',
  'graphiql',
  'introspection',
  'persistedOperations',
  'auth',
  'permissions',
  'logging',
  'metrics',
] as const;
export type ConfigKey = (typeof CONFIG_KEYS)[number];

/** The keys of the older flat form, at the top level of the file. */
export const FLAT_KEYS = ['model', 'datastore', 'module'] as const;
type TextKey = (typeof FLAT_KEYS)[number];

/**
 * GraphQL Code Generator's top-level keys (its `Types.Config`): left to it in a file with a
 * `persist:` block or in the flat form.
 */
export const CODEGEN_KEYS = [
  'schema',
  'documents',
  'generates',
  'overwrite',
  'require',
  'config',
  'hooks',
  'watch',
  'watchConfig',
  'silent',
  'verbose',
  'debug',
  'errorsOnly',
  'noSilentErrors',
  'ignoreNoDocuments',
  'emitLegacyCommonJSImports',
  'importExtension',
  'pluginLoader',
  'allowPartialOutputs',
  'cwd',
] as const;

/** Cross-origin requests allowed (SPEC §4): off unless `origins` lists them. */
export interface CorsConfig {
  /** Exact origins (`https://app.example.com`) allowed to call the API from a browser. */
  origins: string[];
  /** Whether those origins may send credentials (cookies, Authorization). Default false. */
  credentials: boolean;
}

/** Trusted documents (SPEC §4): a manifest of documents served by id. */
export interface PersistedOperationsConfig {
  /** The manifest (Apollo's or GraphQL Code Generator's format), relative to the project root. */
  file: string;
  /** Refuse every document that is not in the manifest. Default false. */
  only: boolean;
}

/** How tokens are verified (SPEC §4): an HMAC secret or a set of public keys, and the claims checked. */
export interface JwtConfig {
  /** A shared secret for HS256/384/512 (at least 32 bytes). Exactly one of `secret` and `jwks`. */
  secret?: string;
  /** A JWKS of public keys (RS*, PS*, ES*, EdDSA): a file path (relative to the project root) or an http(s) URL. */
  jwks?: string;
  /** The `iss` a token must carry. */
  issuer?: string;
  /** The `aud` a token must carry (one of these, for a list). */
  audience?: string | string[];
  /** Seconds of clock difference allowed for `exp` and `nbf` (default 0). */
  clockToleranceSeconds?: number;
}

/** `persist.auth`: who a request acts as (SPEC §4). Absent: a development server, every request is admin. */
export interface AuthConfig {
  jwt?: JwtConfig;
  /** The role of a request without a token; without it such a request is refused (401). */
  anonymousRole?: string;
  /** The value of the `X-Persist-Admin-Secret` header that grants every operation. */
  adminSecret?: string;
}

/** The keys of `persist.auth` and of `persist.auth.jwt` (`clockTolerance` is read as `clockToleranceSeconds`). */
export const AUTH_KEYS = ['jwt', 'anonymousRole', 'adminSecret'] as const;
export const JWT_KEYS = ['secret', 'jwks', 'issuer', 'audience', 'clockToleranceSeconds', 'clockTolerance'] as const;

/** The shortest HMAC secret accepted: HS256's key must be at least its hash's 256 bits (RFC 7518 §3.2). */
export const MIN_SECRET_BYTES = 32;

/** `persist.logging`: the server log's level and format (server/server-logger.ts). */
export interface LoggingConfig {
  level?: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  format?: 'json' | 'pretty';
}

/** `persist.metrics`: the Prometheus endpoint (server/observe/server-metrics.ts). */
export interface MetricsConfig {
  enabled: boolean;
  path: string;
}

export interface PersistConfig {
  /** The model file, as written in codegen.yml (relative to the project root). */
  model: string;
  datastore: DatastoreName;
  /** The generated module's name: the directory under `src/generated/`. */
  module: string;
  /** The request limits (SPEC §4); false: none (for measuring what they cost). */
  limits: Readonly<Limits> | false;
  /** Set when `cors:` is given. */
  cors?: CorsConfig;
  /** Set when `graphiql:` is given. */
  graphiql?: boolean;
  /** Set when `introspection:` is given. */
  introspection?: boolean;
  /** Set when `persistedOperations:` is given. */
  persistedOperations?: PersistedOperationsConfig;
  /** Set when `logging:` is given (PERSIST_LOG_LEVEL / PERSIST_LOG_FORMAT win over it). */
  logging?: LoggingConfig;
  /** Set when `metrics:` is given; the server's default: on, at /metrics. */
  metrics?: MetricsConfig;
  /** Set when `auth:` is given; without it the server is for development (every request is admin). */
  auth?: AuthConfig;
  /**
   * Set when `models:` lists several models (bal persist's `persist/<name>/model.bal`), each
   * generated as its own module; `model` and `module` are then the first one's.
   */
  models?: ModelEntry[];
  /**
   * The block named after the configured datastore (`googlesheets:` for `datastore:
   * googlesheets`) as written (after `${VAR}` substitution), set when given: the backend checks it.
   */
  datastoreSettings?: unknown;
  /**
   * The `permissions:` block as written (after `${VAR}` substitution), set when given: its shape
   * is checked against the model by permissions/read-permissions.ts, since this reader has none.
   */
  permissions?: unknown;
}

/** One model of a `models:` list: its file and the module it is generated as. */
export interface ModelEntry {
  model: string;
  module: string;
}

/** What an absent key (or an empty file) means. */
export const DEFAULT_CONFIG: Readonly<PersistConfig> = {
  model: 'model/model.bal',
  datastore: 'inmemory',
  module: 'store',
  limits: DEFAULT_LIMITS,
};

/** A module name becomes a directory and a TypeScript import path: keep it to an identifier. */
export const MODULE_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** True when `value` names a datastore codegen.yml may select. */
export function isDatastore(value: string): value is DatastoreName {
  return isDatastoreName(value);
}

/** What is wrong with a configuration, as data, so that each front end can word it its own way. */
export type ConfigProblem =
  | { kind: 'yaml'; detail: string }
  | { kind: 'notMapping'; path: string }
  | { kind: 'unknownKey'; key: string; path: string; known: readonly string[] }
  | { kind: 'notText'; key: TextKey; path: string }
  | { kind: 'unknownDatastore'; value: string }
  | { kind: 'badModuleName'; value: string }
  | { kind: 'badValue'; path: string; expected: string; got: unknown }
  | { kind: 'missingVariable'; path: string; variable: string }
  /** A value that must not be shown (a secret), or a rule over several keys: `detail` says what is wrong. */
  | { kind: 'invalid'; path: string; detail: string };

function problemMessage(where: string, problem: ConfigProblem): string {
  switch (problem.kind) {
    case 'yaml':
      return `${where} is not valid YAML: ${problem.detail}`;
    case 'notMapping':
      return problem.path === ''
        ? `${where}: expected a mapping with a 'persist:' block (or model, datastore and module).`
        : `${where}: ${problem.path}: expected a mapping.`;
    case 'unknownKey': {
      const at = problem.path === '' ? '' : ` in ${problem.path}`;
      const hint = didYouMean(suggestionList(problem.key, problem.known));
      return `${where}: unknown key '${problem.key}'${at} (known: ${problem.known.join(', ')})${hint}`.replace(/\)$/, ').');
    }
    case 'notText':
      return problem.key === 'datastore'
        ? `${where}: '${problem.path}' must be a name like ${DATASTORES.slice(0, -1).join(', ')} or ${DATASTORES[DATASTORES.length - 1]!}.`
        : `${where}: '${problem.path}' must be a non-empty string.`;
    case 'unknownDatastore':
      return `${where}: Unknown datastore '${problem.value}' (known: ${DATASTORES.join(', ')}).`;
    case 'badModuleName':
      return `${where}: module '${problem.value}' must be a name of letters, digits, '_' and '-'.`;
    case 'badValue':
      return `${where}: ${problem.path}: expected ${problem.expected}, got ${shown(problem.got)}.`;
    case 'missingVariable':
      return `${where}: ${problem.path}: the environment variable '${problem.variable}' is not set.`;
    case 'invalid':
      return `${where}: ${problem.path}: ${problem.detail}`;
  }
}

/** A configuration that cannot be used: CONFIG_INVALID, naming the file (`where`) and the problem. */
export class ConfigError extends PersistError {
  constructor(
    readonly where: string,
    readonly problem: ConfigProblem,
  ) {
    super('CONFIG_INVALID', problemMessage(where, problem));
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** `raw` with `${VAR}` in every string replaced by the environment's VAR (an unset one is an error). */
function substitute(raw: unknown, path: string, env: Env, where: string): unknown {
  if (typeof raw === 'string') {
    return raw.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_match, name: string) => {
      const value = env[name];
      if (value === undefined) throw new ConfigError(where, { kind: 'missingVariable', path: path || '(top level)', variable: name });
      return value;
    });
  }
  if (Array.isArray(raw)) return raw.map((v, i) => substitute(v, `${path}[${i}]`, env, where));
  if (typeof raw === 'object' && raw !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(raw)) out[k] = substitute(v, path === '' ? k : `${path}.${k}`, env, where);
    return out;
  }
  return raw;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads the values of one configuration mapping, naming `path` in every problem. */
class Reader {
  constructor(
    private readonly where: string,
    private readonly prefix: string,
  ) {}

  path(key: string): string {
    return this.prefix === '' ? key : `${this.prefix}.${key}`;
  }

  fail(problem: ConfigProblem): never {
    throw new ConfigError(this.where, problem);
  }

  /** Refuses keys outside `known` (those in `ignored` pass silently). */
  keys(doc: Record<string, unknown>, known: readonly string[], ignored: readonly string[] = []): void {
    for (const key of Object.keys(doc)) {
      if (!known.includes(key) && !ignored.includes(key)) this.fail({ kind: 'unknownKey', key, path: this.prefix, known });
    }
  }

  mapping(value: unknown, key: string): Record<string, unknown> {
    if (!isMapping(value)) this.fail({ kind: 'notMapping', path: this.path(key) });
    return value;
  }

  boolean(value: unknown, key: string): boolean {
    if (typeof value !== 'boolean') this.fail({ kind: 'badValue', path: this.path(key), expected: 'true or false', got: value });
    return value;
  }

  /** A non-empty string. */
  text(value: unknown, key: string): string {
    if (typeof value !== 'string' || value.trim() === '')
      this.fail({ kind: 'badValue', path: this.path(key), expected: 'a non-empty string', got: value });
    return value;
  }

  /** A positive integer (a string of digits too: what a `${VAR}` gives). */
  positiveInteger(value: unknown, key: string): number {
    const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1)
      this.fail({ kind: 'badValue', path: this.path(key), expected: 'a positive integer', got: value });
    return n;
  }
}

function readLimits(value: unknown, where: string): Readonly<Limits> | false {
  if (value === false) return false;
  const r: Reader = new Reader(where, 'persist.limits');
  if (value === null || value === undefined) return DEFAULT_LIMITS;
  if (!isMapping(value)) r.fail({ kind: 'badValue', path: 'persist.limits', expected: 'a mapping of limits, or false', got: value });
  r.keys(value, LIMIT_KEYS);
  const limits: Limits = { ...DEFAULT_LIMITS };
  for (const key of LIMIT_KEYS) {
    const v = value[key];
    if (v !== undefined && v !== null) limits[key] = r.positiveInteger(v, key);
  }
  if (limits.defaultLimit !== undefined && limits.defaultLimit > limits.maxLimit)
    r.fail({
      kind: 'badValue',
      path: 'persist.limits.defaultLimit',
      expected: `at most maxLimit (${limits.maxLimit})`,
      got: limits.defaultLimit,
    });
  return limits;
}

function readCors(value: unknown, where: string): CorsConfig {
  const r: Reader = new Reader(where, 'persist.cors');
  const doc = new Reader(where, 'persist').mapping(value, 'cors');
  r.keys(doc, ['origins', 'credentials']);
  const origins = doc['origins'];
  if (!Array.isArray(origins)) r.fail({ kind: 'badValue', path: 'persist.cors.origins', expected: 'a list of origins', got: origins });
  const list = origins.map((o: unknown, i) => {
    let origin: string | undefined;
    try {
      origin = typeof o === 'string' ? new URL(o).origin : undefined;
    } catch {
      origin = undefined;
    }
    // Exact origins only: scheme, host and port, as a browser sends them in `Origin`.
    if (origin === undefined || origin !== o)
      r.fail({ kind: 'badValue', path: `persist.cors.origins[${i}]`, expected: "an origin like 'https://app.example.com'", got: o });
    return origin;
  });
  const credentials = doc['credentials'];
  return { origins: list, credentials: credentials === undefined || credentials === null ? false : r.boolean(credentials, 'credentials') };
}

/** One of `choices`, at `persist.<block>.<key>`. */
function choice<T extends string>(r: Reader, value: unknown, key: string, choices: readonly T[]): T {
  const found = choices.find((c) => c === value);
  if (found === undefined) r.fail({ kind: 'badValue', path: r.path(key), expected: `one of ${choices.join(', ')}`, got: value });
  return found;
}

function readLogging(value: unknown, where: string): LoggingConfig {
  const r: Reader = new Reader(where, 'persist.logging');
  const doc = new Reader(where, 'persist').mapping(value, 'logging');
  r.keys(doc, ['level', 'format']);
  const out: LoggingConfig = {};
  if (doc['level'] !== undefined && doc['level'] !== null)
    out.level = choice(r, doc['level'], 'level', ['debug', 'info', 'warn', 'error', 'silent'] as const);
  if (doc['format'] !== undefined && doc['format'] !== null) out.format = choice(r, doc['format'], 'format', ['json', 'pretty'] as const);
  return out;
}

function readMetrics(value: unknown, where: string): MetricsConfig {
  const r: Reader = new Reader(where, 'persist.metrics');
  const doc = new Reader(where, 'persist').mapping(value, 'metrics');
  r.keys(doc, ['enabled', 'path']);
  const enabled = doc['enabled'] === undefined || doc['enabled'] === null ? true : r.boolean(doc['enabled'], 'enabled');
  const path = doc['path'] === undefined || doc['path'] === null ? '/metrics' : r.text(doc['path'], 'path');
  if (!/^\/[A-Za-z0-9._~\-/]*$/.test(path) || path === '/graphql' || path === '/health' || path === '/live')
    r.fail({ kind: 'badValue', path: 'persist.metrics.path', expected: "a path of its own like '/metrics'", got: path });
  return { enabled, path };
}

function readPersistedOperations(value: unknown, where: string): PersistedOperationsConfig {
  const r: Reader = new Reader(where, 'persist.persistedOperations');
  const doc = new Reader(where, 'persist').mapping(value, 'persistedOperations');
  r.keys(doc, ['file', 'only']);
  const file = doc['file'];
  if (typeof file !== 'string' || file.trim() === '')
    r.fail({
      kind: 'badValue',
      path: 'persist.persistedOperations.file',
      expected: "the manifest's path, like 'persisted-documents.json'",
      got: file,
    });
  const only = doc['only'];
  return { file, only: only === undefined || only === null ? false : r.boolean(only, 'only') };
}

function readJwt(value: unknown, where: string): JwtConfig {
  const r: Reader = new Reader(where, 'persist.auth.jwt');
  const doc = new Reader(where, 'persist.auth').mapping(value, 'jwt');
  r.keys(doc, JWT_KEYS);
  const given = (key: string): boolean => doc[key] !== undefined && doc[key] !== null;
  const jwt: JwtConfig = {};
  if (given('secret') && given('jwks'))
    r.fail({
      kind: 'invalid',
      path: 'persist.auth.jwt',
      detail: "give either 'secret' (HS256/384/512) or 'jwks' (public keys), not both.",
    });
  if (given('secret')) {
    const secret = doc['secret'];
    // Never shown: the message says what is wrong with the secret, not what it is.
    if (typeof secret !== 'string')
      r.fail({ kind: 'invalid', path: r.path('secret'), detail: 'expected a string (for example ${JWT_SECRET}).' });
    const bytes = Buffer.byteLength(secret, 'utf8');
    if (bytes < MIN_SECRET_BYTES)
      r.fail({
        kind: 'invalid',
        path: r.path('secret'),
        detail: `an HS256 secret must be at least ${MIN_SECRET_BYTES} bytes (256 bits), this one has ${bytes}; use a long random value (openssl rand -base64 48).`,
      });
    jwt.secret = secret;
  } else if (given('jwks')) {
    const jwks = r.text(doc['jwks'], 'jwks');
    if (/^https?:/i.test(jwks) && !URL.canParse(jwks))
      r.fail({ kind: 'badValue', path: r.path('jwks'), expected: 'a file path or an http(s) URL', got: jwks });
    jwt.jwks = jwks;
  } else {
    r.fail({
      kind: 'invalid',
      path: 'persist.auth.jwt',
      detail: "expected 'secret' (HS256/384/512) or 'jwks' (a file or URL of public keys) to verify tokens with.",
    });
  }
  if (given('issuer')) jwt.issuer = r.text(doc['issuer'], 'issuer');
  if (given('audience')) {
    const audience = doc['audience'];
    if (Array.isArray(audience)) {
      if (audience.length === 0)
        r.fail({ kind: 'badValue', path: r.path('audience'), expected: 'an audience or a list of them', got: audience });
      jwt.audience = audience.map((a: unknown, i) => r.text(a, `audience[${i}]`));
    } else jwt.audience = r.text(audience, 'audience');
  }
  if (given('clockToleranceSeconds') && given('clockTolerance'))
    r.fail({ kind: 'invalid', path: 'persist.auth.jwt', detail: "give 'clockToleranceSeconds' or 'clockTolerance', not both." });
  for (const key of ['clockToleranceSeconds', 'clockTolerance'] as const) {
    if (!given(key)) continue;
    const raw = doc[key];
    const n = typeof raw === 'string' && /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0)
      r.fail({ kind: 'badValue', path: r.path(key), expected: 'a number of seconds (0 or more)', got: raw });
    jwt.clockToleranceSeconds = n;
  }
  return jwt;
}

function readAuth(value: unknown, where: string): AuthConfig {
  const r: Reader = new Reader(where, 'persist.auth');
  // `auth:` with every line below it commented out is null: refused rather than read as "no auth",
  // which would serve every request with full rights.
  const doc = new Reader(where, 'persist').mapping(value, 'auth');
  r.keys(doc, AUTH_KEYS);
  const auth: AuthConfig = {};
  if (doc['jwt'] !== undefined) auth.jwt = readJwt(doc['jwt'], where);
  if (doc['anonymousRole'] !== undefined && doc['anonymousRole'] !== null)
    auth.anonymousRole = r.text(doc['anonymousRole'], 'anonymousRole');
  if (doc['adminSecret'] !== undefined && doc['adminSecret'] !== null) {
    const secret = doc['adminSecret'];
    if (typeof secret !== 'string' || secret === '')
      r.fail({
        kind: 'invalid',
        path: r.path('adminSecret'),
        detail: 'expected a non-empty string (for example ${PERSIST_ADMIN_SECRET}).',
      });
    auth.adminSecret = secret;
  }
  return auth;
}

/**
 * `models:`, a list of `{model, module}` (`module` defaults to the model file's directory name,
 * `persist/users/model.bal` → `users`); no two entries share a module. Not beside `model:`/`module:`.
 */
function readModels(value: unknown, doc: Record<string, unknown>, where: string): ModelEntry[] {
  const r: Reader = new Reader(where, 'persist');
  if (!Array.isArray(value) || value.length === 0)
    r.fail({ kind: 'badValue', path: 'persist.models', expected: 'a list of {model, module}', got: value });
  for (const key of ['model', 'module'])
    if (doc[key] !== undefined)
      r.fail({ kind: 'badValue', path: `persist.${key}`, expected: "nothing beside 'models:' (give it in each entry)", got: doc[key] });
  const entries = value.map((item: unknown, i): ModelEntry => {
    const at = `persist.models[${i}]`;
    const e: Reader = new Reader(where, at);
    const entry = r.mapping(item, `models[${i}]`);
    e.keys(entry, ['model', 'module']);
    const model = entry['model'];
    if (typeof model !== 'string' || model.trim() === '')
      e.fail({ kind: 'badValue', path: `${at}.model`, expected: 'the model file', got: model });
    const module = entry['module'] ?? model.split('/').at(-2) ?? 'store';
    if (typeof module !== 'string') e.fail({ kind: 'badValue', path: `${at}.module`, expected: 'a module name', got: module });
    if (!MODULE_NAME.test(module)) e.fail({ kind: 'badModuleName', value: module });
    return { model, module };
  });
  entries.forEach((entry, i) => {
    if (entries.findIndex((other) => other.module === entry.module) !== i)
      r.fail({
        kind: 'badValue',
        path: `persist.models[${i}].module`,
        expected: 'a module no other model is generated as',
        got: entry.module,
      });
  });
  return entries;
}

/** Checks a parsed codegen.yml document and fills in the defaults; `where` names the file in errors. */
export function validateConfig(raw: unknown, where: string, env: Env = process.env): PersistConfig {
  // An empty file parses to null: every key takes its default.
  if (raw === null || raw === undefined) return { ...DEFAULT_CONFIG };
  if (!isMapping(raw)) throw new ConfigError(where, { kind: 'notMapping', path: '' });
  const top = new Reader(where, '');
  let doc: Record<string, unknown>;
  let prefix: string;
  if ('persist' in raw) {
    top.keys(raw, ['persist'], CODEGEN_KEYS);
    doc = raw['persist'] === null ? {} : top.mapping(raw['persist'], 'persist');
    prefix = 'persist';
    new Reader(where, prefix).keys(doc, [...CONFIG_KEYS, ...DATASTORE_NAMES]);
  } else {
    top.keys(raw, FLAT_KEYS, CODEGEN_KEYS);
    doc = raw;
    prefix = '';
  }
  doc = substitute(doc, prefix, env, where) as Record<string, unknown>;
  const r = new Reader(where, prefix);
  const text = (key: TextKey): string => {
    const value = doc[key];
    if (value === undefined || value === null) return DEFAULT_CONFIG[key];
    if (typeof value !== 'string' || value.trim() === '') throw new ConfigError(where, { kind: 'notText', key, path: r.path(key) });
    return value;
  };
  const datastore = text('datastore');
  if (!isDatastore(datastore)) throw new ConfigError(where, { kind: 'unknownDatastore', value: datastore });
  const module = text('module');
  if (!MODULE_NAME.test(module)) throw new ConfigError(where, { kind: 'badModuleName', value: module });
  const config: PersistConfig = { model: text('model'), datastore, module, limits: readLimits(doc['limits'], where) };
  if (doc['models'] !== undefined && doc['models'] !== null) {
    config.models = readModels(doc['models'], doc, where);
    config.model = config.models[0]!.model;
    config.module = config.models[0]!.module;
  }
  if (doc['cors'] !== undefined && doc['cors'] !== null) config.cors = readCors(doc['cors'], where);
  if (doc['graphiql'] !== undefined && doc['graphiql'] !== null) config.graphiql = r.boolean(doc['graphiql'], 'graphiql');
  if (doc['introspection'] !== undefined && doc['introspection'] !== null)
    config.introspection = r.boolean(doc['introspection'], 'introspection');
  if (doc['persistedOperations'] !== undefined && doc['persistedOperations'] !== null)
    config.persistedOperations = readPersistedOperations(doc['persistedOperations'], where);
  if ('auth' in doc) config.auth = readAuth(doc['auth'], where);
  if (doc['logging'] !== undefined && doc['logging'] !== null) config.logging = readLogging(doc['logging'], where);
  if (doc['metrics'] !== undefined && doc['metrics'] !== null) config.metrics = readMetrics(doc['metrics'], where);
  if (doc['permissions'] !== undefined && doc['permissions'] !== null) config.permissions = doc['permissions'];
  if (doc[datastore] !== undefined && doc[datastore] !== null) config.datastoreSettings = doc[datastore];
  return config;
}

/** Parses and validates the text of a codegen.yml; `where` names the file in errors, `env` fills in `${VAR}`. */
export function parseConfig(text: string, where: string, env: Env = process.env): PersistConfig {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    // The first line says what and where; the rest is an excerpt of the file.
    throw new ConfigError(where, { kind: 'yaml', detail: (e instanceof Error ? e.message : String(e)).split('\n')[0]! });
  }
  return validateConfig(raw, where, env);
}
