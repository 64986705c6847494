/**
 * What the web example's browser tests share: a server on an injected clock with a fresh database,
 * Chromium, sign-in through the page, reading a QR code from screenshot pixels the way a phone does,
 * and the codes an authenticator app would show on the server's clock.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQRModule from 'jsqr';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { startServer, type WebOptions } from '../../examples/web/server.js';
import { generateTotp, parseOtpauthUri } from '../../src/index.js';
import { chromiumPresent, chromiumRequired, CHROMIUM_PATH, launchChromium, SKIP_MESSAGE } from './browser.js';
import { decodePng } from './png.js';

// jsqr is CommonJS with `exports.default`; its typings describe the ESM view.
const jsQR = jsQRModule.default;

/** Where the screenshots go (git ignores test-output/). */
export const OUTPUT = join(process.cwd(), 'test-output', 'e2e');
export const PERIOD_MS = 30_000;
/** True when the browser tests run here (Chromium present, or CI=true where its absence fails). */
export const runs = chromiumPresent || chromiumRequired;
if (!runs) console.warn(SKIP_MESSAGE);

/** A started example with its own database, clock and browser. */
export interface Console {
  url: string;
  /** The server's clock (Unix ms); move it with `advance`. */
  now(): number;
  advance(ms: number): void;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** A new page in a fresh context (its own cookies), e.g. a second person or a phone-sized screen. */
  newPage(options?: { width?: number; height?: number }): Promise<Page>;
  shot(page: Page | Locator, name: string): Promise<Buffer>;
  close(): Promise<void>;
}

/**
 * Starts the server at `start` (10 s into a step by default) with `policy`, and Chromium.
 * @example
 * ```ts
 * const c = await startConsole();
 * await signIn(c.page, c.url, 'admin', 'admin-demo');
 * ```
 */
export async function startConsole(
  start = Date.UTC(2025, 5, 2, 9, 0, 10),
  policy: WebOptions['policy'] = {},
): Promise<Console> {
  if (!chromiumPresent) throw new Error(`CI=true but Chromium is missing at ${CHROMIUM_PATH}: the browser test must run in CI.`);
  mkdirSync(OUTPUT, { recursive: true });
  let clock = start;
  const dir = mkdtempSync(join(tmpdir(), 'totp-enroll-e2e-'));
  const server = await startServer({ port: 0, dbPath: join(dir, 'web.db'), now: () => clock, policy });
  const browser = await launchChromium();
  const contexts: BrowserContext[] = [];
  const newContext = async (width = 1280, height = 860) => {
    const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    contexts.push(context);
    return context;
  };
  const context = await newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return {
    url: server.url,
    now: () => clock,
    advance: (ms) => void (clock += ms),
    browser,
    context,
    page,
    async newPage({ width, height } = {}) {
      const p = await (await newContext(width, height)).newPage();
      p.setDefaultTimeout(10_000);
      return p;
    },
    shot: (target, name) => target.screenshot({ path: join(OUTPUT, `${name}.png`) }),
    async close() {
      for (const c of contexts) await c.close();
      await browser.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Fills the sign-in page and submits it. `recoveryCode` switches to the recovery code field first.
 * @example
 * ```ts
 * await signIn(page, url, 'alice', 'alice-demo', { code: '123456' });
 * ```
 */
export async function signIn(
  page: Page,
  url: string,
  username: string,
  password: string,
  { code = '', recoveryCode }: { code?: string; recoveryCode?: string } = {},
): Promise<void> {
  await page.goto(`${url}/signin`);
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(password);
  if (recoveryCode === undefined) await page.getByLabel('Authentication code').fill(code);
  else {
    await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await page.getByLabel('Recovery code').fill(recoveryCode);
  }
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs out from the console's top bar. */
export async function signOut(page: Page, url: string): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(`${url}/signin`);
}

/** The authenticator app after scanning: its otpauth parameters and the code it shows at a moment. */
export interface ScannedApp {
  uri: string;
  secret: string;
  codeAt(now: number): string;
}

/**
 * Screenshots `area` (the dialog or page part with the QR code), decodes the QR code from the pixels,
 * checks it names `accountName`, and returns the app that scanned it.
 * @example
 * ```ts
 * const app = await scanQr(c, dialog, 'alice@example.com', 'dialog-qr');
 * app.codeAt(c.now());
 * ```
 */
export async function scanQr(c: Console, area: Locator, accountName: string, shot?: string): Promise<ScannedApp> {
  await area.getByRole('img').waitFor();
  const png = shot ? await c.shot(area, shot) : await area.screenshot();
  const image = decodePng(png);
  const decoded = jsQR(image.data, image.width, image.height);
  expect(decoded, 'jsQR found no QR code in the screenshot').not.toBeNull();
  const uri = decoded!.data;
  const params = parseOtpauthUri(uri);
  expect(params).toMatchObject({ type: 'totp', issuer: 'Clarity Example', accountName });
  const app = { algorithm: params.algorithm ?? 'SHA1', digits: params.digits ?? 6, period: params.period ?? 30 } as const;
  return { uri, secret: params.secret, codeAt: (now) => generateTotp(params.secret, { ...app, now }) };
}

/**
 * Pairs `app` in the pairing form inside `area`: the previous step's code and the current one, Verify.
 * @example
 * ```ts
 * await pair(c, dialog, app);
 * await dialog.getByRole('button', { name: 'Enable', exact: true }).click();
 * ```
 */
export async function pair(c: Console, area: Locator, app: ScannedApp): Promise<void> {
  await area.getByLabel('Authentication code', { exact: true }).fill(app.codeAt(c.now() - PERIOD_MS));
  await area.getByLabel('Next authentication code').fill(app.codeAt(c.now()));
  await area.getByRole('button', { name: 'Verify' }).click();
  await area.getByRole('button', { name: 'Enable', exact: true }).waitFor();
}

/**
 * Opens Tenants and Users > Users as a signed-in administrator.
 * @example
 * ```ts
 * await openUsers(page, url);
 * ```
 */
export async function openUsers(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/app#tenants-users`);
  await page.getByRole('tab', { name: 'Users' }).click();
  await page.locator('#users-body tr').first().waitFor();
}

/** The MFA state in a user's row of the Users list (without the column name the narrow layout shows). */
export const mfaCell = (page: Page, username: string): Locator =>
  page
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: username, exact: true }) })
    .locator('td.mfa .cell-value');

