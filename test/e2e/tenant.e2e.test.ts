/**
 * Organisation-wide MFA in Chromium: the administrator switches on "Require MFA for all users" with a
 * grace date; during the grace a user without MFA is let in with a banner naming the date; once it
 * has passed, the password alone opens only /enroll (on a phone-sized screen here), and Enable there
 * finishes the sign-in with the first recovery codes.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectNoSideScroll, openUsers, pair, PERIOD_MS, poll, runs, scanQr, signIn, startConsole, type Console,
} from './console.js';

const DAY_MS = 86_400_000;

describe.skipIf(!runs)('tenant-wide MFA in Chromium', () => {
  let c: Console;
  let admin: Page;
  beforeAll(async () => {
    c = await startConsole(); // 2 June 2025, 09:00:10 UTC
    admin = c.page;
    await signIn(admin, c.url, 'admin', 'admin-demo');
    await admin.waitForURL(`${c.url}/app`);
    await openUsers(admin, c.url);
  });
  afterAll(async () => {
    await c?.close();
  });

  const summary = () => admin.locator('#policy-summary').innerText();

  it('requires MFA for all users from a grace date, and reminds users until then', { timeout: 60_000 }, async () => {
    const require = admin.getByRole('switch', { name: 'Require MFA for all users' });
    await poll(summary).toBe('MFA is optional in tenant service. 0 enabled, 0 pending, 4 disabled; 0 locked, 0 suspended.');
    expect(await require.isChecked()).toBe(false);
    expect(await admin.getByLabel('Grace period ends').isDisabled()).toBe(true);
    await require.check();
    await admin.getByLabel('Grace period ends').fill('2025-06-09');
    await admin.getByRole('button', { name: 'Save' }).click();
    await poll(summary).toMatch(/^MFA is required in tenant service from 9 June 2025; until then users are reminded\./);
    expect(await admin.locator('#users-status').innerText()).toBe('MFA is now required for all users.');
    await c.shot(admin, 'users-require-mfa');
    // A reload shows what is stored.
    await admin.reload();
    await openUsers(admin, c.url);
    await poll(() => admin.getByLabel('Grace period ends').inputValue()).toBe('2025-06-09');
    expect(await require.isChecked()).toBe(true);

    const alice = await c.newPage();
    await signIn(alice, c.url, 'alice', 'alice-demo');
    await alice.waitForURL(`${c.url}/app`);
    await poll(() => alice.locator('#banner').innerText()).toBe(
      'Your organisation requires multi-factor authentication from 9 June 2025. ' +
        'Set it up now on My MFA; from that day you cannot sign in without it.',
    );
    await c.shot(alice, 'app-enroll-by-banner');
    await alice.context().close();
  });

  it('makes a user without MFA enrol at sign-in once the grace date has passed', { timeout: 90_000 }, async () => {
    c.advance(7 * DAY_MS); // 9 June 2025, 09:00 UTC: the grace ended at 00:00
    const phone = await c.newPage({ width: 390, height: 844 });
    await signIn(phone, c.url, 'alice', 'alice-demo');
    await phone.waitForURL(`${c.url}/enroll`);
    // Nothing but enrollment: the console and its API are closed to this session.
    await phone.goto(`${c.url}/app`);
    await phone.waitForURL(`${c.url}/enroll`);
    const closed = await phone.request.post(`${c.url}/api/me/mfa/recovery-codes`, { data: {} });
    expect(closed.status()).toBe(401);

    // A second browser with alice's password, also held at /enroll.
    const other = await c.newPage();
    await signIn(other, c.url, 'alice', 'alice-demo');
    await other.waitForURL(`${c.url}/enroll`);

    const page = phone.locator('#enroll');
    await phone.getByRole('button', { name: 'Show my QR code' }).click();
    const app = await scanQr(c, page, 'alice@example.com', '390-enroll-qr');
    await expectNoSideScroll(phone);
    await pair(c, page, app);
    await page.getByRole('button', { name: 'Enable', exact: true }).click();
    await page.getByRole('list', { name: 'Recovery codes' }).waitFor();
    expect(await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').count()).toBe(10);
    await expectNoSideScroll(phone);
    await c.shot(phone, '390-enroll-done');
    // Once MFA is set up, the other enrollment-only session cannot replace it: that needs a code.
    const replace = await other.request.post(`${c.url}/api/me/mfa/begin`, { data: {} });
    expect(replace.status()).toBe(401);
    await other.context().close();
    await phone.getByRole('link', { name: 'Continue to Clarity' }).click();
    await phone.waitForURL(`${c.url}/app`);
    expect(await phone.locator('#welcome').innerText()).toBe('Welcome, Alice Martin. You are signed in.');

    // From now on alice signs in with a code.
    c.advance(PERIOD_MS);
    await signIn(phone, c.url, 'alice', 'alice-demo');
    await poll(() => phone.getByLabel('Authentication code').getAttribute('aria-invalid')).toBe('true');
    await signIn(phone, c.url, 'alice', 'alice-demo', { code: app.codeAt(c.now()) });
    await phone.waitForURL(`${c.url}/app`);
    await phone.context().close();

    await openUsers(admin, c.url);
    await poll(summary).toBe(
      'MFA is required in tenant service: users without it set it up when they sign in. ' +
        '1 enabled, 0 pending, 3 disabled; 0 locked, 0 suspended.',
    );
  });

  it('stops requiring MFA when the switch is turned off', { timeout: 60_000 }, async () => {
    await admin.getByRole('switch', { name: 'Require MFA for all users' }).uncheck();
    await admin.getByRole('button', { name: 'Save' }).click();
    await poll(summary).toMatch(/^MFA is optional in tenant service\./);
    const bob = await c.newPage();
    await signIn(bob, c.url, 'bob', 'bob-demo');
    await bob.waitForURL(`${c.url}/app`);
    expect(await bob.locator('#banner').isHidden()).toBe(true);
    await bob.context().close();
  });
});
