/**
 * `npm run demo -- --interactive` forgives what people get wrong: a wrong or replayed code at
 * sign-in asks again (saying how many tries are left), a wrong pair of pairing codes asks again,
 * a voided QR code is replaced by a new one, and codes typed as apps show them ("123 456") count.
 * The demo runs on a seeded clock (TOTP_ENROLL_DEMO_NOW); codes are computed from the printed key.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { codeAt, keyFrom, startDemo, toFirstCode, wrongCode } from './demo-driver.js';

const dir = mkdtempSync(join(tmpdir(), 'totp-enroll-demo-retry-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let runs = 0;
const interactive = () => startDemo(['--interactive', '--db', join(dir, `demo-${runs++}.db`)]);
const SIGN_IN = /^ {4}Authentication code: $/m;
/** Output with wrapped sentences joined again. */
const flat = (text: string) => text.replace(/\n {4}(?=\S)/g, ' ');
const spaced = (code: string, sep: string) => `${code.slice(0, 3)}${sep}${code.slice(3)}`;

/** Pairs with the right codes for steps 0 and 1; the sign-in then expects a step-2 code. */
async function pair(demo: ReturnType<typeof startDemo>): Promise<string> {
  const secret = await toFirstCode(demo);
  demo.send(codeAt(secret, 0));
  await demo.expect(/ 9\. Next authentication code: $/);
  demo.send(codeAt(secret, 1));
  const screen = await demo.expect(/Authentication code: $/);
  expect(screen).toMatch(/10\. Verify \.+ consecutive codes: app paired/);
  return secret;
}

describe('interactive demo: retries', () => {
  it('asks again after a wrong code at sign-in, with the tries left, then accepts the right one', { timeout: 60_000 }, async () => {
    const demo = interactive();
    const secret = await pair(demo);
    demo.send(wrongCode(secret));
    const retry = await demo.expect(/Authentication code: $/);
    expect(retry).toMatch(/Refused \(mismatch\)\. That authentication code is not right/);
    expect(retry).toMatch(/9 more wrong codes lock sign-in for 15 minutes\./);
    demo.send(codeAt(secret, 2));
    const { status, out, err } = await demo.end();
    expect(err).toBe('');
    expect(status).toBe(0);
    expect(out).toMatch(/code entered \.+ accepted \(clock offset 0 steps\)/);
    expect(out).toMatch(/the same code again \.+ refused \(replayed\)/);
  });

  it('asks again after a replayed code at sign-in, once the app shows a new one', { timeout: 60_000 }, async () => {
    const demo = interactive();
    const secret = await pair(demo);
    demo.send(codeAt(secret, 1)); // the second pairing code: used up
    const retry = await demo.expect(/Authentication code: $/);
    expect(retry).toMatch(/Refused \(replayed\)\. That code was already used/);
    expect(retry).toMatch(/Your app shows a new code in \d+ s/);
    demo.send(codeAt(secret, 3)); // the clock moved on to the next code
    const { status, out } = await demo.end();
    expect(status).toBe(0);
    expect(out).toMatch(/accepted \(clock offset 0 steps\)/);
  });

  it('asks for both pairing codes again after a wrong pair, with the tries left', { timeout: 60_000 }, async () => {
    const demo = interactive();
    const secret = await toFirstCode(demo);
    demo.send(codeAt(secret, 0));
    await demo.expect(/ 9\. Next authentication code: $/);
    demo.send(wrongCode(secret));
    const retry = await demo.expect(/ 8\. Authentication code .*: $/);
    expect(retry).toMatch(/10\. Verify \.+ refused \(mismatch\)/);
    expect(retry).toMatch(/4 more wrong pairs and this QR code stops working\./);
    demo.send(codeAt(secret, 1));
    await demo.expect(/ 9\. Next authentication code: $/);
    demo.send(codeAt(secret, 2));
    await demo.expect(SIGN_IN);
    demo.send(codeAt(secret, 3));
    const { status, out } = await demo.end();
    expect(status).toBe(0);
    expect(out).toMatch(/11\. Enable \.+ MFA is enabled for alice@example\.com/);
  });

  it('offers a new QR code when wrong pairs void the first, and pairs with the new key', { timeout: 60_000 }, async () => {
    const demo = interactive();
    const first = await toFirstCode(demo);
    let step = 0;
    for (let attempt = 1; attempt <= 5; attempt++) {
      if (attempt > 1) await demo.expect(/ 8\. Authentication code .*: $/);
      demo.send(codeAt(first, step));
      await demo.expect(/ 9\. Next authentication code: $/);
      step++;
      demo.send(wrongCode(first, -3, 12));
    }
    const voided = await demo.expect(/Press Enter for a new QR code .*: $/);
    expect(voided).toMatch(/refused \(too-many-attempts\)/);
    expect(flat(voided)).toMatch(/Too many wrong codes: this QR code is no longer valid\. Click ENABLE again/);
    demo.send('');
    await demo.expect(/Press Enter to show it: $/);
    demo.send('');
    await demo.expect(/i: invert\) $/);
    demo.send('');
    const second = keyFrom(await demo.expect(/ 8\. Authentication code .*: $/));
    expect(second).not.toBe(first);
    demo.send(codeAt(second, step));
    await demo.expect(/ 9\. Next authentication code: $/);
    demo.send(codeAt(second, step + 1));
    await demo.expect(SIGN_IN);
    demo.send(codeAt(second, step + 2));
    const { status, out } = await demo.end();
    expect(status).toBe(0);
    expect(out).toMatch(/consecutive codes: app paired/);
    expect(out).toMatch(/accepted \(clock offset 0 steps\)/);
  });

  it('accepts codes typed as apps show them: "123 456" when pairing, "123-456" at sign-in', { timeout: 60_000 }, async () => {
    const demo = interactive();
    const secret = await toFirstCode(demo);
    demo.send(spaced(codeAt(secret, 0), ' '));
    await demo.expect(/ 9\. Next authentication code: $/);
    demo.send(spaced(codeAt(secret, 1), ' '));
    const signIn = await demo.expect(SIGN_IN);
    expect(signIn).toMatch(/consecutive codes: app paired/);
    demo.send(spaced(codeAt(secret, 2), '-'));
    const { status, out, err } = await demo.end();
    expect(err).toBe('');
    expect(status).toBe(0);
    expect(out).toMatch(/accepted \(clock offset 0 steps\)/);
  });

  it('stops with the lock in words, exit code 1, once wrong codes lock sign-in', { timeout: 60_000 }, async () => {
    const demo = interactive();
    const secret = await pair(demo);
    for (let n = 1; n < 10; n++) {
      demo.send(wrongCode(secret));
      expect(await demo.expect(SIGN_IN)).toMatch(new RegExp(`${10 - n} more wrong codes? locks? sign-in`));
    }
    demo.send(wrongCode(secret));
    const { status, out, err } = await demo.end();
    expect(status).toBe(1);
    expect(flat(out)).toMatch(/Refused \(mismatch\)\. Too many wrong codes\. Sign-in with a code is locked for 15 minutes\./);
    expect(err).toMatch(/Demo failed: Sign-in refused \(mismatch\)\. Run the demo again to start over\./);
    expect(err).not.toMatch(/\n\s+at /);
  });

  it('stops in words when the input ends before a code, exit code 1', { timeout: 60_000 }, async () => {
    const demo = interactive();
    await toFirstCode(demo);
    const { status, err } = await demo.end();
    expect(status).toBe(1);
    expect(err).toMatch(/Demo failed: The input ended before a code was entered\./);
    expect(err).not.toMatch(/\n\s+at /);
  });
});
