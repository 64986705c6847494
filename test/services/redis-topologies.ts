/**
 * Replicated and clustered Redis of a test's own, on 127.0.0.1 at random ports, from Debian's
 * `redis-server` (Sentinel runs as `redis-server <conf> --sentinel`, so `redis-sentinel` is not
 * needed) and `redis-cli`. Every process is stopped by its PID; each topology lives in a temporary
 * directory that is removed afterwards.
 *
 * - {@link startSentinelGroup}: 1 primary + N replicas + 3 sentinels monitoring `mymaster`, quorum 2,
 *   down-after 1 s (a frozen primary is failed over within a few seconds).
 * - {@link startCluster}: 3 masters, `--cluster-enabled yes`, slots assigned by `redis-cli --cluster create`.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import { freePort } from './servers.js';

const run = promisify(execFile);

/** Why these topologies cannot be started here, or null. */
export function topologyBinariesMissing(): string | null {
  for (const bin of ['/usr/bin/redis-server', '/usr/bin/redis-cli']) {
    if (!existsSync(bin)) return `${bin} not found (apt-get install redis-server)`;
  }
  return null;
}

/** `redis-cli -p port args...`, its output trimmed. */
export async function cli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { timeout: 30_000 });
  return stdout.trim();
}

interface Proc {
  port: number;
  child: ChildProcess;
}

function spawnRedis(dir: string, port: number, args: string[]): Proc {
  mkdirSync(dir, { recursive: true });
  const child = spawn('redis-server', args, { cwd: dir, stdio: 'ignore' });
  return { port, child };
}

