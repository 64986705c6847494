// The Manage Multi-Factor Authentication dialog, by the selected user's state:
// disabled: ENABLE; pending: resume or cancel the pairing; enabled: Replace authenticator,
// New recovery codes, Unlock (when locked or suspended), Disable with a confirmation.
import { showCodes } from '/codes.js';
import { api, button, clearErrors, showErrors } from '/forms.js';
import { mountPairing } from '/pairing.js';
import { renderFacts } from '/state.js';

const $ = (id) => document.getElementById(id);
const dialog = $('mfa-dialog');
let user = null;
let mfa = null;
let onDone = () => {};
const base = () => `/api/users/${user.id}/mfa`;

function stage(name) {
  $('mfa-start').hidden = name !== 'start';
  $('mfa-confirm').hidden = name !== 'confirm';
  $('mfa-facts').hidden = name !== 'start' && name !== 'confirm';
  if (name !== 'pair') pairing.hide();
  if (name !== 'codes') $('mfa-codes').replaceChildren();
}

const pairing = mountPairing($('mfa-pairing'), {
  prefix: 'mfa',
  base,
  errorsRoot: dialog,
  onEnabled: () => close(`MFA enabled for ${user.username}.`),
  onGone: () => refresh({ keepErrors: true }),
  onRestart: () => begin(),
});

/** Reads the user's state again and shows the actions that fit it. */
async function refresh({ keepErrors = false, message = '' } = {}) {
  const { data } = await api(base());
  if (!data.mfa) return showErrors(dialog, data.errors);
  mfa = data.mfa;
  if (!keepErrors) clearErrors(dialog);
  renderFacts($('mfa-facts'), mfa);
  const actions = [];
  const email = user.email;
  if (mfa.state === 'disabled') {
    $('mfa-summary').textContent =
      message || `MFA is not enabled for ${email}. Click ENABLE to pair an MFA app with this account.`;
    actions.push(button('ENABLE', begin, 'primary'));
  } else if (mfa.state !== 'enabled') {
    $('mfa-summary').textContent = message || `A pairing with an MFA app is waiting for ${email}: resume it to enter the codes, or cancel it.`;
    actions.push(button('Resume pairing', resume, 'primary'), button('Cancel pairing', cancel));
  } else {
    $('mfa-summary').textContent = message || `MFA is enabled for ${email}.`;
    if (mfa.pending) actions.push(button('Resume replacement', resume, 'primary'), button('Cancel replacement', cancel));
    else actions.push(button('Replace authenticator', begin));
    actions.push(button('New recovery codes', confirmCodes));
    if (mfa.locked || mfa.suspended) actions.push(button('Unlock', unlock, 'primary'));
    actions.push(button('Disable MFA', confirmDisable, 'danger'));
  }
  $('mfa-start').replaceChildren(...actions);
  stage('start');
  actions[0]?.focus();
}

async function begin() {
  clearErrors(dialog);
  const rotation = mfa.state === 'enabled';
  const { data } = await api(`${base()}/begin`, {});
  if (!data.ok) return showErrors(dialog, data.errors);
  $('mfa-summary').textContent = rotation
    ? `Replacing the authenticator app of ${data.accountName}.`
    : `Pairing an MFA app with ${data.accountName}.`;
  stage('pair');
  pairing.show(data, { rotation });
}

async function resume() {
  clearErrors(dialog);
  const { data } = await api(`${base()}/resume`, {});
  if (!data.ok) return refresh({ keepErrors: true }).then(() => showErrors(dialog, data.errors));
  $('mfa-summary').textContent = `Resuming the pairing of ${user.email}.`;
  stage('pair');
  pairing.show(data, { rotation: mfa.state === 'enabled' });
}

async function cancel() {
  clearErrors(dialog);
  const { data } = await api(`${base()}/cancel`, {});
  if (!data.ok) return showErrors(dialog, data.errors);
  await refresh({ message: `The pairing was cancelled: its QR code no longer works. MFA is ${data.state} for ${user.email}.` });
}

async function unlock() {
  clearErrors(dialog);
  const { data } = await api(`${base()}/unlock`, {});
  if (!data.ok) return showErrors(dialog, data.errors);
  await refresh({ message: `Unlocked: ${user.email} can sign in with a code again.` });
}

function confirm(text, yes, no, action) {
  $('mfa-confirm-text').textContent = text;
  $('mfa-confirm-yes').textContent = yes;
  $('mfa-confirm-no').textContent = no;
  $('mfa-confirm-yes').onclick = action;
  // Nothing changed on the server: back to the actions at once, with no round trip whose late answer
  // could replace a stage the admin has moved on to.
  $('mfa-confirm-no').onclick = () => {
    clearErrors(dialog);
    stage('start');
    $('mfa-start').querySelector('button')?.focus();
  };
  stage('confirm');
  $('mfa-confirm-no').focus();
}

function confirmDisable() {
  confirm(
    `Disable MFA for ${user.email}? Their authenticator app and recovery codes stop working, and they sign in ` +
      'with a password only (or must set up MFA again if the tenant requires it).',
    'Disable MFA',
    'Keep MFA',
    async () => {
      const { data } = await api(`${base()}/disable`, { confirm: true });
      if (!data.ok) return showErrors(dialog, data.errors);
      close(`MFA disabled for ${user.username}.`);
    },
  );
}

function confirmCodes() {
  const left = mfa.recoveryCodesLeft;
  confirm(
    `Make new recovery codes for ${user.email}? The ${left === 1 ? 'code' : `${left} codes`} they have now stop working.`,
    'Make new codes',
    'Back',
    async () => {
      const { data } = await api(`${base()}/recovery-codes`, {});
      if (!data.ok) return showErrors(dialog, data.errors);
      stage('codes');
      $('mfa-summary').textContent = `New recovery codes for ${user.email}: give them to the user.`;
      showCodes($('mfa-codes'), data.codes, { account: user.email, filename: `clarity-recovery-codes-${user.username}.txt` });
    },
  );
}

let closing = '';
function close(message = '') {
  closing = message;
  dialog.close();
}
// Close, ×, Escape: the shown codes and QR code go with the dialog.
dialog.addEventListener('close', () => {
  stage('start');
  onDone(closing);
  closing = '';
});

/** Opens the dialog for `target`; `done(message)` runs when it closes. */
export async function openDialog(target, done) {
  user = target;
  onDone = done;
  // Nothing of the previous user (or of this one a moment ago) shows while the state loads.
  $('mfa-summary').textContent = '';
  $('mfa-facts').replaceChildren();
  $('mfa-start').replaceChildren();
  clearErrors(dialog);
  stage('start');
  dialog.showModal();
  await refresh();
}

for (const b of dialog.querySelectorAll('[data-close]')) b.addEventListener('click', () => close());
