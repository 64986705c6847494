/**
 * Throw-away PostgreSQL and Redis servers that a fault test may stop and start again without
 * disturbing the shared ones from start.sh. Same binaries as start.sh (Debian's postgresql and
 * redis-server); data survives a stop, which is a crash (pg_ctl -m immediate, SIGKILL for Redis).
 */
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

export interface ThrowAwayServer {
  url: string;
  /** Stops the server abruptly (a crash). */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  start(): Promise<void>;
  /** Stops it and removes its data. */
  destroy(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function pgBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb')));
  versions.sort((a, b) => Number(a) - Number(b));
  const last = versions.at(-1);
  return last ? join(root, last, 'bin') : null;
}

function redisBin(): string | null {
  for (const p of ['/usr/bin/redis-server', '/usr/local/bin/redis-server']) if (existsSync(p)) return p;
  return null;
}

/** Why throw-away servers cannot be started here, or null if they can. */
export function serverBinariesMissing(): string | null {
  if (!pgBin()) return 'PostgreSQL binaries not found under /usr/lib/postgresql/*/bin (apt-get install postgresql)';
  if (!redisBin()) return 'redis-server not found (apt-get install redis-server)';
  return null;
}

const isRoot = process.getuid?.() === 0;
// PostgreSQL refuses to run as root; run its binaries as the `postgres` user then.
const asPg = (cmd: string, args: string[]): [string, string[]] =>
  isRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];

function run(cmd: string, args: string[]): void {
  execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
}

export async function startThrowAwayPostgres(): Promise<ThrowAwayServer> {
  const bin = pgBin();
  if (!bin) throw new Error('PostgreSQL binaries not found');
  const dir = mkdtempSync(join(tmpdir(), 'totp-enroll-pg-'));
  const data = join(dir, 'data');
  if (isRoot) chownSync(dir, uid('postgres'), gid('postgres'));
  run(...asPg(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']));
  const port = await freePort();
  const opts = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off`;
  const server: ThrowAwayServer = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async start() {
      run(...asPg(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', opts, 'start']));
    },
    async stop() {
      run(...asPg(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']));
    },
    async destroy() {
      try {
        await server.stop();
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}

export async function startThrowAwayRedis(): Promise<ThrowAwayServer> {
  const bin = redisBin();
  if (!bin) throw new Error('redis-server not found');
  const dir = mkdtempSync(join(tmpdir(), 'totp-enroll-redis-'));
  const port = await freePort();
  let child: ReturnType<typeof spawn> | undefined;
  const server: ThrowAwayServer = {
    url: `redis://127.0.0.1:${port}/0`,
    async start() {
      // appendfsync always: every acknowledged write survives the SIGKILL of stop().
      child = spawn(bin, ['--bind', '127.0.0.1', '--port', String(port), '--dir', dir, '--save', '',
        '--appendonly', 'yes', '--appendfsync', 'always'], { stdio: 'ignore' });
      for (let i = 0; i < 100; i++) {
        try {
          execFileSync('redis-cli', ['-p', String(port), 'ping'], { stdio: 'pipe' });
          return;
        } catch {
          await delay(100);
        }
      }
      throw new Error('throw-away Redis did not start');
    },
    async stop() {
      const c = child;
      child = undefined;
      if (!c || c.exitCode !== null) return;
      const exited = new Promise((resolve) => c.once('exit', resolve));
      c.kill('SIGKILL');
      await exited;
    },
    async destroy() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}

/** A Redis of one test's own, without persistence, started with extra `args` (e.g. a maxmemory policy). */
export interface OwnRedis {
  url: string;
  port: number;
  /** Stops it (by its PID) and removes its directory. */
  destroy(): Promise<void>;
}

export async function startOwnRedis(args: string[] = []): Promise<OwnRedis> {
  const bin = redisBin();
  if (!bin) throw new Error('redis-server not found');
  const dir = mkdtempSync(join(tmpdir(), 'totp-enroll-own-redis-'));
  const port = await freePort();
  const child = spawn(bin, ['--bind', '127.0.0.1', '--port', String(port), '--dir', dir, '--save', '', '--appendonly', 'no', ...args], {
    stdio: 'ignore',
  });
  const destroy = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 100; i++) {
    try {
      execFileSync('redis-cli', ['-p', String(port), 'ping'], { stdio: 'pipe' });
      return { url: `redis://127.0.0.1:${port}/0`, port, destroy };
    } catch {
      await delay(100);
    }
  }
  await destroy();
  throw new Error('own Redis did not start');
}

function uid(user: string): number {
  return Number(execFileSync('id', ['-u', user]).toString().trim());
}
function gid(user: string): number {
  return Number(execFileSync('id', ['-g', user]).toString().trim());
}
