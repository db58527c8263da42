import { access } from 'node:fs/promises';

/** Where a command reads and writes: the working directory and the two output streams (swappable in tests). */
export interface CommandIO {
  cwd: string;
  /**
   * The configuration file (`--config FILE`), relative to `cwd`; absent: `PERSIST_CONFIG`, else
   * `codegen.yml` (see `configFileOf` in config.ts).
   */
  configFile?: string;
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

/** The process's own working directory and streams. */
export function processIO(): CommandIO {
  return {
    cwd: process.cwd(),
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
  };
}

/** A command: its arguments (after the command name) → the exit code. Throws CliError for usage and I/O problems. */
export type Command = (args: string[], io: CommandIO) => Promise<number>;

/** A command module: `commands/<name>.ts` exports `run` and a one-line `summary` for `--help`. */
export interface CommandModule {
  run: Command;
  summary: string;
}

/** Whether a file or folder exists at `path`. */
export async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
