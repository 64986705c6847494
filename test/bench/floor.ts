// The floor, measured in the same run as the libraries: one HMAC-SHA1 of 8 bytes with node:crypto,
// and two SHA-1 compressions with @noble/hashes when the key's inner and outer states are precomputed
// and copied into a scratch instance without allocation (the cost of one TOTP step at best in JS).
import { createHmac } from 'node:crypto';
import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { SEEDS, measure, report } from './harness.js';

const key = SEEDS.SHA1;
const message = new Uint8Array(8);
const out = new Uint8Array(20);
const base = hmac.create(sha1, key);
const work = base.clone();
const reference = createHmac('sha1', key).update(message).digest();

function nobleSteps(): Uint8Array {
  base._cloneInto(work);
  work.update(message);
  work.digestInto(out);
  return out;
}
// Both floors compute the same HMAC before being timed.
if (!Buffer.from(nobleSteps()).equals(reference)) throw new Error('floor: noble HMAC-SHA1 differs from node:crypto');

report('floor', {
  'node:crypto HMAC-SHA1 of 8 bytes': measure(() => createHmac('sha1', key).update(message).digest()),
  'noble 2 SHA-1 compressions (precomputed states)': measure(nobleSteps),
});
