/**
 * The admin console in Chromium: the state column, a pending pairing resumed (with the same QR code
 * in the session that started it, honestly without it elsewhere) or cancelled, wrong pairing codes
 * counting down, Replace authenticator (the old app works until Enable), new recovery codes (copy and
 * download), Unlock of a locked and of a suspended user, and Disable behind a confirmation.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeDialog, enableFor, manage, mfaCell, openUsers, pair, PERIOD_MS, poll, runs, scanQr, signIn, startConsole, wrongCode,
  type Console, type ScannedApp,
} from './console.js';

const DAY_MS = 86_400_000;

describe.skipIf(!runs)('admin console in Chromium', () => {
  let c: Console;
  let page: Page;
  let alice: ScannedApp;
  beforeAll(async () => {
    // Suspended at 12 wrong codes in a row instead of 100, so the test needs 12 sign-ins, not 100.
    c = await startConsole(undefined, { suspendAfterFailures: 12 });
    page = c.page;
    await signIn(page, c.url, 'admin', 'admin-demo');
    await page.waitForURL(`${c.url}/app`);
    await openUsers(page, c.url);
  });
  afterAll(async () => {
    await c?.close();
  });

  it('resumes a pending pairing (same QR code here, codes only elsewhere) and counts wrong codes down', { timeout: 90_000 }, async () => {
    let dialog = await manage(page, 'bob');
    await dialog.getByRole('button', { name: 'ENABLE', exact: true }).click();
    const first = await scanQr(c, dialog, 'bob@example.com');
    await closeDialog(dialog);
    await poll(() => mfaCell(page, 'bob').textContent()).toBe('Pending');

    dialog = await manage(page, 'bob');
    expect(await dialog.locator('#mfa-summary').textContent()).toMatch(/pairing with an MFA app is waiting for bob@example.com/);
    expect(await dialog.innerText()).not.toContain('MFA is not enabled');
    expect(await dialog.getByRole('button', { name: 'Cancel pairing' }).isVisible()).toBe(true);
    await c.shot(dialog, 'dialog-pending');
    await dialog.getByRole('button', { name: 'Resume pairing' }).click();
    const again = await scanQr(c, dialog, 'bob@example.com');
    expect(again.uri).toBe(first.uri);

    // A wrong pairing: the codes of another app. The error says how many attempts are left.
    const other = wrongCode(first, c.now());
    await dialog.getByLabel('Authentication code', { exact: true }).fill(other);
    await dialog.getByLabel('Next authentication code').fill(wrongCode(first, c.now(), 1));
    await dialog.getByRole('button', { name: 'Verify' }).click();
    await poll(() => dialog.locator('#mfa-code2-error').textContent()).toMatch(/4 attempts left/);
    await c.shot(dialog, 'dialog-wrong-code');
    await closeDialog(dialog);

    // Another administrator's session never saw this QR code: it says so, and the codes still pair.
    const second = await c.newPage();
    await signIn(second, c.url, 'admin', 'admin-demo');
    await second.waitForURL(`${c.url}/app`);
    await openUsers(second, c.url);
    dialog = await manage(second, 'bob');
    await dialog.getByRole('button', { name: 'Resume pairing' }).click();
    await dialog.getByRole('button', { name: 'Start over' }).waitFor();
    expect(await dialog.getByRole('img').count()).toBe(0);
    expect(await dialog.innerText()).toMatch(/shown only once.*not stored/s);
    expect(await dialog.innerText()).toMatch(/4 attempts left/);
    await c.shot(dialog, 'dialog-resume-without-qr');
    await pair(c, dialog, first);
    await dialog.getByRole('button', { name: 'Enable', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await poll(() => mfaCell(second, 'bob').textContent()).toBe('Enabled');
    await second.context().close();
  });

  it('cancels a pending pairing instead of leaving it', { timeout: 60_000 }, async () => {
    let dialog = await manage(page, 'carol');
    await dialog.getByRole('button', { name: 'ENABLE', exact: true }).click();
    await dialog.getByRole('img').waitFor();
    await closeDialog(dialog);
    await poll(() => mfaCell(page, 'carol').textContent()).toBe('Pending');
    dialog = await manage(page, 'carol');
    await dialog.getByRole('button', { name: 'Cancel pairing' }).click();
    await poll(() => dialog.locator('#mfa-summary').textContent()).toMatch(/cancelled/);
    expect(await dialog.getByRole('button', { name: 'ENABLE', exact: true }).isVisible()).toBe(true);
    await closeDialog(dialog);
    await poll(() => mfaCell(page, 'carol').textContent()).toBe('Disabled');
  });

  it('replaces alice\'s authenticator: the old app signs her in until Enable, then only the new one', { timeout: 90_000 }, async () => {
    alice = await enableFor(c, page, 'alice');
    const dialog = await manage(page, 'alice');
    expect(await dialog.locator('#mfa-facts').textContent()).toMatch(/Recovery codes left\s*0/);
    await dialog.getByRole('button', { name: 'Replace authenticator' }).click();
    const fresh = await scanQr(c, dialog, 'alice@example.com', 'dialog-replace');
    expect(fresh.secret).not.toBe(alice.secret);
    expect(await dialog.innerText()).toContain('The current app keeps working until you click Enable');

    const her = await c.newPage();
    await signIn(her, c.url, 'alice', 'alice-demo', { code: alice.codeAt(c.now()) });
    await her.waitForURL(`${c.url}/app`);

    await pair(c, dialog, fresh);
    await dialog.getByRole('button', { name: 'Enable', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await mfaCell(page, 'alice').textContent()).toBe('Enabled');
    c.advance(PERIOD_MS);
    await signIn(her, c.url, 'alice', 'alice-demo', { code: alice.codeAt(c.now()) });
    await poll(() => her.locator('#code-error').textContent()).toMatch(/not right/);
    await signIn(her, c.url, 'alice', 'alice-demo', { code: fresh.codeAt(c.now()) });
    await her.waitForURL(`${c.url}/app`);
    await her.context().close();
    alice = fresh;
  });

  it('makes new recovery codes after a confirmation, shows them once, copies and downloads them', { timeout: 60_000 }, async () => {
    let dialog = await manage(page, 'alice');
    await dialog.getByRole('button', { name: 'New recovery codes' }).click();
    expect(await dialog.locator('#mfa-confirm-text').textContent()).toMatch(/stop working/);
    await dialog.getByRole('button', { name: 'Make new codes' }).click();
    const list = dialog.getByRole('list', { name: 'Recovery codes' });
    await list.waitFor();
    const codes = (await list.getByRole('listitem').allTextContents()).map((s) => s.trim());
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    await dialog.getByRole('button', { name: 'Copy codes' }).click();
    await poll(() => dialog.getByRole('status').textContent()).toMatch(/Copied/);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(codes.join('\n'));
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('link', { name: 'Download .txt' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('clarity-recovery-codes-alice.txt');
    const file = readFileSync((await download.path())!, 'utf8');
    for (const code of codes) expect(file).toContain(code);
    await c.shot(dialog, 'dialog-recovery-codes');
    await closeDialog(dialog);

    dialog = await manage(page, 'alice');
    expect(await dialog.getByRole('list', { name: 'Recovery codes' }).count()).toBe(0);
    expect(await dialog.locator('#mfa-facts').textContent()).toMatch(/Recovery codes left\s*10/);
    await closeDialog(dialog);
  });

  it('unlocks a locked user and a suspended one', { timeout: 120_000 }, async () => {
    const wrongSignIn = async () => {
      const res = await c.context.request.post(`${c.url}/api/signin`, {
        data: { username: 'alice', password: 'alice-demo', code: wrongCode(alice, c.now()) },
      });
      return ((await res.json()) as { errors: { reason: string }[] }).errors[0]!.reason;
    };
    for (let i = 0; i < 10; i++) await wrongSignIn();
    await openUsers(page, c.url);
    await poll(() => mfaCell(page, 'alice').textContent()).toBe('Enabled · locked');
    let dialog = await manage(page, 'alice');
    expect(await dialog.locator('#mfa-facts').textContent()).toMatch(/Locked until \d\d:\d\d UTC/);
    await c.shot(dialog, 'dialog-locked');
    await dialog.getByRole('button', { name: 'Unlock' }).click();
    await poll(() => dialog.locator('#mfa-summary').textContent()).toMatch(/Unlocked/);
    expect(await dialog.getByRole('button', { name: 'Unlock' }).count()).toBe(0);
    await closeDialog(dialog);
    await poll(() => mfaCell(page, 'alice').textContent()).toBe('Enabled');

    // 12 wrong codes in a row (waiting out each lock) suspend sign-in with a code.
    for (let reason = ''; reason !== 'suspended'; ) {
      reason = await wrongSignIn();
      if (reason === 'locked') c.advance(DAY_MS);
    }
    const her = await c.newPage();
    await signIn(her, c.url, 'alice', 'alice-demo', { code: alice.codeAt(c.now()) });
    await poll(() => her.getByRole('alert').textContent()).toMatch(/suspended/);
    expect(await her.getByLabel('Recovery code').isVisible()).toBe(true);
    await c.shot(her, 'signin-suspended');
    await her.context().close();

    await openUsers(page, c.url);
    await poll(() => mfaCell(page, 'alice').textContent()).toBe('Enabled · suspended');
    await c.shot(page, 'users-states');
    dialog = await manage(page, 'alice');
    await dialog.getByRole('button', { name: 'Unlock' }).click();
    await poll(() => dialog.locator('#mfa-summary').textContent()).toMatch(/Unlocked/);
    await closeDialog(dialog);
    await poll(() => mfaCell(page, 'alice').textContent()).toBe('Enabled');
  });

  it('disables MFA only after a confirmation', { timeout: 60_000 }, async () => {
    const dialog = await manage(page, 'alice');
    await dialog.getByRole('button', { name: 'Disable MFA' }).click();
    expect(await dialog.locator('#mfa-confirm-text').textContent()).toMatch(/stop working/);
    await c.shot(dialog, 'dialog-disable-confirm');
    await dialog.getByRole('button', { name: 'Keep MFA' }).click();
    // Back to the actions at once (the summary never changed, so it alone proves nothing): a click on
    // "Disable MFA" before the confirmation is gone would land on its now-hidden button.
    await dialog.locator('#mfa-confirm').waitFor({ state: 'hidden' });
    expect(await dialog.locator('#mfa-start').getByRole('button', { name: 'Disable MFA' }).isVisible()).toBe(true);
    expect(await dialog.locator('#mfa-summary').textContent()).toBe('MFA is enabled for alice@example.com.');
    await dialog.locator('#mfa-start').getByRole('button', { name: 'Disable MFA' }).click();
    await dialog.locator('#mfa-confirm').getByRole('button', { name: 'Disable MFA' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await poll(() => page.locator('#users-status').textContent()).toBe('MFA disabled for alice.');
    await poll(() => mfaCell(page, 'alice').textContent()).toBe('Disabled');
    // The server itself refuses a disable without the confirmation.
    const res = await c.context.request.post(`${c.url}/api/users/u-bob/mfa/disable`, { data: {} });
    expect(res.status()).toBe(400);
  });
});
