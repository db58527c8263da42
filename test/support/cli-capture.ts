/** Runs the CLI in-process in a directory, capturing what it prints. */
import { main } from '../../src/cli/main.js';

export interface Captured {
  code: number;
  out: string[];
  err: string[];
}

/** `persist <argv>` in `cwd`: the exit code and the lines printed on stdout and stderr. */
export async function runCli(cwd: string, argv: string[]): Promise<Captured> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { cwd, stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
  return { code, out, err };
}