async function waitFor(what: string, check: () => Promise<boolean>, tries = 150): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check().catch(() => false)) return;
    await delay(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function stop(p: Proc): Promise<void> {
  const c = p.child;
  if (c.exitCode !== null || c.signalCode !== null) return;
  const exited = new Promise((resolve) => c.once('exit', resolve));
  c.kill('SIGCONT'); // a frozen process cannot act on SIGKILL's exit until the kernel reaps it; harmless otherwise
  c.kill('SIGKILL');
  await exited;
}

// No diskless-sync delay: a replica (re)joining is in sync in milliseconds instead of after 5 s.
const nodeArgs = (port: number): string[] =>
  ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--repl-diskless-sync-delay', '0'];

/** Replicas of the node at `port` that are in sync (`state=online`). */
async function onlineReplicas(port: number): Promise<number> {
  const info = await cli(port, 'info', 'replication');
  if (!info.includes('role:master')) return -1;
  return info.split('\n').filter((l) => /^slave\d+:.*state=online/.test(l)).length;
}

export interface SentinelGroup {
  name: 'mymaster';
  sentinels: { host: string; port: number }[];
  /** Ports of the data nodes: [first primary, ...replicas]. */
  nodes: number[];
  /** The port of the primary the sentinels report now. */
  primary(): Promise<number>;
  /** SIGSTOP / SIGCONT of a data node, by port. */
  freeze(port: number): void;
  thaw(port: number): void;
  /** `SENTINEL FAILOVER mymaster` and waits until a node other than `from` is primary and every sentinel agrees. */
  failover(): Promise<number>;
  /** Waits until the sentinels report a primary other than `from` and it has `replicas` replicas in sync. */
  waitForNewPrimary(from: number, replicas: number): Promise<number>;
  destroy(): Promise<void>;
}

export async function startSentinelGroup(replicas = 2): Promise<SentinelGroup> {
  const dir = mkdtempSync(join(tmpdir(), 'totp-enroll-sentinel-'));
  const procs: Proc[] = [];
  try {
    const primaryPort = await freePort();
    procs.push(spawnRedis(join(dir, 'n0'), primaryPort, nodeArgs(primaryPort)));
    await waitFor('the primary', async () => (await cli(primaryPort, 'ping')) === 'PONG');
    for (let i = 1; i <= replicas; i++) {
      const port = await freePort();
      procs.push(spawnRedis(join(dir, `n${i}`), port, [...nodeArgs(port), '--replicaof', '127.0.0.1', String(primaryPort)]));
    }
    const nodes = procs.map((p) => p.port);
    await waitFor('replicas in sync', async () => (await onlineReplicas(primaryPort)) === replicas);
    const sentinels: { host: string; port: number }[] = [];
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      const conf = join(dir, `sentinel-${i}.conf`);
      writeFileSync(conf, [
        `bind 127.0.0.1`, `port ${port}`, `dir ${dir}`,
        `sentinel monitor mymaster 127.0.0.1 ${primaryPort} 2`,
        `sentinel down-after-milliseconds mymaster 1000`,
        `sentinel failover-timeout mymaster 4000`,
        `sentinel parallel-syncs mymaster ${replicas}`, '',
      ].join('\n'));
      procs.push(spawnRedis(dir, port, [conf, '--sentinel']));
      sentinels.push({ host: '127.0.0.1', port });
    }
    const primaryOf = async (port: number): Promise<number> =>
      Number((await cli(port, 'sentinel', 'get-master-addr-by-name', 'mymaster')).split('\n')[1]);
    const agreed = async (): Promise<number | null> => {
      const seen = await Promise.all(sentinels.map((s) => primaryOf(s.port)));
      return seen.every((p) => p === seen[0]) ? seen[0]! : null;
    };
    await waitFor('sentinels to see each other and the replicas', async () => {
      const text = await cli(sentinels[0]!.port, 'sentinel', 'master', 'mymaster');
      const lines = text.split('\n');
      const field = (name: string) => Number(lines[lines.indexOf(name) + 1]);
      return field('num-other-sentinels') === 2 && field('num-slaves') === replicas;
    });
    const byPort = (port: number) => procs.find((p) => p.port === port)!;
    const group: SentinelGroup = {
      name: 'mymaster',
      sentinels,
      nodes,
      primary: () => primaryOf(sentinels[0]!.port),
      freeze: (port) => void byPort(port).child.kill('SIGSTOP'),
      thaw: (port) => void byPort(port).child.kill('SIGCONT'),
      async waitForNewPrimary(from, want) {
        let now = from;
        await waitFor('a new primary', async () => {
          const p = await agreed();
          if (p === null || p === from) return false;
          now = p;
          return (await onlineReplicas(p)) >= want;
        }, 400);
        return now;
      },
      async failover() {
        const from = await group.primary();
        await cli(sentinels[0]!.port, 'sentinel', 'failover', 'mymaster');
        return group.waitForNewPrimary(from, replicas);
      },
      async destroy() {
        for (const p of procs.reverse()) await stop(p);
        rmSync(dir, { recursive: true, force: true });
      },
    };
    return group;
  } catch (error) {
    for (const p of procs) await stop(p);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

export interface TestCluster {
  /** The masters' ports. */
  ports: number[];
  /** `redis-cli --cluster reshard`: moves `slots` slots from the master at `from` to the one at `to`. */
  reshard(from: number, to: number, slots: number): Promise<void>;
  /** Node id of the master at `port`. */
  nodeId(port: number): Promise<string>;
  destroy(): Promise<void>;
}

export async function startCluster(masters = 3): Promise<TestCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'totp-enroll-cluster-'));
  const procs: Proc[] = [];
  try {
    for (let i = 0; i < masters; i++) {
      const port = await freePort();
      // The bus port is picked free too: by default it is port + 10000, which may be taken (CI once timed out
      // waiting for a node whose bus port was in use) or above 65535.
      const busPort = await freePort();
      procs.push(spawnRedis(join(dir, `n${i}`), port, [...nodeArgs(port), '--cluster-enabled', 'yes', '--cluster-port', String(busPort),
        '--cluster-config-file', `nodes-${port}.conf`, '--cluster-node-timeout', '5000']));
    }
    const ports = procs.map((p) => p.port);
    for (const port of ports) await waitFor(`cluster node ${port}`, async () => (await cli(port, 'ping')) === 'PONG');
    await run('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'], { timeout: 60_000 });
    for (const port of ports) {
      await waitFor(`cluster_state:ok on ${port}`, async () => (await cli(port, 'cluster', 'info')).includes('cluster_state:ok'));
    }
    const nodeId = async (port: number) => cli(port, 'cluster', 'myid');
    return {
      ports,
      nodeId,
      async reshard(from, to, slots) {
        await run('redis-cli', ['--cluster', 'reshard', `127.0.0.1:${from}`, '--cluster-from', await nodeId(from),
          '--cluster-to', await nodeId(to), '--cluster-slots', String(slots), '--cluster-yes', '--cluster-pipeline', '50'],
        { timeout: 120_000 });
      },
      async destroy() {
        for (const p of procs) await stop(p);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    for (const p of procs) await stop(p);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
