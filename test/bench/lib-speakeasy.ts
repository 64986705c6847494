// speakeasy 2: the base32 secret text on every call, window 1.
import speakeasy from 'speakeasy';
import { type Library, PERIOD, SEEDS, base32, runLibrary } from './harness.js';

const library: Library = {
  name: 'speakeasy',
  algorithms: ['SHA1', 'SHA256', 'SHA512'],
  generator(algorithm, digits) {
    const secret = base32(SEEDS[algorithm]);
    const alg = algorithm.toLowerCase() as 'sha1';
    return (now) => speakeasy.totp({ secret, encoding: 'base32', algorithm: alg, digits, step: PERIOD, time: Math.floor(now / 1000) });
  },
  verifier(algorithm, digits) {
    const secret = base32(SEEDS[algorithm]);
    const alg = algorithm.toLowerCase() as 'sha1';
    return (token, now) =>
      speakeasy.totp.verify({ secret, encoding: 'base32', algorithm: alg, digits, step: PERIOD, time: Math.floor(now / 1000), token, window: 1 });
  },
};
runLibrary(library);
