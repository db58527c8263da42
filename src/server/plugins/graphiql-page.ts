/**
 * GraphiQL for browsers at `GET /graphql` (`Accept: text/html`). The bundled page (no CDN: it works
 * offline) is one 9 MB HTML document, so it is built, hashed and compressed once (at the start of
 * `persist serve`, else on the first request; in zlib's thread pool, off the event loop), and then
 * served from memory: brotli or
 * gzip by `Accept-Encoding`, with an ETag (a revalidation is a 304 with no body) and the headers
 * that keep the page from being framed, sniffed or made to run anything but its own script.
 *
 * Yoga's own GraphiQL plugin is off (create-server.ts): it renders the page anew for every request,
 * uncompressed, with no cache or security headers.
 *
 * The renderer is imported when the page is first built, not with this module: its bundle is held
 * in the heap as module text and as the string it exports (about 30 MB), which a server that never
 * serves GraphiQL (off in production under `auth`, issue 17's RSS) should not carry.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';

type Encoding = 'br' | 'gzip' | 'identity';

/** The page in each encoding, with its ETag, and its Content-Security-Policy. */
interface BuiltPage {
  variants: Record<Encoding, { body: Uint8Array<ArrayBuffer>; etag: string }>;
  csp: string;
}

const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('base64');

/**
 * What the bundled page needs, and nothing more: its one inline script (by hash, so that no other
 * inline script runs), inline styles (Monaco and GraphiQL set them at run time), its data: favicon
 * and fonts, its editor workers (blob: URLs made by that script), and requests to this server.
 */
function contentSecurityPolicy(html: string): string {
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => `'sha256-${sha256(m[1] ?? '')}'`);
  return [
    "default-src 'none'",
    `script-src ${scripts.join(' ')}`,
    "style-src 'unsafe-inline'",
    'img-src data:',
    'font-src data:',
    "connect-src 'self'",
    'worker-src blob:',
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

async function buildPage(options: GraphiQLOptions): Promise<BuiltPage> {
  const { renderGraphiQL } = await import('@graphql-yoga/render-graphiql');
  const html = renderGraphiQL(options);
  const raw = new Uint8Array(Buffer.from(html, 'utf8'));
  const tag = sha256(raw).slice(0, 27).replace(/\+/g, '-').replace(/\//g, '_');
  // Levels chosen for the start cost (about 0.3 s each for 9 MB): brotli 5 already beats gzip 9.
  const [br, gz] = await Promise.all([
    promisify(brotliCompress)(raw, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: raw.byteLength },
    }),
    promisify(gzip)(raw, { level: 6 }),
  ]);
  return {
    variants: {
      br: { body: new Uint8Array(br), etag: `"${tag}-br"` },
      gzip: { body: new Uint8Array(gz), etag: `"${tag}-gz"` },
      identity: { body: raw, etag: `"${tag}"` },
    },
    csp: contentSecurityPolicy(html),
  };
}

/** The q-value of each listed entry of a header such as Accept or Accept-Encoding (`*` included), lowercased. */
function qualities(header: string | null): Map<string, number> {
  const out = new Map<string, number>();
  for (const entry of (header ?? '').split(',')) {
    const [name, ...params] = entry.split(';').map((p) => p.trim().toLowerCase());
    if (name === undefined || name === '') continue;
    const q = params.find((p) => p.startsWith('q='));
    const value = q === undefined ? 1 : Number(q.slice(2));
    out.set(name, Number.isFinite(value) ? value : 0);
  }
  return out;
}

/** Whether an `Accept` header asks for HTML: it lists `text/html` with a non-zero quality. */
export function acceptsHtml(accept: string | null): boolean {
  return (qualities(accept).get('text/html') ?? 0) > 0;
}

/** The encoding to send for this `Accept-Encoding`: brotli, then gzip, else none. */
export function chooseEncoding(acceptEncoding: string | null): Encoding {
  const q = qualities(acceptEncoding);
  const any = q.get('*') ?? 0;
  if ((q.get('br') ?? any) > 0) return 'br';
  if ((q.get('gzip') ?? any) > 0) return 'gzip';
  return 'identity';
}

/** Whether `If-None-Match` names `etag` (or `*`); weak tags compare by their value. */
function matches(ifNoneMatch: string | null, etag: string): boolean {
  if (ifNoneMatch === null) return false;
  return ifNoneMatch.split(',').some((t) => {
    const tag = t.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}

/** GraphiQL's Yoga plugin, and a way to build the page before the first request asks for it. */
export interface GraphiqlPage {
  /** Serves GraphiQL at `GET <endpoint>` to requests that accept HTML. */
  plugin: Plugin;
  /** Builds and compresses the page now (`persist serve` does at start); later calls share the work. */
  warm(): Promise<void>;
}

/** GraphiQL at `GET <endpoint>`, opening with `options` (title, default query). */
export function createGraphiqlPage(endpoint: string, options: GraphiQLOptions): GraphiqlPage {
  let page: Promise<BuiltPage> | undefined;
  const built = (): Promise<BuiltPage> => (page ??= buildPage(options));
  const plugin: Plugin = {
    onRequest(payload) {
      const { request, url, fetchAPI } = payload;
      if (request.method !== 'GET' || url.pathname !== endpoint || !acceptsHtml(request.headers.get('accept'))) return;
      return built().then(({ variants, csp }) => {
        const encoding = chooseEncoding(request.headers.get('accept-encoding'));
        const { body, etag } = variants[encoding];
        const headers: Record<string, string> = {
          etag,
          // Stored, but asked about each time: a restarted server may serve another model's page.
          'cache-control': 'no-cache',
          vary: 'Accept, Accept-Encoding',
          'content-security-policy': csp,
          'x-content-type-options': 'nosniff',
          'x-frame-options': 'DENY',
          'referrer-policy': 'no-referrer',
          'cross-origin-opener-policy': 'same-origin',
        };
        if (matches(request.headers.get('if-none-match'), etag))
          return payload.endResponse(new fetchAPI.Response(null, { status: 304, headers }));
        headers['content-type'] = 'text/html; charset=utf-8';
        if (encoding !== 'identity') headers['content-encoding'] = encoding;
        payload.endResponse(new fetchAPI.Response(body, { status: 200, headers }));
      });
    },
  };
  return { plugin, warm: () => built().then(() => undefined) };
}
