// The pure state machine: every state x every event, from a table; plus invariants over random sequences.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type MachineEvent, type Transition, transition } from '../src/enrollment/machine.js';
import { resolvePolicy } from '../src/enrollment/policy.js';
import { type PlainRecord, emptyRecord, parseRecord, recordToJson, stateOf } from '../src/enrollment/record.js';
import { hashRecoveryCode } from '../src/enrollment/recovery.js';
import { generateTotp } from '../src/totp.js';
import { PERIOD_MS, S0, SECRET, T0, codeAtStep, wrongCode } from './helpers/enrollment.js';

const policy = resolvePolicy();
const params = { algorithm: 'SHA1', digits: 6, period: 30 } as const;
const SECRET2 = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const RC = '7k2m-q9xd-4hne-tb1w';
const RC_HASH = hashRecoveryCode('u1', RC)!;

const pending = (secret = SECRET) => ({
  secret,
  ...params,
  createdAt: T0 - 60_000,
  expiresAt: T0 + 540_000,
  attempts: 0,
  verifiedStep: null,
  drift: null,
});
const active = { secret: SECRET, ...params, lastStep: S0 - 1, drift: 0, enabledAt: T0 - 3_600_000 };
const base: PlainRecord = emptyRecord<string>();
/** A wrong code, and a second different one, so a wrong pair is not the same text twice. */
const wrongPair = (secret: string, step: number): [string, string] => {
  const a = wrongCode(secret, step);
  return [a, wrongCode(secret, step, 12, a)];
};

const STATES: Record<string, PlainRecord | null> = {
  disabled: null,
  pending: { ...base, pending: pending() },
  'pending-expired': { ...base, pending: { ...pending(), expiresAt: T0 - 1 } },
  verified: { ...base, pending: { ...pending(), verifiedStep: S0 - 1, drift: 0 } },
  enabled: { ...base, active, recovery: [RC_HASH] },
  'enabled+pending': { ...base, active, recovery: [RC_HASH], pending: pending(SECRET2) },
  locked: { ...base, active, recovery: [RC_HASH], failures: 10, lockedUntil: T0 + 60_000 },
  suspended: { ...base, active, recovery: [RC_HASH], failures: 100, suspended: true },
};

/** The events, built for a state (pairing codes come from that state's pending secret). */
function eventsFor(r: PlainRecord | null): Record<string, MachineEvent> {
  const ps = r?.pending?.secret ?? SECRET;
  return {
    begin: { type: 'begin', secret: SECRET2, params },
    'pair-right': { type: 'pair', code1: codeAtStep(ps, S0 - 1), code2: codeAtStep(ps, S0) },
    'pair-wrong': { type: 'pair', code1: wrongPair(ps, S0)[0], code2: wrongPair(ps, S0)[1] },
    enable: { type: 'enable' },
    unlock: { type: 'unlock' },
    'verify-right': { type: 'verify', code: codeAtStep(SECRET, S0) },
    'verify-wrong': { type: 'verify', code: wrongCode(SECRET, S0) },
    'resync-right': { type: 'resync', code1: codeAtStep(SECRET, S0 + 4), code2: codeAtStep(SECRET, S0 + 5) },
    'recovery-generate': { type: 'generate-recovery', hashes: [hashRecoveryCode('u1', 'aaaa-bbbb-cccc-dddd')!] },
    'recovery-use': { type: 'use-recovery', hash: RC_HASH },
  };
}

