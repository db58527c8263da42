/**
 * The lean HTTP path. Yoga answers through the Fetch API: per request it builds a `Request`, an
 * `AbortSignal`, header objects and a response stream, which on a small query costs several times
 * the whole request of a hand-written `node:http` server. This node request listener answers the
 * common requests itself, in every shape GraphQL clients send them:
 * - `POST /graphql` with a JSON body `{query, variables, operationName}` (graphql-request, Apollo
 *   Client, Relay, curl);
 * - `GET /graphql?query=…&variables=…&operationName=…&extensions=…` (urql's default for queries,
 *   Apollo's `useGETForQueries`), a query only: a mutation by GET is Yoga's 405;
 * - with trusted documents, either of them naming a document by id (`extensions.persistedQuery`,
 *   `documentId`);
 * - with any `Accept` a JSON type satisfies, quality values included (http/response-type.ts,
 *   which Yoga follows too), and with an `Origin` (the CORS headers of plugins/cors.ts are set
 *   on the answer).
 * It runs it through the request pipeline (graphql/request-pipeline.ts: parse and validate once
 * per distinct document, compiled or interpreted execution), the same one Yoga uses, and ends the
 * response with one write, with the status, headers and body Yoga would send.
 *
 * Before anything else, the request's session is found (`authenticate`, session-refusal.ts): a
 * refused one is answered 401 or 403 at once, and the request runs through its session's
 * pipeline. A request handed to Yoga carries its session, so Yoga does not authenticate it again.
 *
 * Everything else goes to Yoga, unchanged: other methods, paths and content types, `Accept`s no
 * JSON type satisfies, browsers asking for GraphiQL, preflights, batched arrays, and every answer
 * that would carry errors (a body that is not JSON, a parse or validation error). An operation
 * that reports errors is never run again: its result goes to Yoga with the request
 * (`RunHandOver`), and the pipeline answers it there, so that Yoga masks, formats and answers it
 * as it would have.
 */
