/**
 * The Sheets API v4 through the official clients (`@googleapis/sheets`, `google-auth-library`):
 * the four calls the datastore makes, each retried on 429 RESOURCE_EXHAUSTED, 5xx and lost
 * connections with bounded exponential backoff and full jitter, then failing with a retryable
 * DATASTORE_UNAVAILABLE. Access tokens are the auth library's: refreshed before they expire, and
 * once more when the API answers 401 (a token revoked or expired early): the client's token is
 * marked expired, which makes the library fetch a new one (the JWT client's cache included).
 *
 * Token URL: the auth library posts service-account grants to Google's token URL whatever the key
 * file says, so a request interceptor on its transporter sends them to `tokenEndpoint` (the
 * documented gaxios hook); the OAuth client takes it as its documented `endpoints.oauth2TokenUrl`.
 */
import { sheets, type sheets_v4 } from '@googleapis/sheets';
import { JWT, OAuth2Client } from 'google-auth-library';
import { DatastoreUnavailableError, PersistError } from '../../errors.js';
import { GOOGLE_TOKEN_ENDPOINT, type RetrySettings, type SheetsSettings } from './settings.js';

const SCOPES = ['https://www.googleapis.com/auth/spreadsheets'];

/** The guarded write found the revision marker gone: another writer committed since the read. */
export class RevisionConflict extends Error {
  constructor(
    message: string,
    /** True when an earlier attempt of the same batchUpdate failed without an answer (it may have been applied). */
    readonly afterRetry: boolean,
  ) {
    super(message);
  }
}

export type ValueRange = sheets_v4.Schema$ValueRange;
export type SheetRequest = sheets_v4.Schema$Request;
export type SpreadsheetInfo = sheets_v4.Schema$Spreadsheet;

function authClient(settings: SheetsSettings): OAuth2Client {
  const c = settings.credentials;
  if (c.kind === 'oauth') {
    const client = new OAuth2Client({
      clientId: c.clientId,
      clientSecret: c.clientSecret,
      endpoints: { oauth2TokenUrl: settings.tokenEndpoint },
    });
    client.setCredentials({ refresh_token: c.refreshToken });
    return client;
  }
  const client = new JWT({ email: c.clientEmail, key: c.privateKey, scopes: SCOPES });
  if (settings.tokenEndpoint !== GOOGLE_TOKEN_ENDPOINT) {
    const target = settings.tokenEndpoint;
    client.transporter.interceptors.request.add({
      resolved: async (options) => {
        if (options.url.href === GOOGLE_TOKEN_ENDPOINT) options.url = new URL(target);
        return options;
      },
    });
  }
  return client;
}

interface FailedCall {
  status: number | undefined;
  message: string;
  /** True when the failure came from the token endpoint. */
  token: boolean;
}

function failure(e: unknown, tokenEndpoint: string): FailedCall {
  const err = e as { status?: unknown; response?: { status?: number; data?: unknown }; config?: { url?: string | URL }; message?: unknown };
  const status = typeof err.status === 'number' ? err.status : err.response?.status;
  const data = err.response?.data as { error?: { message?: string; status?: string } | string; error_description?: string } | undefined;
  const google = typeof data?.error === 'object' ? `${data.error.status ?? ''} ${data.error.message ?? ''}`.trim() : undefined;
  const oauth = typeof data?.error === 'string' ? `${data.error}${data.error_description ? `: ${data.error_description}` : ''}` : undefined;
  const url = String(err.config?.url ?? '');
  return { status, message: google ?? oauth ?? String(err.message ?? e), token: url === tokenEndpoint || url === GOOGLE_TOKEN_ENDPOINT };
}

const RETRYABLE = new Set([408, 429, 500, 502, 503, 504]);

export class SheetsClient {
  private readonly api: sheets_v4.Sheets;
  private readonly auth: OAuth2Client;
  /** Waits between attempts; tests shorten them through the settings. */
  private readonly retry: RetrySettings;

  constructor(readonly settings: SheetsSettings) {
    this.retry = settings.retry;
    this.auth = authClient(settings);
    this.api = sheets({ version: 'v4', auth: this.auth, rootUrl: `${settings.endpoint}/`, retry: false });
  }

  get spreadsheetId(): string {
    return this.settings.spreadsheetId;
  }

  /** The spreadsheet's sheets (ids, titles) and named ranges. */
  async spreadsheet(): Promise<SpreadsheetInfo> {
    return this.call('read the spreadsheet', async () => (await this.api.spreadsheets.get({ spreadsheetId: this.spreadsheetId })).data);
  }

