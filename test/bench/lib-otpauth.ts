// otpauth 9 with a reused TOTP instance (its documented usage): the secret is decoded once.
import { Secret, TOTP } from 'otpauth';
import { type Library, PERIOD, SEEDS, base32, runLibrary } from './harness.js';

const library: Library = {
  name: 'otpauth',
  algorithms: ['SHA1', 'SHA256', 'SHA512'],
  generator(algorithm, digits) {
    const totp = new TOTP({ secret: Secret.fromBase32(base32(SEEDS[algorithm])), algorithm, digits, period: PERIOD });
    return (timestamp) => totp.generate({ timestamp });
  },
  verifier(algorithm, digits) {
    const totp = new TOTP({ secret: Secret.fromBase32(base32(SEEDS[algorithm])), algorithm, digits, period: PERIOD });
    return (token, timestamp) => totp.validate({ token, timestamp, window: 1 }) !== null;
  },
};
runLibrary(library);
