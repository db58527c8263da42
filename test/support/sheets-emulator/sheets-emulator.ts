/**
 * A small emulator of the Google Sheets API v4, for tests (no machine here reaches Google). It
 * serves, over HTTP on 127.0.0.1, the endpoints the googlesheets datastore uses, with Google's
 * REST semantics (see grid.ts and batch-requests.ts):
 *
 *   GET  /v4/spreadsheets/{id}                      spreadsheets.get (sheets' properties, namedRanges)
 *   GET  /v4/spreadsheets/{id}/values:batchGet      ranges, majorDimension, valueRenderOption
 *   POST /v4/spreadsheets/{id}/values:batchUpdate   valueInputOption, data[]: atomic
 *   POST /v4/spreadsheets/{id}:batchUpdate          requests[]: atomic
 *   POST /token                                     OAuth 2.0 token endpoint: service-account JWT
 *                                                   grants (RS256 assertion checked against the test
 *                                                   key) and refresh-token grants
 *
 * Errors answer in Google's format `{"error": {"code", "message", "status"}}`. Every request is
 * recorded (`requests`) so that tests count API calls. Tests can inject failures (`failNext`:
 * 429 RESOURCE_EXHAUSTED, 5xx), latency (`latencyMs`), expire every issued token
 * (`expireTokens`) and run a concurrent edit just before the next batchUpdate applies
 * (`beforeNextWrite`). Spreadsheets are created in-process (`createSpreadsheet`) and read
 * directly (`sheetValues`, `setCell`) to check or break what the datastore wrote.
 *
 * Out of process (main.ts, for the benchmark), the same controls are HTTP endpoints that no
 * Google API has: POST /emulator/spreadsheets (a new spreadsheet: `{spreadsheetId}`),
 * GET /emulator/requests (the recorded requests), POST /emulator/reset (forget them),
 * POST /emulator/latency `{latencyMs}`.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse, Server } from 'node:http';
import { importSPKI, jwtVerify } from 'jose';
import { closeHttpServer, listenLoopback } from '../http-server.js';
import { applyRequests, sheetProperties } from './batch-requests.js';
import { ApiError, cloneBook, parseA1, readRange, setCell, writeRange, type CellValue, type Spreadsheet } from './grid.js';

export type ApiKind = 'get' | 'batchGet' | 'valuesBatchUpdate' | 'batchUpdate' | 'token';

export interface RecordedRequest {
  kind: ApiKind;
  method: string;
  path: string;
  /** The HTTP status answered. */
  status: number;
}

/** A service-account key file as Google issues it (only the fields the client reads). */
export interface ServiceAccountKey {
  type: 'service_account';
  client_email: string;
  private_key: string;
  private_key_id: string;
  token_uri: string;
}

interface Fault {
  status: number;
  kinds: readonly ApiKind[];
  /** Apply the request, then answer the error anyway (the answer of a write lost on its way back). */
  afterApply: boolean;
}

const SCOPE = 'https://www.googleapis.com/auth/spreadsheets';
const STATUS_NAMES: Record<number, string> = {
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};
const FAULT_MESSAGES: Record<number, string> = {
  429: "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' of service 'sheets.googleapis.com'.",
  500: 'Internal error encountered.',
};

export class SheetsEmulator {
  readonly requests: RecordedRequest[] = [];
  /** Added before answering every API request (not token requests): an emulated round trip. */
  latencyMs = 0;
  /** Seconds an issued access token lives. */
  tokenLifetimeSeconds = 3600;
  readonly clientEmail = 'persist-test@persist-emulator.iam.gserviceaccount.com';
  readonly oauthClient = {
    clientId: 'emulator-client',
    clientSecret: 'emulator-secret',
    refreshToken: `1//${randomBytes(12).toString('hex')}`,
  };

  private readonly books = new Map<string, Spreadsheet>();
  private readonly tokens = new Map<string, number>();
  private readonly faults: Fault[] = [];
  private writeHooks: (() => Promise<void>)[] = [];
  private readonly keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private server: Server | undefined;
  private origin = '';
  private counter = 0;

  /** Starts listening on an ephemeral port of 127.0.0.1. */
  async start(): Promise<this> {
    const { server, origin } = await listenLoopback((req, res) => void this.handle(req, res));
    this.server = server;
    this.origin = origin;
    return this;
  }

  async stop(): Promise<void> {
    await closeHttpServer(this.server);
  }

  /** The API root, for `googlesheets.endpoint`. */
  get endpoint(): string {
    return this.origin;
  }

  /** The token URL, for `googlesheets.tokenEndpoint` (and the key file's token_uri). */
  get tokenEndpoint(): string {
    return `${this.origin}/token`;
  }

  /** A key file for the emulator's service account, signed by the test key it checks assertions with. */
  serviceAccountKey(): ServiceAccountKey {
    return {
      type: 'service_account',
      client_email: this.clientEmail,
      private_key: this.keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      private_key_id: 'emulator-key-1',
      token_uri: this.tokenEndpoint,
    };
  }

