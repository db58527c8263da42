/**
 * No cross-site writes (SPEC §4, Browsers). A web page of another origin can make a browser send a
 * "simple" POST without asking the server first (no CORS preflight): a form post
 * (`application/x-www-form-urlencoded`, `multipart/form-data`), a `text/plain` one, or one with no
 * content type at all. Yoga parses the first two as GraphQL requests, so such a page could run
 * mutations with the user's network position (a developer's localhost server, an intranet). Every
 * other request a page can make to us is preflighted, and CORS (cors.ts) then decides.
 *
 * The rule, as Apollo Server and Yoga's csrf-prevention plugin state it: a POST needs a content
 * type that is not one of the simple ones, or a header that only a script can set (which makes the
 * browser preflight). A GET never runs a mutation (Yoga answers 405), so it needs neither.
 *
 * Both transports keep it: Yoga checks it here before reading the body; the lean path
 * (lean-http-handler.ts) answers only `application/json` bodies, which pass, and hands every
 * other POST to Yoga.
 */
import { createGraphQLError, type Plugin } from 'graphql-yoga';

/** The content types a browser sends cross-site without a preflight (the Fetch standard's CORS-safelisted ones). */
export const SIMPLE_CONTENT_TYPES: readonly string[] = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/**
 * Headers that let a simple-typed POST through: no browser sets them on its own, so a page that
 * sends one was preflighted. `x-persist-csrf` is ours; the others are what GraphQL clients send
 * (Yoga's, Apollo's) or what carries credentials a page cannot attach by itself.
 */
export const PREFLIGHT_HEADERS: readonly string[] = [
  'x-persist-csrf',
  'graphql-require-preflight',
  'x-graphql-yoga-csrf',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'authorization',
];

/** The media type of a Content-Type value, lowercased, without parameters (`Text/Plain; x=y` → `text/plain`). */
export function essenceOf(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

/**
 * Whether a request with this method, content type and headers would have been preflighted by a
 * browser, or may run anyway: every method but POST, a POST of a non-simple type, or one that
 * carries a preflight header.
 */
export function passesCsrfRule(method: string, contentType: string | null | undefined, hasHeader: (name: string) => boolean): boolean {
  if (method.toUpperCase() !== 'POST') return true;
  const essence = contentType === null || contentType === undefined ? '' : essenceOf(contentType);
  if (essence !== '' && !SIMPLE_CONTENT_TYPES.includes(essence)) return true;
  return PREFLIGHT_HEADERS.some(hasHeader);
}

/** What a refused request is told: what was wrong and how to send it instead. */
export const CSRF_REFUSAL_MESSAGE =
  'This POST was refused as a possible cross-site request forgery: its Content-Type is missing or one that browsers send ' +
  `from any web page (${SIMPLE_CONTENT_TYPES.join(', ')}). Send the request as Content-Type: application/json ` +
  '(or application/graphql-response+json, application/graphql), or add the header x-persist-csrf: 1.';

/** A Yoga plugin refusing simple POSTs (form, multipart, text/plain, no type) before their body is read: HTTP 400, BAD_REQUEST. */
export function useCsrfPrevention(): Plugin {
  return {
    onRequestParse({ request }) {
      if (passesCsrfRule(request.method, request.headers.get('content-type'), (name) => request.headers.has(name))) return;
      throw createGraphQLError(CSRF_REFUSAL_MESSAGE, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
    },
  };
}
