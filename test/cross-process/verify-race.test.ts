/**
 * Several application processes, each with its own connection or pool, call `verify` for the same
 * user at the same moment (released together by a start barrier). On every engine: one right code is
 * accepted exactly once, and wrong codes are each counted exactly once up to the lockout limit.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMfa, generateTotp } from '../../src/index.js';
import type { MfaPolicy } from '../../src/enrollment/policy.js';
import { type Engine, type OpenStore, openStore } from '../services/connect.js';
import { type Probe, describeWithServer, probePostgres, probeRedis } from '../services/env.js';
import { race, removeWorkerBundle } from './race.js';
import type { WorkerOutcome } from './worker.js';

const PROCESSES = 6;
const T0 = Date.UTC(2031, 0, 1, 12); // pairing time
const T1 = T0 + 20 * 60_000; // sign-in time, 40 steps later
const LOCKOUT_MS = 15 * 60_000;
const dir = mkdtempSync(join(tmpdir(), 'totp-enroll-race-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  removeWorkerBundle();
});

const engines: { name: string; engine: Engine; probe: Probe }[] = [
  { name: 'SQLite (file, WAL)', engine: 'sqlite', probe: { ok: true, url: join(dir, 'race.db') } },
  { name: 'PostgreSQL', engine: 'postgres', probe: await probePostgres() },
  { name: 'Redis', engine: 'redis', probe: await probeRedis() },
];

let users = 0;
const run = Math.random().toString(36).slice(2, 8);

/** Enrols and enables a fresh user at T0 and returns its id and secret. */
async function enrolledUser(db: OpenStore, policy: Partial<MfaPolicy>): Promise<{ userId: string; secret: string }> {
  const userId = `race-${run}-${++users}`;
  const mfa = createMfa({ store: db.store, issuer: 'Race', now: () => T0, policy });
  const started = await mfa.beginEnrollment(userId, { accountName: 'race@example.com' });
  if (!started.ok) throw new Error(`beginEnrollment: ${started.reason}`);
  const { secret } = started;
  const paired = await mfa.verifyPairing(userId, generateTotp(secret, { now: T0 - 30_000 }), generateTotp(secret, { now: T0 }));
  expect(paired).toEqual({ ok: true, state: 'verified' });
  expect(await mfa.enable(userId)).toMatchObject({ ok: true });
  return { userId, secret };
}

/** A code that is wrong at T1: none of the steps in the verification window produce it. */
function wrongCode(secret: string): string {
  const near = new Set([-1, 0, 1].map((d) => generateTotp(secret, { now: T1 + d * 30_000 })));
  return ['000000', '111111', '222222', '333333'].find((c) => !near.has(c))!;
}

const count = (outcomes: WorkerOutcome[], pred: (o: WorkerOutcome) => boolean): number => outcomes.filter(pred).length;
const reason = (r: string) => (o: WorkerOutcome) => 'reason' in o && o.reason === r;
const raw = async (db: OpenStore, userId: string) =>
  (await db.store.get(userId))?.record as { failures: number; lockedUntil?: number; active: { lastStep: number } };

for (const { name, engine, probe } of engines) {
  describeWithServer(`verify from ${PROCESSES} processes at once on ${name}`, probe, (target) => {
    let db: OpenStore;
    beforeAll(async () => {
      db = await openStore(engine, target);
    });
    afterAll(() => db?.close());
    const worker = (userId: string, codes: string[], policy: Partial<MfaPolicy>) =>
      Array.from({ length: PROCESSES }, () => ({ engine, target, userId, codes, now: T1, policy }));

    it('the same right code from every process is accepted exactly once', { timeout: 60_000 }, async () => {
      const policy = { maxFailures: 10, lockoutMs: LOCKOUT_MS };
      const { userId, secret } = await enrolledUser(db, policy);
      const code = generateTotp(secret, { now: T1 });
      const { outcomes, startSpreadMs, totalMs } = await race(worker(userId, [code, code, code, code], policy));
      const timing = `workers started within ${startSpreadMs} ms; all done in ${totalMs} ms`;

      expect(outcomes).toHaveLength(PROCESSES * 4);
      expect(count(outcomes, (o) => 'error' in o)).toBe(0);
      expect(count(outcomes, (o) => 'ok' in o && o.ok), timing).toBe(1);
      expect(count(outcomes, reason('replayed')) + count(outcomes, reason('busy'))).toBe(PROCESSES * 4 - 1);
      expect((await raw(db, userId)).active.lastStep).toBe(Math.floor(T1 / 30_000));
      expect((await raw(db, userId)).failures).toBe(0);
    });

    it('wrong codes from every process: the failure count is exact and the lock starts at the limit', { timeout: 60_000 }, async () => {
      const policy = { maxFailures: 10, lockoutMs: LOCKOUT_MS };
      const { userId, secret } = await enrolledUser(db, policy);
      const bad = wrongCode(secret);
      const { outcomes } = await race(worker(userId, [bad, bad, bad, bad], policy));

      expect(count(outcomes, (o) => 'error' in o)).toBe(0);
      expect(count(outcomes, (o) => 'ok' in o && o.ok)).toBe(0);
      const mismatches = count(outcomes, reason('mismatch'));
      const stored = await raw(db, userId);
      expect(mismatches).toBe(10);
      expect(stored.failures).toBe(10);
      expect(stored.lockedUntil).toBe(T1 + LOCKOUT_MS);
      expect(mismatches + count(outcomes, reason('locked')) + count(outcomes, reason('busy'))).toBe(PROCESSES * 4);
    });

    it('wrong codes below the limit: every counted failure is stored, none lost', { timeout: 60_000 }, async () => {
      const policy = { maxFailures: 100, lockoutMs: LOCKOUT_MS };
      const { userId, secret } = await enrolledUser(db, policy);
      const bad = wrongCode(secret);
      const { outcomes } = await race(worker(userId, [bad, bad, bad], policy));

      expect(count(outcomes, (o) => 'error' in o)).toBe(0);
      const mismatches = count(outcomes, reason('mismatch'));
      const stored = await raw(db, userId);
      expect(stored.failures).toBe(mismatches);
      expect(mismatches + count(outcomes, reason('busy'))).toBe(PROCESSES * 3);
      expect(mismatches).toBeGreaterThan(0);
      expect(stored.lockedUntil).toBe(undefined);
    });
  });
}
