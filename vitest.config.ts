import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // graphql 16 ships both index.mjs ("module") and index.js ("main") without an exports map.
    // Vite would give our sources the .mjs copy while graphql-yoga and @graphql-tools (loaded by
    // Node) get index.js: two graphql instances, so `instanceof GraphQLError` fails across them.
    // Pin the one Node itself uses, as in production.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
});
