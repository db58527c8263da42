/**
 * TLS to MySQL from DATABASE_URL's `ssl-*` parameters (src/datastore/mysql/tls-options.ts),
 * against a private MariaDB with TLS on, with certificates made here by
 * openssl: a CA, a server certificate for `localhost` signed by it, a client certificate, and a
 * second CA that signed nothing of the server's.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMysqlPool, parseMysqlUrl } from '../../src/datastore/mysql/mysql-pool.js';
import { PrivateMariadb, unavailableReason } from './private-mariadb.js';

// serve-wait.test.ts uses the base port + 1 and + 2.
const DB_PORT = Number(process.env.PERSIST_TEST_PRIVATE_PORT ?? 3411) + 3;
const reason = unavailableReason();
const describeTls = reason === undefined || process.env.CI === 'true' ? describe : describe.skip;

const run = promisify(execFile);
const openssl = (...args: string[]) => run('openssl', args);

/** Two CAs (`ca.pem`, `other-ca.pem`) and, signed by the first, a server and a client certificate (`<name>.pem`, `<name>-key.pem`). */
async function makeCerts(dir: string): Promise<void> {
  const at = (file: string) => join(dir, file);
  for (const ca of ['ca', 'other-ca'])
    await openssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=Persist test ${ca}`,
      '-keyout',
      at(`${ca}-key.pem`),
      '-out',
      at(`${ca}.pem`),
    );
  for (const [file, cn, ext] of [
    ['server', 'localhost', 'subjectAltName=DNS:localhost'],
    ['client', 'persist-client', 'extendedKeyUsage=clientAuth'],
  ] as const) {
    await openssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      `/CN=${cn}`,
      '-keyout',
      at(`${file}-key.pem`),
      '-out',
      at(`${file}.csr`),
    );
    await writeFile(at(`${file}.ext`), `${ext}\n`);
    await openssl(
      'x509',
      '-req',
      '-in',
      at(`${file}.csr`),
      '-CA',
      at('ca.pem'),
      '-CAkey',
      at('ca-key.pem'),
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      at(`${file}.ext`),
      '-out',
      at(`${file}.pem`),
    );
  }
}

describeTls('TLS to MySQL from DATABASE_URL', () => {
  let dir: string;
  let db: PrivateMariadb;
  const pem = (file: string) => join(dir, file);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'persist-tls-'));
    await makeCerts(dir);
    db = await PrivateMariadb.start(DB_PORT, {
      args: [`--ssl-ca=${pem('ca.pem')}`, `--ssl-cert=${pem('server.pem')}`, `--ssl-key=${pem('server-key.pem')}`],
    });
  }, 120_000);
  afterAll(async () => {
    await db?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /** The TLS cipher of a connection opened with these URL parameters (host `host`), or the error that stopped it. */
  async function cipherWith(params: string, host = '127.0.0.1'): Promise<string> {
    const pool = createMysqlPool(`mysql://root@${host}:${DB_PORT}/mysql?${params}`, { connectTimeoutMs: 5000 });
    try {
      const [rows] = await pool.query({ sql: "SHOW SESSION STATUS LIKE 'Ssl_cipher'" });
      return String((rows as { Value: string }[])[0]?.Value);
    } finally {
      await pool.end();
    }
  }

  it('without ssl-mode (or with DISABLED) the connection is plain text', async () => {
    expect(await cipherWith('')).toBe('');
    expect(await cipherWith('ssl-mode=DISABLED')).toBe('');
  });

  it('REQUIRED encrypts without checking the certificate', async () => {
    expect(await cipherWith('ssl-mode=REQUIRED')).toMatch(/\w/);
    expect(await cipherWith('ssl-mode=required')).toMatch(/\w/);
  });

  it('VERIFY_CA checks the certificate against ssl-ca: the right CA passes, another one fails', async () => {
    expect(await cipherWith(`ssl-mode=VERIFY_CA&ssl-ca=${pem('ca.pem')}`)).toMatch(/\w/);
    // ssl-ca alone means VERIFY_CA, and REQUIRED with ssl-ca verifies too, as the mysql client does.
    expect(await cipherWith(`ssl-ca=${pem('ca.pem')}`)).toMatch(/\w/);
    for (const params of [
      `ssl-mode=VERIFY_CA&ssl-ca=${pem('other-ca.pem')}`,
      `ssl-mode=REQUIRED&ssl-ca=${pem('other-ca.pem')}`,
      'ssl-mode=VERIFY_CA',
    ])
      await expect(cipherWith(params), params).rejects.toThrow(/certificate/i);
  });

  it('VERIFY_IDENTITY also checks that the certificate names the host', async () => {
    expect(await cipherWith(`ssl-mode=VERIFY_IDENTITY&ssl-ca=${pem('ca.pem')}`, 'localhost')).toMatch(/\w/);
  });

  it('sends a client certificate with ssl-cert and ssl-key', async () => {
    expect(
      await cipherWith(`ssl-mode=VERIFY_CA&ssl-ca=${pem('ca.pem')}&ssl-cert=${pem('client.pem')}&ssl-key=${pem('client-key.pem')}`),
    ).toMatch(/\w/);
  });
});

describe('the ssl-* parameters of DATABASE_URL', () => {
  const url = (params: string) => `mysql://root@127.0.0.1:3306/db?${params}`;

  it('refuses unknown parameters, bad modes, PREFERRED and missing files, saying what to write', () => {
    expect(() => parseMysqlUrl(url('ssl=true'))).toThrow(/unknown parameter 'ssl' \(known: ssl-mode, ssl-ca, ssl-cert, ssl-key/);
    expect(() => parseMysqlUrl(url('sslmode=require'))).toThrow(/unknown parameter 'sslmode'/);
    expect(() => parseMysqlUrl(url('ssl-mode=ON'))).toThrow(/ssl-mode 'ON' is not one of DISABLED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY/);
    expect(() => parseMysqlUrl(url('ssl-mode=PREFERRED'))).toThrow(/PREFERRED is not supported: .*Use ssl-mode=REQUIRED/);
    expect(() => parseMysqlUrl(url('ssl-mode=REQUIRED&ssl-ca=/nonexistent/ca.pem'))).toThrow(
      /ssl-ca=\/nonexistent\/ca.pem cannot be read \(ENOENT\)/,
    );
    expect(() => parseMysqlUrl(url('ssl-cert=/a.pem'))).toThrow(/ssl-cert and ssl-key go together/);
    expect(() => parseMysqlUrl(url('ssl-mode=DISABLED&ssl-ca=/a.pem'))).toThrow(/DISABLED takes no ssl-ca/);
    expect(() => parseMysqlUrl(url('ssl-mode=REQUIRED&ssl-mode=DISABLED'))).toThrow(/'ssl-mode' is given twice/);
    for (const bad of ['ssl=true', 'ssl-mode=ON'])
      expect(() => parseMysqlUrl(url(bad))).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });

  it('reads no parameter as no TLS, and REQUIRED as TLS without verification', () => {
    expect(parseMysqlUrl('mysql://root@127.0.0.1:3306/db').ssl).toBeUndefined();
    expect(parseMysqlUrl(url('ssl-mode=DISABLED')).ssl).toBeUndefined();
    expect(parseMysqlUrl(url('ssl-mode=REQUIRED')).ssl).toEqual({ rejectUnauthorized: false, verifyIdentity: false });
  });
});