import type { IncomingHttpHeaders, IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { OperationTypeNode } from 'graphql';
import type { RequestPipeline, RunHandOver, SessionPipelines } from '../graphql/index.js';
import type { Session } from '../permissions/rules.js';
import type { PersistYoga } from './persist-yoga.js';
import type { TrustedDocuments } from './persisted/trusted-documents.js';
import { SESSION, type SessionContext } from './plugins/persist-sessions.js';
import { type Authenticate, refusalBody, sessionRefusal } from './session-refusal.js';
import { bodyTooLarge } from './use-limits.js';
import { responseTypeFor, type ResponseType } from './http/response-type.js';
import { acceptsHtml } from './plugins/graphiql-page.js';
import { memoizeByHeader } from './http/header-memo.js';
import { DOCUMENT_CACHE_BYTES, LruCache } from '../graphql/index.js';
import { noteOperation, operationNameOf, recordOf, setRequestIdHeader } from './observe/request-record.js';
import { REQUEST_ID_HEADER } from './observe/request-id.js';

export interface LeanHandlerOptions {
  /** Answers everything the lean path leaves (see the file comment); executes through the same pipelines too. */
  yoga: PersistYoga;
  pipelines: SessionPipelines;
  /** The request's session from its headers (the server's; Yoga's plugin uses the same). */
  authenticate: Authenticate;
  /** The GraphQL endpoint (Yoga's `graphqlEndpoint`). */
  endpoint: string;
  /** Trusted documents: bodies may name one by id; a refused one goes to Yoga, which answers the refusal. */
  trusted?: TrustedDocuments;
  /** The CORS headers of an answer to a request with this `Origin` (plugins/cors.ts corsHeaders); unset: none. */
  corsHeaders?: (origin: string | undefined) => [string, string][];
}

/** What a request body holds when the lean path can answer it. */
interface GraphqlParams {
  query: string;
  variables: Record<string, unknown> | undefined;
  operationName: string | undefined;
}

const isJsonType = memoizeByHeader((contentType: string): boolean => {
  const [type, ...params] = contentType.replace(/\s/g, '').toLowerCase().split(';');
  return type === 'application/json' && params.every((p) => p === 'charset=utf-8');
});

function isJsonBody(contentType: string | undefined): boolean {
  return contentType !== undefined && isJsonType(contentType);
}

/** Whether an `Accept` asks for HTML (GraphiQL's), once per header text. */
const asksForHtml = memoizeByHeader(acceptsHtml);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The text a body runs under trusted documents (persisted/trusted-documents.ts), or undefined:
 * Yoga then reads the request, and answers a refusal as it answers any other.
 */
function trustedText(trusted: TrustedDocuments, query: unknown, rest: Record<string, unknown>): string | undefined {
  const { extensions, documentId, ...others } = rest;
  if (Object.keys(others).length > 0 || (query !== undefined && typeof query !== 'string')) return undefined;
  const decision = trusted.decide({ query, extensions, documentId });
  return 'run' in decision ? decision.run : undefined;
}

/** JSON.parse, or undefined for text that is not JSON. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The names of a GET's GraphQL parameters, as `searchParamsOf` reads them. */
const SEARCH_NAMES = ['query', 'operationName', 'variables', 'extensions'] as const;
const TRUSTED_SEARCH_NAMES = [...SEARCH_NAMES, 'documentId'] as const;

/** A GET's parameters as the query string holds them: decoded, not yet read as JSON. */
type SearchTexts = readonly (readonly [name: string, value: string])[];

/**
 * The texts of the GraphQL parameters of a query string (`search`, after the `?`) as Yoga reads
 * them (its request-parser/utils.js): the first of each, empty means absent. Only with trusted
 * documents is `documentId` read from it (persisted-operations.ts reads it there too).
 */
function searchTextsOf(search: string, trusted: boolean): SearchTexts {
  const params = new URLSearchParams(search);
  const texts: (readonly [string, string])[] = [];
  for (const name of trusted ? TRUSTED_SEARCH_NAMES : SEARCH_NAMES) {
    const value = params.get(name) || undefined;
    if (value !== undefined) texts.push([name, value]);
  }
  return texts;
}

/**
 * The GraphQL parameters of a GET's query string (searchTextsOf), `variables` and `extensions`
 * read as JSON (per request: each request gets objects of its own), or undefined when Yoga should
 * read them (JSON that does not parse).
 */
function searchParamsOf(texts: SearchTexts): Record<string, unknown> | undefined {
  const fields: Record<string, unknown> = {};
  for (const [name, value] of texts) {
    if (name !== 'variables' && name !== 'extensions') fields[name] = value;
    else if ((fields[name] = parseJson(value)) === undefined) return undefined;
  }
  return fields;
}

/**
 * The request's GraphQL parameters (a JSON body's, a query string's), or undefined when Yoga
 * should read them (it then reports what is wrong). With trusted documents, `query` is the text
 * the request runs.
 */
function paramsOf(json: unknown, trusted: TrustedDocuments | undefined): GraphqlParams | undefined {
  if (!isRecord(json)) return undefined;
  const { query, variables, operationName, ...rest } = json;
  const text = trusted === undefined ? (Object.keys(rest).length > 0 ? undefined : query) : trustedText(trusted, query, rest);
  if (typeof text !== 'string') return undefined;
  if (variables !== undefined && variables !== null && !isRecord(variables)) return undefined;
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return undefined;
  return { query: text, variables: variables ?? undefined, operationName: operationName ?? undefined };
}

/** The body, or undefined (and reading stops) once it grows past `limit` bytes. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let read = 0;
    const onData = (chunk: Buffer): void => {
      read += chunk.length;
      if (read <= limit) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData);
      chunks.length = 0;
      resolve(undefined);
    };
    req.on('data', onData);
    // A small body comes in one chunk: used as it is, not copied.
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

// Headers of the connection, not of the request: the Fetch API sets its own.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length']);

function fetchHeaders(headers: IncomingHttpHeaders): [string, string][] {
  const out: [string, string][] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    if (Array.isArray(value)) for (const v of value) out.push([name, v]);
    else out.push([name, value]);
  }
  return out;
}

/** How the lean path reads a request it answers: a JSON body (POST) or a query string (GET). */
type Shape = 'body' | 'query-string';

/** The node request listener of `persist serve`: the lean path, Yoga for everything else. */
export function createLeanHttpHandler(options: LeanHandlerOptions): RequestListener {
  const { yoga, pipelines, authenticate, endpoint, trusted } = options;
  const corsHeadersFor = options.corsHeaders ?? (() => []);
  // Every pipeline is held to the same limits.
  const limits = pipelines.admin.limits;
  const bodyBytes = limits === false ? Infinity : limits.bodyBytes;
  const queryPrefix = `${endpoint}?`;
  // Clients repeat the same GET (the same query, often no variables): its query string is decoded
  // once, bounded by count and total length as the document caches are.
  const searchTexts = new LruCache<string, SearchTexts>(1000, { maxWeight: DOCUMENT_CACHE_BYTES, weigh: (search) => search.length });
  const searchTextsFor = (url: string): SearchTexts => {
    const search = url.slice(url.indexOf('?') + 1);
    let texts = searchTexts.get(search);
    if (texts === undefined) searchTexts.set(search, (texts = searchTextsOf(search, trusted !== undefined)));
    return texts;
  };

  /** Ends the response with one write: the JSON answer (text, or its UTF-8 bytes), its media type and the CORS headers of the request. */
  const send = (
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    json: string | Buffer,
    type: ResponseType,
    headers: Record<string, string> = {},
    errorCode?: string,
  ): void => {
    const record = recordOf(req);
    // The request id in the one header list (observe-requests.ts, `writesId`).
    const fields: string[] = record === undefined ? [] : [REQUEST_ID_HEADER, record.id];
    if (record !== undefined) {
      record.transport = 'lean';
      if (errorCode !== undefined) record.errorCodes.push(errorCode);
    }
    for (const name in headers) fields.push(name, headers[name]!);
    const bytes = typeof json === 'string' ? Buffer.byteLength(json) : json.length;
    fields.push('content-type', `${type}; charset=utf-8`, 'content-length', String(bytes));
    for (const [name, value] of corsHeadersFor(req.headers.origin)) fields.push(name, value);
    res.writeHead(status, fields);
    res.end(json);
  };

  /**
   * Answers a request before its body is read (a refused session, a body over
   * `limits.bodyBytes`). The client may still be sending: what it sends is read and dropped for up
   * to 2 seconds more (closing with unread data would reset the connection, and the client would
   * lose the answer), never kept.
   */
  const refuse = (
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    json: string,
    type: ResponseType,
    headers: Record<string, string>,
    errorCode: string,
  ): void => {
    send(req, res, status, json, type, headers, errorCode);
    const timer = setTimeout(() => req.destroy(), 2000);
    timer.unref();
    req.once('close', () => clearTimeout(timer));
    req.resume();
  };

  const refuseBody = (req: IncomingMessage, res: ServerResponse, type: ResponseType): void =>
    refuse(
      req,
      res,
      413,
      JSON.stringify({ errors: [{ message: bodyTooLarge(bodyBytes).message, extensions: { code: 'BAD_USER_INPUT' } }] }),
      type,
      {},
      'BAD_USER_INPUT',
    );

  /** Hands a request whose body was read (a GET has none) to Yoga, through its Fetch API, and sends Yoga's answer. */
  const delegate = async (
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer | undefined,
    handOver: RunHandOver & SessionContext,
  ): Promise<void> => {
    const context = { req, res, ...handOver };
    const url = `http://${req.headers.host ?? 'localhost'}${req.url ?? endpoint}`;
    const init = body === undefined ? { method: 'GET' } : { method: 'POST', body };
    const response = await yoga.fetch(url, { ...init, headers: fetchHeaders(req.headers) }, context);
    const payload = Buffer.from(await response.arrayBuffer());
    const headers: [string, string][] = [];
    response.headers.forEach((value, name) => headers.push([name, value]));
    setRequestIdHeader(req, res);
    res.writeHead(response.status, response.statusText, headers.flat());
    res.end(payload);
  };

  /** Answers a request whose session `error` refused (true), or leaves an error that refuses none (false). */
  const refuseSession = (req: IncomingMessage, res: ServerResponse, type: ResponseType, error: unknown): boolean => {
    const refusal = sessionRefusal(error);
    if (refusal === undefined) return false;
    refuse(req, res, refusal.status, refusalBody(refusal.error), type, refusal.headers, String(refusal.error.extensions['code']));
    return true;
  };

  /** The POST's body, or undefined for a body over `limits.bodyBytes` (its `Content-Length` said so, or it grew past it). */
  const bodyWithin = (req: IncomingMessage): Promise<Buffer | undefined> | undefined => {
    const length = req.headers['content-length'];
    return length !== undefined && Number(length) > bodyBytes ? undefined : readBody(req, bodyBytes);
  };

  const answer = async (req: IncomingMessage, res: ServerResponse, type: ResponseType, shape: Shape): Promise<void> => {
    // The session and its pipeline first (a refused one is answered before the body is read);
    // inline, not in a function of their own: each async function adds a promise and a turn.
    let session: Session;
    let pipeline: RequestPipeline;
    try {
      session = await authenticate(req.headers);
      pipeline = pipelines.pipelineFor(session);
    } catch (error) {
      if (refuseSession(req, res, type, error)) return;
      throw error;
    }
    const body = shape === 'body' ? await bodyWithin(req) : undefined;
    if (shape === 'body' && body === undefined) return refuseBody(req, res, type);
    const fields = body === undefined ? searchParamsOf(searchTextsFor(req.url ?? '')) : parseJson(body.toString('utf8'));
    const params = paramsOf(fields, trusted);
    const document = params === undefined ? undefined : pipeline.prepare(params.query);
    const kind = params === undefined || document === undefined ? undefined : pipeline.operationKind(document, params.operationName);
    // Only queries by GET: Yoga answers a mutation 405 (GraphQL over HTTP), without running it.
    const runs = kind === OperationTypeNode.QUERY || (kind === OperationTypeNode.MUTATION && shape === 'body');
    if (params === undefined || document === undefined || !runs) return delegate(req, res, body, { [SESSION]: session });
    const { operationName, variables } = params;
    const record = recordOf(req);
    if (record !== undefined) noteOperation(record, operationNameOf(document, operationName));
    const result = await pipeline.execute({ document, operationName, variables, context: pipeline.createContext(session) });
    if (result.errors !== undefined) {
      // Yoga formats, masks and answers it; the pipeline gives it this result rather than run the
      // operation again (a mutation must not be, and a failing query would load a failing
      // datastore once more).
      return delegate(req, res, body, { previousRun: result, [SESSION]: session });
    }
    send(req, res, 200, pipeline.serialize(result), type);
  };

  /** How the lean path reads this request, or undefined when Yoga answers it. */
  const shapeOf = (req: IncomingMessage): Shape | undefined => {
    // Only JSON bodies: they pass the CSRF rule (plugins/csrf-prevention.ts), which Yoga checks for every other POST.
    if (req.method === 'POST') return req.url === endpoint && isJsonBody(req.headers['content-type']) ? 'body' : undefined;
    // A browser asking for HTML gets GraphiQL (plugins/graphiql-page.ts).
    if (req.method === 'GET' && req.url?.startsWith(queryPrefix) === true && !asksForHtml(req.headers.accept ?? '')) return 'query-string';
    return undefined;
  };

  return (req, res) => {
    const shape = shapeOf(req);
    const type = shape === undefined ? undefined : responseTypeFor(req.headers.accept);
    if (shape === undefined || type === undefined) {
      setRequestIdHeader(req, res);
      void yoga(req, res);
      return;
    }
    answer(req, res, type, shape).catch((error: unknown) => {
      // A client that went away mid-request (ECONNRESET while reading the body) is no server error.
      if (req.socket.destroyed) return;
      yoga.logger.error(error);
      if (!res.headersSent) {
        setRequestIdHeader(req, res);
        res.writeHead(500);
      }
      res.end();
    });
  };
}
