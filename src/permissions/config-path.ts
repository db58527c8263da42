/**
 * Where in `codegen.yml` the permission reader is (`persist.permissions.Employee.manager.select`),
 * and the one error it throws: CONFIG_INVALID, naming the file, the YAML path and what is wrong.
 * Its own class, because permissions may not import the config layer (whose ConfigError words
 * the problems of the other keys); the CLI turns both into a one-line message and exit code 2.
 */
import { PersistError, shownValue as shown } from '../errors.js';
import { didYouMean, suggestionList } from '../model/did-you-mean.js';

/** A permission rule that cannot be used: `codegen.yml: persist.permissions.Employe: unknown entity …`. */
export class PermissionsConfigError extends PersistError {
  constructor(
    /** The file (`codegen.yml`). */
    readonly where: string,
    /** The YAML path of the wrong value. */
    readonly path: string,
    /** What is wrong with it, and how to fix it. */
    readonly problem: string,
  ) {
    super('CONFIG_INVALID', `${where}: ${path}: ${problem}`);
  }
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One position in the permission block: builds the paths below it and fails there. */
export class ConfigPath {
  constructor(
    readonly where: string,
    readonly path: string,
  ) {}

  key(name: string): ConfigPath {
    return new ConfigPath(this.where, `${this.path}.${name}`);
  }

  index(i: number): ConfigPath {
    return new ConfigPath(this.where, `${this.path}[${i}]`);
  }

  fail(problem: string): never {
    throw new PermissionsConfigError(this.where, this.path, problem);
  }

  /** Fails here: `unknown <kind> 'name'<where> (<knownLabel>: …); did you mean …?`. */
  unknown(name: string, kind: string, known: readonly string[], knownLabel: string, where = ''): never {
    const hint = didYouMean(suggestionList(name, known));
    const list = `(${knownLabel}: ${known.length === 0 ? 'none' : known.join(', ')})`;
    return this.fail(`unknown ${kind} '${name}'${where} ${list}${hint === '' ? '.' : hint}`);
  }

  /** The value as a mapping, or a failure saying what was expected. */
  mapping(value: unknown, expected: string): Record<string, unknown> {
    if (!isMapping(value)) this.fail(`expected ${expected}, got ${shown(value)}.`);
    return value;
  }

  /** Refuses keys outside `known`; `where` says whose keys they are (` of a select rule`). */
  keys(doc: Record<string, unknown>, known: readonly string[], where: string): void {
    for (const key of Object.keys(doc)) if (!known.includes(key)) this.key(key).unknown(key, 'key', known, 'keys', where);
  }
}
