/**
 * Every step of `npm run demo` fits an 80×24 terminal. A screen is what the demo prints between two
 * answers, ending with the prompt it waits at (interactive mode), or a block between blank lines
 * (automatic mode, which never waits). No row is wider than 80 columns and no screen taller than
 * 24 rows, so the QR code is whole on the screen while the demo asks for it to be scanned, and the
 * key is never wrapped inside a group.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { keyLines } from '../../examples/lib/layout.js';
import { parseOtpauthUri } from '../../src/index.js';
import { decodeGrid } from '../helpers/qr-raster.js';
import { terminalToGrid } from '../helpers/qr-terminal.js';
import { codeAt, rowsOf, startDemo, toFirstCode, wrongCode } from './demo-driver.js';

const COLUMNS = 80;
const ROWS = 24;
// `npm run demo -- --interactive` prints 4 rows of its own before the demo's first line, under the
// row the command was typed on: the first screen has 5 rows fewer.
const NPM_ROWS = 5;

const dir = mkdtempSync(join(tmpdir(), 'totp-enroll-demo-screens-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const columns = (row: string) => [...row].length;

function expectFits(screens: string[], first = ROWS - NPM_ROWS) {
  screens.forEach((screen, i) => {
    const rows = rowsOf(screen);
    expect(rows.length, `screen ${i} has ${rows.length} rows:\n${screen}`).toBeLessThanOrEqual(i === 0 ? first : ROWS);
    for (const row of rows) expect(columns(row), `screen ${i}, row "${row}"`).toBeLessThanOrEqual(COLUMNS);
  });
}

/** The half-block rows of a screen, read back into the otpauth URI. */
function qrOf(screen: string, invert: boolean) {
  const rows = rowsOf(screen).filter((row) => /^[ ▀▄█]{21,}$/.test(row));
  return decodeGrid(terminalToGrid(rows.join('\n'), invert));
}

describe('demo screens fit 80×24', () => {
  it.each([
    ['alice', []],
    ['carol', ['--light-terminal']],
  ])('interactive, %s %j: every screen, the QR code alone with its prompt', { timeout: 60_000 }, async (user, extra) => {
    const db = join(dir, `interactive-${user}.db`);
    for (const run of ['first', 'second']) {
      const demo = startDemo(['--interactive', '--user', user, '--db', db, ...extra]);
      const secret = await toFirstCode(demo);
      demo.send(codeAt(secret, 0));
      await demo.expect(/ 9\. Next authentication code: $/);
      demo.send(wrongCode(secret)); // a refusal and a retry are screens too
      await demo.expect(/ 8\. Authentication code .*: $/);
      demo.send(codeAt(secret, 1));
      await demo.expect(/ 9\. Next authentication code: $/);
      demo.send(codeAt(secret, 2));
      await demo.expect(/Authentication code: $/);
      demo.send(wrongCode(secret));
      await demo.expect(/Authentication code: $/);
      demo.send(codeAt(secret, 3));
      const { status, screens, err } = await demo.end();
      expect(err).toBe('');
      expect(status).toBe(0);
      expectFits(screens);
      if (run === 'second') expect(screens[0]).toMatch(/kept MFA from an earlier run/);
      // Screen 1 ends by asking to show the QR code; screen 2 is the QR code and its prompt, nothing else.
      expect(rowsOf(screens[0]!).at(-1)).toMatch(/^ 7\. Scan the QR code with an MFA app\. Press Enter to show it: $/);
      const qrScreen = rowsOf(screens[1]!);
      expect(qrScreen.slice(0, -1).every((row) => /^[ ▀▄█]+$/.test(row))).toBe(true);
      expect(qrScreen).toHaveLength(ROWS);
      const uri = qrOf(screens[1]!, extra.includes('--light-terminal'));
      expect(uri, 'the QR code on screen 2 did not decode').toBeTruthy();
      expect(parseOtpauthUri(uri!)).toMatchObject({ issuer: 'Clarity', accountName: `${user}@example.com`, secret });
      // The key is on the next screen, in groups of four on one line.
      expect(screens[2]).toContain(`      ${secret.replace(/(.{4})(?=.)/g, '$1 ')}\n`);
    }
  });

  it('interactive: "i" redraws the QR code inverted, still one screen', { timeout: 60_000 }, async () => {
    const demo = startDemo(['--interactive', '--db', join(dir, 'invert.db')]);
    await demo.expect(/Press Enter to show it: $/);
    demo.send('');
    const normal = await demo.expect(/i: invert\) $/);
    demo.send('i');
    const inverted = await demo.expect(/i: invert\) $/);
    demo.send('');
    await demo.expect(/ 8\. Authentication code .*: $/);
    const { screens } = await demo.end();
    expectFits(screens);
    expect(rowsOf(normal)[0]).toMatch(/^█+$/); // quiet zone drawn light on a dark terminal
    expect(rowsOf(inverted)[0]).toMatch(/^ +$/);
    expect(qrOf(inverted, true)).toBe(qrOf(normal, false));
  });

  it.each([
    ['alice', []],
    ['bob', ['--light-terminal']],
    ['carol', []],
  ])('automatic, %s %j: every block between blank lines, the QR code with its step title', { timeout: 60_000 }, async (user, extra) => {
    const db = join(dir, `auto-${user}.db`);
    for (const run of ['first', 'second']) {
      const { status, out, err } = await startDemo(['--user', user, '--db', db, ...extra], { TOTP_ENROLL_DEMO_NOW: '' }).end();
      expect(err).toBe('');
      expect(status).toBe(0);
      const blocks = out.split('\n\n');
      expectFits(blocks);
      const qrBlock = blocks.find((b) => b.startsWith(' 7. Scan the QR code'));
      expect(qrBlock, `no step 7 block in:\n${out}`).toBeDefined();
      expect(rowsOf(qrBlock!).length).toBeLessThanOrEqual(ROWS);
      expect(qrOf(qrBlock!, extra.includes('--light-terminal'))).toMatch(new RegExp(`^otpauth://totp/Clarity:${user}@example\\.com\\?`));
      if (run === 'second') expect(out).toMatch(/kept MFA from an earlier run/);
    }
  });

  it('lays the key out in groups of four that no line break splits, at any length and indent', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z2-7]{1,200}$/), fc.nat(40), (secret, indent) => {
        const lines = keyLines(secret, ' '.repeat(indent));
        for (const line of lines) expect(line.length).toBeLessThanOrEqual(COLUMNS);
        const groups = lines.flatMap((line) => line.trim().split(' '));
        expect(groups.join('')).toBe(secret);
        expect(groups.slice(0, -1).every((g) => g.length === 4)).toBe(true);
      }),
    );
  });
});
