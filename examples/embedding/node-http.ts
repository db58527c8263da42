/**
 * Persist in a plain Node `http` server, with an Envelop plugin of your choice (here Yoga's
 * response cache). Run from the project root: `node examples/embedding/dist/node-http.js`.
 */
import { createServer as createHttpServer } from 'node:http';
import { useResponseCache } from '@graphql-yoga/plugin-response-cache';
import { createServer } from 'persist/server';

const persist = await createServer({
  // The `persist:` block of codegen.yml: model, datastore, auth, permissions, limits, cors.
  config: 'codegen.yml',
  plugins: [useResponseCache({ session: () => null, ttl: 5_000, includeExtensionMetadata: true })],
});

const server = createHttpServer(persist.handler);
server.listen(Number(process.env['PORT'] ?? 4000), '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 4000;
  console.log(`GraphQL API at http://127.0.0.1:${port}/graphql`);
});

process.once('SIGTERM', () => server.close(() => void persist.close()));
