// migrateSecrets (issue 13 item 2): turning encryption on and finishing a key rotation without downtime.
// Plaintext records are sealed, old key ids re-wrapped, each record with one compare-and-set, so a sign-in
// that writes meanwhile loses nothing; idempotent, resumable, reserved ids untouched, failures counted.
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aesGcmCipher } from '../src/enrollment/cipher.js';
import { type MigrateSecretsProgress, migrateSecrets } from '../src/enrollment/migrate.js';
import { encodeSecret } from '../src/secret.js';
import { memoryStore } from '../src/storage/memory.js';
import { sqliteStore } from '../src/storage/sqlite.js';
import type { Json, MfaStore } from '../src/storage/types.js';
import { PERIOD_MS, SECRET, codeAtStep, enroll, harness, ok, why, wrongCode } from './helpers/enrollment.js';

const KEY1 = new Uint8Array(32).fill(1);
const KEY2 = new Uint8Array(32).fill(2);
const k1 = () => aesGcmCipher({ keys: { k1: KEY1 }, currentKeyId: 'k1' });
const k2 = () => aesGcmCipher({ keys: { k1: KEY1, k2: KEY2 }, currentKeyId: 'k2' });
type Rec = { active?: { secret: unknown; lastStep: number }; pending?: { secret: unknown }; failures: number };
const rec = async (store: MfaStore, id: string) => (await store.get(id))!.record as unknown as Rec;
const TENANT = '\uFDD0tenant:acme';

/** A store whose writes are counted. */
function counting(store: MfaStore) {
  const calls = { put: 0 };
  const wrapped: MfaStore = {
    get: (id) => store.get(id),
    put: (id, r, v) => (calls.put++, store.put(id, r, v)),
    delete: (id, v) => store.delete(id, v),
    list: (o) => store.list!(o),
  };
  return { store: wrapped, calls };
}

/** `n` users enrolled on a plaintext store (no cipher); returns the harness and each user's secret. */
async function plaintextUsers(n: number, prefix = 'u') {
  const h = harness();
  const secrets = new Map<string, string>();
  for (let i = 0; i < n; i++) {
    const id = `${prefix}${String(i).padStart(3, '0')}`;
    const secret = encodeTestSecret(i);
    ok(await h.mfa.importFactor(id, { secret, lastStep: h.step() - 1 }));
    secrets.set(id, secret);
  }
  return { h, secrets };
}
/** 20 distinct key bytes per user. */
const encodeTestSecret = (i: number): string => encodeSecret(new Uint8Array(20).map((_, j) => (i * 31 + j * 7 + 1) & 0xff));

