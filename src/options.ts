/**
 * Options are read once. Every export copies the options it knows into a fresh null-prototype
 * object before validating anything, so a getter that answers one value when checked and another
 * when used, a Proxy, or a polluted `Object.prototype` cannot bend a result. Internal.
 * @module
 */
import { OtpError } from './errors.js';

/** A snapshot of the named options: own or inherited values read exactly once each. */
export type Snapshot<K extends string> = { readonly [P in K]?: unknown };

/**
 * Reads each of `keys` from `options` once into a null-prototype object. `undefined` means no
 * options; `null` or anything that is not an object throws `OtpError` `INVALID_OPTION` naming
 * `field`. Inherited properties are ignored: only the caller's own ones count.
 * @example
 * ```ts
 * const o = snapshotOptions(options, ['now', 'period'], 'options');
 * o.now; // read once, here; later reads of `options.now` cannot change it
 * ```
 */
export function snapshotOptions<K extends string>(options: unknown, keys: readonly K[], field = 'options'): Snapshot<K> {
  const copy = Object.create(null) as Record<string, unknown>;
  if (options === undefined) return copy as Snapshot<K>;
  if (typeof options !== 'object' || options === null) {
    throw new OtpError('INVALID_OPTION', `${field} must be an object`, { field });
  }
  for (const key of keys) {
    if (Object.prototype.hasOwnProperty.call(options, key)) copy[key] = (options as Record<string, unknown>)[key];
  }
  return copy as Snapshot<K>;
}
