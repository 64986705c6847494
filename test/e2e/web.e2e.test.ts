/**
 * The web example driven in a real Chromium through the seed's eleven steps
 * (../shared/seed/enable-mfa-for-user.md). The QR code is read the way a phone reads it:
 * from the pixels of a screenshot, decoded with jsQR. Codes are computed like an
 * authenticator app would, on the server's injected clock, so nothing waits 30 s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mfaCell, PERIOD_MS, poll, runs, scanQr, signIn, signOut, startConsole, type Console } from './console.js';

describe.skipIf(!runs)('web example in Chromium: the seed flow, QR read from screenshot pixels', () => {
  let c: Console;
  beforeAll(async () => {
    c = await startConsole();
  });
  afterAll(async () => {
    await c?.close();
  });

  it('enables MFA for alice in eleven steps, then signs her in once per code', { timeout: 90_000 }, async () => {
    const { page, url } = c;
    // 1. Log in to Clarity (the administrator has no MFA, so no code).
    await signIn(page, url, 'admin', 'admin-demo');
    await page.waitForURL(`${url}/app`);
    // 2. Click Tenants and Users in the left panel.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tenants and Users' }).click();
    await poll(() => page.getByRole('heading', { name: 'Tenants and Users' }).isVisible()).toBe(true);
    // 3. Click the Users tab.
    await page.getByRole('tab', { name: 'Users' }).click();
    await poll(() => mfaCell(page, 'alice').textContent()).toBe('Disabled');
    const manage = page.getByRole('button', { name: 'Manage MFA' });
    expect(await manage.isDisabled()).toBe(true);
    // 4. Select the checkbox for the user to edit.
    await page.getByRole('checkbox', { name: 'Select alice' }).check();
    // 5. Click Manage MFA on the toolbar above the list of users.
    expect(await page.getByRole('toolbar', { name: 'User actions' }).getByRole('button').first().textContent()).toBe(
      'Manage MFA',
    );
    await manage.click();
    const dialog = page.getByRole('dialog', { name: 'Manage Multi-Factor Authentication' });
    // 6. Click ENABLE.
    await dialog.getByRole('button', { name: 'ENABLE', exact: true }).click();

    // 7. Scan the QR code: screenshot the dialog and decode the pixels like a phone camera.
    const qr = dialog.getByRole('img');
    await qr.waitFor();
    expect(await qr.getAttribute('aria-label')).not.toMatch(/secret=/i);
    const app = await scanQr(c, dialog, 'alice@example.com', 'dialog-qr');
    // The key shown for manual entry is the same secret.
    const shownSecret = (await dialog.locator('#mfa-secret').textContent())!.replace(/\s/g, '');
    expect(shownSecret).toBe(app.secret);

    // A wrong pairing first: the same code twice is refused next to the "next code" field.
    const code1 = dialog.getByLabel('Authentication code', { exact: true });
    const code2 = dialog.getByLabel('Next authentication code');
    await code1.fill(app.codeAt(c.now()));
    await code2.fill(app.codeAt(c.now()));
    await dialog.getByRole('button', { name: 'Verify' }).click();
    await poll(() => code2.getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.locator('#mfa-code2-error').textContent()).toMatch(/consecutive/i);

    // 8. Enter the authentication code: the one the app showed one period ago.
    await code1.fill(app.codeAt(c.now() - PERIOD_MS));
    // 9. Enter the next authentication code, typed the way the app shows it ("123 456").
    await code2.fill(app.codeAt(c.now()).replace(/^(\d{3})/, '$1 '));
    // 10. Click Verify.
    await dialog.getByRole('button', { name: 'Verify' }).click();
    const enable = dialog.getByRole('button', { name: 'Enable', exact: true });
    await enable.waitFor();
    expect(await dialog.textContent()).toContain('Both codes are right');
    // 11. Click Enable.
    await enable.click();
    await dialog.waitFor({ state: 'hidden' });
    await poll(() => mfaCell(page, 'alice').textContent()).toBe('Enabled');
    expect(await page.locator('#users-status').textContent()).toBe('MFA enabled for alice.');
    await c.shot(page, 'users-mfa-enabled');

    // Sign in as alice: password alone is not enough.
    await signOut(page, url);
    await signIn(page, url, 'alice', 'alice-demo');
    await poll(() => page.getByLabel('Authentication code').getAttribute('aria-invalid')).toBe('true');

    // One period later the app shows a fresh code (the pairing codes are used up): accepted.
    c.advance(PERIOD_MS);
    const fresh = app.codeAt(c.now());
    await signIn(page, url, 'alice', 'alice-demo', { code: fresh });
    await page.waitForURL(`${url}/app`);
    expect(await page.locator('#welcome').textContent()).toBe('Welcome, Alice Martin. You are signed in.');
    expect(await page.getByRole('link', { name: 'Tenants and Users' }).count()).toBe(0);

    // The same code again, still inside its 30 s: refused as replayed, next to the code field.
    await signOut(page, url);
    await signIn(page, url, 'alice', 'alice-demo', { code: fresh });
    const codeField = page.getByLabel('Authentication code');
    await poll(() => codeField.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#code-error').textContent()).toMatch(/already used/);
    expect(page.url()).toBe(`${url}/signin`);
    await c.shot(page, 'signin-replay-refused');
  });

  it('explains an expired pairing and offers ENABLE again', { timeout: 60_000 }, async () => {
    const { page, url } = c;
    await signIn(page, url, 'admin', 'admin-demo');
    await page.waitForURL(`${url}/app`);
    await page.goto(`${url}/app#tenants-users`);
    await page.getByRole('tab', { name: 'Users' }).click();
    await page.getByRole('checkbox', { name: 'Select bob' }).check();
    await page.getByRole('button', { name: 'Manage MFA' }).click();
    const dialog = page.getByRole('dialog', { name: 'Manage Multi-Factor Authentication' });
    await dialog.getByRole('button', { name: 'ENABLE', exact: true }).click();
    await dialog.getByRole('img').waitFor();
    c.advance(11 * 60_000); // past the 10-minute pairing window
    await dialog.getByLabel('Authentication code', { exact: true }).fill('123456');
    await dialog.getByLabel('Next authentication code').fill('654321');
    await dialog.getByRole('button', { name: 'Verify' }).click();
    const alert = dialog.getByRole('alert');
    await poll(() => alert.textContent()).toMatch(/expired.*ENABLE again/);
    const again = dialog.getByRole('button', { name: 'ENABLE', exact: true });
    await again.waitFor();
    await again.click();
    await dialog.getByRole('img').waitFor();
    expect(await alert.isHidden()).toBe(true);
  });
});
