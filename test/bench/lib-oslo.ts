// @oslojs/otp: SHA-1 only, key bytes, and the clock is always Date.now(); this worker process owns its
// Date.now so the vectors and the benchmark moment can be given to it.
import { generateTOTP, verifyTOTPWithGracePeriod } from '@oslojs/otp';
import { type Library, PERIOD, SEEDS, runLibrary } from './harness.js';

let clock = 0;
Date.now = () => clock;

const library: Library = {
  name: '@oslojs/otp',
  algorithms: ['SHA1'],
  generator(algorithm, digits) {
    const key = SEEDS[algorithm];
    return (now) => {
      clock = now;
      return generateTOTP(key, PERIOD, digits);
    };
  },
  verifier(algorithm, digits) {
    const key = SEEDS[algorithm];
    return (otp, now) => {
      clock = now;
      return verifyTOTPWithGracePeriod(key, PERIOD, digits, otp, PERIOD);
    };
  },
};
runLibrary(library);
