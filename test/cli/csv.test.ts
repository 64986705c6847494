// The CSV reader under `import`: RFC 4180 quoting, CRLF or LF, a byte-order mark, blank lines skipped, and
// the line each record starts on (error messages name it).
import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseCsv } from '../../src/cli/csv.js';

describe('parseCsv', () => {
  it.each([
    ['LF and CRLF', 'user,secret\nalice,A\r\nbob,B\r\n', [[1, ['user', 'secret']], [2, ['alice', 'A']], [3, ['bob', 'B']]]],
    ['a byte-order mark and no final newline', '\uFEFFuser,secret\nalice,A', [[1, ['user', 'secret']], [2, ['alice', 'A']]]],
    ['quoted commas, quotes and line breaks', 'u\n"a, ""b""",x\n"c\nd",y\n', [[1, ['u']], [2, ['a, "b"', 'x']], [3, ['c\nd', 'y']]]],
    ['empty lines are skipped, line numbers stay right', 'u\n\n\r\nalice,A\n\n', [[1, ['u']], [4, ['alice', 'A']]]],
    ['lines of only spaces or tabs are blank too', 'u\n   \n\t\nalice,A\n  \t \r\n', [[1, ['u']], [4, ['alice', 'A']]]],
    ['a quoted empty field is a record, not a blank line', 'u\n""\n', [[1, ['u']], [2, ['']]]],
    ['empty fields are kept', 'a,,c\n,\n', [[1, ['a', '', 'c']], [2, ['', '']]]],
  ] as const)('%s', (_name, text, expected) => {
    expect(parseCsv(text).map((r) => [r.line, r.cells])).toEqual(expected);
  });

  it.each([
    ['u\n"never closed\n', 2, 'a quoted field is never closed'],
    ['u\n"a"b,c\n', 2, 'text follows a closing quote'],
  ])('%j is a syntax error on line %i', (text, line, message) => {
    expect(() => parseCsv(text)).toThrow(CsvSyntaxError);
    try {
      parseCsv(text);
    } catch (error) {
      expect([(error as CsvSyntaxError).line, (error as Error).message]).toEqual([line, message]);
    }
  });
});
