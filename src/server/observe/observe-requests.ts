/**
 * The outermost node request listener: gives each request its id (request-id.ts, echoed as
 * `X-Request-Id`) and its record (request-record.ts), serves `/metrics` itself, and when the
 * answer ends writes the request's one log line and counts it in the metrics. The line holds the
 * method, the path without its query string, the status, the time taken, which path answered,
 * the operation's name and the error codes: never headers, tokens, variables or a query.
 *
 * `/metrics` is read by admins: on a server without `auth`, every request is one; with `auth`,
 * only a request with the admin secret (or a token the authenticator takes as an admin's).
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Authenticate } from '../session-refusal.js';
import { refusalBody, sessionRefusal } from '../session-refusal.js';
import type { RequestLine, ServerLogger } from '../server-logger.js';
import { REQUEST_ID_HEADER, requestIdFor } from './request-id.js';
import { attachRecord, type RequestRecord } from './request-record.js';
import type { Route, ServerMetrics } from './server-metrics.js';

export interface ObserveOptions {
  logger: ServerLogger;
  /** The metrics to count in and serve; unset: no metrics. */
  metrics?: { metrics: ServerMetrics; path: string };
  authenticate: Authenticate;
  /** The GraphQL endpoint and the health path, told apart in the `route` label. */
  graphqlPath: string;
  healthPath: string;
  /**
   * The listener writes the `X-Request-Id` of every answer itself (the lean path: in the header
   * list of its one `writeHead`, which node writes as it is, where a header set before with
   * `res.setHeader` sends it down its slower merging path; request-record.ts setRequestIdHeader
   * for its other answers). Unset: set here on every response before the listener runs.
   */
  writesId?: boolean;
}

function pathOf(url: string | undefined): string {
  const path = url ?? '/';
  const q = path.indexOf('?');
  return q < 0 ? path : path.slice(0, q);
}

function json(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
  });
  res.end(body);
}

/** Answers `GET /metrics` for an admin session (see the file comment). */
async function serveMetrics(req: IncomingMessage, res: ServerResponse, metrics: ServerMetrics, authenticate: Authenticate): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    json(res, 405, JSON.stringify({ errors: [{ message: 'Use GET to read the metrics.' }] }), { allow: 'GET, HEAD' });
    return;
  }
  let session;
  try {
    session = await authenticate(req.headers);
  } catch (error) {
    const refusal = sessionRefusal(error);
    if (refusal === undefined) throw error;
    json(res, refusal.status, refusalBody(refusal.error), refusal.headers);
    return;
  }
  if (session.kind !== 'admin') {
    const message = 'Forbidden: the metrics are for admins: send the X-Persist-Admin-Secret header (persist.auth.adminSecret).';
    json(res, 403, JSON.stringify({ errors: [{ message, extensions: { code: 'FORBIDDEN' } }] }));
    return;
  }
  const { body, contentType } = await metrics.text();
  res.writeHead(200, { 'content-type': contentType, 'content-length': String(Buffer.byteLength(body)) });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** `listener`, observed (see the file comment). */
export function observeRequests(listener: RequestListener, options: ObserveOptions): RequestListener {
  const { logger, metrics, authenticate, graphqlPath, healthPath, writesId = false } = options;
  const routeOf = (path: string): Route =>
    path === graphqlPath ? 'graphql' : path === healthPath ? 'health' : path === metrics?.path ? 'metrics' : 'other';
  return (req, res) => {
    const started = performance.now();
    const record: RequestRecord = {
      id: requestIdFor(req.headers[REQUEST_ID_HEADER]),
      transport: 'yoga',
      operation: undefined,
      errorCodes: [],
    };
    attachRecord(req, record);
    const path = pathOf(req.url);
    // `close` is emitted once per response: `on`, without the wrapper `once` makes per request.
    res.on('close', () => {
      const ms = performance.now() - started;
      const status = res.writableFinished ? res.statusCode : 499;
      metrics?.metrics.observe(routeOf(path), record.transport, status, ms / 1000, record.errorCodes);
      const line: RequestLine = {
        reqId: record.id,
        method: req.method ?? 'GET',
        path,
        status,
        durationMs: Math.round(ms * 100) / 100,
        transport: record.transport,
      };
      if (record.operation !== undefined) line.operation = record.operation;
      if (record.errorCodes.length > 0) line.errorCodes = [...new Set(record.errorCodes)];
      logger.request(line);
    });
    if (metrics !== undefined && path === metrics.path) {
      res.setHeader(REQUEST_ID_HEADER, record.id);
      record.transport = 'server';
      serveMetrics(req, res, metrics.metrics, authenticate).catch((error: unknown) => {
        logger.error('Serving the metrics failed:', error);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
      return;
    }
    if (!writesId) res.setHeader(REQUEST_ID_HEADER, record.id);
    listener(req, res);
  };
}
