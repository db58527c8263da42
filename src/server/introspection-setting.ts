/** Whether a server of a configuration answers introspection: shared by `persist serve` and embedding (embed.ts). */
import type { PersistConfig } from '../config/persist-config.js';

/**
 * Whether the server answers introspection (and so serves GraphiQL): as `introspection:` says;
 * unset, off in production when `auth` is configured (SPEC §4: a server exposed to frontends does
 * not describe itself), else the server's default (on).
 */
export function introspectionSetting(
  config: { readonly introspection?: boolean | undefined; readonly auth?: PersistConfig['auth'] | undefined },
  env: NodeJS.ProcessEnv = process.env,
): boolean | undefined {
  if (config.introspection !== undefined) return config.introspection;
  return config.auth !== undefined && env['NODE_ENV'] === 'production' ? false : undefined;
}
