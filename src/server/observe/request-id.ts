/**
 * Request ids: an incoming `X-Request-Id` (a proxy's, a client's) is kept when it is of a sane
 * length and charset, so that one id follows the request through every service; otherwise (none,
 * too long, odd characters that could forge log lines) the server makes a new one. Either way it
 * is echoed as the response's `X-Request-Id` and written on the request's log line.
 */
import { randomUUID } from 'node:crypto';

export const REQUEST_ID_HEADER = 'x-request-id';

/** Letters, digits and `-_.:+/=` (UUIDs, ULIDs, base64, AWS and Heroku ids), 1 to 128 of them. */
const SANE_ID = /^[A-Za-z0-9\-_.:+/=]{1,128}$/;

/** The id of a request whose `X-Request-Id` header is `given`. */
export function requestIdFor(given: string | string[] | undefined): string {
  return typeof given === 'string' && SANE_ID.test(given) ? given : randomUUID();
}
