/**
 * A small RFC 4180 CSV reader for `import`: comma-separated, `"` quoting with `""` for a quote, CRLF or
 * LF line ends, a leading byte-order mark ignored, blank lines (empty, or only spaces and tabs) skipped.
 * Each record keeps the line number it starts on, for error messages. Pure.
 * @module
 */

/** One record of a CSV file. */
export interface CsvRecord {
  /** The 1-based line the record starts on. */
  line: number;
  cells: string[];
}

/** A CSV file that cannot be read: an unterminated quote, or text after a closing quote. */
export class CsvSyntaxError extends Error {
  readonly line: number;
  constructor(line: number, message: string) {
    super(message);
    this.name = 'CsvSyntaxError';
    this.line = line;
  }
}

/**
 * Splits CSV text into records.
 * @throws CsvSyntaxError naming the line of a quote that is never closed or is followed by other text.
 * @example
 * ```ts
 * parseCsv('user,secret\nalice,"JBSW Y3DP"\n'); // [{ line: 1, cells: ['user', 'secret'] }, { line: 2, cells: ['alice', 'JBSW Y3DP'] }]
 * ```
 */
export function parseCsv(text: string): CsvRecord[] {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let lineNo = 1;
  let start = 1;
  let i = 0;
  let quotedCell = false;
  const endRecord = (): void => {
    cells.push(cell);
    // A blank line (nothing, or only spaces and tabs, as hand-edited files end) is no record.
    if (!(cells.length === 1 && /^[ \t]*$/.test(cells[0]!) && !quotedCell)) records.push({ line: start, cells });
    cells = [];
    cell = '';
    quotedCell = false;
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === '"' && cell === '' && !quotedCell) {
      const quoteLine = lineNo;
      i++;
      for (;;) {
        if (i >= src.length) throw new CsvSyntaxError(quoteLine, 'a quoted field is never closed');
        const q = src[i]!;
        if (q === '"') {
          if (src[i + 1] === '"') {
            cell += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (q === '\n') lineNo++;
        cell += q;
        i++;
      }
      quotedCell = true;
      const next = src[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        throw new CsvSyntaxError(lineNo, 'text follows a closing quote');
      }
      continue;
    }
    if (c === ',') {
      cells.push(cell);
      cell = '';
      quotedCell = false;
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && src[i + 1] === '\n' ? 2 : 1;
      lineNo++;
      start = lineNo;
      continue;
    }
    if (quotedCell) throw new CsvSyntaxError(lineNo, 'text follows a closing quote');
    cell += c;
    i++;
  }
  if (cell !== '' || cells.length > 0 || quotedCell) endRecord();
  return records;
}
