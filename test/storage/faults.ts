/**
 * Fault cases shared by the PostgreSQL and Redis suites: a connection cut with a request in flight,
 * a server that refuses connections, and a server that crashes and comes back. In every case the
 * service's calls reject with STORE_UNAVAILABLE (never ok: true) and, once the server is reachable
 * again, the same store object works and the record is exactly as it was.
 */
import { ok } from '../helpers/enrollment.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { setTimeout as delay } from 'node:timers/promises';
import { createMfa, generateTotp } from '../../src/index.js';
import { OtpError } from '../../src/errors.js';
import type { MfaStore } from '../../src/storage/types.js';
import { type Engine, type OpenStore, openStore } from '../services/connect.js';
import { type FaultProxy, startFaultProxy } from '../services/proxy.js';
import { type ThrowAwayServer, serverBinariesMissing, startThrowAwayPostgres, startThrowAwayRedis } from '../services/servers.js';

const T0 = Date.UTC(2031, 5, 1, 8);
const T1 = T0 + 10 * 60_000;
let users = 0;
const run = Math.random().toString(36).slice(2, 8);

function service(store: MfaStore, now: () => number) {
  return createMfa({ store, issuer: 'Faults', now, policy: { maxFailures: 5 } });
}

async function enrolled(store: MfaStore): Promise<{ userId: string; secret: string }> {
  const userId = `fault-${run}-${++users}`;
  const mfa = service(store, () => T0);
  const { secret } = ok(await mfa.beginEnrollment(userId, { accountName: 'fault@example.com' }));
  await mfa.verifyPairing(userId, generateTotp(secret, { now: T0 - 30_000 }), generateTotp(secret, { now: T0 }));
  expect(await mfa.enable(userId)).toMatchObject({ ok: true });
  return { userId, secret };
}

/** Awaits a call that must fail closed: rejected with OtpError STORE_UNAVAILABLE. */
async function expectUnavailable(call: Promise<unknown>): Promise<void> {
  const outcome = await call.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  expect(outcome).not.toHaveProperty('value');
  const { error } = outcome as { error: unknown };
  expect(error).toBeInstanceOf(OtpError);
  expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE' });
}

/** Retries `call` until it resolves (the driver reconnecting), for at most 20 s. */
async function eventually<T>(call: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await call();
    } catch (e) {
      if (i >= 100) throw e;
      await delay(200);
    }
  }
}

const portOf = (url: string): number => Number(new URL(url).port);
const withPort = (url: string, port: number): string => {
  const u = new URL(url);
  u.port = String(port);
  return u.toString();
};

export function faultCases(engine: Engine, sharedUrl: () => string): void {
  const other = { timeoutMs: 3000, connections: 3 };

  it('a request in flight when the connection is cut rejects with STORE_UNAVAILABLE; the same store recovers', { timeout: 60_000 }, async () => {
    const proxy: FaultProxy = await startFaultProxy(portOf(sharedUrl()));
    const db: OpenStore = await openStore(engine, withPort(sharedUrl(), proxy.port), other);
    try {
      const { userId, secret } = await enrolled(db.store);
      const mfa = service(db.store, () => T1);
      const before = await db.store.get(userId);
      const code = generateTotp(secret, { now: T1 });

      proxy.setMode('hold');
      const inFlight = mfa.verify(userId, code);
      for (let i = 0; i < 200 && proxy.heldBytes() === 0; i++) await delay(10);
      expect(proxy.heldBytes()).toBeGreaterThan(0); // the request left the driver
      proxy.setMode('refuse');
      proxy.cutAll();
      await expectUnavailable(inFlight);
      await expectUnavailable(mfa.verify(userId, code)); // server unreachable
      await expectUnavailable(mfa.status(userId));

      proxy.setMode('pass');
      await eventually(() => mfa.status(userId));
      expect(await db.store.get(userId)).toEqual(before); // nothing half-written
      expect(await mfa.verify(userId, code)).toMatchObject({ ok: true }); // the code was never recorded
      expect(await mfa.verify(userId, code)).toMatchObject({ ok: false, reason: 'replayed' });
    } finally {
      await db.close();
      await proxy.close();
    }
  });

  const missing = serverBinariesMissing();
  let server: ThrowAwayServer | undefined;
  beforeAll(async () => {
    if (!missing) server = await (engine === 'postgres' ? startThrowAwayPostgres() : startThrowAwayRedis());
  });
  afterAll(() => server?.destroy());

  // Locally without the binaries this case is skipped with the reason; under CI=true it fails.
  if (missing && process.env['CI'] !== 'true') console.warn(`[skip] ${engine} crash test: ${missing}`);
  it.skipIf(missing !== null && process.env['CI'] !== 'true')('a server that crashes: calls reject with STORE_UNAVAILABLE, never ok; after a restart the same store works, record intact', { timeout: 90_000 }, async () => {
    if (missing) throw new Error(`cannot start a throw-away server: ${missing}`);
    const srv = server!;
    const db = await openStore(engine, srv.url, other);
    try {
      const { userId, secret } = await enrolled(db.store);
      let now = T1;
      const mfa = service(db.store, () => now);
      expect(await mfa.verify(userId, generateTotp(secret, { now }))).toMatchObject({ ok: true });
      const before = await db.store.get(userId);

      await srv.stop();
      now += 30_000;
      const code = generateTotp(secret, { now });
      for (let i = 0; i < 3; i++) await expectUnavailable(mfa.verify(userId, code));
      await expectUnavailable(mfa.verify(userId, '000000'));
      await expectUnavailable(mfa.status(userId));

      await srv.start();
      await eventually(() => mfa.status(userId));
      expect(await db.store.get(userId)).toEqual(before);
      expect(await mfa.verify(userId, code)).toMatchObject({ ok: true });
      expect(await mfa.verify(userId, code)).toMatchObject({ ok: false, reason: 'replayed' });
    } finally {
      await db.close();
    }
  });
}
