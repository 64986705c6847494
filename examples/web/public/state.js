// One user's MFA state in words, for the Users list, the Manage MFA dialog and the user's own page.
import { dateUtc, timeUtc } from '/pairing.js';

/** The short state shown in the Users list: Enabled / Pending / Disabled, with locked or suspended. */
export function stateWord(m) {
  if (m.state === 'enabled') {
    const extra = [m.suspended ? 'suspended' : m.locked ? 'locked' : null, m.pending ? 'replacing app' : null];
    return ['Enabled', ...extra.filter(Boolean)].join(' · ');
  }
  if (m.state === 'verified') return 'Pending (codes verified)';
  if (m.state === 'pending') return 'Pending';
  return 'Disabled';
}

/** A CSS class for the state: ok, warn or off. */
export const stateTone = (m) =>
  m.state === 'enabled' ? (m.suspended || m.locked ? 'warn' : 'ok') : m.state === 'disabled' ? 'off' : 'warn';

const when = (ms) => `${dateUtc(ms)}, ${timeUtc(ms)}`;

/** Term/description pairs for a `<dl>`: only what is known and true now. */
export function facts(m) {
  const rows = [['MFA', stateWord(m)]];
  if (m.enabledAt != null) rows.push(['Enabled since', when(m.enabledAt)]);
  if (m.state === 'enabled') rows.push(['Last code used', m.lastUsedAt == null ? 'Not yet' : when(m.lastUsedAt)]);
  if (m.state === 'enabled') rows.push(['Recovery codes left', String(m.recoveryCodesLeft)]);
  if (m.suspended) rows.push(['Sign-in with a code', 'Suspended after too many wrong codes, until unlocked']);
  else if (m.locked && m.lockedUntil != null) rows.push(['Sign-in with a code', `Locked until ${timeUtc(m.lockedUntil)}`]);
  if (m.pending) {
    const what = m.pending.verified ? 'Codes verified, waiting for Enable' : 'Waiting for two codes';
    const left = typeof m.pending.attemptsLeft === 'number' ? `, ${m.pending.attemptsLeft} attempts left` : '';
    rows.push([m.state === 'enabled' ? 'Replacement app' : 'Pairing', `${what} until ${timeUtc(m.pending.expiresAt)}${left}`]);
  }
  return rows;
}

/** Fills a `<dl>` with {@link facts}. */
export function renderFacts(dl, m) {
  dl.replaceChildren(
    ...facts(m).flatMap(([term, detail]) => {
      const dt = document.createElement('dt');
      dt.textContent = term;
      const dd = document.createElement('dd');
      dd.textContent = detail;
      return [dt, dd];
    }),
  );
}
