/** The server log: one line per event, colours only when asked, an error's stack once per distinct error. */
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createServerLogger } from '../../src/server/server-logger.js';

function capture(
  color: boolean,
  level?: 'debug' | 'info' | 'warn' | 'error' | 'silent',
): { lines: string[]; log: ReturnType<typeof createServerLogger> } {
  const lines: string[] = [];
  const log = createServerLogger({
    write: (l) => lines.push(l),
    color,
    now: () => new Date('2026-01-02T03:04:05.000Z'),
    ...(level ? { level } : {}),
  });
  return { lines, log };
}

describe('the server logger', () => {
  it('writes one line per event, the stack of an error once, then a count', () => {
    const { lines, log } = capture(false);
    const outage = (): Error => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED' });
    for (let i = 0; i < 3; i++)
      log.error(new GraphQLError('connect ECONNREFUSED 127.0.0.1:3306', { originalError: outage(), path: ['employees', i] }));
    log.warn('a message\nover two lines');
    log.info('listening', { port: 4000 });
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(line).not.toContain('\n');
    expect(lines[0]).toMatch(
      /^2026-01-02T03:04:05\.000Z ERROR Error \[ECONNREFUSED\]: connect ECONNREFUSED 127\.0\.0\.1:3306 \(at employees\.0\) \| at /,
    );
    expect(lines[1]).toBe(
      '2026-01-02T03:04:05.000Z ERROR Error [ECONNREFUSED]: connect ECONNREFUSED 127.0.0.1:3306 (at employees.1) (seen 2 times; its stack was logged the first time)',
    );
    expect(lines[2]).toContain('seen 3 times');
    expect(lines[3]).toBe('2026-01-02T03:04:05.000Z WARN  a message | over two lines');
    expect(lines[4]).toBe('2026-01-02T03:04:05.000Z INFO  listening { port: 4000 }');
    expect(lines.join('')).not.toContain('\x1b[');
  });

  it('colours the level only when told to (a terminal), and honours the level', () => {
    const coloured = capture(true);
    coloured.log.error('boom');
    expect(coloured.lines[0]).toContain('\x1b[31mERROR\x1b[0m');
    const quiet = capture(false, 'warn');
    quiet.log.info('hidden');
    quiet.log.debug('hidden');
    quiet.log.warn('shown');
    expect(quiet.lines).toHaveLength(1);
    const silent = capture(false, 'silent');
    silent.log.error('hidden');
    expect(silent.lines).toEqual([]);
  });
});
