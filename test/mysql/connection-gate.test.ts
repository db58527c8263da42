/** ConnectionGate: a lane never holds every connection, waiters are bounded and time out. */
import { expect, it } from 'vitest';
import { ConnectionGate } from '../../src/datastore/mysql/connection-gate.js';

it('keeps connections for other lanes, queues per lane with a bound, and refuses after the acquire timeout', async () => {
  const gate = new ConnectionGate({ limit: 4, laneLimit: 3, queueLimit: 2, acquireTimeoutMs: 200 });
  const slow = await Promise.all([gate.acquire('Slow'), gate.acquire('Slow'), gate.acquire('Slow')]);
  // The fourth connection is not for the slow lane: it waits, another lane gets it at once.
  const waiting = [gate.acquire('Slow'), gate.acquire('Slow')];
  await expect(gate.acquire('Slow')).rejects.toMatchObject({
    code: 'DATASTORE_UNAVAILABLE',
    message: expect.stringContaining('queueLimit'),
  });
  const other = await gate.acquire('Other');
  // Freed by the slow lane: its first waiter gets it, in order.
  slow[0]!();
  const first = await waiting[0]!;
  const t0 = Date.now();
  await expect(waiting[1]).rejects.toMatchObject({ code: 'DATASTORE_UNAVAILABLE', message: expect.stringContaining('acquireTimeout') });
  expect(Date.now() - t0).toBeLessThan(1000);
  // Releasing twice gives back one connection, not two.
  other();
  other();
  const all = await Promise.all(
    [gate.acquire('Other'), gate.acquire('Third')].map((p) => Promise.race([p, new Promise((r) => setTimeout(() => r('waited'), 100))])),
  );
  expect(all.filter((x) => x === 'waited')).toHaveLength(1);
  first();
  gate.close();
  await expect(gate.acquire('Other')).rejects.toMatchObject({ code: 'DATASTORE_UNAVAILABLE' });
});
