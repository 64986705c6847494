// otplib 13's functional API with its default plugins; the base32 secret text on every call.
import { generateSync, verifySync } from 'otplib';
import { type Library, PERIOD, SEEDS, base32, runLibrary } from './harness.js';

const library: Library = {
  name: 'otplib',
  algorithms: ['SHA1', 'SHA256', 'SHA512'],
  generator(algorithm, digits) {
    const secret = base32(SEEDS[algorithm]);
    const alg = algorithm.toLowerCase() as 'sha1';
    return (now) => generateSync({ secret, algorithm: alg, digits: digits as 6, period: PERIOD, epoch: Math.floor(now / 1000) });
  },
  verifier(algorithm, digits) {
    const secret = base32(SEEDS[algorithm]);
    const alg = algorithm.toLowerCase() as 'sha1';
    return (token, now) =>
      verifySync({ secret, token, algorithm: alg, digits: digits as 6, period: PERIOD, epoch: Math.floor(now / 1000), epochTolerance: PERIOD }).valid;
  },
};
runLibrary(library);
