/**
 * A command-line failure the user can fix: printed as one line on stderr, exit code 2 (usage,
 * configuration, I/O). A model with errors is not a CliError: it prints diagnostics and exits 1.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
