/** The one reader of codegen.yml: defaults, every problem as a CONFIG_INVALID ConfigError naming the file. */
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_CONFIG, parseConfig, type ConfigProblem } from '../../src/config/persist-config.js';

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
    expect(parseConfig('# nothing\n', 'app.yml')).toEqual({ model: 'model/model.bal', datastore: 'inmemory', module: 'store' });
    expect(parseConfig('datastore: mysql\nmodel: ~\n', 'app.yml')).toEqual({
      model: 'model/model.bal',
      datastore: 'mysql',
      module: 'store',
    });
    expect(parseConfig('model: m.bal\ndatastore: inmemory\nmodule: shop-2\n', 'app.yml')).toEqual({
      model: 'm.bal',
      datastore: 'inmemory',
      module: 'shop-2',
    });
  });

  it('reports each problem as CONFIG_INVALID naming the file', () => {
    expect(problemOf('model: [unclosed\n')).toMatchObject({ code: 'CONFIG_INVALID', problem: { kind: 'yaml' } });
    expect(problemOf('model: [unclosed\n').message).toMatch(/^app\.yml is not valid YAML: [^\n]+$/);
    expect(problemOf('- a\n- b\n')).toEqual({
      code: 'CONFIG_INVALID',
      problem: { kind: 'notMapping' },
      message: 'app.yml: expected a mapping of model, datastore and module.',
    });
    expect(problemOf('modul: x\n')).toEqual({
      code: 'CONFIG_INVALID',
      problem: { kind: 'unknownKey', key: 'modul' },
      message: "app.yml: unknown key 'modul' (known: model, datastore, module).",
    });
    expect(problemOf('datastore: 3\n')).toEqual({
      code: 'CONFIG_INVALID',
      problem: { kind: 'notText', key: 'datastore' },
      message: "app.yml: 'datastore' must be a name like inmemory or mysql.",
    });
    expect(problemOf("model: ' '\n")).toEqual({
      code: 'CONFIG_INVALID',
      problem: { kind: 'notText', key: 'model' },
      message: "app.yml: 'model' must be a non-empty string.",
    });
    expect(problemOf('datastore: oracle\n')).toEqual({
      code: 'CONFIG_INVALID',
      problem: { kind: 'unknownDatastore', value: 'oracle' },
      message: "app.yml: Unknown datastore 'oracle' (known: inmemory, mysql).",
    });
    expect(problemOf('module: 9lives\n')).toEqual({
      code: 'CONFIG_INVALID',
      problem: { kind: 'badModuleName', value: '9lives' },
      message: "app.yml: module '9lives' must be a name of letters, digits, '_' and '-'.",
    });
  });

  it('checks the keys before the values, and the datastore before the module and the model', () => {
    expect(problemOf('datastore: oracle\nextra: 1\n').problem).toEqual({ kind: 'unknownKey', key: 'extra' });
    expect(problemOf('model: 1\nmodule: 9\ndatastore: oracle\n').problem).toEqual({ kind: 'unknownDatastore', value: 'oracle' });
    expect(problemOf('model: 1\nmodule: "9"\n').problem).toEqual({ kind: 'badModuleName', value: '9' });
  });
});
