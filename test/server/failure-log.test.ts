/** FailureLog: one stack per distinct datastore failure, repeats counted, not logged per request. */
import { expect, it } from 'vitest';
import { DatastoreUnavailableError } from '../../src/errors.js';
import { FailureLog } from '../../src/server/failure-log.js';

it('logs a distinct failure once with its error, then one counted line per quiet period', () => {
  let now = 0;
  const written: { message: string; error: unknown }[] = [];
  const log = new FailureLog({
    write: (message, error) => written.push({ message, error }),
    quietMs: 1000,
    forgetMs: 10_000,
    now: () => now,
  });
  const refused = new DatastoreUnavailableError('The database is unavailable (refused); retry later.');
  for (let i = 0; i < 500; i++) log.report('A request failed', refused);
  expect(written).toEqual([{ message: 'A request failed: The database is unavailable (refused); retry later.', error: refused }]);
  // Another failure is distinct: it gets its own stack.
  const timeout = new DatastoreUnavailableError('The database did not answer within 11000 ms; retry later.');
  log.report('A request failed', timeout);
  expect(written).toHaveLength(2);
  expect(written[1]!.error).toBe(timeout);
  now = 1500;
  log.report('A request failed', refused);
  expect(written).toHaveLength(3);
  expect(written[2]).toEqual({
    message: 'A request failed: The database is unavailable (refused); retry later. (500 times in the last 2 s; stack logged before)',
    error: undefined,
  });
  // Forgotten after a long silence: logged in full again.
  now = 20_000;
  log.report('A request failed', refused);
  expect(written[3]!.error).toBe(refused);
});
