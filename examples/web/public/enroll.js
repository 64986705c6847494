// Enforced enrollment at sign-in: the password was right, the tenant requires MFA and its grace date
// has passed. This session can only pair an app; Enable turns it into a signed-in session and shows
// the first recovery codes.
import { showCodes } from '/codes.js';
import { api, clearErrors, showErrors } from '/forms.js';
import { mountPairing } from '/pairing.js';

const $ = (id) => document.getElementById(id);
const root = $('enroll');
const { status, data: meData } = await api('/api/me');
if (status === 401) {
  location.assign('/signin');
  throw new Error('Not signed in.');
}
const me = meData.user;

const pairing = mountPairing($('enroll-pairing'), {
  prefix: 'enroll',
  base: '/api/me/mfa',
  errorsRoot: root,
  onEnabled: (data) => {
    $('enroll-intro').textContent = 'MFA is enabled and you are signed in. From now on you sign in with a code from your app.';
    if (data.codes) {
      const filename = `clarity-recovery-codes-${me.username}.txt`;
      showCodes($('enroll-codes'), data.codes, { account: me.email, filename, first: true });
    }
    $('enroll-done').hidden = false;
  },
  onGone: () => ($('enroll-start').hidden = false),
  onRestart: () => begin(),
});

// A new session keeps no QR code, so a pairing left from an earlier try starts over with a fresh one.
async function begin() {
  clearErrors(root);
  const { data } = await api('/api/me/mfa/begin', {});
  if (!data.ok) return showErrors(root, data.errors);
  $('enroll-start').hidden = true;
  pairing.show(data);
}
$('enroll-begin').addEventListener('click', begin);
$('enroll-signout').addEventListener('click', async () => {
  await api('/api/signout', {});
  location.assign('/signin');
});
$('enroll-begin').focus();
