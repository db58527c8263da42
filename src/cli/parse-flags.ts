/** `node:util` parseArgs with the CLI's error wording: a bad flag is a one-line CliError (exit 2). */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './cli-error.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses the flags of one command; no positional arguments are accepted. */
export function parseFlags<O extends Options>(command: string, args: string[], options: O) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    const message = e instanceof Error ? e.message.split('\n')[0]!.replace(/\.$/, '') : String(e);
    throw new CliError(`persist ${command}: ${message}. Run 'persist --help' for usage.`);
  }
}

/**
 * Takes the global `--config FILE` (or `--config=FILE`) out of a command's arguments: every
 * command reads its configuration from that file instead of codegen.yml.
 */
export function takeConfigFlag(command: string, args: string[]): { args: string[]; configFile?: string } {
  const rest: string[] = [];
  let configFile: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    let value: string | undefined;
    if (arg === '--config') {
      value = args[++i];
      if (value === undefined || value.startsWith('-'))
        throw new CliError(`persist ${command}: --config needs a file, like --config persist.yml.`);
    } else if (arg.startsWith('--config=')) value = arg.slice('--config='.length);
    else {
      rest.push(arg);
      continue;
    }
    if (value === '') throw new CliError(`persist ${command}: --config needs a file, like --config persist.yml.`);
    configFile = value;
  }
  return configFile === undefined ? { args: rest } : { args: rest, configFile };
}
