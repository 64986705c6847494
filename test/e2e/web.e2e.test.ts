/**
 * The web example driven in a real Chromium through the seed's eleven steps
 * (../shared/seed/enable-mfa-for-user.md). The QR code is read the way a phone reads it:
 * from the pixels of a screenshot, decoded with jsQR. Codes are computed like an
 * authenticator app would, on the server's injected clock, so nothing waits 30 s.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQRModule from 'jsqr';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../examples/web/server.js';
import { generateTotp, parseOtpauthUri } from '../../src/index.js';
import { chromiumPresent, chromiumRequired, CHROMIUM_PATH, launchChromium, SKIP_MESSAGE } from './browser.js';
import { decodePng } from './png.js';

// jsqr is CommonJS with `exports.default`; its typings describe the ESM view.
const jsQR = jsQRModule.default;
const OUTPUT = join(process.cwd(), 'test-output', 'e2e');
const PERIOD_MS = 30_000;
const runs = chromiumPresent || chromiumRequired;
if (!runs) console.warn(SKIP_MESSAGE);

/** Signs in through the sign-in page and waits for the console. */
async function signIn(page: Page, url: string, username: string, password: string, code = ''): Promise<void> {
  await page.goto(`${url}/signin`);
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByLabel('Authentication code').fill(code);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe.skipIf(!runs)('web example in Chromium: the seed flow, QR read from screenshot pixels', () => {
  // A fixed moment 10 s into a step: the server and the "authenticator" share this clock.
  let clock = Date.UTC(2025, 5, 2, 9, 0, 10);
  let dir: string;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!chromiumPresent) throw new Error(`CI=true but Chromium is missing at ${CHROMIUM_PATH}: the browser test must run in CI.`);
    mkdirSync(OUTPUT, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'totp-enroll-e2e-'));
    server = await startServer({ port: 0, dbPath: join(dir, 'web.db'), now: () => clock });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1 });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('enables MFA for alice in eleven steps, then signs her in once per code', { timeout: 90_000 }, async () => {
    const url = server.url;
    // 1. Log in to Clarity (the administrator has no MFA, so no code).
    await signIn(page, url, 'admin', 'admin-demo');
    await page.waitForURL(`${url}/app`);
    // 2. Click Tenants and Users in the left panel.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tenants and Users' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Tenants and Users' }).isVisible()).toBe(true);
    // 3. Click the Users tab.
    await page.getByRole('tab', { name: 'Users' }).click();
    const aliceRow = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'alice' }) });
    await expect.poll(() => aliceRow.getByRole('cell').last().textContent()).toBe('Disabled');
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
    const shot = await dialog.screenshot({ path: join(OUTPUT, 'dialog-qr.png') });
    const image = decodePng(shot);
    const decoded = jsQR(image.data, image.width, image.height);
    expect(decoded, 'jsQR found no QR code in the dialog screenshot').not.toBeNull();
    const uri = decoded!.data;
    const params = parseOtpauthUri(uri);
    expect(params).toMatchObject({ type: 'totp', issuer: 'Clarity Example', accountName: 'alice@example.com' });
    // The key shown for manual entry is the same secret.
    const shownSecret = (await dialog.locator('#mfa-secret').textContent())!.replace(/\s/g, '');
    expect(shownSecret).toBe(params.secret);
    const app = { algorithm: params.algorithm ?? 'SHA1', digits: params.digits ?? 6, period: params.period ?? 30 } as const;
    const codeAt = (now: number) => generateTotp(params.secret, { ...app, now });

    // A wrong pairing first: the same code twice is refused next to the "next code" field.
    const code1 = dialog.getByLabel('Authentication code', { exact: true });
    const code2 = dialog.getByLabel('Next authentication code');
    await code1.fill(codeAt(clock));
    await code2.fill(codeAt(clock));
    await dialog.getByRole('button', { name: 'Verify' }).click();
    await expect.poll(() => code2.getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.locator('#code2-error').textContent()).toMatch(/consecutive/i);

    // 8. Enter the authentication code: the one the app showed one period ago.
    await code1.fill(codeAt(clock - PERIOD_MS));
    // 9. Enter the next authentication code: the one it shows now.
    await code2.fill(codeAt(clock));
    // 10. Click Verify.
    await dialog.getByRole('button', { name: 'Verify' }).click();
    const enable = dialog.getByRole('button', { name: 'Enable', exact: true });
    await enable.waitFor();
    expect(await dialog.textContent()).toContain('Both codes are right');
    // 11. Click Enable.
    await enable.click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => aliceRow.getByRole('cell').last().textContent()).toBe('Enabled');
    expect(await page.getByRole('status').textContent()).toBe('MFA enabled for alice.');
    await page.screenshot({ path: join(OUTPUT, 'users-mfa-enabled.png') });

    // Sign in as alice: password alone is not enough.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${url}/signin`);
    await signIn(page, url, 'alice', 'alice-demo');
    await expect.poll(() => page.getByLabel('Authentication code').getAttribute('aria-invalid')).toBe('true');

    // One period later the app shows a fresh code (the pairing codes are used up): accepted.
    clock += PERIOD_MS;
    const fresh = codeAt(clock);
    await signIn(page, url, 'alice', 'alice-demo', fresh);
    await page.waitForURL(`${url}/app`);
    expect(await page.locator('#welcome').textContent()).toBe('Welcome, Alice Martin. You are signed in.');
    expect(await page.getByRole('link', { name: 'Tenants and Users' }).count()).toBe(0);

    // The same code again, still inside its 30 s: refused as replayed, next to the code field.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${url}/signin`);
    await signIn(page, url, 'alice', 'alice-demo', fresh);
    const codeField = page.getByLabel('Authentication code');
    await expect.poll(() => codeField.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#code-error').textContent()).toMatch(/already used/);
    expect(page.url()).toBe(`${url}/signin`);
    await page.screenshot({ path: join(OUTPUT, 'signin-replay-refused.png') });
  });

  it('explains an expired pairing and offers ENABLE again', { timeout: 60_000 }, async () => {
    const url = server.url;
    await signIn(page, url, 'admin', 'admin-demo');
    await page.waitForURL(`${url}/app`);
    await page.goto(`${url}/app#tenants-users`);
    await page.getByRole('tab', { name: 'Users' }).click();
    await page.getByRole('checkbox', { name: 'Select bob' }).check();
    await page.getByRole('button', { name: 'Manage MFA' }).click();
    const dialog = page.getByRole('dialog', { name: 'Manage Multi-Factor Authentication' });
    await dialog.getByRole('button', { name: 'ENABLE', exact: true }).click();
    await dialog.getByRole('img').waitFor();
    clock += 11 * 60_000; // past the 10-minute pairing window
    await dialog.getByLabel('Authentication code', { exact: true }).fill('123456');
    await dialog.getByLabel('Next authentication code').fill('654321');
    await dialog.getByRole('button', { name: 'Verify' }).click();
    const alert = dialog.getByRole('alert');
    await expect.poll(() => alert.textContent()).toMatch(/expired.*ENABLE again/);
    const again = dialog.getByRole('button', { name: 'ENABLE', exact: true });
    expect(await again.isVisible()).toBe(true);
    await again.click();
    await dialog.getByRole('img').waitFor();
    expect(await alert.isHidden()).toBe(true);
  });
});
