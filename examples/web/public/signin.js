import { api, clearErrors, showErrors } from '/forms.js';

const form = document.getElementById('signin');
document.getElementById('username').focus();

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors(form);
  const fields = Object.fromEntries(new FormData(form));
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  try {
    const { data } = await api('/api/signin', fields);
    if (data.ok) {
      location.assign('/app');
      return;
    }
    showErrors(form, data.errors);
  } finally {
    button.disabled = false;
  }
});
