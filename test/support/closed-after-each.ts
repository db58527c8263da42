/**
 * Closers run after each test of the file that calls this (servers, datastores a test opened):
 * push a closer onto the returned list.
 */
import { afterEach } from 'vitest';

export function closedAfterEach(): (() => Promise<void>)[] {
  const closing: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(closing.splice(0).map((close) => close()));
  });
  return closing;
}
