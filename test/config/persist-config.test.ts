/** The one reader of codegen.yml: defaults, every problem as a CONFIG_INVALID ConfigError naming the file. */
import { describe, expect, it } from 'vitest';
import { DATASTORE_NAMES } from '../../src/datastore/create-datastore.js';
import { CONFIG_KEYS, ConfigError, DEFAULT_CONFIG, parseConfig, type ConfigProblem } from '../../src/config/persist-config.js';
import { DEFAULT_LIMITS } from '../../src/graphql/limits/limits.js';

function problemOf(text: string): { problem: ConfigProblem; message: string; code: string } {
  try {
    parseConfig(text, 'app.yml');
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    const error = e as ConfigError;
    return { problem: error.problem, message: error.message, code: error.code };
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

describe('parseConfig', () => {
  it('fills in the defaults for an empty file and for keys left out', () => {
    expect(parseConfig('', 'app.yml')).toEqual(DEFAULT_CONFIG);
    expect(parseConfig('# nothing\n', 'app.yml')).toEqual({
      model: 'model/model.bal',
      datastore: 'inmemory',
      module: 'store',
      limits: DEFAULT_LIMITS,
    });
    expect(parseConfig('datastore: mysql\nmodel: ~\n', 'app.yml')).toEqual({
      model: 'model/model.bal',
      datastore: 'mysql',
      module: 'store',
      limits: DEFAULT_LIMITS,
    });
    expect(parseConfig('model: m.bal\ndatastore: inmemory\nmodule: shop-2\n', 'app.yml')).toEqual({
      model: 'm.bal',
      datastore: 'inmemory',
      module: 'shop-2',
      limits: DEFAULT_LIMITS,
    });
  });

  it('reports each problem as CONFIG_INVALID naming the file', () => {
    expect(problemOf('model: [unclosed\n')).toMatchObject({ code: 'CONFIG_INVALID', problem: { kind: 'yaml' } });
    expect(problemOf('model: [unclosed\n').message).toMatch(/^app\.yml is not valid YAML: [^\n]+$/);
    expect(problemOf('- a\n- b\n')).toEqual({
      code: 'CONFIG_INVALID',
      problem: { kind: 'notMapping', path: '' },
      message: "app.yml: expected a mapping with a 'persist:' block (or model, datastore and module).",
    });
    expect(problemOf('modul: x\n')).toEqual({
      code: 'CONFIG_INVALID',
      problem: { kind: 'unknownKey', key: 'modul', path: '', known: ['model', 'datastore', 'module'] },
      message: "app.yml: unknown key 'modul' (known: model, datastore, module); did you mean 'model' or 'module'?",
    });
    expect(problemOf('datastore: 3\n')).toEqual({
      code: 'CONFIG_INVALID',
      problem: { kind: 'notText', key: 'datastore', path: 'datastore' },
      message: "app.yml: 'datastore' must be a name like inmemory, mysql or googlesheets.",
    });
    expect(problemOf("model: ' '\n")).toEqual({
      code: 'CONFIG_INVALID',
      problem: { kind: 'notText', key: 'model', path: 'model' },
      message: "app.yml: 'model' must be a non-empty string.",
    });
    expect(problemOf('datastore: oracle\n')).toEqual({
      code: 'CONFIG_INVALID',
      problem: { kind: 'unknownDatastore', value: 'oracle' },
      message: "app.yml: Unknown datastore 'oracle' (known: inmemory, mysql, googlesheets).",
    });
    expect(problemOf('module: 9lives\n')).toEqual({
      code: 'CONFIG_INVALID',
      problem: { kind: 'badModuleName', value: '9lives' },
      message: "app.yml: module '9lives' must be a name of letters, digits, '_' and '-'.",
    });
  });

  it('checks the keys before the values, and the datastore before the module and the model', () => {
    expect(problemOf('datastore: oracle\nextra: 1\n').problem).toMatchObject({ kind: 'unknownKey', key: 'extra' });
    expect(problemOf('model: 1\nmodule: 9\ndatastore: oracle\n').problem).toEqual({ kind: 'unknownDatastore', value: 'oracle' });
    expect(problemOf('model: 1\nmodule: "9"\n').problem).toEqual({ kind: 'badModuleName', value: '9' });
  });

  it('reads the persist: block and leaves GraphQL Code Generator its own keys', () => {
    const text = [
      'schema: http://localhost:4000/graphql',
      'documents: src/**/*.graphql',
      'generates:',
      '  src/gql/:',
      '    preset: client',
      'overwrite: true',
      'persist:',
      '  model: m.bal',
      '  datastore: mysql',
      '  module: shop',
      '  limits:',
      '    depth: 8',
      '    defaultLimit: 50',
      '  cors:',
      '    origins: [https://app.example.com, "http://localhost:5173"]',
      '  graphiql: false',
      '  introspection: true',
      '',
    ].join('\n');
    expect(parseConfig(text, 'codegen.yml')).toEqual({
      model: 'm.bal',
      datastore: 'mysql',
      module: 'shop',
      limits: { ...DEFAULT_LIMITS, depth: 8, defaultLimit: 50 },
      cors: { origins: ['https://app.example.com', 'http://localhost:5173'], credentials: false },
      graphiql: false,
      introspection: true,
    });
    expect(parseConfig('persist:\n', 'codegen.yml')).toEqual(DEFAULT_CONFIG);
    expect(parseConfig('persist:\n  limits: false\n', 'codegen.yml').limits).toBe(false);
    expect(parseConfig('persist:\n  cors: { origins: [], credentials: true }\n', 'codegen.yml').cors).toEqual({
      origins: [],
      credentials: true,
    });
  });

  it('fills in ${VAR} from the environment', () => {
    const env = { DB: 'mysql', DEPTH: '7' };
    const config = parseConfig('persist:\n  datastore: ${DB}\n  limits: { depth: "${DEPTH}" }\n', 'codegen.yml', env);
    expect(config.datastore).toBe('mysql');
    expect(config.limits).toMatchObject({ depth: 7 });
    expect(() => parseConfig('persist:\n  module: ${NOPE}\n', 'codegen.yml', env)).toThrow(
      "codegen.yml: persist.module: the environment variable 'NOPE' is not set.",
    );
  });

  it('names the YAML path of every problem in the persist: block', () => {
    const message = (text: string): string => problemOf(text).message;
    expect(message('persist:\n  limits:\n    depth: x\n')).toBe("app.yml: persist.limits.depth: expected a positive integer, got 'x'.");
    expect(message('persist:\n  limits:\n    cost: 0\n')).toBe('app.yml: persist.limits.cost: expected a positive integer, got 0.');
    expect(message('persist:\n  limits:\n    timeoutMs: 1.5\n')).toBe(
      'app.yml: persist.limits.timeoutMs: expected a positive integer, got 1.5.',
    );
    expect(message('persist:\n  limits: 3\n')).toBe('app.yml: persist.limits: expected a mapping of limits, or false, got 3.');
    expect(message('persist:\n  limits: { maxLimit: 10, defaultLimit: 20 }\n')).toBe(
      'app.yml: persist.limits.defaultLimit: expected at most maxLimit (10), got 20.',
    );
    expect(message('persist:\n  limits: { dept: 3 }\n')).toBe(
      "app.yml: unknown key 'dept' in persist.limits (known: depth, aliases, cost, assumedListSize, maxLimit, defaultLimit, maxAffectedRows, bodyBytes, documentBytes, timeoutMs); did you mean 'depth'?",
    );
    expect(message('persist:\n  limts: {}\n')).toContain(
      `unknown key 'limts' in persist (known: ${[...CONFIG_KEYS, ...DATASTORE_NAMES].join(', ')}); did you mean 'limits'?`,
    );
    expect(message('persist:\n  graphiql: yes please\n')).toBe("app.yml: persist.graphiql: expected true or false, got 'yes please'.");
    expect(message('persist:\n  cors: [a]\n')).toBe('app.yml: persist.cors: expected a mapping.');
    expect(message('persist:\n  cors: { origins: https://a.com }\n')).toBe(
      "app.yml: persist.cors.origins: expected a list of origins, got 'https://a.com'.",
    );
    expect(message('persist:\n  cors: { origins: ["https://a.com/app"] }\n')).toBe(
      "app.yml: persist.cors.origins[0]: expected an origin like 'https://app.example.com', got 'https://a.com/app'.",
    );
    expect(message('persist:\n  cors: { origins: [], credentials: 1 }\n')).toBe(
      'app.yml: persist.cors.credentials: expected true or false, got 1.',
    );
    expect(message('persist:\n  cors: { origin: [] }\n')).toContain("unknown key 'origin' in persist.cors");
    expect(message('persist: [1]\n')).toBe('app.yml: persist: expected a mapping.');
    expect(message('persist:\n  model: 3\n')).toBe("app.yml: 'persist.model' must be a non-empty string.");
    // Top-level keys beside the block are GraphQL Code Generator's; Persist's own belong inside it.
    expect(message('model: m.bal\npersist:\n  module: x\n')).toContain("unknown key 'model' (known: persist)");
    expect(message('persist:\n  datastore: oracle\n')).toBe("app.yml: Unknown datastore 'oracle' (known: inmemory, mysql, googlesheets).");
  });

  it('reads persistedOperations: the file, and only (default false)', () => {
    const read = (block: string) => parseConfig(`persist:\n  persistedOperations: ${block}\n`, 'app.yml').persistedOperations;
    expect(read('{ file: persisted.json }')).toEqual({ file: 'persisted.json', only: false });
    expect(read('{ file: ./pq/manifest.json, only: true }')).toEqual({ file: './pq/manifest.json', only: true });
    expect(read('~')).toBeUndefined();
    expect(parseConfig('persist:\n  module: x\n', 'app.yml').persistedOperations).toBeUndefined();
    const message = (block: string): string => problemOf(`persist:\n  persistedOperations: ${block}\n`).message;
    expect(message('{ only: true }')).toBe(
      "app.yml: persist.persistedOperations.file: expected the manifest's path, like 'persisted-documents.json', got nothing.",
    );
    expect(message("{ file: '' }")).toMatch(/^app\.yml: persist\.persistedOperations\.file: expected the manifest's path/);
    expect(message('{ file: p.json, only: "yes" }')).toBe("app.yml: persist.persistedOperations.only: expected true or false, got 'yes'.");
    expect(message('{ file: p.json, onyl: true }')).toBe(
      "app.yml: unknown key 'onyl' in persist.persistedOperations (known: file, only); did you mean 'only'?",
    );
    expect(message('p.json')).toBe('app.yml: persist.persistedOperations: expected a mapping.');
  });

  it('reads a models: list, one module each (bal persist multi-model projects); model and module are the first', () => {
    const config = parseConfig(
      'persist:\n  datastore: mysql\n  models:\n    - model: persist/users/model.bal\n    - { model: persist/shop/model.bal, module: shop-db }\n',
      'app.yml',
    );
    expect(config.models).toEqual([
      { model: 'persist/users/model.bal', module: 'users' },
      { model: 'persist/shop/model.bal', module: 'shop-db' },
    ]);
    expect([config.model, config.module, config.datastore]).toEqual(['persist/users/model.bal', 'users', 'mysql']);
    expect(parseConfig('persist:\n  model: m.bal\n', 'app.yml').models).toBeUndefined();
  });

  it('refuses a models: list that is empty, malformed, beside model:, or that gives two models one module', () => {
    const message = (text: string): string => problemOf(text).message;
    expect(message('persist:\n  models: []\n')).toBe('app.yml: persist.models: expected a list of {model, module}, got a list.');
    expect(message('persist:\n  model: m.bal\n  models: [{ model: a/m.bal }]\n')).toBe(
      "app.yml: persist.model: expected nothing beside 'models:' (give it in each entry), got 'm.bal'.",
    );
    expect(message('persist:\n  models: [{ modle: a/m.bal }]\n')).toContain("unknown key 'modle' in persist.models[0]");
    expect(message('persist:\n  models: [{ module: x }]\n')).toBe(
      'app.yml: persist.models[0].model: expected the model file, got nothing.',
    );
    expect(message('persist:\n  models: [{ model: a/m.bal, module: ../x }]\n')).toBe(
      "app.yml: module '../x' must be a name of letters, digits, '_' and '-'.",
    );
    expect(message('persist:\n  models: [{ model: a/m.bal }, { model: b/m.bal, module: a }]\n')).toBe(
      "app.yml: persist.models[1].module: expected a module no other model is generated as, got 'a'.",
    );
  });

  it('reads logging: (level, format) and metrics: (enabled, path), and refuses bad values', () => {
    const read = (text: string) => parseConfig(text, 'app.yml', {});
    const message = (text: string): string => problemOf(text).message;
    expect(read('persist:\n  logging: { level: warn, format: json }\n').logging).toEqual({ level: 'warn', format: 'json' });
    expect(read('persist:\n  logging: { format: pretty }\n').logging).toEqual({ format: 'pretty' });
    expect(read('persist:\n  metrics: { enabled: false }\n').metrics).toEqual({ enabled: false, path: '/metrics' });
    expect(read('persist:\n  metrics: { path: /internal/metrics }\n').metrics).toEqual({ enabled: true, path: '/internal/metrics' });
    expect(read('persist: {}\n').metrics).toBeUndefined();
    expect(message('persist:\n  logging: { level: loud }\n')).toBe(
      "app.yml: persist.logging.level: expected one of debug, info, warn, error, silent, got 'loud'.",
    );
    expect(message('persist:\n  logging: { format: xml }\n')).toBe(
      "app.yml: persist.logging.format: expected one of json, pretty, got 'xml'.",
    );
    expect(message('persist:\n  metrics: { path: /graphql }\n')).toBe(
      "app.yml: persist.metrics.path: expected a path of its own like '/metrics', got '/graphql'.",
    );
    expect(message('persist:\n  metrics: { path: metrics }\n')).toBe(
      "app.yml: persist.metrics.path: expected a path of its own like '/metrics', got 'metrics'.",
    );
    expect(message('persist:\n  metrics: { enable: true }\n')).toMatch(/unknown key 'enable' in persist\.metrics.*did you mean 'enabled'/);
  });
});
