/**
 * The console on a phone-sized screen (390 × 844): nothing scrolls sideways on any page, the top bar
 * spans the screen, the QR code in the dialog still scans from the pixels; and /favicon.ico answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  enableFor, expectNoSideScroll, manage, openUsers, runs, scanQr, signIn, startConsole, type Console,
} from './console.js';

describe.skipIf(!runs)('the console at 390 px wide in Chromium', () => {
  let c: Console;
  let phone: Page;
  beforeAll(async () => {
    c = await startConsole();
    phone = await c.newPage({ width: 390, height: 844 });
  });
  afterAll(async () => {
    await c?.close();
  });

  it('answers /favicon.ico with an SVG icon', async () => {
    const res = await phone.request.get(`${c.url}/favicon.ico`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('image/svg+xml');
    expect((await res.text()).trim()).toMatch(/^<svg[\s\S]*<\/svg>$/);
  });

  it('fits every page and dialog into 390 px', { timeout: 90_000 }, async () => {
    await phone.goto(`${c.url}/signin`);
    await expectNoSideScroll(phone);
    await c.shot(phone, '390-signin');

    await signIn(phone, c.url, 'admin', 'admin-demo');
    await phone.waitForURL(`${c.url}/app`);
    await expectNoSideScroll(phone);
    const bar = await phone.locator('.topbar').boundingBox();
    expect(bar?.width).toBe(390);
    expect(await phone.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);
    await c.shot(phone, '390-dashboard');

    await openUsers(phone, c.url);
    await expectNoSideScroll(phone);
    await phone.screenshot({ path: `${process.cwd()}/test-output/e2e/390-users.png`, fullPage: true });

    const dialog = await manage(phone, 'alice');
    await dialog.getByRole('button', { name: 'ENABLE', exact: true }).click();
    await scanQr(c, dialog, 'alice@example.com', '390-dialog-qr');
    await expectNoSideScroll(phone);
    await dialog.locator('.dialog-foot').getByRole('button', { name: 'Close' }).click();

    await enableFor(c, phone, 'bob');
    const bobs = await manage(phone, 'bob');
    await bobs.getByRole('button', { name: 'New recovery codes' }).click();
    await bobs.getByRole('button', { name: 'Make new codes' }).click();
    await bobs.getByRole('list', { name: 'Recovery codes' }).waitFor();
    await expectNoSideScroll(phone);
    await c.shot(phone, '390-dialog-codes');
    await bobs.locator('.dialog-foot').getByRole('button', { name: 'Close' }).click();

    await phone.getByRole('link', { name: 'My MFA' }).click();
    await phone.locator('#my-facts dd').first().waitFor();
    await expectNoSideScroll(phone);
    await c.shot(phone, '390-my-mfa');
  });
});
