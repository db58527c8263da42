/**
 * The request headers the authenticator reads, as node gives them (lower-case names; a value
 * repeated in a request may be a list), and the one way a single-valued header is taken from them.
 */
import { UnauthenticatedError } from '../../errors.js';

/** node's IncomingHttpHeaders (and a Fetch `Headers` turned into an object): lower-case names. */
export type RequestHeaders = Readonly<Record<string, string | string[] | undefined>>;

/** The headers of a Fetch API request (Yoga's path) in that form: names are lower-case there too. */
export function fetchHeaders(headers: Headers): RequestHeaders {
  return Object.fromEntries(headers.entries());
}

/** The header's one value, or undefined when absent; a header sent twice with two values is refused. */
export function singleHeader(headers: RequestHeaders, name: string, shown: string): string | undefined {
  const value = headers[name];
  if (!Array.isArray(value)) return value;
  if (value.length === 1) return value[0];
  if (value.length === 0) return undefined;
  throw new UnauthenticatedError(`Authentication failed: the ${shown} header was sent ${value.length} times; send it once.`);
}
