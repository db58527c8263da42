/**
 * graphql-http's GraphQL-over-HTTP audit (`auditServer`, the suite of the spec's reference
 * implementation) against `persist serve`'s node handler, over both transports: the lean path in
 * front of Yoga (`compiled`) and Yoga alone. Every audit passes, the SHOULDs and MAYs included:
 * a warning is a regression too.
 */
import { auditServer } from 'graphql-http';
import { describe, expect, it } from 'vitest';
import type { Datastore } from '../../src/datastore/datastore.js';
import { createServer } from '../../src/server/index.js';
import { features, listen } from './lean-parity-kit.js';

export function describeGraphqlHttpAudit(name: string, open: () => Promise<Datastore>): void {
  describe(`graphql-http audit (${name})`, () => {
    for (const compiled of [true, false]) {
      it(`passes every audit ${compiled ? 'on the lean path and Yoga' : 'on Yoga alone'}`, async () => {
        const datastore = await open();
        const running = await listen(createServer({ model: features, datastore, logging: false, compiled }).handler, datastore);
        try {
          const results = await auditServer({ url: running.url });
          const failed = results.filter((r) => r.status !== 'ok').map((r) => `${r.id} ${r.name}: ${r.status}`);
          expect(failed).toEqual([]);
          expect(results.length).toBeGreaterThan(50);
        } finally {
          await running.close();
        }
      });
    }
  });
}
