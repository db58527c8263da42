/**
 * `GET /` (and HEAD) redirects to the GraphQL endpoint, where a browser finds GraphiQL, rather than
 * answering an empty 404. A 302: the root may be given other content later (a 301 is cached for good).
 */
import type { Plugin } from 'graphql-yoga';

export function useRootRedirect(endpoint: string): Plugin {
  return {
    onRequest(payload) {
      const { request, url, fetchAPI } = payload;
      if (url.pathname !== '/' || (request.method !== 'GET' && request.method !== 'HEAD')) return;
      payload.endResponse(new fetchAPI.Response(null, { status: 302, headers: { location: endpoint, 'content-length': '0' } }));
    },
  };
}
