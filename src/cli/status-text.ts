/**
 * An {@link MfaStatus} as the CLI shows it: aligned fields for people, one JSON object for programs,
 * and the one-word summary `list` prints per user. Pure; never a secret (a status holds none).
 * @module
 */
import type { MfaStatus } from '../enrollment/mfa.js';
import { fields, formatDuration, formatWhen, printable } from './format.js';

/**
 * Whether TOTP sign-in is refused now: a running lock or a suspension.
 * @example
 * ```ts
 * isLocked(status); // false
 * ```
 */
export function isLocked(s: Pick<MfaStatus, 'locked' | 'suspended'>): boolean {
  return s.locked || s.suspended;
}

/**
 * The state and flags of a user in a few words: `enabled`, `enabled, locked`, `enabled, suspended, rotation pending`.
 * @example
 * ```ts
 * stateSummary(status); // 'enabled, locked'
 * ```
 */
export function stateSummary(s: Pick<MfaStatus, 'state' | 'locked' | 'suspended'> & Partial<Pick<MfaStatus, 'pending' | 'recoveryLockedUntil'>>): string {
  const flags: string[] = [s.state];
  if (s.suspended) flags.push('suspended');
  else if (s.locked) flags.push('locked');
  if (s.state === 'enabled' && s.pending) flags.push('rotation pending');
  if (s.recoveryLockedUntil) flags.push('recovery locked');
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
  const rows: [string, string][] = [
    ['user', printable(userId)],
    ['state', s.state],
  ];
  if (s.enabledAt !== null) rows.push(['enabled at', formatWhen(s.enabledAt, now)]);
  if (s.state === 'enabled') rows.push(['last sign-in', s.lastUsedAt === null ? 'never' : formatWhen(s.lastUsedAt, now)]);
  if (s.pending !== null) {
    const what = s.state === 'enabled' ? 'rotation' : 'pairing';
    const left = s.pending.verified ? '' : `, ${s.pending.attemptsLeft} attempt${s.pending.attemptsLeft === 1 ? '' : 's'} left`;
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