  /** A new, empty spreadsheet (one empty sheet "Sheet1", as Google creates them); returns its id. */
  createSpreadsheet(title = 'Persist test'): string {
    const id = `emu${++this.counter}${randomBytes(6).toString('hex')}`;
    this.books.set(id, {
      spreadsheetId: id,
      title,
      sheets: [{ sheetId: 0, title: 'Sheet1', rowCount: 1000, columnCount: 26, cells: [] }],
      namedRanges: [],
      nextSheetId: 1000,
    });
    return id;
  }

  /** Forgets a spreadsheet (tests free their memory). */
  deleteSpreadsheet(id: string): void {
    this.books.delete(id);
  }

  /** The unformatted values of a sheet, row-major, trailing empties left out (undefined if absent). */
  sheetValues(spreadsheetId: string, title: string): unknown[][] | undefined {
    const book = this.book(spreadsheetId);
    const sheet = book.sheets.find((s) => s.title === title);
    return (
      sheet &&
      (readRange({ sheet, startRow: 0, endRow: undefined, startColumn: 0, endColumn: undefined }, 'UNFORMATTED_VALUE', 'ROWS').values ?? [])
    );
  }

  /** Edits one cell directly, as a person in the Sheets UI would (row and column zero-based). */
  setCell(spreadsheetId: string, title: string, row: number, column: number, value: CellValue | undefined): void {
    const sheet = this.book(spreadsheetId).sheets.find((s) => s.title === title);
    if (!sheet) throw new Error(`No sheet '${title}'`);
    setCell(sheet, row, column, value, true);
  }

  /**
   * The next `times` API requests of these kinds (all kinds by default) answer `status`; with
   * `afterApply`, a write is applied first (its answer is lost, as after a timeout).
   */
  failNext(
    status: number,
    times = 1,
    kinds: readonly ApiKind[] = ['get', 'batchGet', 'valuesBatchUpdate', 'batchUpdate'],
    afterApply = false,
  ): void {
    for (let i = 0; i < times; i++) this.faults.push({ status, kinds, afterApply });
  }

  /** Drops the failures not yet used. */
  clearFaults(): void {
    this.faults.length = 0;
  }

  /** Runs `edit` when the next batchUpdate (of either kind) arrives, before it is applied. */
  beforeNextWrite(edit: () => Promise<void>): void {
    this.writeHooks.push(edit);
  }

  /** Drops the edits of beforeNextWrite not yet run. */
  clearWriteHooks(): void {
    this.writeHooks = [];
  }

  /** Makes every access token issued so far invalid (401), as when they expire. */
  expireTokens(): void {
    this.tokens.clear();
  }

  /** The recorded API requests of a kind. */
  count(kind: ApiKind): number {
    return this.requests.filter((r) => r.kind === kind).length;
  }

  resetRequests(): void {
    this.requests.length = 0;
  }

