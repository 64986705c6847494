import { describe, expect, it } from 'vitest';
import { OtpError } from '../src/errors.js';
import { scrubCause, storeUnavailable } from '../src/storage/store-error.js';
import { deepText } from './helpers/deep-text.js';

const RECORD = '{"schema":1,"failures":0,"recovery":[],"active":{"secret":"JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"}}';

describe('scrubCause: a driver error reduced to name, code and message', () => {
  it('drops every other property, the nested cause and the stack frames', () => {
    const driver = Object.assign(new Error('OOM command not allowed', { cause: new Error(RECORD) }), {
      name: 'ReplyError',
      code: 'OOM',
      command: { name: 'eval', args: ['script', '1', 'key', RECORD] },
      detail: `Failing row contains (${RECORD})`,
    });
    const safe = scrubCause(driver, [RECORD]);
    expect(Reflect.ownKeys(safe).sort()).toEqual(['code', 'message', 'name', 'stack']);
    expect({ name: safe.name, code: (safe as { code?: string }).code, message: safe.message }).toEqual({
      name: 'ReplyError',
      code: 'OOM',
      message: 'OOM command not allowed',
    });
    expect(safe.stack).toBe('ReplyError: OOM command not allowed');
    expect(deepText(storeUnavailable('Redis', driver, [RECORD]))).not.toContain('JBSWY3DP');
  });

  it.each([
    ['the whole record', `refused row ${RECORD}`, 'refused row [redacted]'],
    ['the secret alone', 'bad value "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP" here', 'bad value [redacted] here'],
    ['a record cut short', `ERR unknown command, with args beginning with: '${RECORD.slice(0, 60)}`, "ERR unknown command, with args beginning with: '[redacted]"],
    ['nothing of it', 'connection reset by peer', 'connection reset by peer'],
    ['runs shorter than 8 characters', 'field secret" at 1 is fine', 'field secret" at 1 is fine'],
  ])('redacts a message echoing %s', (_what, message, expected) => {
    expect(scrubCause(new Error(message), [RECORD]).message).toBe(expected);
  });

  it('redacts an echo far into a long message before shortening it to 500 characters', () => {
    const safe = scrubCause(new Error(`${'x'.repeat(490)} ${RECORD}`), [RECORD]);
    expect(safe.message).not.toContain('JBSW');
    expect(safe.message.length).toBeLessThanOrEqual(503);
  });

  it('survives throwing getters, strings, non-errors and an AggregateError without a message', () => {
    const hostile = Object.defineProperty({}, 'message', { get: () => { throw new Error(RECORD); } });
    expect(scrubCause(hostile).message).toBe('unknown error');
    expect(scrubCause('plain text failure').message).toBe('plain text failure');
    expect(scrubCause(42).message).toBe('unknown error');
    const aggregate = new AggregateError([Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })], '');
    expect(scrubCause(aggregate)).toMatchObject({ name: 'AggregateError', message: 'connect ECONNREFUSED 127.0.0.1:5432' });
  });

  it('passes an OtpError through unchanged; wraps anything else as STORE_UNAVAILABLE', () => {
    const own = new OtpError('INVALID_RECORD', 'stored record is not valid JSON');
    expect(storeUnavailable('SQLite', own)).toBe(own);
    expect(storeUnavailable('SQLite', new Error('disk I/O error'))).toMatchObject({ code: 'STORE_UNAVAILABLE', cause: { message: 'disk I/O error' } });
  });
});
