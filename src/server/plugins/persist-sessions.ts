/**
 * Yoga's side of sessions (server/session-refusal.ts): before a GraphQL request is parsed, its
 * session is found (handed over by the lean path, which authenticated it already, or from
 * `authenticate`) and with it the request's pipeline (graphql/session-pipelines.ts), which the
 * server context then carries to the pipeline plugin and the context factory. A refused session
 * ends the request with 401 or 403.
 */
import type { Plugin } from 'graphql-yoga';
import type { RequestPipeline, SessionPipelines } from '../../graphql/index.js';
import type { Session } from '../../permissions/rules.js';
import { fetchHeaders } from '../auth/request-headers.js';
import { type Authenticate, sessionRefusal } from '../session-refusal.js';

/** The server-context key of a request's session (set by the lean path when it hands a request over). */
export const SESSION = Symbol('persist.session');
/** The server-context key of the pipeline that serves the request's session. */
export const PIPELINE = Symbol('persist.pipeline');

/** What the server context of a GraphQL request holds once its session is known. */
export interface SessionContext {
  [SESSION]?: Session;
  [PIPELINE]?: RequestPipeline;
}

/** The pipeline of a request this plugin has seen; a request without one is a bug, never an admin's. */
export function pipelineOf(context: object): RequestPipeline {
  const pipeline = (context as SessionContext)[PIPELINE];
  if (pipeline === undefined) throw new Error('A GraphQL request reached execution without a session.');
  return pipeline;
}

/** The session of a request this plugin has seen. */
export function sessionOf(context: object): Session | undefined {
  return (context as SessionContext)[SESSION];
}

/** A Yoga plugin establishing each GraphQL request's session and pipeline. */
export function usePersistSessions(pipelines: SessionPipelines, authenticate: Authenticate): Plugin {
  return {
    async onRequestParse({ request, serverContext }) {
      const context = serverContext as SessionContext;
      try {
        const session = context[SESSION] ?? (await authenticate(fetchHeaders(request.headers)));
        context[SESSION] = session;
        context[PIPELINE] = pipelines.pipelineFor(session);
      } catch (error) {
        // Thrown here, a GraphQLError with extensions.http is answered with its status and headers.
        throw sessionRefusal(error)?.error ?? error;
      }
    },
  };
}