describe('migrateSecrets', () => {
  it('seals every plaintext secret (active and pending) under its binding; the service with the cipher then signs in and pairs', async () => {
    const { h, secrets } = await plaintextUsers(5);
    const rotating = ok(await h.mfa.beginEnrollment('u000', { accountName: 'a@example.com' }));
    const result = await migrateSecrets({ store: h.store, cipher: k1() });
    expect(result).toEqual({ scanned: 5, sealed: 5, rewrapped: 0, unchanged: 0, skipped: 0, failed: 0, failures: [], cursor: null });
    for (const [id, secret] of secrets) {
      const text = JSON.stringify(await h.store.get(id));
      expect(text).not.toContain(secret);
      expect((await rec(h.store, id)).active!.secret).toMatchObject({ kid: 'k1', v: 2 });
    }
    expect(JSON.stringify(await h.store.get('u000'))).not.toContain(rotating.secret);
    const after = harness({ store: h.store, cipher: k1() });
    after.clock.now = h.clock.now;
    for (const [id, secret] of secrets) expect(why(await after.mfa.verify(id, codeAtStep(secret, after.step())))).toBe('ok');
    const s = after.step();
    expect(why(await after.mfa.verifyPairing('u000', codeAtStep(rotating.secret, s - 1), codeAtStep(rotating.secret, s)))).toBe('ok');
  });

  it('re-wraps envelopes of an old key id (and unbound 0.1.0 envelopes) under the current key; the old key can then go', async () => {
    const store = memoryStore();
    const old = harness({ store, cipher: k1() });
    const secret = await enroll(old, 'a');
    await enroll(old, 'b');
    const current = harness({ store, cipher: k2() });
    await enroll(current, 'c'); // already under k2
    // A 0.1.0 envelope: no `v`, bound to the user id only.
    const te = new TextEncoder();
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const aes = await crypto.subtle.importKey('raw', KEY1, 'AES-GCM', false, ['encrypt']);
    const ct = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: te.encode('d') }, aes, te.encode(SECRET)));
    const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64url');
    const active = { secret: { kid: 'k1', iv: b64(iv), ct: b64(ct) }, algorithm: 'SHA1', digits: 6, period: 30, lastStep: 0, drift: 0, enabledAt: 1 };
    await store.put('d', { schema: 1, failures: 0, recovery: [], active }, null);
    const result = await migrateSecrets({ store, cipher: k2() });
    expect(result).toMatchObject({ scanned: 4, sealed: 0, rewrapped: 3, unchanged: 1, failed: 0 });
    for (const id of ['a', 'b', 'c', 'd']) expect((await rec(store, id)).active!.secret).toMatchObject({ kid: 'k2', v: 2 });
    const onlyK2 = harness({ store, cipher: aesGcmCipher({ keys: { k2: KEY2 }, currentKeyId: 'k2' }) });
    onlyK2.clock.now = old.clock.now;
    expect(why(await onlyK2.mfa.verify('a', codeAtStep(secret, onlyK2.step())))).toBe('ok');
    expect(why(await onlyK2.mfa.verify('d', codeAtStep(SECRET, onlyK2.step())))).toBe('ok');
  });

  it('walks a real adapter (SQLite) page by page: every record sealed once, the second run writes nothing', async () => {
    const store = sqliteStore({ db: new Database(':memory:') });
    const h = harness({ store });
    for (let i = 0; i < 23; i++) ok(await h.mfa.importFactor(`s${i}`, { secret: encodeTestSecret(i) }));
    await store.put(TENANT, { required: true } as Json, null);
    const first = await migrateSecrets({ store, cipher: k1(), pageSize: 5 });
    expect(first).toMatchObject({ scanned: 24, sealed: 23, skipped: 1, failed: 0, cursor: null });
    const c = counting(store);
    expect(await migrateSecrets({ store: c.store, cipher: k1(), pageSize: 5 })).toMatchObject({ unchanged: 23, skipped: 1 });
    expect(c.calls.put).toBe(0);
  });

  it('is idempotent: a second run writes nothing and counts every record unchanged', async () => {
    const { h } = await plaintextUsers(7);
    await migrateSecrets({ store: h.store, cipher: k1() });
    const before = await Promise.all([...Array(7).keys()].map((i) => h.store.get(`u00${i}`)));
    const c = counting(h.store);
    const second = await migrateSecrets({ store: c.store, cipher: k1() });
    expect(second).toMatchObject({ scanned: 7, sealed: 0, rewrapped: 0, unchanged: 7, failed: 0 });
    expect(c.calls.put).toBe(0);
    expect(await Promise.all([...Array(7).keys()].map((i) => h.store.get(`u00${i}`)))).toEqual(before);
  });

  it('resumes from the last progress cursor after a crash, and the two runs together migrate each record once', async () => {
    const { h } = await plaintextUsers(25);
    const seen: MigrateSecretsProgress[] = [];
    const crash = new Error('the job was killed');
    await expect(
      migrateSecrets({
        store: h.store,
        cipher: k1(),
        pageSize: 4,
        onProgress: (p) => {
          seen.push(p);
          if (seen.length === 3) throw crash;
        },
      }),
    ).rejects.toBe(crash);
    expect(seen.map((p) => p.scanned)).toEqual([4, 8, 12]);
    expect(seen[2]!.cursor).not.toBeNull();
    const c = counting(h.store);
    const rest = await migrateSecrets({ store: c.store, cipher: k1(), pageSize: 4, cursor: seen[2]!.cursor });
    expect(rest).toMatchObject({ scanned: 13, sealed: 13, unchanged: 0, cursor: null });
    expect(c.calls.put).toBe(13);
    const all = await migrateSecrets({ store: h.store, cipher: k1() });
    expect(all).toMatchObject({ scanned: 25, unchanged: 25 });
  });

  it('reports progress after every page with the counts so far', async () => {
    const { h } = await plaintextUsers(5);
    const seen: MigrateSecretsProgress[] = [];
    await migrateSecrets({ store: h.store, cipher: k1(), pageSize: 2, onProgress: (p) => void seen.push(p) });
    expect(seen.map((p) => [p.scanned, p.sealed])).toEqual([[2, 2], [4, 4], [5, 5]]);
    expect(seen.at(-1)!.cursor).toBeNull();
    expect(Object.keys(seen[0]!).sort()).toEqual(['cursor', 'failed', 'rewrapped', 'scanned', 'sealed', 'skipped', 'unchanged']);
  });

  it('skips the library\'s own records without parsing or writing them', async () => {
    const { h } = await plaintextUsers(2);
    const policy = { required: true, graceUntil: 5, secret: SECRET } as unknown as Json; // not an MFA record
    await h.store.put(TENANT, policy, null);
    const before = await h.store.get(TENANT);
    const result = await migrateSecrets({ store: h.store, cipher: k1(), stopOnFailure: true });
    expect(result).toMatchObject({ scanned: 3, sealed: 2, skipped: 1, failed: 0 });
    expect(await h.store.get(TENANT)).toEqual(before);
  });

  it('counts records it cannot migrate, lists their ids without any secret, and goes on', async () => {
    const { h, secrets } = await plaintextUsers(3);
    await h.store.put('bad-json', { schema: 2 } as Json, null);
    await h.store.put('bad-secret', { schema: 1, failures: 0, recovery: [], active: { secret: 'not base32!', algorithm: 'SHA1', digits: 6, period: 30, lastStep: 0, drift: 0, enabledAt: 0 } }, null);
    const other = harness({ cipher: aesGcmCipher({ keys: { zz: new Uint8Array(32).fill(9) }, currentKeyId: 'zz' }) });
    await enroll(other, 'unknown-kid');
    await h.store.put('unknown-kid', (await other.store.get('unknown-kid'))!.record, null);
    const result = await migrateSecrets({ store: h.store, cipher: k1() });
    expect(result).toMatchObject({ scanned: 6, sealed: 3, failed: 3 });
    expect(result.failures).toEqual([
      { userId: 'bad-json', reason: 'invalid-record' },
      { userId: 'bad-secret', reason: 'invalid-record' },
      { userId: 'unknown-kid', reason: 'decrypt-failed' },
    ]);
    const text = JSON.stringify(result);
    for (const s of secrets.values()) expect(text).not.toContain(s);
    expect(text).not.toContain('not base32');
    expect((await rec(h.store, 'bad-secret')).active!.secret).toBe('not base32!'); // left as it was
  });

  it('a row the store cannot read back (not JSON, a bad version) is counted invalid-record and the walk goes past it', async () => {
    const db = new Database(':memory:');
    const store = sqliteStore({ db });
    const h = harness({ store });
    for (const id of ['a', 'b', 'c', 'd']) ok(await h.mfa.importFactor(id, { secret: SECRET }));
    db.prepare(`UPDATE totp_enroll_mfa SET record = '{"active":{"secret":"${SECRET}' WHERE user_id = 'b'`).run();
    db.prepare(`UPDATE totp_enroll_mfa SET version = -5 WHERE user_id = 'c'`).run();
    const result = await migrateSecrets({ store, cipher: k1(), pageSize: 1 });
    expect(result).toMatchObject({ scanned: 4, sealed: 2, failed: 2, cursor: null });
    expect(result.failures).toEqual([{ userId: 'b', reason: 'invalid-record' }, { userId: 'c', reason: 'invalid-record' }]);
    expect(JSON.stringify(result)).not.toContain(SECRET);
    const stop = await migrateSecrets({ store, cipher: k1(), stopOnFailure: true }).catch((e: unknown) => e);
    expect(stop).toMatchObject({ code: 'INVALID_RECORD', message: expect.stringContaining('"b"') });
  });

  it("a custom cipher whose isCurrent throws on an envelope: counted decrypt-failed, its error (which may quote anything) dropped", async () => {
    const { h } = await plaintextUsers(2);
    await migrateSecrets({ store: h.store, cipher: k1() });
    const base = k1();
    const throwing = { ...base, isCurrent: () => { throw new Error(`cannot tell: ${SECRET}`); } };
    const result = await migrateSecrets({ store: h.store, cipher: throwing });
    expect(result).toMatchObject({ scanned: 2, failed: 2, failures: [{ userId: 'u000', reason: 'decrypt-failed' }, { userId: 'u001', reason: 'decrypt-failed' }] });
    const stop = await migrateSecrets({ store: h.store, cipher: throwing, stopOnFailure: true }).catch((e: unknown) => e);
    expect(stop).toMatchObject({ code: 'DECRYPT_FAILED' });
    expect(String((stop as Error).message)).not.toContain(SECRET);
  });

  it('stopOnFailure throws at the first failure, naming the user and never a secret', async () => {
    const { h } = await plaintextUsers(1);
    await h.store.put('x-bad', { schema: 1, failures: -1, recovery: [] } as Json, null);
    const error = await migrateSecrets({ store: h.store, cipher: k1(), stopOnFailure: true }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_RECORD', message: expect.stringContaining('x-bad') });
  });

  it('acceptPlaintext: false (a rotation run) reports a text secret as a failure instead of sealing it', async () => {
    const { h } = await plaintextUsers(2);
    const before = await h.store.get('u000');
    const result = await migrateSecrets({ store: h.store, cipher: k1(), acceptPlaintext: false });
    expect(result).toMatchObject({ failed: 2, sealed: 0 });
    expect(result.failures[0]).toEqual({ userId: 'u000', reason: 'plaintext' });
    expect(await h.store.get('u000')).toEqual(before);
  });

  it.each([
    ['store', { store: { get: async () => null, put: async () => true, delete: async () => true } }],
    ['store', { store: null }],
    ['cipher', { cipher: {} }],
    ['pageSize', { pageSize: 0 }],
    ['pageSize', { pageSize: 1001 }],
    ['concurrency', { concurrency: 65 }],
    ['maxWriteAttempts', { maxWriteAttempts: 0 }],
    ['cursor', { cursor: '' }],
    ['acceptPlaintext', { acceptPlaintext: 'yes' }],
    ['onProgress', { onProgress: 5 }],
  ])('%s %j is INVALID_OPTION', async (field, extra) => {
    const options = { store: memoryStore(), cipher: k1(), ...extra } as never;
    await expect(migrateSecrets(options)).rejects.toMatchObject({ code: 'INVALID_OPTION', field });
  });

  describe('sign-ins running meanwhile lose nothing', () => {
    it('a sign-in between the listing and the write of every record: the write is retried on the fresh record', async () => {
      const { h, secrets } = await plaintextUsers(12);
      h.advance(PERIOD_MS);
      // Two deployments sign users in during a rolling deploy: the new one (cipher on, plaintext still
      // accepted: its write seals the record itself) and an old one without a cipher (its write keeps the
      // text secret, so the migration's retry must seal the fresh record).
      const live = harness({ store: h.store, cipher: k1(), acceptPlaintext: true });
      const legacy = harness({ store: h.store });
      live.clock.now = legacy.clock.now = h.clock.now;
      const step = live.step();
      const raced = new Map<string, { right: boolean; legacy: boolean; result: string }>();
      const racing: MfaStore = {
        get: (id) => h.store.get(id),
        delete: (id, v) => h.store.delete(id, v),
        list: (o) => h.store.list!(o),
        async put(id, record, version) {
          if (!raced.has(id)) {
            // Before the migration's first write of each record, the user signs in: right or wrong code,
            // through one deployment or the other.
            const n = raced.size;
            const secret = secrets.get(id)!;
            const right = n % 2 === 0;
            const service = n % 3 === 0 ? legacy : live;
            raced.set(id, { right, legacy: service === legacy, result: '' });
            const code = right ? codeAtStep(secret, step) : wrongCode(secret, step);
            raced.get(id)!.result = why(await service.mfa.verify(id, code));
          }
          return h.store.put(id, record, version);
        },
      };
      const result = await migrateSecrets({ store: racing, cipher: k1(), concurrency: 3 });
      const legacyCount = [...raced.values()].filter((r) => r.legacy).length;
      expect(result).toMatchObject({ scanned: 12, sealed: legacyCount, unchanged: 12 - legacyCount, failed: 0 });
      for (const [id, r] of raced) {
        expect(r.result).toBe(r.right ? 'ok' : 'mismatch');
        const stored = await rec(h.store, id);
        expect(stored.active!.secret).toMatchObject({ kid: 'k1', v: 2 });
        expect(stored.active!.lastStep).toBe(r.right ? step : step - 2);
        expect(stored.failures).toBe(r.right ? 0 : 1);
      }
      expect(raced.size).toBe(12);
    });

    it('property: any interleaving of sign-ins with the migration keeps every sign-in\'s effect and seals every record', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.scheduler(),
          fc.array(fc.array(fc.boolean(), { maxLength: 4 }), { minLength: 1, maxLength: 4 }),
          fc.integer({ min: 1, max: 3 }),
          async (s, plans, pageSize) => {
            const { h, secrets } = await plaintextUsers(plans.length);
            h.advance(PERIOD_MS);
            const ids = [...secrets.keys()];
            const scheduled: MfaStore = {
              get: s.scheduleFunction((id: string) => h.store.get(id)),
              put: s.scheduleFunction((id: string, r: Json, v: number | null) => h.store.put(id, r, v)),
              delete: s.scheduleFunction((id: string, v: number) => h.store.delete(id, v)),
              list: s.scheduleFunction((o?: { cursor?: string | null; limit?: number }) => h.store.list!(o)),
            };
            const live = harness({ store: scheduled, cipher: k1(), acceptPlaintext: true, policy: { maxWriteAttempts: 100 } });
            live.clock.now = h.clock.now;
            const step = live.step();
            // Each user's attempts run in order: wrong codes, and at most one right code (at `step`).
            const signIns = plans.map(async (attempts, u) => {
              const secret = secrets.get(ids[u]!)!;
              let rightUsed = false;
              const out: string[] = [];
              for (const right of attempts) {
                const useRight: boolean = right && !rightUsed;
                rightUsed ||= useRight;
                out.push(why(await live.mfa.verify(ids[u]!, useRight ? codeAtStep(secret, step) : wrongCode(secret, step))));
              }
              return out;
            });
            const migration = migrateSecrets({ store: scheduled, cipher: k1(), pageSize, maxWriteAttempts: 100 });
            const [result, ...outcomes] = await s.waitFor(Promise.all([migration, ...signIns]));
            // A sign-in's own write seals the record too (acceptPlaintext), so the migration may find it done.
            expect(result).toMatchObject({ scanned: ids.length, failed: 0, rewrapped: 0 });
            expect(result.sealed + result.unchanged).toBe(ids.length);
            for (const [u, attempts] of plans.entries()) {
              const out = outcomes[u] as string[];
              expect(out.every((r) => r === 'ok' || r === 'mismatch')).toBe(true);
              const lastOk = out.lastIndexOf('ok');
              const r = await rec(h.store, ids[u]!);
              expect(r.active!.secret).toMatchObject({ kid: 'k1', v: 2 });
              expect(r.active!.lastStep).toBe(lastOk >= 0 ? step : step - 2);
              expect(r.failures).toBe(out.length - 1 - lastOk);
              expect(out.length).toBe(attempts.length);
            }
          },
        ),
        { numRuns: 40 },
      );
    });
  });
});
