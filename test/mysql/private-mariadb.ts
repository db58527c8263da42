/**
 * A MariaDB server of a test's own (never the shared one on 3306), so that fault tests may kill,
 * pause (SIGSTOP) and restart it: `mariadb-install-db` into a temporary directory, then `mariadbd`
 * on the given port with grants skipped (root, no password). `available()` says whether the
 * binaries are installed; the suites skip (or fail under CI=true) otherwise.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import mysql from 'mysql2/promise';

const MARIADBD = ['/usr/sbin/mariadbd', '/usr/sbin/mysqld'].find((p) => existsSync(p));
const INSTALL_DB = ['/usr/bin/mariadb-install-db', '/usr/bin/mysql_install_db'].find((p) => existsSync(p));

/** Why a private server cannot be started here, or undefined when it can. */
export function unavailableReason(): string | undefined {
  if (MARIADBD === undefined) return 'mariadbd is not installed';
  if (INSTALL_DB === undefined) return 'mariadb-install-db is not installed';
  return undefined;
}

export interface PrivateMariadbOptions {
  /** More mariadbd options. */
  args?: readonly string[];
}

/** One private server: its URL (without a database), and the faults it can be put through. */
export class PrivateMariadb {
  private process: ChildProcess | undefined;

  private constructor(
    private readonly dir: string,
    public port: number,
    private readonly extra: PrivateMariadbOptions,
  ) {}

  /** Installs a data directory and starts the server on `port` (with `options.args`, e.g. TLS settings). */
  static async start(port: number, options: PrivateMariadbOptions = {}): Promise<PrivateMariadb> {
    const dir = await mkdtemp(join(tmpdir(), 'persist-mariadb-'));
    await promisify(execFile)(INSTALL_DB!, [
      '--no-defaults',
      `--datadir=${join(dir, 'data')}`,
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
      '--user=root',
    ]);
    const server = new PrivateMariadb(dir, port, options);
    await server.resume();
    return server;
  }

  get url(): string {
    return `mysql://root@127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.process!.pid!;
  }

  /**
   * Starts the server (again) on the same data directory and waits until it answers; resumes
   * a paused one. `port` moves a stopped server to another port.
   */
  async resume(port = this.port): Promise<void> {
    this.port = port;
    if (this.process !== undefined && this.process.exitCode === null && this.process.signalCode === null) {
      this.process.kill('SIGCONT');
      return;
    }
    this.process = spawn(
      MARIADBD!,
      [
        '--no-defaults',
        `--datadir=${join(this.dir, 'data')}`,
        `--port=${this.port}`,
        '--bind-address=127.0.0.1',
        `--socket=${join(this.dir, 'mysqld.sock')}`,
        `--pid-file=${join(this.dir, 'mysqld.pid')}`,
        '--user=root',
        '--skip-grant-tables',
        '--skip-log-bin',
        '--innodb-buffer-pool-size=32M',
        '--max-connections=400',
        ...(this.extra.args ?? []),
      ],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        const c = await mysql.createConnection({
          host: '127.0.0.1',
          port: this.port,
          user: 'root',
          connectTimeout: 1000,
        });
        await c.end();
        return;
      } catch (e) {
        if (Date.now() > deadline) throw new Error(`the private MariaDB on ${this.port} did not start: ${String(e)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  /** SIGSTOP: the server keeps its sockets open and answers nothing. */
  async pause(): Promise<void> {
    const pid = this.process?.pid;
    this.process?.kill('SIGSTOP');
    if (pid === undefined) return;
    // kill() returns before every thread has stopped: on a loaded machine a ping sent at once can
    // still be answered. Wait until the kernel reports the process stopped ('T' in /proc/PID/stat).
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline) {
      const state = (await readFile(`/proc/${pid}/stat`, 'utf8')).replace(/^.*\) /s, '').charAt(0);
      if (state === 'T') return;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`the private MariaDB (pid ${pid}) did not stop within 5 s of SIGSTOP`);
  }

  /** SIGKILL, and waits for the process to be gone. */
  async kill(): Promise<void> {
    const p = this.process;
    if (p === undefined || p.exitCode !== null || p.signalCode !== null) return;
    const gone = new Promise((resolve) => p.once('exit', resolve));
    p.kill('SIGKILL');
    await gone;
  }

  /** Kills the server and removes its data directory. */
  async stop(): Promise<void> {
    await this.kill();
    await rm(this.dir, { recursive: true, force: true });
  }
}
