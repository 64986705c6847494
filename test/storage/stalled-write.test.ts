/**
 * Issue 11, item 1, at the service level on real engines: a `verify` reads the record and stalls
 * before its compare-and-set; meanwhile the user disables MFA, housekeeping removes what the delete
 * left (the README allows it; Redis's tombstoneTtlMs does it by itself) and the user enrolls again
 * until the record has had as many writes as before. On 0.1.0 the versions restarted at 1, the
 * stalled write found "its" version again and put the OLD factor back.
 */
import { ok } from '../helpers/enrollment.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMfa } from '../../src/enrollment/service.js';
import { generateTotp } from '../../src/totp.js';
import type { MfaStore } from '../../src/storage/types.js';
import { describeWithServer, probePostgres, probeRedis } from '../services/env.js';
import { type EngineStore, openPostgres, openRedis, openSqlite } from './engines.js';

const T0 = Date.UTC(2031, 5, 1, 8);
const STEP = 30_000;
let users = 0;

/** A store whose first `put` waits at a gate until released, like a request stalled on the network. */
function stallFirstPut(store: MfaStore) {
  let reached!: (version: number | null) => void;
  let release!: () => void;
  const arrived = new Promise<number | null>((r) => (reached = r));
  const gate = new Promise<void>((r) => (release = r));
  let first = true;
  const stalled: MfaStore = {
    get: (u) => store.get(u),
    delete: (u, v) => store.delete(u, v),
    async put(u, record, expected) {
      if (first) {
        first = false;
        reached(expected);
        await gate;
      }
      return store.put(u, record, expected);
    },
  };
  return { store: stalled, arrived, release };
}

function stalledWriteCase(open: () => EngineStore): void {
  let engine: EngineStore;
  beforeAll(() => {
    engine = open();
  });
  afterAll(() => engine?.close());

  it('1. a delayed write brings a removed factor back: a verify stalled across disable, housekeeping and re-enrollment does not restore the old factor', async () => {
    let now = T0;
    const clock = () => now;
    const mfa = createMfa({ store: engine.store, issuer: 'Stalled', now: clock });
    const userId = `stalled-${++users}-${Math.random().toString(36).slice(2, 8)}`;
    const enroll = async (): Promise<string> => {
      const { secret } = ok(await mfa.beginEnrollment(userId, { accountName: 'stalled@example.com' }));
      expect(await mfa.verifyPairing(userId, generateTotp(secret, { now: now - STEP }), generateTotp(secret, { now }))).toMatchObject({ ok: true });
      expect(await mfa.enable(userId)).toMatchObject({ ok: true });
      return secret;
    };
    const oldSecret = await enroll();
    now += 2 * STEP;

    const gate = stallFirstPut(engine.store);
    const slow = createMfa({ store: gate.store, issuer: 'Stalled', now: clock });
    const stalledVerify = slow.verify(userId, generateTotp(oldSecret, { now }));
    const stalledAt = await gate.arrived; // read the enabled record, now waiting to write it back
    expect(stalledAt).toBe((await engine.store.get(userId))!.version);

    expect(await mfa.disable(userId)).toMatchObject({ ok: true });
    await engine.purge(userId);
    expect(await engine.store.get(userId)).toBe(null);
    const newSecret = await enroll(); // as many writes as the old factor had when the verify read it

    gate.release();
    const late = await stalledVerify;
    expect(late).toMatchObject({ ok: false }); // it was re-read under the new factor, where the old code is wrong

    now += STEP;
    expect((await mfa.status(userId)).state).toBe('enabled');
    expect(await mfa.verify(userId, generateTotp(oldSecret, { now }))).toMatchObject({ ok: false, reason: 'mismatch' });
    expect(await mfa.verify(userId, generateTotp(newSecret, { now }))).toMatchObject({ ok: true });
  });
}

describe('stalled write across a delete: SQLite (temporary file)', () => stalledWriteCase(openSqlite));
describeWithServer('stalled write across a delete: PostgreSQL', await probePostgres(), (url) => stalledWriteCase(() => openPostgres(url)));
describeWithServer('stalled write across a delete: Redis', await probeRedis(), (url) => stalledWriteCase(() => openRedis(url)));
