/**
 * Finds and launches Debian's Chromium for the browser tests. Locally a missing Chromium
 * skips the suite with a message saying how to install it; under CI=true it is a failure.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Where Chromium is expected (override with CHROMIUM_PATH). */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** True when the browser tests can run. */
export const chromiumPresent = existsSync(CHROMIUM_PATH);

/** True when a missing Chromium must fail the run instead of skipping it. */
export const chromiumRequired = process.env['CI'] === 'true';

/** The message printed when the suite is skipped. */
export const SKIP_MESSAGE =
  `Skipping browser tests: Chromium not found at ${CHROMIUM_PATH} ` +
  '(install it with `apt-get install -y chromium` or set CHROMIUM_PATH; under CI=true this is a failure).';

/**
 * Launches headless Chromium; playwright-core gives it a fresh temporary profile.
 * @example
 * ```ts
 * const browser = await launchChromium();
 * const page = await browser.newPage();
 * ```
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
