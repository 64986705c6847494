// My MFA: the signed-in user's own state; set up MFA (or resume/cancel a pairing), replace the
// authenticator app, and make new recovery codes (shown once); the last two after the password.
import { showCodes } from '/codes.js';
import { api, button, clearErrors, showErrors } from '/forms.js';
import { mountPairing } from '/pairing.js';
import { renderFacts } from '/state.js';

const $ = (id) => document.getElementById(id);
const root = $('my-mfa');
const BASE = '/api/me/mfa';
let me = null;
let mfa = null;

const pairing = mountPairing($('my-pairing'), {
  prefix: 'my',
  base: BASE,
  errorsRoot: root,
  onEnabled: (data) => {
    if ($('banner').dataset.kind === 'enroll-by') $('banner').hidden = true;
    refresh('MFA is enabled: from now on you sign in with a code from your app.');
    if (data.codes) codes(data.codes, true);
  },
  onGone: () => refresh('', true),
  onRestart: () => (mfa.state === 'enabled' ? confirmReplace() : confirmSetUp()),
});

function codes(list, first = false) {
  showCodes($('my-codes'), list, { account: me.email, filename: `clarity-recovery-codes-${me.username}.txt`, first });
}

/** Reads the user's own state and shows the actions that fit it. */
export async function refresh(message = '', keepErrors = false) {
  const { data } = await api('/api/me');
  if (!data.mfa) return showErrors(root, data.errors);
  me = data.user;
  mfa = data.mfa;
  if (!keepErrors) clearErrors(root);
  renderFacts($('my-facts'), mfa);
  $('my-confirm').hidden = true;
  const actions = [];
  if (mfa.state === 'disabled') actions.push(button('Set up MFA', confirmSetUp, 'primary'));
  else if (mfa.state !== 'enabled' || mfa.pending) {
    actions.push(button('Resume pairing', resume, 'primary'), button('Cancel pairing', cancel));
  }
  if (mfa.state === 'enabled') {
    if (!mfa.pending) actions.push(button('Replace authenticator', confirmReplace));
    actions.push(button('New recovery codes', confirmCodes));
  }
  const note = document.createElement('p');
  note.className = 'notice';
  note.setAttribute('role', 'status');
  note.textContent = message;
  $('my-actions').replaceChildren(note, ...actions);
}

/** Set up MFA, or a new app beside an enabled factor (Replace authenticator), after the password. */
async function begin(password) {
  clearErrors(root);
  $('my-codes').replaceChildren();
  const rotation = mfa.state === 'enabled';
  const { data } = await api(`${BASE}/begin`, { password });
  if (!data.ok) return showErrors(root, data.errors);
  $('my-confirm').hidden = true;
  $('my-actions').replaceChildren();
  pairing.show(data, { rotation });
}

async function resume() {
  clearErrors(root);
  const { data } = await api(`${BASE}/resume`, {});
  if (!data.ok) return refresh('', true).then(() => showErrors(root, data.errors));
  $('my-actions').replaceChildren();
  pairing.show(data, { rotation: mfa.state === 'enabled' });
}

async function cancel() {
  const { data } = await api(`${BASE}/cancel`, {});
  if (!data.ok) return showErrors(root, data.errors);
  pairing.hide();
  refresh('The pairing was cancelled: its QR code no longer works.');
}

/** The password step before changing an enabled factor: `action(password)` runs on submit. */
function confirm(text, yes, action) {
  clearErrors(root);
  $('my-codes').replaceChildren(); // codes shown before are replaced anyway
  for (const note of $('my-actions').querySelectorAll('.notice')) note.textContent = '';
  $('my-confirm').reset();
  $('my-confirm-text').textContent = text;
  $('my-confirm-yes').textContent = yes;
  $('my-confirm').onsubmit = (event) => {
    event.preventDefault();
    action($('my-password').value);
  };
  $('my-confirm-no').onclick = () => {
    clearErrors(root);
    $('my-confirm').hidden = true;
  };
  $('my-confirm').hidden = false;
  $('my-password').focus();
}

const confirmSetUp = () =>
  confirm('Set up MFA? From then on you sign in with your password and a code from an authenticator app.', 'Continue', begin);

const confirmReplace = () =>
  confirm('Replace your authenticator app? Your current app keeps working until you click Enable.', 'Continue', begin);

function confirmCodes() {
  const left = mfa.recoveryCodesLeft;
  confirm(
    `Make new recovery codes? The ${left === 1 ? 'code' : `${left} codes`} you have now stop working.`,
    'Make new codes',
    async (password) => {
      clearErrors(root);
      const { data } = await api(`${BASE}/recovery-codes`, { password });
      if (!data.ok) return showErrors(root, data.errors);
      await refresh();
      codes(data.codes);
    },
  );
}
