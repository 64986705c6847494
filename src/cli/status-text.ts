/**
 * An {@link MfaStatus} as the CLI shows it: aligned fields for people, one JSON object for programs,
 * and the one-word summary `list` prints per user. Pure; never a secret (a status holds none).
 * @module
 */
import type { MfaStatus } from '../enrollment/mfa.js';
import { fields, formatDuration, formatWhen, printable } from './format.js';

/** What `status` gains on newer services (read when present). */
type Extra = Partial<{ enabledAt: number | null; lastUsedAt: number | null; locked: boolean }> & {
  pending: (MfaStatus['pending'] & { attemptsLeft?: number }) | null;
};

/**
 * Whether TOTP sign-in is refused now: a running lock or a suspension.
 * @example
 * ```ts
 * isLocked(status); // false
 * ```
 */
export function isLocked(s: MfaStatus): boolean {
  const x = s as MfaStatus & Extra;
  return x.locked === true || s.lockedUntil !== null || s.suspended;
}

/**
 * The state and flags of a user in a few words: `enabled`, `enabled, locked`, `enabled, suspended, rotation pending`.
 * @example
 * ```ts
 * stateSummary(status); // 'enabled, locked'
 * ```
 */
export function stateSummary(s: MfaStatus): string {
  const flags: string[] = [s.state];
  if (s.suspended) flags.push('suspended');
  else if (s.lockedUntil !== null) flags.push('locked');
  if (s.state === 'enabled' && s.pending !== null) flags.push('rotation pending');
  if (s.recoveryLockedUntil !== null) flags.push('recovery locked');
  return flags.join(', ');
}

/**
 * The status as aligned lines for people.
 * @example
 * ```ts
 * statusText('alice', await mfa.status('alice'), Date.now());
 * ```
 */
export function statusText(userId: string, s: MfaStatus, now: number): string {
  const x = s as MfaStatus & Extra;
  const rows: [string, string][] = [
    ['user', printable(userId)],
    ['state', s.state],
  ];
  if (typeof x.enabledAt === 'number') rows.push(['enabled at', formatWhen(x.enabledAt, now)]);
  if (x.lastUsedAt !== undefined && s.state === 'enabled') rows.push(['last sign-in', x.lastUsedAt === null ? 'never' : formatWhen(x.lastUsedAt, now)]);
  if (s.pending !== null) {
    const what = s.state === 'enabled' ? 'rotation' : 'pairing';
    const left = typeof x.pending?.attemptsLeft === 'number' ? `, ${x.pending.attemptsLeft} attempts left` : '';
    rows.push(['pending', `${what} ${s.pending.verified ? 'verified, waiting for Enable' : 'waiting for codes'}${left}, expires ${formatWhen(s.pending.expiresAt, now)}`]);
  }
  if (s.state === 'enabled') {
    rows.push(['locked', s.lockedUntil === null ? 'no' : `until ${formatWhen(s.lockedUntil, now)}`]);
    rows.push(['suspended', s.suspended ? 'yes (until unlock or a recovery sign-in)' : 'no']);
    rows.push(['failures', String(s.failures)]);
    rows.push(['drift', s.drift === null ? '-' : `${s.drift} step${Math.abs(s.drift) === 1 ? '' : 's'}`]);
    rows.push(['recovery codes', `${s.recoveryCodesLeft} left`]);
    if (s.recoveryFailures > 0 || s.recoveryLockedUntil !== null) {
      const lock = s.recoveryLockedUntil === null ? '' : `, locked for ${formatDuration(s.recoveryLockedUntil - now)}`;
      rows.push(['recovery failures', `${s.recoveryFailures}${lock}`]);
    }
  }
  return fields(rows);
}

/**
 * The status as one JSON object, with the user id first.
 * @example
 * ```ts
 * statusJson('alice', status); // '{"userId":"alice","state":"enabled",...}'
 * ```
 */
export function statusJson(userId: string, s: MfaStatus): string {
  return JSON.stringify({ userId, ...s });
}
