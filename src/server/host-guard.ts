/**
 * Yoga builds each request's URL from the Host header; an invalid one (`a b`, `x:99999`) makes it
 * throw before any plugin runs, and it answers 500 with the error's stack trace (node_modules
 * paths) in a text/plain body. This guard answers such a request itself, with a 400 that says why.
 */
import type { RequestListener } from 'node:http';
import { setRequestIdHeader } from './observe/request-record.js';

// Host headers found valid: a server is reached under a few names, and parsing one as a URL was
// ~1.5% of the CPU of a small request (issue 17). Bounded: emptied when full.
const validHosts = new Set<string>();
const MAX_VALID_HOSTS = 256;

/** Whether `host` (the Host header; absent is fine: HTTP/1.0) makes a valid URL authority. */
export function isValidHost(host: string | undefined): boolean {
  if (host === undefined || validHosts.has(host)) return true;
  try {
    new URL(`http://${host}`);
  } catch {
    return false;
  }
  if (validHosts.size >= MAX_VALID_HOSTS) validHosts.clear();
  validHosts.add(host);
  return true;
}

/** `listener`, behind a 400 for requests whose Host header is not a valid host[:port]. */
export function withHostGuard(listener: (...args: Parameters<RequestListener>) => unknown): RequestListener {
  return (req, res) => {
    if (isValidHost(req.headers.host)) {
      // The listeners guarded here answer every failure themselves; a rejection has nowhere to go.
      void listener(req, res);
      return;
    }
    setRequestIdHeader(req, res);
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
    res.end('Bad Request: the Host header is not a valid host[:port].\n');
  };
}
