/**
 * totp-enroll/qr: QR codes for otpauth URIs, as compact SVG or terminal text.
 * This entry (and only this one) depends on the `qrcode-svg` encoder.
 * @module
 */
export { qrSvg, type QrSvgOptions } from './svg.js';
export { qrTerminal, type QrTerminalOptions } from './terminal.js';
export { qrMatrix, type QrLevel } from './matrix.js';
