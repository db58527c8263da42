/**
 * Content negotiation of GraphQL responses, one decision for both transports: the lean HTTP path
 * (lean-http-handler.ts) answers with the media type `responseTypeFor` picks, and Yoga is told to
 * use the same one (plugins/response-negotiation.ts), so that a request gets the same answer
 * whichever path serves it. The `negotiator` library reads the `Accept` header as HTTP says
 * (quality values, `*\/*` and `application/*`, parameters); of equally acceptable types the one
 * listed first in the header wins, and a wildcard means `application/json`, as in Yoga.
 *
 * Apollo Client 4 sends `application/graphql-response+json,application/json;q=0.9`: the first.
 * urql sends `application/graphql-response+json, application/graphql+json, application/json,
 * text/event-stream, multipart/mixed`: the first too. A header no JSON type satisfies (only
 * `text/event-stream`, only `text/html`) is left to Yoga's own processors (streams, 406).
 * Clients send the same `Accept` on every request: the decision is made once per header text
 * (header-memo.ts).
 */
import Negotiator from 'negotiator';
import { memoizeByHeader } from './header-memo.js';

export type ResponseType = 'application/graphql-response+json' | 'application/json';

// Each with the only charset answered: an entry asking for another charset matches neither. The
// order breaks ties between entries the header ranks alike (a wildcard): JSON first.
const OFFERED = ['application/json; charset=utf-8', 'application/graphql-response+json; charset=utf-8'] as const;
const TYPES: Record<(typeof OFFERED)[number], ResponseType> = {
  'application/json; charset=utf-8': 'application/json',
  'application/graphql-response+json; charset=utf-8': 'application/graphql-response+json',
};

const negotiate = memoizeByHeader((accept: string): ResponseType | undefined => {
  // No Accept header means anything, as in HTTP.
  const header = accept.trim() === '' ? '*/*' : accept;
  const chosen = new Negotiator({ headers: { accept: header } }).mediaType([...OFFERED]) as (typeof OFFERED)[number] | undefined;
  return chosen === undefined ? undefined : TYPES[chosen];
});

/** The JSON media type a request with this `Accept` is answered with, or undefined when it accepts neither. */
export function responseTypeFor(accept: string | null | undefined): ResponseType | undefined {
  return negotiate(accept ?? '');
}
