/**
 * Persist mounted in an Express application, beside its own routes. Run from the project root:
 * `node examples/embedding/dist/express.js`.
 */
import express from 'express';
import { createServer } from 'persist/server';

const persist = await createServer({ model: 'model/model.bal', datastore: { datastore: 'inmemory' } });

const app = express();
app.get('/hello', (_req, res) => {
  res.json({ hello: 'world' });
});
// `app.all` keeps the request's URL (`app.use('/graphql', …)` would cut the path off), and no
// body parser may run before it: Persist reads the body itself, within its size limit.
app.all('/graphql', persist.handler);

const server = app.listen(Number(process.env['PORT'] ?? 4000), '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 4000;
  console.log(`GraphQL API at http://127.0.0.1:${port}/graphql`);
});

process.once('SIGTERM', () => server.close(() => void persist.close()));
