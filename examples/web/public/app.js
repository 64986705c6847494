import { api, clearErrors, showErrors } from '/forms.js';

const $ = (id) => document.getElementById(id);
const MFA_WORDS = {
  disabled: 'Disabled',
  pending: 'Pending (QR code shown, not paired)',
  verified: 'Verified (not yet enabled)',
  enabled: 'Enabled',
};

const { status, data: meData } = await api('/api/me');
if (status === 401) {
  location.assign('/signin');
  throw new Error('Not signed in.');
}
const me = meData.user;
$('whoami').textContent = `Signed in as ${me.name} (${me.username})`;
$('welcome').textContent = me.role === 'admin'
  ? 'Open Tenants and Users to manage users and their multi-factor authentication.'
  : `Welcome, ${me.name}. You are signed in.`;
if (me.role !== 'admin') for (const el of document.querySelectorAll('[data-admin]')) el.closest('li').remove();

$('signout').addEventListener('click', async () => {
  await api('/api/signout', {});
  location.assign('/signin');
});

// Left panel: one view at a time, chosen by the URL hash.
function showView() {
  const name = location.hash.slice(1) || 'dashboard';
  const known = document.querySelector(`[data-view-panel="${name}"]`) && (name !== 'tenants-users' || me.role === 'admin');
  const view = known ? name : 'dashboard';
  for (const panel of document.querySelectorAll('[data-view-panel]')) panel.hidden = panel.dataset.viewPanel !== view;
  for (const link of document.querySelectorAll('[data-view]')) {
    if (link.dataset.view === view) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}
window.addEventListener('hashchange', () => {
  showView();
  $('main').focus();
});
showView();

// Tabs: Tenants | Users, with arrow keys between them.
const tabs = [$('tab-tenants'), $('tab-users')];
function selectTab(tab) {
  for (const t of tabs) {
    const selected = t === tab;
    t.setAttribute('aria-selected', String(selected));
    t.tabIndex = selected ? 0 : -1;
    $(t.getAttribute('aria-controls')).hidden = !selected;
  }
  tab.focus();
  if (tab.id === 'tab-users') loadUsers();
}
for (const tab of tabs) {
  tab.addEventListener('click', () => selectTab(tab));
  tab.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    selectTab(tabs[(tabs.indexOf(tab) + 1) % tabs.length]);
  });
}

// Users tab: the list with checkboxes and the Manage MFA toolbar button.
let users = [];
const selected = () => users.filter((u) => $(`select-${u.id}`)?.checked);
function updateToolbar() {
  const count = selected().length;
  $('manage-mfa').disabled = count !== 1;
  $('selection-hint').textContent = count === 1 ? '' : 'Select one user to manage MFA.';
}
async function loadUsers() {
  const keep = new Set(selected().map((u) => u.id));
  const { data } = await api('/api/users');
  users = data.users ?? [];
  const body = $('users-body');
  body.replaceChildren(
    ...users.map((u) => {
      const row = document.createElement('tr');
      row.dataset.userId = u.id;
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.id = `select-${u.id}`;
      box.setAttribute('aria-label', `Select ${u.username}`);
      box.checked = keep.has(u.id);
      box.addEventListener('change', updateToolbar);
      const cells = [box, u.username, u.name, u.email, u.role, MFA_WORDS[u.mfa] ?? u.mfa].map((content, i) => {
        const cell = document.createElement(i === 1 ? 'th' : 'td');
        if (i === 1) cell.scope = 'row';
        if (i === 5) cell.className = `mfa mfa-${u.mfa}`;
        cell.append(content);
        return cell;
      });
      row.append(...cells);
      return row;
    }),
  );
  updateToolbar();
}

// The Manage Multi-Factor Authentication dialog: ENABLE, QR code, two codes, Verify, Enable.
const dialog = $('mfa-dialog');
let current = null;
function stage(name) {
  $('mfa-start').hidden = name !== 'start';
  $('mfa-pair').hidden = name !== 'pair';
  $('mfa-verified').hidden = name !== 'verified';
}
async function openDialog() {
  const [user] = selected();
  if (!user) return;
  current = user;
  clearErrors(dialog);
  $('mfa-pair').reset();
  $('mfa-qr').replaceChildren();
  $('mfa-secret').textContent = '';
  const enabled = user.mfa === 'enabled';
  $('mfa-summary').textContent = enabled
    ? `MFA is enabled for ${user.email}.`
    : `MFA is not enabled for ${user.email}. Click ENABLE to pair an MFA app with this account.`;
  $('mfa-begin').hidden = enabled;
  $('mfa-disable').hidden = !enabled;
  stage('start');
  dialog.showModal();
  (enabled ? $('mfa-disable') : $('mfa-begin')).focus();
}
function closeDialog(message) {
  dialog.close();
  if (message) $('users-status').textContent = message;
  $('manage-mfa').focus();
}
$('manage-mfa').addEventListener('click', openDialog);
for (const b of dialog.querySelectorAll('[data-close]')) b.addEventListener('click', () => closeDialog());
dialog.addEventListener('close', () => loadUsers());

$('mfa-begin').addEventListener('click', async () => {
  clearErrors(dialog);
  const { data } = await api(`/api/users/${current.id}/mfa/begin`, {});
  if (!data.ok) return showErrors(dialog, data.errors);
  // The SVG comes from our own server (qrSvg output), never from user input.
  $('mfa-qr').innerHTML = data.qrSvg;
  $('mfa-secret').textContent = data.secret;
  $('mfa-summary').textContent = `Pairing an MFA app with ${data.accountName}.`;
  stage('pair');
  $('code1').focus();
});

// When the pairing itself is gone (expired, too many wrong codes), go back to ENABLE for a new QR code.
const RESTART = new Set(['expired', 'too-many-attempts', 'no-pending', 'not-verified']);
function pairingFailed(errors) {
  if (errors?.some((e) => RESTART.has(e.reason))) {
    stage('start');
    $('mfa-begin').hidden = false;
    $('mfa-disable').hidden = true;
  }
  showErrors(dialog, errors);
}

$('mfa-pair').addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors(dialog);
  const form = $('mfa-pair');
  const { data } = await api(`/api/users/${current.id}/mfa/verify`, Object.fromEntries(new FormData(form)));
  if (!data.ok) return pairingFailed(data.errors);
  stage('verified');
  $('mfa-summary').textContent = `The MFA app is paired with ${current.email}.`;
  $('mfa-enable').focus();
});

$('mfa-enable').addEventListener('click', async () => {
  clearErrors(dialog);
  const { data } = await api(`/api/users/${current.id}/mfa/enable`, {});
  if (!data.ok) return pairingFailed(data.errors);
  closeDialog(`MFA enabled for ${current.username}.`);
});

$('mfa-disable').addEventListener('click', async () => {
  clearErrors(dialog);
  const { data } = await api(`/api/users/${current.id}/mfa/disable`, {});
  if (!data.ok) return showErrors(dialog, data.errors);
  closeDialog(`MFA disabled for ${current.username}.`);
});