/**
 * Ticks one user and opens Manage MFA; returns the dialog.
 * @example
 * ```ts
 * const dialog = await manage(page, 'alice');
 * ```
 */
export async function manage(page: Page, username: string): Promise<Locator> {
  for (const box of await page.locator('#users-body input[type=checkbox]:checked').all()) await box.uncheck();
  await page.getByRole('checkbox', { name: `Select ${username}` }).check();
  await page.getByRole('button', { name: 'Manage MFA' }).click();
  const dialog = page.getByRole('dialog', { name: 'Manage Multi-Factor Authentication' });
  await dialog.locator('#mfa-start button').first().waitFor();
  return dialog;
}

/**
 * `expect.poll` with a 10 s timeout instead of 1 s: pages answer slowly on a loaded machine (the whole
 * suite in parallel), and a poll only waits as long as it has to.
 * @example
 * ```ts
 * await poll(() => mfaCell(page, 'alice').textContent()).toBe('Enabled');
 * ```
 */
export const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 10_000 });

/** The page is no wider than its viewport: nothing scrolls sideways. */
export async function expectNoSideScroll(page: Page): Promise<void> {
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
  }));
  expect(scroll, `the page is ${scroll} px wide in a ${width} px viewport`).toBeLessThanOrEqual(width);
}

/**
 * As a signed-in administrator on the Users tab: ENABLE, scan, pair and Enable MFA for `username`.
 * @example
 * ```ts
 * const app = await enableFor(c, c.page, 'alice');
 * ```
 */
export async function enableFor(c: Console, page: Page, username: string): Promise<ScannedApp> {
  const dialog = await manage(page, username);
  await dialog.getByRole('button', { name: 'ENABLE', exact: true }).click();
  const app = await scanQr(c, dialog, `${username}@example.com`);
  await pair(c, dialog, app);
  await dialog.getByRole('button', { name: 'Enable', exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
  await poll(() => mfaCell(page, username).textContent()).toBe('Enabled');
  // The pairing used the codes of this step and the one before: sign-ins start one period later.
  c.advance(PERIOD_MS);
  return app;
}

/** The `nth` code (from 0) that `app` does not show around `now`, so it is wrong at sign-in. */
export function wrongCode(app: ScannedApp, now: number, nth = 0): string {
  const near = new Set([-1, 0, 1].map((k) => app.codeAt(now + k * PERIOD_MS)));
  for (let n = 123_456; ; n = (n + 111_111) % 1_000_000) {
    const code = String(n).padStart(6, '0');
    if (!near.has(code) && nth-- === 0) return code;
  }
}

/** Closes the Manage MFA dialog with its Close button (the × in the corner has the same name). */
export async function closeDialog(dialog: Locator): Promise<void> {
  await dialog.locator('.dialog-foot').getByRole('button', { name: 'Close' }).click();
  await dialog.waitFor({ state: 'hidden' });
}
