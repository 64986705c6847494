/**
 * Issue 11, item 7, on real PostgreSQL and Redis: user ids that differ only in an unpaired surrogate
 * reach the server as the same UTF-8 (the lone surrogate becomes U+FFFD), so on 0.1.0 they shared one
 * record: the second id saw the first one's factor and signed in with its codes. Every store now
 * refuses ill-formed ids with INVALID_OPTION (field userId) before touching the server.
 */
import { ok } from '../helpers/enrollment.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMfa } from '../../src/enrollment/service.js';
import { OtpError } from '../../src/errors.js';
import { generateTotp } from '../../src/totp.js';
import { describeWithServer, probePostgres, probeRedis } from '../services/env.js';
import { type EngineStore, openPostgres, openRedis } from './engines.js';

const T0 = Date.UTC(2031, 5, 1, 8);
const REFUSED = { code: 'INVALID_OPTION', field: 'userId' };

function mergeCases(open: () => EngineStore): void {
  let engine: EngineStore;
  beforeAll(() => {
    engine = open();
  });
  afterAll(() => engine?.close());

  it('7. two user ids, one record: ids differing only in an unpaired surrogate are refused by every store method', async () => {
    const base = `merge-${Math.random().toString(36).slice(2, 8)}`;
    const [first, second] = [`${base}\uD800`, `${base}\uDBFF`];
    const { store } = engine;
    await expect(store.put(first, { schema: 1, owner: 'first' }, null)).rejects.toMatchObject(REFUSED);
    for (const id of [first, second]) {
      await expect(store.get(id)).rejects.toMatchObject(REFUSED);
      await expect(store.put(id, { schema: 1 }, 1)).rejects.toMatchObject(REFUSED);
      await expect(store.delete(id, 1)).rejects.toMatchObject(REFUSED);
    }
    expect(await store.get(`${base}\uFFFD`)).toBe(null); // nothing reached the server
  });

  it('7. two user ids, one record: the second id never sees or signs in with the first one\'s factor', async () => {
    const base = `merge-svc-${Math.random().toString(36).slice(2, 8)}`;
    const [first, second] = [`${base}\uDC00`, `${base}\uDFFF`];
    const mfa = createMfa({ store: engine.store, issuer: 'Merge', now: () => T0 });
    const enroll = async (): Promise<string> => {
      const { secret } = ok(await mfa.beginEnrollment(first, { accountName: 'first@example.com' }));
      await mfa.verifyPairing(first, generateTotp(secret, { now: T0 - 30_000 }), generateTotp(secret, { now: T0 }));
      await mfa.enable(first);
      return secret;
    };
    const secret = await enroll().catch((error: unknown) => error);
    // What the second id is shown, and whether the first one's code signs it in (0.1.0: 'enabled', ok).
    const seen = await mfa.status(second).then((s) => s.state, (e: unknown) => e);
    expect(seen === 'enabled').toBe(false);
    if (typeof secret === 'string') {
      expect(await mfa.verify(second, generateTotp(secret, { now: T0 + 30_000 }))).toMatchObject({ ok: false });
    }
    expect(secret).toBeInstanceOf(OtpError); // the enrollment itself was refused
    expect(seen).toBeInstanceOf(OtpError);
    expect(await engine.store.get(`${base}\uFFFD`)).toBe(null);
  });
}

describeWithServer('one user-id rule: PostgreSQL', await probePostgres(), (url) => mergeCases(() => openPostgres(url)));
describeWithServer('one user-id rule: Redis', await probeRedis(), (url) => mergeCases(() => openRedis(url)));