  private book(id: string): Spreadsheet {
    const book = this.books.get(id);
    if (!book) throw new ApiError(404, 'NOT_FOUND', 'Requested entity was not found.');
    return book;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    let kind: ApiKind = 'get';
    let status = 200;
    let body: unknown;
    try {
      const text = await readBody(req);
      if (url.pathname === '/token' && req.method === 'POST') {
        kind = 'token';
        body = await this.token(new URLSearchParams(text));
      } else if (url.pathname.startsWith('/emulator/')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(this.control(url.pathname, text)));
        return;
      } else {
        const route = /^\/v4\/spreadsheets\/([^/:]+)(\/values:batchGet|\/values:batchUpdate|:batchUpdate)?$/.exec(url.pathname);
        if (!route) throw new ApiError(404, 'NOT_FOUND', `The requested URL ${url.pathname} was not found on this server.`);
        kind =
          route[2] === '/values:batchGet'
            ? 'batchGet'
            : route[2] === '/values:batchUpdate'
              ? 'valuesBatchUpdate'
              : route[2]
                ? 'batchUpdate'
                : 'get';
        if ((kind === 'get' || kind === 'batchGet') !== (req.method === 'GET'))
          throw new ApiError(405, 'METHOD_NOT_ALLOWED', 'Method not allowed.');
        this.authorize(req);
        if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
        const i = this.faults.findIndex((f) => f.kinds.includes(kind));
        const fault = i < 0 ? undefined : this.faults.splice(i, 1)[0]!;
        const injected =
          fault &&
          new ApiError(
            fault.status,
            STATUS_NAMES[fault.status] ?? 'UNKNOWN',
            FAULT_MESSAGES[fault.status] ?? 'The service is currently unavailable.',
          );
        if (injected && !fault.afterApply) throw injected;
        body = await this.api(kind, route[1]!, url.searchParams, text);
        if (injected) throw injected;
      }
    } catch (e) {
      const error = e instanceof ApiError ? e : new ApiError(500, 'INTERNAL', e instanceof Error ? e.message : String(e));
      status = error.code;
      body = kind === 'token' && error.code < 500 ? { error: error.status.toLowerCase(), error_description: error.message } : error.body();
    }
    this.requests.push({ kind, method: req.method ?? '', path: url.pathname, status });
    res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
    res.end(JSON.stringify(body));
  }

  /** The out-of-process controls (see the file's comment). */
  private control(path: string, text: string): unknown {
    if (path === '/emulator/spreadsheets') return { spreadsheetId: this.createSpreadsheet() };
    if (path === '/emulator/requests') return { requests: this.requests };
    if (path === '/emulator/reset') return (this.resetRequests(), {});
    if (path === '/emulator/latency') return ((this.latencyMs = Number((JSON.parse(text) as { latencyMs: unknown }).latencyMs)), {});
    throw new ApiError(404, 'NOT_FOUND', `No emulator control ${path}`);
  }

  private authorize(req: IncomingMessage): void {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const expires = token === undefined ? undefined : this.tokens.get(token);
    if (expires === undefined || expires < Date.now())
      throw new ApiError(
        401,
        'UNAUTHENTICATED',
        'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
      );
  }

  private async token(form: URLSearchParams): Promise<unknown> {
    const grant = form.get('grant_type');
    if (grant === 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
      const key = await importSPKI(this.keys.publicKey.export({ type: 'spki', format: 'pem' }).toString(), 'RS256');
      try {
        const { payload } = await jwtVerify(form.get('assertion') ?? '', key, { issuer: this.clientEmail });
        if (!(typeof payload['scope'] === 'string' ? payload['scope'] : '').split(' ').includes(SCOPE))
          throw new Error(`the assertion asks no ${SCOPE} scope`);
      } catch (e) {
        throw new ApiError(400, 'INVALID_GRANT', `Invalid JWT Signature or claims: ${e instanceof Error ? e.message : String(e)}`);
      }
    } else if (grant === 'refresh_token') {
      const c = this.oauthClient;
      if (form.get('client_id') !== c.clientId || form.get('client_secret') !== c.clientSecret)
        throw new ApiError(401, 'INVALID_CLIENT', 'The OAuth client was not found.');
      if (form.get('refresh_token') !== c.refreshToken) throw new ApiError(400, 'INVALID_GRANT', 'Token has been expired or revoked.');
    } else {
      throw new ApiError(400, 'UNSUPPORTED_GRANT_TYPE', `Invalid grant_type: ${String(grant)}`);
    }
    const token = `ya29.emu-${randomBytes(16).toString('hex')}`;
    this.tokens.set(token, Date.now() + this.tokenLifetimeSeconds * 1000);
    return { access_token: token, expires_in: this.tokenLifetimeSeconds, token_type: 'Bearer', scope: SCOPE };
  }

  private async api(kind: ApiKind, id: string, params: URLSearchParams, text: string): Promise<unknown> {
    if (kind === 'get') {
      const book = this.book(id);
      return {
        spreadsheetId: id,
        properties: { title: book.title },
        sheets: book.sheets.map((s, i) => ({ properties: sheetProperties(s, i) })),
        namedRanges: book.namedRanges,
      };
    }
    if (kind === 'batchGet') {
      const book = this.book(id);
      const major = params.get('majorDimension') ?? 'ROWS';
      const render = params.get('valueRenderOption') ?? 'FORMATTED_VALUE';
      return { spreadsheetId: id, valueRanges: params.getAll('ranges').map((r) => readRange(parseA1(book, r), render, major)) };
    }
    const payload = JSON.parse(text || '{}') as Record<string, unknown>;
    this.book(id);
    for (const hook of this.writeHooks.splice(0)) await hook();
    // Applied to a copy that replaces the spreadsheet only when every part succeeded: atomic.
    const copy = cloneBook(this.book(id));
    if (kind === 'valuesBatchUpdate') {
      const option = payload['valueInputOption'];
      if (option !== 'RAW' && option !== 'USER_ENTERED')
        throw new ApiError(400, 'INVALID_ARGUMENT', "Invalid valueInputOption: must be 'RAW' or 'USER_ENTERED'");
      const data = (payload['data'] ?? []) as { range: string; values?: unknown[][]; majorDimension?: string }[];
      for (const d of data) writeRange(parseA1(copy, d.range), d.values ?? [], d.majorDimension ?? 'ROWS', option);
      this.books.set(id, copy);
      return { spreadsheetId: id, totalUpdatedCells: data.reduce((n, d) => n + (d.values ?? []).flat().length, 0) };
    }
    const replies = applyRequests(copy, payload['requests']);
    this.books.set(id, copy);
    return { spreadsheetId: id, replies };
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
