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

it('refuses each waiter when its own wait is over, oldest first, with one timer for the queue', async () => {
  const gate = new ConnectionGate({ limit: 1, laneLimit: 1, queueLimit: 10, acquireTimeoutMs: 150 });
  const held = await gate.acquire('A');
  const ends: { name: string; granted: boolean; ms: number; message?: string }[] = [];
  const t0 = performance.now();
  const wait = (name: string): Promise<void> =>
    gate.acquire('A').then(
      () => void ends.push({ name, granted: true, ms: performance.now() - t0 }),
      (error: Error) => void ends.push({ name, granted: false, ms: performance.now() - t0, message: error.message }),
    );
  const first = wait('first');
  await new Promise((resolve) => setTimeout(resolve, 100));
  const second = wait('second');
  const third = wait('third');
  await first;
  expect(ends).toEqual([{ name: 'first', granted: false, ms: expect.any(Number), message: expect.stringContaining('acquireTimeout') }]);
  expect(ends[0]!.ms).toBeGreaterThanOrEqual(149);
  // The second and third wait on (their 150 ms run from 100 ms); a release grants the older.
  held();
  await second;
  expect(ends[1]).toMatchObject({ name: 'second', granted: true });
  await third;
  expect(ends[2]).toMatchObject({ name: 'third', granted: false, message: expect.stringContaining('acquireTimeout') });
  expect(ends[2]!.ms).toBeGreaterThanOrEqual(249);
  expect(gate.counts()).toEqual({ held: 1, waiting: 0 });
});

it('refuses every waiter when closed, and every later wait', async () => {
  const gate = new ConnectionGate({ limit: 1, laneLimit: 1, queueLimit: 10, acquireTimeoutMs: 60_000 });
  await gate.acquire('A');
  const waiting = [gate.acquire('A'), gate.acquire('B')];
  gate.close();
  for (const w of waiting)
    await expect(w).rejects.toMatchObject({ code: 'DATASTORE_UNAVAILABLE', message: expect.stringContaining('closed') });
  expect(gate.counts().waiting).toBe(0);
  const refused = await new Promise((resolve) =>
    gate.wait(
      'A',
      () => resolve('granted'),
      (error) => resolve(error.message),
    ),
  );
  expect(refused).toBe('The database connection pool is closed.');
});