// [outcome (ok, or the reason), state afterwards, whether the store is written]
type Row = [string, string, boolean];
const EXPECTED: Record<string, Record<string, Row>> = {
  disabled: {
    begin: ['ok', 'pending', true],
    'pair-right': ['no-pending', 'disabled', false],
    'pair-wrong': ['no-pending', 'disabled', false],
    enable: ['not-verified', 'disabled', false],
    unlock: ['not-enabled', 'disabled', false],
    'verify-right': ['not-enabled', 'disabled', false],
    'verify-wrong': ['not-enabled', 'disabled', false],
    'resync-right': ['not-enabled', 'disabled', false],
    'recovery-generate': ['not-enabled', 'disabled', false],
    'recovery-use': ['not-enabled', 'disabled', false],
  },
  pending: {
    begin: ['ok', 'pending', true],
    'pair-right': ['ok', 'verified', true],
    'pair-wrong': ['mismatch', 'pending', true],
    enable: ['not-verified', 'pending', false],
    unlock: ['not-enabled', 'pending', false],
    'verify-right': ['not-enabled', 'pending', false],
    'verify-wrong': ['not-enabled', 'pending', false],
    'resync-right': ['not-enabled', 'pending', false],
    'recovery-generate': ['not-enabled', 'pending', false],
    'recovery-use': ['not-enabled', 'pending', false],
  },
  'pending-expired': {
    begin: ['ok', 'pending', true],
    'pair-right': ['expired', 'disabled', true],
    'pair-wrong': ['expired', 'disabled', true],
    enable: ['expired', 'disabled', true],
    unlock: ['not-enabled', 'pending', false],
    'verify-right': ['not-enabled', 'pending', false],
    'verify-wrong': ['not-enabled', 'pending', false],
    'resync-right': ['not-enabled', 'pending', false],
    'recovery-generate': ['not-enabled', 'pending', false],
    'recovery-use': ['not-enabled', 'pending', false],
  },
  verified: {
    begin: ['ok', 'pending', true],
    'pair-right': ['no-pending', 'verified', false],
    'pair-wrong': ['no-pending', 'verified', false],
    enable: ['ok', 'enabled', true],
    unlock: ['not-enabled', 'verified', false],
    'verify-right': ['not-enabled', 'verified', false],
    'verify-wrong': ['not-enabled', 'verified', false],
    'resync-right': ['not-enabled', 'verified', false],
    'recovery-generate': ['not-enabled', 'verified', false],
    'recovery-use': ['not-enabled', 'verified', false],
  },
  enabled: {
    begin: ['ok', 'enabled', true],
    'pair-right': ['no-pending', 'enabled', false],
    'pair-wrong': ['no-pending', 'enabled', false],
    enable: ['ok', 'enabled', false],
    unlock: ['ok', 'enabled', false],
    'verify-right': ['ok', 'enabled', true],
    'verify-wrong': ['mismatch', 'enabled', true],
    'resync-right': ['ok', 'enabled', true],
    'recovery-generate': ['ok', 'enabled', true],
    'recovery-use': ['ok', 'enabled', true],
  },
  'enabled+pending': {
    begin: ['ok', 'enabled', true],
    'pair-right': ['ok', 'enabled', true],
    'pair-wrong': ['mismatch', 'enabled', true],
    enable: ['not-verified', 'enabled', false],
    unlock: ['ok', 'enabled', false],
    'verify-right': ['ok', 'enabled', true],
    'verify-wrong': ['mismatch', 'enabled', true],
    'resync-right': ['ok', 'enabled', true],
    'recovery-generate': ['ok', 'enabled', true],
    'recovery-use': ['ok', 'enabled', true],
  },
  locked: {
    begin: ['ok', 'enabled', true],
    'pair-right': ['no-pending', 'enabled', false],
    'pair-wrong': ['no-pending', 'enabled', false],
    enable: ['ok', 'enabled', false],
    unlock: ['ok', 'enabled', true],
    'verify-right': ['locked', 'enabled', false],
    'verify-wrong': ['locked', 'enabled', false],
    'resync-right': ['locked', 'enabled', false],
    'recovery-generate': ['ok', 'enabled', true],
    'recovery-use': ['ok', 'enabled', true], // recovery codes work while TOTP is locked, and clear the lock
  },
  suspended: {
    begin: ['ok', 'enabled', true],
    'pair-right': ['no-pending', 'enabled', false],
    'pair-wrong': ['no-pending', 'enabled', false],
    enable: ['ok', 'enabled', false],
    unlock: ['ok', 'enabled', true],
    'verify-right': ['suspended', 'enabled', false],
    'verify-wrong': ['suspended', 'enabled', false],
    'resync-right': ['suspended', 'enabled', false],
    'recovery-generate': ['ok', 'enabled', true],
    'recovery-use': ['ok', 'enabled', true],
  },
};

const cases = Object.entries(STATES).flatMap(([state, record]) =>
  Object.entries(eventsFor(record)).map(([name, event]) => ({ state, record, name, event, row: EXPECTED[state]![name]! })),
);

describe('machine: every state x every event', () => {
  it('the table covers 8 states x 10 events', () => {
    expect(cases.length).toBe(80);
    expect(cases.every((c) => c.row !== undefined)).toBe(true);
  });

  it.each(cases)('$state + $name -> $row', ({ record, event, row }) => {
    const before = structuredClone(record);
    const t = transition(record, event, T0, policy);
    const [outcome, after, writes] = row;
    const o = t.outcome as { ok: boolean; reason?: string };
    expect(o.ok ? 'ok' : o.reason).toBe(outcome);
    expect(stateOf(t.record)).toBe(after);
    expect(t.write).toBe(writes);
    expect(record).toEqual(before); // pure: the input is never modified
    if (!t.write) expect(t.record).toEqual(record);
    if (t.record) expect(parseRecord(JSON.parse(JSON.stringify(recordToJson(t.record))))).toEqual(t.record);
  });
});