  /** Every range's values, unformatted (numbers and booleans typed, text as written), row-major. */
  async batchGet(ranges: readonly string[]): Promise<ValueRange[]> {
    return this.call('read the sheets', async () => {
      const res = await this.api.spreadsheets.values.batchGet({
        spreadsheetId: this.spreadsheetId,
        ranges: [...ranges],
        majorDimension: 'ROWS',
        valueRenderOption: 'UNFORMATTED_VALUE',
      });
      return res.data.valueRanges ?? [];
    });
  }

  /** One atomic spreadsheets.batchUpdate; RevisionConflict when its first request (the guard) fails. */
  async batchUpdate(requests: SheetRequest[], guarded: boolean): Promise<void> {
    await this.call('write to the spreadsheet', async (attempt) => {
      try {
        await this.api.spreadsheets.batchUpdate({ spreadsheetId: this.spreadsheetId, requestBody: { requests } });
      } catch (e) {
        const f = failure(e, this.settings.tokenEndpoint);
        if (guarded && f.status === 400 && f.message.includes('requests[0].deleteNamedRange'))
          throw new RevisionConflict(f.message, attempt > 1);
        throw e;
      }
    });
  }

  /** Writes values as given (RAW: never parsed) in one atomic values.batchUpdate. */
  async writeValues(data: { range: string; values: (string | number | boolean)[][] }[]): Promise<void> {
    await this.call('write to the spreadsheet', async () => {
      await this.api.spreadsheets.values.batchUpdate({ spreadsheetId: this.spreadsheetId, requestBody: { valueInputOption: 'RAW', data } });
    });
  }

  /** Runs one API call with the retry policy; maps what remains to PersistErrors. */
  private async call<T>(what: string, run: (attempt: number) => Promise<T>): Promise<T> {
    const { attempts, initialDelayMs, maxDelayMs } = this.retry;
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      try {
        return await run(attempt);
      } catch (e) {
        if (e instanceof RevisionConflict || e instanceof PersistError) throw e;
        const f = failure(e, this.settings.tokenEndpoint);
        if (f.status === 401 && !f.token && !refreshed) {
          refreshed = true;
          this.auth.setCredentials({ ...this.auth.credentials, access_token: null, expiry_date: 1 });
          attempt--;
          continue;
        }
        const retryable = f.status === undefined || RETRYABLE.has(f.status);
        if (retryable && attempt < attempts) {
          const ceiling = Math.min(maxDelayMs, initialDelayMs * 2 ** (attempt - 1));
          await new Promise((r) => setTimeout(r, Math.random() * ceiling));
          continue;
        }
        throw this.mapped(what, f, retryable ? attempt : undefined, e);
      }
    }
  }

  private mapped(what: string, f: FailedCall, attempts: number | undefined, cause: unknown): PersistError {
    const sheet = `the spreadsheet '${this.spreadsheetId}'`;
    if (attempts !== undefined) {
      const why =
        f.status === 429
          ? 'the Sheets API quota is exhausted'
          : f.status === undefined
            ? 'the Sheets API cannot be reached'
            : `the Sheets API answered ${f.status}`;
      return new DatastoreUnavailableError(
        `Cannot ${what} of ${sheet}: ${why} (${f.message}) after ${attempts} attempt(s); nothing was changed, try again later.`,
        { cause },
      );
    }
    if (f.token)
      return new DatastoreUnavailableError(
        `Cannot get an access token from ${this.settings.tokenEndpoint} for ${sheet}: ${f.message}; check the credentials.`,
        { cause },
      );
    if (f.status === 401 || f.status === 403) {
      const who =
        this.settings.credentials.kind === 'serviceAccount'
          ? `the service account ${this.settings.credentials.clientEmail}`
          : 'the OAuth account';
      return new DatastoreUnavailableError(
        `Google Sheets refused access to ${sheet} (${f.status} ${f.message}): share the spreadsheet with ${who} as an editor.`,
        { cause },
      );
    }
    if (f.status === 404)
      return new PersistError(
        'CONFIG_INVALID',
        `There is no spreadsheet '${this.spreadsheetId}' at ${this.settings.endpoint} (404 ${f.message}): check persist.googlesheets.spreadsheetId.`,
        { cause },
      );
    return new PersistError('INTERNAL', `Cannot ${what} of ${sheet}: the Sheets API answered ${f.status ?? 'nothing'} (${f.message}).`, {
      cause,
    });
  }
}
