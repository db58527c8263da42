/**
 * `persist.persistedOperations` for `persist serve`: reads the manifest file (relative to the
 * project root) and hands its text to the pure parser (server/persisted/manifest.ts). A missing,
 * unreadable or invalid manifest stops the server at start: a CliError, exit 2.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { PersistedOperationsConfig } from '../config/persist-config.js';
import { parsePersistedManifest, PersistedManifestError } from '../server/persisted/manifest.js';
import type { PersistedOperationsOptions } from '../server/persisted/trusted-documents.js';
import { CliError } from './cli-error.js';

/** The server's trusted documents of `config`, read from `cwd`. */
export async function loadPersistedOperations(config: PersistedOperationsConfig, cwd: string): Promise<PersistedOperationsOptions> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, config.file), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(
      code === 'ENOENT'
        ? `persist serve: the trusted documents ${config.file} (persist.persistedOperations.file) were not found in ${cwd}.`
        : `persist serve: cannot read the trusted documents ${config.file} (persist.persistedOperations.file): ${(e as Error).message}`,
    );
  }
  try {
    return { manifest: parsePersistedManifest(text, config.file), only: config.only };
  } catch (e) {
    if (e instanceof PersistedManifestError) throw new CliError(`persist serve: ${e.message}`);
    throw e;
  }
}
