/**
 * The error of a request over a limit: BAD_USER_INPUT (SPEC §4), with a message naming the limit,
 * its value and where it is set, e.g. "Query depth 251 exceeds the limit of 12
 * (persist.limits.depth)."
 */
import { GraphQLError } from 'graphql';
import type { Limits } from './limits.js';

/**
 * A limit error. Without `status` it is answered as Yoga answers a validation error (400, or
 * 200 to a client that accepts only `application/json`, as GraphQL over HTTP has it); with one,
 * with that status. Yoga reads `extensions.http` and leaves it out of the answer.
 */
export function limitError(message: string, status?: number): GraphQLError {
  const http = status === undefined ? { spec: true, status: 400 } : { status };
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', http } });
}

/** Where a limit is set: a key of `persist.limits`, or a bound of the server itself. */
export function limitSource(key: keyof Limits | 'nesting' | 'tokens'): string {
  if (key === 'nesting') return 'a bound of the server: the larger of 100 and twice persist.limits.depth';
  if (key === 'tokens') return 'a bound of the server';
  return `persist.limits.${key}`;
}

/** "<what> <value> exceeds the limit of <limit> (<where>)<hint>." */
export function exceeds(what: string, value: number, limit: number, key: keyof Limits | 'nesting' | 'tokens', hint = ''): GraphQLError {
  return limitError(`${what} ${formatCount(value)} exceeds the limit of ${formatCount(limit)} (${limitSource(key)})${hint}.`);
}

/** Large estimates read as numbers, not as 1e+21. */
function formatCount(n: number): string {
  if (!Number.isFinite(n)) return 'beyond any number';
  return n < 1e15 ? String(Math.round(n)) : n.toExponential(2);
}
