/**
 * The QR module matrix, taken from the `qrcode-svg` encoder with its known faults kept out:
 * only printable ASCII goes in (no byte-order mark, no broken UTF-8), and level H content of
 * 192–217 bytes, for which its version-15 table is wrong, is encoded at version 16 instead.
 * @module
 */
import QRCode from 'qrcode-svg';
import { OtpError } from '../errors.js';

/** QR error-correction levels: L recovers about 7 % of the symbol, M 15 %, Q 25 %, H 30 %. */
export type QrLevel = 'L' | 'M' | 'Q' | 'H';

const LEVELS: readonly QrLevel[] = ['L', 'M', 'Q', 'H'];
// Longest content qrcode-svg accepts per level (it counts 3 bytes more than the text has).
const MAX_LENGTH: Record<QrLevel, number> = { L: 2950, M: 2328, Q: 1660, H: 1270 };
// Level H byte lengths that qrcode-svg puts in version 15, whose block table it has wrong.
const H_BROKEN_FIRST = 192;
const H_BROKEN_LAST = 217;

/** Throws `INVALID_QR_CONTENT` unless `text` is non-empty printable ASCII that fits `level`. Internal. */
export function checkQrContent(text: unknown, level: QrLevel): asserts text is string {
  if (typeof text !== 'string' || text.length === 0) {
    throw new OtpError('INVALID_QR_CONTENT', 'QR content must be a non-empty string', { field: 'text' });
  }
  if (text.length > MAX_LENGTH[level]) {
    const fits = LEVELS.filter((l) => text.length <= MAX_LENGTH[l]);
    throw new OtpError(
      'INVALID_QR_CONTENT',
      `QR content of ${text.length} characters does not fit level ${level}` +
        (fits.length > 0 ? `; level ${fits[fits.length - 1]} holds it` : `; no level holds more than ${MAX_LENGTH.L}`),
      { field: 'text' },
    );
  }
  // After the length check, so the scan is bounded by the largest QR code.
  if (!/^[\x20-\x7e]*$/.test(text)) {
    throw new OtpError(
      'INVALID_QR_CONTENT',
      'QR content must be printable ASCII; percent-encode other text first (buildOtpauthUri already does)',
      { field: 'text' },
    );
  }
}

/**
 * Encodes printable ASCII into a QR module matrix: `matrix[y][x]` is true for a dark module, row 0
 * at the top, column 0 at the left (the finder patterns sit top-left, top-right and bottom-left).
 * There is no quiet zone in the matrix; renderers add it.
 *
 * @param level - error-correction level; default `'M'`.
 * @throws OtpError `INVALID_QR_CONTENT` for empty or non-printable-ASCII text, or text too long for
 * the level (the message names a level that holds it); `INVALID_OPTION` for an unknown level.
 * @example
 * ```ts
 * import { qrMatrix } from 'totp-enroll/qr';
 * const m = qrMatrix('otpauth://totp/Acme:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Acme');
 * m.length;      // 33 (version 4): draw m[y][x] as you like, with 4 light modules around it
 * ```
 */
export function qrMatrix(text: string, level: QrLevel = 'M'): boolean[][] {
  if (!LEVELS.includes(level)) {
    throw new OtpError('INVALID_OPTION', "level must be 'L', 'M', 'Q' or 'H'", { field: 'level' });
  }
  checkQrContent(text, level);
  let model: QRCode.Model;
  if (level === 'H' && text.length >= H_BROKEN_FIRST && text.length <= H_BROKEN_LAST) {
    // Start from any valid instance, then re-make its model at version 16 (its tables are right there).
    model = new QRCode({ content: 'A', ecl: 'H' }).qrcode;
    model.typeNumber = 16;
    model.dataList = [];
    model.addData(text);
    model.make();
  } else {
    model = new QRCode({ content: text, ecl: level, join: true }).qrcode;
  }
  // modules[row][col] is row-major (qrcode-svg's own SVG wrongly draws it transposed).
  return model.modules.map((row) => row.map((dark) => dark === true));
}
