/**
 * Persist mounted in a Fastify application, beside its own routes. Run from the project root:
 * `node examples/embedding/dist/fastify.js`.
 */
import Fastify from 'fastify';
import { createServer } from 'persist/server';

const persist = await createServer({ model: 'model/model.bal', datastore: { datastore: 'inmemory' } });

const app = Fastify();
app.get('/hello', () => ({ hello: 'world' }));
await app.register((graphql, _options, done) => {
  // Persist reads the body itself (within its size limit): in this scope Fastify parses none.
  graphql.removeAllContentTypeParsers();
  graphql.addContentTypeParser('*', (_request, _payload, parsed) => parsed(null));
  graphql.route({
    url: '/graphql',
    method: ['GET', 'POST', 'OPTIONS'],
    handler: (request, reply) => {
      reply.hijack();
      persist.handler(request.raw, reply.raw);
    },
  });
  done();
});

const address = await app.listen({ port: Number(process.env['PORT'] ?? 4000), host: '127.0.0.1' });
console.log(`GraphQL API at ${address}/graphql`);

process.once('SIGTERM', () => void app.close().then(() => persist.close()));
