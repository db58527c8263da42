/**
 * `GET /health`: 200 `{"status":"ok"}` when the datastore answers a ping, 503
 * `{"status":"unavailable"}` otherwise (the reason is logged, never sent: it may hold connection
 * details). Yoga's own always-200 liveness answer moves to `/live`.
 *
 * A datastore that does not answer at all is unavailable after HEALTH_TIMEOUT_MS, whatever its
 * own ping does (MySQL pings on a connection of its own with a shorter deadline).
 */
import type { Plugin } from 'graphql-yoga';
import type { Datastore } from '../../datastore/datastore.js';
import { DatastoreUnavailableError } from '../../errors.js';

export const HEALTH_PATH = '/health';
export const LIVENESS_PATH = '/live';
/** The longest /health waits for the datastore's ping. */
export const HEALTH_TIMEOUT_MS = 900;

/** `datastore.ping()`, failing with DatastoreUnavailableError after HEALTH_TIMEOUT_MS. */
async function pingWithin(datastore: Datastore): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new DatastoreUnavailableError(`The datastore did not answer the health check within ${HEALTH_TIMEOUT_MS} ms.`)),
      HEALTH_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([datastore.ping(), late]);
  } finally {
    clearTimeout(timer);
  }
}

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
      return pingWithin(datastore).then(
        () => respond(200, '{"status":"ok"}'),
        (error: unknown) => {
          onFailure(error);
          respond(503, '{"status":"unavailable"}');
        },
      );
    },
  };
}
