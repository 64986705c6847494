/**
 * The record as JSON text: how every store (the memory store included) writes a record and reads
 * it back. Only JSON: what a record means is `enrollment/record.ts`'s `parseRecord`; versions are
 * `./version.ts`.
 * @module
 */
import { OtpError } from '../errors.js';

/**
 * Serialises a record to the JSON text adapters store; throws `INVALID_RECORD` if it has no JSON form.
 * @example
 * ```ts
 * serialiseRecord({ schema: 1 }); // '{"schema":1}'
 * ```
 */
export function serialiseRecord(record: unknown): string {
  const json = JSON.stringify(record);
  if (typeof json !== 'string') throw new OtpError('INVALID_RECORD', 'record is not JSON-serialisable');
  return json;
}

/**
 * Parses stored JSON text back into a value; throws `INVALID_RECORD` (without the text) if it is corrupt.
 * @example
 * ```ts
 * parseRecordJson('{"schema":1}'); // { schema: 1 }
 * ```
 */
export function parseRecordJson<R>(json: unknown): R {
  if (typeof json !== 'string') throw new OtpError('INVALID_RECORD', 'stored record is not JSON text');
  try {
    return JSON.parse(json) as R;
  } catch {
    throw new OtpError('INVALID_RECORD', 'stored record is not valid JSON');
  }
}
