// The Users tab: the tenant's "Require MFA for all users" switch with its grace date, and the list of
// users with each one's MFA state, checkboxes and the Manage MFA toolbar button.
import { openDialog } from '/dialog.js';
import { api, clearErrors, showErrors } from '/forms.js';
import { dateUtc } from '/pairing.js';
import { stateTone, stateWord } from '/state.js';

const $ = (id) => document.getElementById(id);
let users = [];
const selected = () => users.filter((u) => $(`select-${u.id}`)?.checked);

function updateToolbar() {
  const count = selected().length;
  $('manage-mfa').disabled = count !== 1;
  $('selection-hint').textContent = count === 1 ? '' : 'Select one user to manage MFA.';
}

const COLUMNS = ['', 'Username', 'Name', 'Email', 'Role', 'MFA'];

/** Fetches the users and their MFA states, keeping the ticked boxes. */
export async function loadUsers() {
  const keep = new Set(selected().map((u) => u.id));
  const { data } = await api('/api/users');
  users = data.users ?? [];
  $('users-body').replaceChildren(
    ...users.map((u) => {
      const row = document.createElement('tr');
      // Explicit roles: the narrow layout shows rows as cards (display: block), which drops table semantics.
      row.setAttribute('role', 'row');
      row.dataset.userId = u.id;
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.id = `select-${u.id}`;
      box.setAttribute('aria-label', `Select ${u.username}`);
      box.checked = keep.has(u.id);
      box.addEventListener('change', updateToolbar);
      const cells = [box, u.username, u.name, u.email, u.role, stateWord(u.mfa)].map((content, i) => {
        const cell = document.createElement(i === 1 ? 'th' : 'td');
        if (i === 1) cell.scope = 'row';
        cell.setAttribute('role', i === 1 ? 'rowheader' : 'cell');
        if (i === 5) cell.className = `mfa mfa-${stateTone(u.mfa)}`;
        if (i === 0) cell.append(content);
        else {
          // The column name, shown only when rows are cards; hidden from the accessible name.
          const label = document.createElement('span');
          label.className = 'cell-label';
          label.setAttribute('aria-hidden', 'true');
          label.textContent = `${COLUMNS[i]}: `;
          const value = document.createElement('span');
          value.className = 'cell-value';
          value.textContent = content;
          cell.append(label, value);
        }
        return cell;
      });
      row.append(...cells);
      return row;
    }),
  );
  updateToolbar();
  await loadPolicy();
}

// The tenant policy: the switch, the grace date (a day, 00:00 UTC) and the counts.
const form = $('tenant-policy');
const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);

function showPolicy(data) {
  const { policy, counts, now } = data;
  const required = policy?.required === true;
  $('require-mfa').checked = required;
  $('grace-until').value = required && policy.graceUntil != null ? isoDay(policy.graceUntil) : '';
  $('grace-until').min = isoDay(now);
  $('grace-until').disabled = !required;
  const rule = !required
    ? 'MFA is optional in tenant service.'
    : policy.graceUntil != null && policy.graceUntil > now
      ? `MFA is required in tenant service from ${dateUtc(policy.graceUntil)}; until then users are reminded.`
      : 'MFA is required in tenant service: users without it set it up when they sign in.';
  const c = counts;
  const tally = c
    ? ` ${c.enabled} enabled, ${c.pending} pending, ${c.disabled} disabled; ${c.locked} locked, ${c.suspended} suspended.`
    : '';
  $('policy-summary').textContent = rule + tally;
}

async function loadPolicy() {
  const { data } = await api('/api/tenant');
  if (data.tenantId) showPolicy(data);
}

$('require-mfa').addEventListener('change', () => {
  $('grace-until').disabled = !$('require-mfa').checked;
});
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors(form);
  const body = { required: $('require-mfa').checked, graceUntil: $('grace-until').value };
  const { data } = await api('/api/tenant/policy', body);
  if (!data.tenantId) return showErrors(form, data.errors);
  showPolicy(data);
  $('users-status').textContent = body.required ? 'MFA is now required for all users.' : 'MFA is now optional.';
});

$('manage-mfa').addEventListener('click', () => {
  const [user] = selected();
  if (!user) return;
  $('users-status').textContent = '';
  openDialog(user, (message) => {
    if (message) $('users-status').textContent = message;
    $('manage-mfa').focus();
    loadUsers();
  });
});
