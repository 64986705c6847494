// Our SVG as a real browser draws it (Chromium, anti-aliasing and pixel snapping included) decodes
// to the exact text at its default size, at all levels and a spread of lengths, at 1x and 2x.
// Skips with a message when Chromium is absent locally; fails when absent under CI=true.
import { readFileSync } from 'node:fs';
import jsQRModule from 'jsqr';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOtpauthUri } from '../src/index.js';
import { qrSvg, type QrLevel } from '../src/qr/index.js';
import { CHROMIUM_PATH, SKIP_MESSAGE, chromiumPresent, chromiumRequired, launchChromium } from './e2e/browser.js';
import { decodePng } from './e2e/png.js';
import { contentOfLength } from './helpers/qr-content.js';
import { decodeGrid, svgToGrid } from './helpers/qr-raster.js';

const jsQR = jsQRModule.default;
const runs = chromiumPresent || chromiumRequired;
if (!runs) console.warn(SKIP_MESSAGE);

describe('README example picture', () => {
  it('examples/qr-example.svg decodes to an otpauth URI with the published demo secret', () => {
    const svg = readFileSync(new URL('../examples/qr-example.svg', import.meta.url), 'utf8');
    const text = decodeGrid(svgToGrid(svg));
    expect(parseOtpauthUri(text ?? '')).toMatchObject({ issuer: 'Acme Corp', secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' });
  });
});

describe.skipIf(!runs)('qrSvg rendered by Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    if (!chromiumPresent) throw new Error(`CI=true but Chromium is missing at ${CHROMIUM_PATH}`);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const deviceScaleFactor of [1, 2]) {
    it(`decodes from ${deviceScaleFactor}x screenshots at the default size`, async () => {
      const page = await browser.newPage({ deviceScaleFactor, viewport: { width: 1000, height: 1000 } });
      let decoded = 0;
      for (const level of ['L', 'M', 'Q', 'H'] as QrLevel[]) {
        for (let length = 20; length <= 1000; length += 245) {
          const text = contentOfLength(length, length + 3).text;
          const svg = qrSvg(text, { level });
          const size = Number(/ width="(\d+)"/.exec(svg)?.[1]);
          await page.setContent(`<!doctype html><body style="margin:0;background:#fff">${svg}</body>`);
          const image = decodePng(await page.screenshot({ clip: { x: 0, y: 0, width: size, height: size } }));
          expect(jsQR(image.data, image.width, image.height)?.data, `${level} ${length}`).toBe(text);
          decoded++;
        }
      }
      await page.close();
      expect(decoded).toBe(20);
    });
  }
});
