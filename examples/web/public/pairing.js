// Pairing an authenticator app: the QR code (or, when it is not kept, an honest note), the code and
// the next code, Verify, then Enable. Used by the admin dialog, the user's own page and /enroll.
import { api, clearErrors, showErrors } from '/forms.js';

/** Reasons after which the pairing itself is gone (expired, used up): only a new QR code helps. */
export const RESTART = new Set(['expired', 'too-many-attempts', 'no-pending', 'not-verified']);

/** "09:10 UTC": the pages say every time in UTC, like the tenant's grace date. */
export const timeUtc = (ms) => `${new Date(ms).toISOString().slice(11, 16)} UTC`;
/** "9 June 2025". */
export const dateUtc = (ms) =>
  new Date(ms).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

const template = (p) => `
  <p class="rotation-note" data-part="rotation" hidden>This pairs a new authenticator app. The current app keeps
    working until you click Enable; after that only the new one does.</p>
  <div data-part="qr-block">
    <ol class="steps">
      <li>Scan this QR code with an MFA app such as Google Authenticator, Duo Mobile or Authy.</li>
      <li>Enter the code the app shows, then wait for the next code and enter it too.</li>
    </ol>
    <div class="qr" data-part="qr"></div>
    <p class="secret">Can't scan it? Add the account by hand with this key:
      <code id="${p}-secret" class="secret-text" data-part="secret"></code></p>
  </div>
  <p class="note" data-part="no-qr" hidden>The QR code is shown only once, when the pairing starts, and it is
    not stored where this page can read it. If the app already has the account, enter its codes below.
    If not, click <strong>Start over</strong> for a new QR code (the old one then stops working).</p>
  <p class="hint" data-part="expires"></p>
  <form data-part="form" novalidate>
    <div class="field">
      <label for="${p}-code1">Authentication code</label>
      <input id="${p}-code1" name="code1" inputmode="numeric" autocomplete="one-time-code" maxlength="9" required
             aria-describedby="${p}-code1-error">
      <p id="${p}-code1-error" class="field-error" data-error-for="code1" hidden></p>
    </div>
    <div class="field">
      <label for="${p}-code2">Next authentication code</label>
      <input id="${p}-code2" name="code2" inputmode="numeric" autocomplete="one-time-code" maxlength="9" required
             aria-describedby="${p}-code2-hint ${p}-code2-error">
      <p id="${p}-code2-hint" class="hint">The code the app shows after the first one changes (within 30 seconds).</p>
      <p id="${p}-code2-error" class="field-error" data-error-for="code2" hidden></p>
    </div>
    <div class="actions">
      <button type="submit" class="primary">Verify</button>
      <button type="button" data-part="restart" hidden>Start over</button>
    </div>
  </form>
  <div data-part="verified" hidden>
    <p id="${p}-verified-text" class="success">Both codes are right: the MFA app is paired.
      Click Enable to ask for a code at every sign-in.</p>
    <button type="button" data-part="enable" class="primary" aria-describedby="${p}-verified-text">Enable</button>
  </div>`;

/**
 * Mounts a pairing into `host`. `base` is the API prefix (`/api/me/mfa`, or a function answering it);
 * errors show inside `errorsRoot`. `onEnabled(data)` after Enable; `onGone()` when the pairing is
 * gone and the caller should offer a new QR code; `onRestart()` for Start over.
 */
export function mountPairing(host, { prefix, base, errorsRoot, onEnabled, onGone, onRestart }) {
  host.innerHTML = template(prefix); // a fixed template: no user data in it
  host.hidden = true;
  const url = (action) => `${typeof base === 'function' ? base() : base}/${action}`;
  const part = (name) => host.querySelector(`[data-part="${name}"]`);
  const form = part('form');

  const stage = (verified) => {
    form.hidden = verified;
    part('verified').hidden = !verified;
  };
  // The explanation shows once the page offers the way on (ENABLE again, after onGone has redrawn it).
  const failed = async (errors) => {
    if (errors?.some((e) => RESTART.has(e.reason))) {
      hide();
      await onGone();
    }
    showErrors(errorsRoot, errors);
  };
  const hide = () => {
    host.hidden = true;
    part('qr').replaceChildren();
    part('secret').textContent = '';
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(errorsRoot);
    const { data } = await api(url('verify'), Object.fromEntries(new FormData(form)));
    if (!data.ok) return failed(data.errors);
    stage(true);
    part('enable').focus();
  });
  part('enable').addEventListener('click', async () => {
    clearErrors(errorsRoot);
    const { data } = await api(url('enable'), {});
    if (!data.ok) return failed(data.errors);
    hide();
    onEnabled(data);
  });
  part('restart').addEventListener('click', () => onRestart());

  return {
    hide,
    /**
     * Shows a pairing from begin or resume: `{ qrSvg, secret, expiresAt }`, `qrSvg: null` when the QR
     * code is not kept, `pending.verified` when the codes were already verified; `rotation` beside an enabled factor.
     */
    show(data, { rotation = false } = {}) {
      form.reset();
      clearErrors(errorsRoot);
      const kept = data.qrSvg !== null;
      // The SVG comes from our own server (qrSvg output), never from user input.
      if (kept) part('qr').innerHTML = data.qrSvg;
      else part('qr').replaceChildren();
      part('secret').textContent = kept ? data.secret : '';
      part('qr-block').hidden = !kept;
      part('no-qr').hidden = kept;
      part('restart').hidden = kept;
      part('rotation').hidden = !rotation;
      const expiresAt = data.expiresAt ?? data.pending?.expiresAt;
      const left = data.pending?.attemptsLeft;
      part('expires').textContent =
        `This pairing waits for its codes until ${timeUtc(expiresAt)}` +
        (typeof left === 'number' ? ` (${left === 1 ? '1 attempt' : `${left} attempts`} left).` : '.');
      stage(data.pending?.verified === true);
      host.hidden = false;
      (data.pending?.verified ? part('enable') : form.elements.code1).focus();
    },
  };
}