describe('machine: Enable in a rotation keeps the replay guard', () => {
  // Found by the property below (seed -1282596882): a rotation whose new secret equals the old one, paired
  // at step v, then a sign-in with the old factor at w > v; Enable set lastStep back to v, so the code of
  // step w would pass again. Secrets are random, so only the guard's monotony protects it.
  it('a sign-in after the pairing leaves lastStep where it was once the rotation is enabled', () => {
    const start: PlainRecord = { ...base, active: { ...active, lastStep: S0 - 1 }, pending: pending(SECRET) };
    const paired = transition(start, { type: 'pair', code1: codeAtStep(SECRET, S0 - 1), code2: codeAtStep(SECRET, S0) }, T0, policy);
    expect(paired.outcome).toEqual({ ok: true, state: 'verified' });
    const later = T0 + 2 * PERIOD_MS;
    const signedIn = transition(paired.record, { type: 'verify', code: codeAtStep(SECRET, S0 + 2) }, later, policy);
    expect(signedIn.outcome).toMatchObject({ ok: true });
    const enabled = transition(signedIn.record, { type: 'enable' }, later, policy);
    expect(enabled.record!.active!.lastStep).toBe(S0 + 2);
    expect(transition(enabled.record, { type: 'verify', code: codeAtStep(SECRET, S0 + 2) }, later, policy).outcome).toEqual({
      ok: false,
      reason: 'replayed',
    });
  });

  it('a rotation to another period starts its guard at the pairing step (steps of two periods do not compare)', () => {
    const start: PlainRecord = { ...base, active: { ...active, lastStep: S0 + 5 }, pending: { ...pending(SECRET2), period: 60 } };
    const s60 = Math.floor(T0 / 60_000);
    const code = (step: number) => generateTotp(SECRET2, { now: step * 60_000, period: 60 });
    const paired = transition(start, { type: 'pair', code1: code(s60 - 1), code2: code(s60) }, T0, policy);
    expect(paired.outcome).toEqual({ ok: true, state: 'verified' });
    const enabled = transition(paired.record, { type: 'enable' }, T0, policy);
    expect(enabled.record!.active!.lastStep).toBe(s60);
  });
});

describe('machine: invariants over random event sequences', () => {
  const eventArb = fc.oneof(
    fc.constantFrom('begin', 'pair-right', 'pair-wrong', 'enable', 'unlock', 'verify-right', 'verify-wrong', 'verify-wrong', 'resync-right', 'recovery-use'),
  );
  // CPU-bound (200 scripts of up to 40 HMAC-heavy events): 1-2 s alone, over 5 s on a loaded machine.
  it('records stay valid, lastStep never goes back, failures never pass the suspension cap, no step is accepted twice', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(eventArb, fc.integer({ min: 0, max: 5 * PERIOD_MS })), { maxLength: 40 }), (script) => {
        let record: PlainRecord | null = null;
        let now = T0;
        const accepted = new Set<number>();
        for (const [name, wait] of script) {
          now += wait;
          const step = Math.floor(now / PERIOD_MS);
          const ps = record?.pending?.secret ?? SECRET;
          const as = record?.active?.secret ?? SECRET;
          const events: Record<string, MachineEvent> = {
            ...eventsFor(record),
            begin: { type: 'begin', secret: accepted.size % 2 ? SECRET : SECRET2, params },
            'pair-right': { type: 'pair', code1: codeAtStep(ps, step - 1), code2: codeAtStep(ps, step) },
            'verify-right': { type: 'verify', code: codeAtStep(as, step) },
            'resync-right': { type: 'resync', code1: codeAtStep(as, step + 2), code2: codeAtStep(as, step + 3) },
          };
          const prev: PlainRecord | null = record;
          const t: Transition<unknown> = transition(prev, events[name]!, now, policy);
          const next: PlainRecord | null = t.record;
          record = next;
          if (prev?.active && next?.active && prev.active.secret === next.active.secret) {
            expect(next.active.lastStep).toBeGreaterThanOrEqual(prev.active.lastStep);
          }
          const o = t.outcome as { ok: boolean };
          if ((name === 'verify-right' || name === 'resync-right') && o.ok) {
            const key = next!.active!.lastStep;
            expect(accepted.has(key)).toBe(false);
            accepted.add(key);
          }
          if (!prev?.active || prev.active.secret !== next?.active?.secret) accepted.clear();
          if (next) {
            expect(next.failures).toBeLessThanOrEqual(policy.suspendAfterFailures);
            if (next.suspended) expect(next.lockedUntil).toBe(null);
            parseRecord(JSON.parse(JSON.stringify(recordToJson(next))));
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
