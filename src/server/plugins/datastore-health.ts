/**
 * `GET /health`: 200 `{"status":"ok"}` when the datastore answers a ping, 503
 * `{"status":"unavailable"}` otherwise (the reason is logged, never sent: it may hold connection
 * details). Yoga's own always-200 liveness answer moves to `/live`.
 */
import type { Plugin } from 'graphql-yoga';
import type { Datastore } from '../../datastore/datastore.js';

export const HEALTH_PATH = '/health';
export const LIVENESS_PATH = '/live';

/** A Yoga plugin answering `GET /health` from `datastore.ping()`. */
export function useDatastoreHealth(datastore: Datastore, onFailure: (error: unknown) => void): Plugin {
  return {
    onRequest: (payload) => {
      const { url, fetchAPI } = payload;
      if (url.pathname !== HEALTH_PATH) return;
      const respond = (status: number, body: string): void =>
        payload.endResponse(
          new fetchAPI.Response(body, {
            status,
            headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
          }),
        );
      return datastore.ping().then(
        () => respond(200, '{"status":"ok"}'),
        (error: unknown) => {
          onFailure(error);
          respond(503, '{"status":"unavailable"}');
        },
      );
    },
  };
}
