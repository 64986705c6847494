// The console: who is signed in, the left panel's views, the Tenants | Users tabs, and the banners
// (a recovery-code sign-in, the tenant's MFA deadline).
import { api } from '/forms.js';
import { refresh as refreshMine } from '/mine.js';
import { dateUtc } from '/pairing.js';

const $ = (id) => document.getElementById(id);

const { status, data } = await api('/api/me');
if (status === 401) {
  location.assign('/signin');
  throw new Error('Not signed in.');
}
const me = data.user;
$('whoami').textContent = `${me.name} (${me.username})`;
$('whoami').title = `Signed in as ${me.name} (${me.username})`;
$('welcome').textContent = me.role === 'admin'
  ? 'Open Tenants and Users to manage users and their multi-factor authentication.'
  : `Welcome, ${me.name}. You are signed in.`;
if (me.role !== 'admin') for (const el of document.querySelectorAll('[data-admin]')) el.closest('li').remove();

// One banner: the notice of this sign-in first, else the tenant's deadline for users without MFA.
if (data.notice) {
  $('banner').textContent = data.notice;
  $('banner').hidden = false;
} else if (data.requirement?.need === 'enroll-by') {
  const link = document.createElement('a');
  link.href = '#my-mfa';
  link.textContent = 'Set it up now on My MFA';
  $('banner').append(
    `Your organisation requires multi-factor authentication from ${dateUtc(data.requirement.graceUntil)}. `,
    link,
    '; from that day you cannot sign in without it.',
  );
  $('banner').dataset.kind = 'enroll-by'; // My MFA hides it once MFA is enabled
  $('banner').hidden = false;
}

$('signout').addEventListener('click', async () => {
  await api('/api/signout', {});
  location.assign('/signin');
});

// Left panel: one view at a time, chosen by the URL hash.
const loaders = { 'my-mfa': () => refreshMine() };
function showView() {
  const name = location.hash.slice(1) || 'dashboard';
  const known = document.querySelector(`[data-view-panel="${name}"]`) && (name !== 'tenants-users' || me.role === 'admin');
  const view = known ? name : 'dashboard';
  for (const panel of document.querySelectorAll('[data-view-panel]')) panel.hidden = panel.dataset.viewPanel !== view;
  for (const link of document.querySelectorAll('[data-view]')) {
    if (link.dataset.view === view) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  loaders[view]?.();
}
window.addEventListener('hashchange', () => {
  showView();
  $('main').focus();
});
showView();

// Tabs: Tenants | Users, with arrow keys between them. The Users tab is for administrators only.
if (me.role === 'admin') {
  const { loadUsers } = await import('/users.js');
  const tabs = [$('tab-tenants'), $('tab-users')];
  const selectTab = (tab) => {
    for (const t of tabs) {
      const selected = t === tab;
      t.setAttribute('aria-selected', String(selected));
      t.tabIndex = selected ? 0 : -1;
      $(t.getAttribute('aria-controls')).hidden = !selected;
    }
    tab.focus();
    if (tab.id === 'tab-users') loadUsers();
  };
  for (const tab of tabs) {
    tab.addEventListener('click', () => selectTab(tab));
    tab.addEventListener('keydown', (e) => {
      if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
      selectTab(tabs[(tabs.indexOf(tab) + 1) % tabs.length]);
    });
  }
}
