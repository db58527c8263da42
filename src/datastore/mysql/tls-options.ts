/**
 * TLS to MySQL from the parameters of DATABASE_URL, named as the `mysql` client names its options:
 * `?ssl-mode=REQUIRED`, `&ssl-ca=/path/ca.pem`, `&ssl-cert=…&ssl-key=…` (a client certificate).
 * The modes, as MySQL defines them:
 * - `DISABLED`: no TLS (the default when no `ssl-*` parameter is given);
 * - `REQUIRED`: TLS, the server's certificate not checked (checked against `ssl-ca` when one is
 *   given, as the mysql client does: then as VERIFY_CA);
 * - `VERIFY_CA`: TLS, the certificate signed by `ssl-ca` (default when `ssl-ca` is given without a
 *   mode) or a CA Node trusts;
 * - `VERIFY_IDENTITY`: as VERIFY_CA, and the certificate names the URL's host.
 * `PREFERRED` (TLS if the server offers it, else plain text) is refused: a connection that falls
 * back to plain text without saying so is what TLS is there to prevent; say REQUIRED or DISABLED.
 * Any other parameter is an error naming the known ones, never silently ignored.
 */
import { readFileSync } from 'node:fs';
import type { SslOptions } from 'mysql2';
import { PersistError } from '../../errors.js';

export const SSL_MODES = ['DISABLED', 'REQUIRED', 'VERIFY_CA', 'VERIFY_IDENTITY'] as const;
const PARAMETERS = ['ssl-mode', 'ssl-ca', 'ssl-cert', 'ssl-key'] as const;

function invalid(message: string): PersistError {
  return new PersistError('CONFIG_INVALID', `The database URL: ${message}`);
}

function readPem(parameter: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw invalid(
      `${parameter}=${path} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): give the path of a PEM file.`,
    );
  }
}

/** The driver's TLS options for the URL's parameters, or undefined for none; CONFIG_INVALID for a bad or unknown parameter. */
export function tlsOptionsOf(params: URLSearchParams): SslOptions | undefined {
  const values = new Map<string, string>();
  for (const [name, value] of params) {
    if (!(PARAMETERS as readonly string[]).includes(name))
      throw invalid(
        `unknown parameter '${name}' (known: ${PARAMETERS.join(', ')}; e.g. mysql://user:pass@host/db?ssl-mode=VERIFY_IDENTITY&ssl-ca=/etc/ssl/ca.pem).`,
      );
    if (values.has(name)) throw invalid(`'${name}' is given twice.`);
    values.set(name, value);
  }
  const ca = values.get('ssl-ca');
  const cert = values.get('ssl-cert');
  const key = values.get('ssl-key');
  if ((cert === undefined) !== (key === undefined)) throw invalid('ssl-cert and ssl-key go together (a client certificate and its key).');
  const modeText = values.get('ssl-mode')?.toUpperCase();
  if (modeText === 'PREFERRED')
    throw invalid(
      'ssl-mode=PREFERRED is not supported: it would fall back to plain text without saying so. Use ssl-mode=REQUIRED (or VERIFY_CA / VERIFY_IDENTITY), or DISABLED.',
    );
  if (modeText !== undefined && !(SSL_MODES as readonly string[]).includes(modeText))
    throw invalid(`ssl-mode '${values.get('ssl-mode')}' is not one of ${SSL_MODES.join(', ')}.`);
  const mode = (modeText ?? (ca !== undefined ? 'VERIFY_CA' : cert !== undefined ? 'REQUIRED' : 'DISABLED')) as (typeof SSL_MODES)[number];
  if (mode === 'DISABLED') {
    if (values.size > (values.has('ssl-mode') ? 1 : 0)) throw invalid('ssl-mode=DISABLED takes no ssl-ca, ssl-cert or ssl-key.');
    return undefined;
  }
  const verify = mode !== 'REQUIRED' || ca !== undefined;
  return {
    ...(ca === undefined ? {} : { ca: readPem('ssl-ca', ca) }),
    ...(cert === undefined || key === undefined ? {} : { cert: readPem('ssl-cert', cert), key: readPem('ssl-key', key) }),
    rejectUnauthorized: verify,
    verifyIdentity: mode === 'VERIFY_IDENTITY',
  };
}
