/**
 * CORS (SPEC §4, Browsers): off unless origins are configured. Yoga's own CORS plugin, on by
 * default, reflects any `Origin` with `Access-Control-Allow-Credentials: true`, so any web page
 * could read the answers a browser gets; it is off (create-server.ts), and this one answers only
 * the origins listed, exactly as written (`https://app.example.com`: scheme, host and port), and
 * allows credentials only when told to. Answers always say `Vary: Origin`, since they depend on it.
 *
 * The lean HTTP path (lean-http-handler.ts) sets the same headers on its answers, from
 * `corsHeaders`, so these are on every answer a browser can read cross-site, whichever path
 * served it.
 */
import type { Plugin } from 'graphql-yoga';
import { PersistError } from '../../errors.js';

/** `createServer`'s `cors` option (codegen.yml `persist.cors`). */
export interface CorsOptions {
  /** The origins allowed to read answers, e.g. `https://app.example.com` (exact matches only). */
  origins: readonly string[];
  /** Whether those origins may send cookies and HTTP authentication (`Access-Control-Allow-Credentials`). */
  credentials: boolean;
}

/** How long a browser may keep a preflight's answer, in seconds. */
const PREFLIGHT_MAX_AGE = 600;

/** Throws a CONFIG_INVALID PersistError unless every entry is an origin as browsers send it. */
export function checkOrigins(origins: readonly string[]): void {
  for (const origin of origins) {
    let serialized: string | undefined;
    try {
      serialized = new URL(origin).origin;
    } catch {
      serialized = undefined;
    }
    if (serialized !== origin)
      throw new PersistError(
        'CONFIG_INVALID',
        `cors.origins: '${origin}' is not an origin as browsers send it: write scheme://host[:port] with no path or trailing slash` +
          `${serialized === undefined || serialized === 'null' ? '' : `, e.g. '${serialized}'`}.`,
      );
  }
}

function addVary(headers: Headers, value: string): void {
  const vary = headers.get('vary');
  headers.set('vary', vary === null || vary === '' ? value : `${vary}, ${value}`);
}

/**
 * The CORS headers of an answer (not a preflight's) to a request with this `Origin` header, in
 * the order Yoga's plugin below sets them: `Vary: Origin` always, the origin and credentials when
 * it is allowed. Throws CONFIG_INVALID for origins `checkOrigins` refuses.
 */
export function corsHeaders(options: CorsOptions): (origin: string | null | undefined) => [string, string][] {
  checkOrigins(options.origins);
  const allowed = new Set(options.origins);
  return (origin) => {
    const headers: [string, string][] = [['vary', 'Origin']];
    if (origin === null || origin === undefined || !allowed.has(origin)) return headers;
    headers.push(['access-control-allow-origin', origin]);
    if (options.credentials) headers.push(['access-control-allow-credentials', 'true']);
    return headers;
  };
}

/** A Yoga plugin answering preflights and adding CORS headers for the allowed origins only. */
export function useCors(options: CorsOptions): Plugin {
  const headersFor = corsHeaders(options);
  const allowed = new Set(options.origins);
  const allowedOrigin = (request: Request): string | undefined => {
    const origin = request.headers.get('origin');
    return origin !== null && allowed.has(origin) ? origin : undefined;
  };
  return {
    onRequest(payload) {
      const { request, fetchAPI } = payload;
      if (request.method !== 'OPTIONS') return;
      const headers: Record<string, string> = { 'content-length': '0' };
      if (allowedOrigin(request) !== undefined) {
        headers['access-control-allow-methods'] = 'GET, POST';
        // An allowed origin may send the headers it asks for (content-type, authorization, …).
        const asked = request.headers.get('access-control-request-headers');
        if (asked !== null && asked !== '') headers['access-control-allow-headers'] = asked;
        headers['access-control-max-age'] = String(PREFLIGHT_MAX_AGE);
      }
      // Origin and credentials headers are added below, as on every answer.
      payload.endResponse(new fetchAPI.Response(null, { status: 204, headers }));
    },
    onResponse({ request, response }) {
      for (const [name, value] of headersFor(request.headers.get('origin'))) {
        if (name === 'vary') addVary(response.headers, value);
        else response.headers.set(name, value);
      }
      if (request.method === 'OPTIONS' && allowedOrigin(request) !== undefined) addVary(response.headers, 'Access-Control-Request-Headers');
    },
  };
}
