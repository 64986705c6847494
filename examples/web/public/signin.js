import { api, clearErrors, showErrors } from '/forms.js';

const $ = (id) => document.getElementById(id);
const form = $('signin');
$('username').focus();

// An authentication code, or (lost phone, locked or suspended sign-in) a recovery code instead.
let recovery = false;
function useRecovery(on) {
  recovery = on;
  $('code-field').hidden = on;
  $('code').disabled = on;
  $('recovery-field').hidden = !on;
  $('recoveryCode').disabled = !on;
  $('use-recovery').textContent = on ? 'Use a code from the app instead' : 'Use a recovery code instead';
  clearErrors(form);
}
$('use-recovery').addEventListener('click', () => {
  useRecovery(!recovery);
  (recovery ? $('recoveryCode') : $('code')).focus();
});

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors(form);
  const fields = Object.fromEntries(new FormData(form)); // disabled fields are left out
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  try {
    const { data } = await api('/api/signin', fields);
    if (data.ok) {
      location.assign(data.next ?? '/app');
      return;
    }
    // A suspended code sign-in is answered with the way out: the recovery code field.
    if (data.errors?.some((e) => e.reason === 'suspended') && !recovery) useRecovery(true);
    showErrors(form, data.errors);
  } finally {
    button.disabled = false;
  }
});
