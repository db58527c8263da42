/**
 * Two servers of the features model to compare answers: `lean` (persist serve's node handler, the
 * lean path in front of Yoga) and `yoga` (Yoga alone with its own executor, `compiled: false`),
 * each over its own seeded in-memory datastore, and the count of requests Yoga processed on the
 * lean one (its debug log line "Parsing request to extract GraphQL parameters"), to tell which path answered.
 */
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { YogaLogger } from 'graphql-yoga';
import { createDatastore } from '../../src/datastore/create-datastore.js';
import type { Datastore } from '../../src/datastore/datastore.js';
import { seedDatastore } from '../../src/datastore/seed.js';
import { createServer, type ServerOptions } from '../../src/server/index.js';
import { loadModel } from '../support/models.js';
import { featuresData } from '../support/sample-data.js';

export const features = loadModel('features');

export interface Running {
  url: string;
  close(): Promise<void>;
}

/** Listens on a free loopback port; `close` also closes the datastore. */
export async function listen(handler: RequestListener, datastore: Datastore): Promise<Running> {
  const server: Server = createHttpServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = async (): Promise<void> => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    await datastore.close();
  };
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, close };
}

export async function seededFeatures(): Promise<Datastore> {
  const datastore = await createDatastore(features, { datastore: 'inmemory' });
  await seedDatastore(datastore, features, featuresData());
  return datastore;
}

/** A silent logger counting the requests Yoga processed. */
export function countingLogger(): { logger: YogaLogger; yogaRequests: () => number } {
  let count = 0;
  const none = (): void => {};
  const logger: YogaLogger = {
    debug: (...args: unknown[]) => {
      if (args[0] === 'Parsing request to extract GraphQL parameters') count += 1;
    },
    info: none,
    warn: none,
    error: none,
  };
  return { logger, yogaRequests: () => count };
}

export interface ParityServers {
  lean: Running;
  yoga: Running;
  /** Requests Yoga processed on the lean server so far. */
  yogaRequests: () => number;
  close(): Promise<void>;
}

/** Both servers with the same `options`. */
export async function parityServers(options: Partial<ServerOptions> = {}): Promise<ParityServers> {
  const leanStore = await seededFeatures();
  const yogaStore = await seededFeatures();
  const counting = countingLogger();
  const lean = createServer({ model: features, datastore: leanStore, ...options, logging: counting.logger });
  const plain = createServer({ model: features, datastore: yogaStore, ...options, logging: false, compiled: false });
  const servers = { lean: await listen(lean.handler, leanStore), yoga: await listen(plain.handler, yogaStore) };
  return {
    ...servers,
    yogaRequests: counting.yogaRequests,
    close: async () => void (await Promise.all([servers.lean.close(), servers.yoga.close()])),
  };
}

export interface FullAnswer {
  status: number;
  /** Every header but `date`, by name; a generated `x-request-id` (a UUID, different each time) as `<uuid>`. */
  headers: Record<string, string>;
  body: string;
}

export async function fullAnswer(response: Response): Promise<FullAnswer> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name === 'x-request-id' && /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value)) headers[name] = '<uuid>';
    else if (name !== 'date') headers[name] = value;
  });
  return { status: response.status, headers, body: await response.text() };
}
