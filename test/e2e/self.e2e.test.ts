/**
 * A user's own page in Chromium: carol sets up MFA herself on My MFA (after her password) and gets her first recovery
 * codes, makes new ones after giving her password again (the old ones stop working), and signs in
 * with a recovery code, each once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pair, poll, runs, scanQr, signIn, signOut, startConsole, type Console } from './console.js';

describe.skipIf(!runs)('My MFA and recovery-code sign-in in Chromium', () => {
  let c: Console;
  let first: string[];
  let second: string[];
  beforeAll(async () => {
    c = await startConsole();
  });
  afterAll(async () => {
    await c?.close();
  });

  const codesShown = async () => {
    const list = c.page.getByRole('list', { name: 'Recovery codes' });
    await list.waitFor();
    return (await list.getByRole('listitem').allTextContents()).map((s) => s.trim());
  };

  it('sets up MFA on the user\'s own page and shows the first recovery codes once', { timeout: 60_000 }, async () => {
    const { page, url } = c;
    await signIn(page, url, 'carol', 'carol-demo');
    await page.waitForURL(`${url}/app`);
    await page.getByRole('link', { name: 'My MFA' }).click();
    const mine = page.locator('#my-mfa');
    await poll(() => mine.locator('#my-facts').innerText()).toMatch(/MFA\s+Disabled/);
    // The API itself wants the password to turn MFA on: a stolen session cookie alone cannot put
    // another phone on the account (nothing pending afterwards, no QR code answered).
    for (const data of [{}, { password: 'guess' }]) {
      const bare = await page.request.post(`${url}/api/me/mfa/begin`, { data });
      expect(bare.status()).toBe(401);
      expect(JSON.stringify(await bare.json())).not.toMatch(/otpauth|qrSvg"\s*:\s*"/);
    }
    await poll(() => mine.locator('#my-facts').innerText()).toMatch(/MFA\s+Disabled/);
    await page.getByRole('button', { name: 'Set up MFA' }).click();
    // The password first, as for every change to the factor: a signed-in browser alone is not enough.
    const password = mine.getByLabel('Password');
    await password.fill('not-her-password');
    await page.getByRole('button', { name: 'Continue' }).click();
    await poll(() => password.getAttribute('aria-invalid')).toBe('true');
    expect(await mine.locator('#my-pairing canvas, #my-pairing svg').count()).toBe(0);
    await c.shot(page, 'my-mfa-setup-password');
    await password.fill('carol-demo');
    await page.getByRole('button', { name: 'Continue' }).click();
    const app = await scanQr(c, mine, 'carol@example.com', 'my-mfa-qr');
    await pair(c, mine, app);
    await mine.getByRole('button', { name: 'Enable', exact: true }).click();
    first = await codesShown();
    expect(first).toHaveLength(10);
    expect(await mine.locator('#my-facts').innerText()).toMatch(/MFA\s+Enabled[\s\S]*Recovery codes left\s+10/);
    expect(await mine.getByRole('status').first().innerText()).toMatch(/MFA is enabled/);
    await c.shot(page, 'my-mfa-enabled-codes');

    // New codes, after the password: the first ones stop working.
    await page.getByRole('button', { name: 'New recovery codes' }).click();
    expect(await page.locator('#my-confirm-text').innerText()).toMatch(/10 codes you have now stop working/);
    await password.fill('not-her-password');
    await page.getByRole('button', { name: 'Make new codes' }).click();
    await poll(() => password.getAttribute('aria-invalid')).toBe('true');
    expect(await mine.locator('#my-password-error').innerText()).toMatch(/Enter your password/);
    await c.shot(page, 'my-mfa-password-step');
    await password.fill('carol-demo');
    await page.getByRole('button', { name: 'Make new codes' }).click();
    await poll(async () => (await codesShown())[0]).not.toBe(first[0]);
    second = await codesShown();
    expect(second.filter((code) => first.includes(code))).toEqual([]);
    // The API itself wants the password, not only the page.
    const bare = await page.request.post(`${url}/api/me/mfa/recovery-codes`, { data: {} });
    expect(bare.status()).toBe(401);
    // Shown once: a reload of the page does not show them again.
    await page.reload();
    await page.getByRole('link', { name: 'My MFA' }).click();
    await mine.locator('#my-facts dd').first().waitFor();
    expect(await page.getByRole('list', { name: 'Recovery codes' }).count()).toBe(0);
  });

  it('signs in with a recovery code, once per code, and says how many are left', { timeout: 60_000 }, async () => {
    const { page, url } = c;
    await signOut(page, url);
    await signIn(page, url, 'carol', 'carol-demo', { recoveryCode: first[0]! });
    await poll(() => page.locator('#recoveryCode-error').innerText()).toMatch(/not right, or it was already used/);
    expect(await page.getByLabel('Recovery code').getAttribute('aria-invalid')).toBe('true');
    await c.shot(page, 'signin-recovery-refused');

    await signIn(page, url, 'carol', 'carol-demo', { recoveryCode: second[0]!.toUpperCase() });
    await page.waitForURL(`${url}/app`);
    await poll(() => page.locator('#banner').innerText()).toBe(
      'You signed in with a recovery code. 9 recovery codes are left.',
    );
    await c.shot(page, 'app-recovery-banner');
    // The notice is for this sign-in only.
    await page.reload();
    await page.locator('#welcome').waitFor();
    expect(await page.locator('#banner').isHidden()).toBe(true);

    await signOut(page, url);
    await signIn(page, url, 'carol', 'carol-demo', { recoveryCode: second[0]! });
    await poll(() => page.locator('#recoveryCode-error').innerText()).toMatch(/already used/);
  });
});
