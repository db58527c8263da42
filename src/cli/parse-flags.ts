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
