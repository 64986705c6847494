/**
 * A PgBouncer of one test's own, in transaction pooling mode, in front of the PostgreSQL from
 * start.sh: listens on a random 127.0.0.1 port, keeps its config, log and pid file in a temporary
 * directory, and is stopped by its PID. Needs Debian's `pgbouncer` (`apt-get install pgbouncer`).
 * Every database name is passed through (`* =`), so a client connects to `<bouncer>/<database>` as to the server.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { connect } from 'node:net';
import { freePort } from './servers.js';

const BIN = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer'].find((p) => existsSync(p));

/** Why a PgBouncer cannot be started here, or null if it can. */
export function pgbouncerMissing(): string | null {
  return BIN ? null : 'pgbouncer not found (apt-get install pgbouncer)';
}

export interface Bouncer {
  /** `url` with its host and port replaced by the bouncer's. */
  via(url: string): string;
  /** Stops it by its PID and removes its directory. */
  stop(): Promise<void>;
}

const isRoot = process.getuid?.() === 0;

/** Starts PgBouncer (transaction pooling) in front of the server `serverUrl` points at; `users` may connect without a password. */
export async function startPgbouncer(serverUrl: string, users: string[] = ['postgres']): Promise<Bouncer> {
  if (!BIN) throw new Error('pgbouncer not found');
  const server = new URL(serverUrl);
  const dir = mkdtempSync(join(tmpdir(), 'totp-enroll-pgbouncer-'));
  const port = await freePort();
  const pidfile = join(dir, 'pgbouncer.pid');
  writeFileSync(join(dir, 'userlist.txt'), users.map((u) => `"${u}" ""`).join('\n') + '\n');
  writeFileSync(
    join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `* = host=${server.hostname} port=${server.port}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${join(dir, 'userlist.txt')}`,
      'pool_mode = transaction',
      'max_client_conn = 1000',
      'default_pool_size = 40',
      'ignore_startup_parameters = extra_float_digits',
      `logfile = ${join(dir, 'pgbouncer.log')}`,
      `pidfile = ${pidfile}`,
      '',
    ].join('\n'),
  );
  // PgBouncer refuses to run as root: as root, run it as the `postgres` user (who owns the directory then).
  if (isRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    for (const f of ['', 'userlist.txt', 'pgbouncer.ini']) chownSync(join(dir, f), uid, gid);
  }
  const args = ['-d', '-q', join(dir, 'pgbouncer.ini')];
  execFileSync(...((isRoot ? ['runuser', ['-u', 'postgres', '--', BIN, ...args]] : [BIN, args]) as [string, string[]]), {
    stdio: 'pipe',
  });
  const pid = async (): Promise<number> => {
    for (let i = 0; i < 100; i++) {
      if (existsSync(pidfile)) {
        const n = Number(readFileSync(pidfile, 'utf8').trim());
        if (n > 0) return n;
      }
      await delay(50);
    }
    throw new Error(`pgbouncer wrote no pid file: ${readLog(dir)}`);
  };
  const bouncerPid = await pid();
  const stop = async (): Promise<void> => {
    try {
      process.kill(bouncerPid, 'SIGTERM');
      for (let i = 0; i < 100 && alive(bouncerPid); i++) await delay(50);
      if (alive(bouncerPid)) process.kill(bouncerPid, 'SIGKILL');
    } catch {
      // already gone
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 100; i++) {
    if (await listening(port)) {
      return {
        via(url) {
          const u = new URL(url);
          u.hostname = '127.0.0.1';
          u.port = String(port);
          return u.toString();
        },
        stop,
      };
    }
    await delay(50);
  }
  const log = readLog(dir);
  await stop();
  throw new Error(`pgbouncer did not listen: ${log}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

function readLog(dir: string): string {
  try {
    return readFileSync(join(dir, 'pgbouncer.log'), 'utf8').slice(-2000);
  } catch {
    return '(no log)';
  }
}
