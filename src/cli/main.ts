#!/usr/bin/env node
/**
 * The `persist` command line: a table of commands, each in `commands/<name>.ts`, loaded on demand.
 * Thin: file I/O and printing. A usage or I/O error prints one line on stderr and exits 2; a model
 * with errors exits 1; nothing prints a stack trace.
 */
import { pathToFileURL } from 'node:url';
import { readFileSync, realpathSync } from 'node:fs';
import { CliError } from './cli-error.js';
import { processIO, type CommandIO, type CommandModule } from './io.js';
import { takeConfigFlag } from './parse-flags.js';

/** Command name → its module. One line per command. */
export const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  init: () => import('./commands/init.js'),
  generate: () => import('./commands/generate.js'),
  serve: () => import('./commands/serve.js'),
  push: () => import('./commands/push.js'),
};

async function usage(): Promise<string> {
  const lines = ['Usage: persist <command> [flags]', '', 'Commands:'];
  const names = Object.keys(COMMANDS);
  const width = Math.max(...names.map((n) => n.length));
  for (const name of names) {
    // A command that cannot load (a missing optional driver) must not take --help down with it.
    const summary = await COMMANDS[name]!().then(
      (m) => m.summary,
      () => '(unavailable: its module failed to load)',
    );
    lines.push(`  ${name.padEnd(width)}  ${summary}`);
  }
  lines.push(
    '',
    "Configuration is read from codegen.yml's persist: block (another file: --config FILE or PERSIST_CONFIG). Run 'persist init' to start.",
  );
  return lines.join('\n');
}

/** The package's version (package.json, two levels above both src/cli and dist/cli). */
export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Runs the CLI on `argv` (without node and the script) and returns the exit code. */
export async function main(argv: string[], io: CommandIO = processIO()): Promise<number> {
  const [name, ...given] = argv;
  try {
    if (name === undefined) {
      io.stderr(await usage());
      return 2;
    }
    if (name === '--version' || name === '-v') {
      io.stdout(`persist ${version()}`);
      return 0;
    }
    if (name === '--help' || name === '-h' || name === 'help') {
      io.stdout(await usage());
      return 0;
    }
    const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!load) {
      throw new CliError(
        name.startsWith('-')
          ? `persist: unknown flag '${name}'. Run 'persist --help' for usage.`
          : `persist: unknown command '${name}'. Run 'persist --help' for the commands.`,
      );
    }
    const command = await load();
    const { args, configFile } = takeConfigFlag(name, given);
    if (configFile !== undefined) io = { ...io, configFile };
    if (args.includes('--help') || args.includes('-h')) {
      io.stdout(`Usage: persist ${name} [flags]\n\n${command.summary}`);
      return 0;
    }
    return await command.run(args, io);
  } catch (e) {
    if (e instanceof CliError) {
      io.stderr(e.message);
      return e.exitCode;
    }
    // Anything else is a bug or an environment failure: still one line, never a stack.
    io.stderr(`persist: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(entry)).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  process.exitCode = await main(process.argv.slice(2));
}
