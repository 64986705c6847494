// totp-enroll as an application calls it: the base32 secret text on every call, no instance kept.
import { pathToFileURL } from 'node:url';
import { type Library, SEEDS, base32, runLibrary } from './harness.js';

// run.ts bundles src/ once and passes the file; without it, import the sources directly.
const modulePath = process.env.TOTP_ENROLL_BENCH_MODULE;
const lib: typeof import('../../src/index.js') = modulePath
  ? await import(pathToFileURL(modulePath).href)
  : await import('../../src/index.js');

const library: Library = {
  name: 'totp-enroll',
  algorithms: ['SHA1', 'SHA256', 'SHA512'],
  generator(algorithm, digits) {
    const secret = base32(SEEDS[algorithm]);
    return (now) => lib.generateTotp(secret, { now, algorithm, digits: digits as 6 | 8 });
  },
  verifier(algorithm, digits) {
    const secret = base32(SEEDS[algorithm]);
    return (code, now) => lib.verifyTotp(secret, code, { now, algorithm, digits: digits as 6 | 8, window: 1 }).ok;
  },
};
runLibrary(library);
