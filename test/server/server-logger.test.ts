/** The server log: one line per event, colours only when asked, an error's stack once per distinct error. */
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createServerLogger, logSettings } from '../../src/server/server-logger.js';

function capture(
  color: boolean,
  level?: 'debug' | 'info' | 'warn' | 'error' | 'silent',
): { lines: string[]; log: ReturnType<typeof createServerLogger> } {
  const lines: string[] = [];
  const log = createServerLogger({
    write: (l) => lines.push(l),
    color,
    format: 'pretty',
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

  it('writes JSON lines with the time, the level and the error with its stack once', () => {
    const lines: string[] = [];
    const log = createServerLogger({ format: 'json', write: (l) => lines.push(l), now: () => new Date('2026-01-02T03:04:05.000Z') });
    const boom = (): Error => Object.assign(new Error('boom\nsecond line'), { code: 'E_BOOM' });
    log.error('Health check failed', boom());
    log.error('Health check failed', boom());
    log.request({ reqId: 'r1', method: 'GET', path: '/health', status: 200, durationMs: 1.5, transport: 'yoga' });
    log.event('server started', { port: 4000 });
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records[0]).toMatchObject({ level: 'error', time: '2026-01-02T03:04:05.000Z', msg: 'Health check failed' });
    expect(records[0]!['err']).toMatchObject({ type: 'Error', code: 'E_BOOM', message: 'boom\nsecond line' });
    expect((records[0]!['err'] as { stack: string }).stack).toContain('server-logger.test.ts');
    expect(records[1]!['err']).toEqual({ type: 'Error', code: 'E_BOOM', message: 'boom\nsecond line', seen: 2 });
    expect(records[2]).toEqual({
      level: 'info',
      time: '2026-01-02T03:04:05.000Z',
      msg: 'request',
      reqId: 'r1',
      method: 'GET',
      path: '/health',
      status: 200,
      durationMs: 1.5,
      transport: 'yoga',
    });
    expect(records[3]).toEqual({ level: 'info', time: '2026-01-02T03:04:05.000Z', msg: 'server started', port: 4000 });
  });

  it('takes PERSIST_LOG_LEVEL and PERSIST_LOG_FORMAT over the persist.logging settings', () => {
    const saved = { level: process.env['PERSIST_LOG_LEVEL'], format: process.env['PERSIST_LOG_FORMAT'] };
    try {
      delete process.env['PERSIST_LOG_LEVEL'];
      process.env['PERSIST_LOG_FORMAT'] = '';
      expect(logSettings({ level: 'warn', format: 'pretty' })).toEqual({ level: 'warn', format: 'pretty' });
      // Not a terminal here: JSON when nothing says otherwise.
      expect(logSettings({}).format).toBe(process.stderr.isTTY === true ? 'pretty' : 'json');
      process.env['PERSIST_LOG_LEVEL'] = 'debug';
      process.env['PERSIST_LOG_FORMAT'] = 'JSON';
      expect(logSettings({ level: 'warn', format: 'pretty' })).toEqual({ level: 'debug', format: 'json' });
      process.env['PERSIST_LOG_LEVEL'] = 'loud';
      expect(() => logSettings({})).toThrow("PERSIST_LOG_LEVEL must be one of debug, info, warn, error, silent; it is 'loud'.");
    } finally {
      for (const [key, value] of [
        ['PERSIST_LOG_LEVEL', saved.level],
        ['PERSIST_LOG_FORMAT', saved.format],
      ] as const)
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
    }
  });
});
