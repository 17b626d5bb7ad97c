// A table file as people send it: CSV (UTF-8, comma-separated) or XLSX (its first sheet), a header row naming
// the columns, then rows of text cells numbered as the spreadsheet numbers them. What each column means is the
// caller's: this reads, bounds and reports what stops reading, with the row and column where it can.
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';

/** One problem of a file: the row as the spreadsheet numbers it (1 is the header, 0 the whole file). */
export interface RowProblem {
  row: number;
  field: string;
  message: string;
  message_vi: string;
}

/** A row's cells by column name (trimmed); `overflow` counts the filled cells beyond the header. */
export interface TableRow {
  row: number;
  cells: Map<string, string>;
  overflow: number;
}

export type TableRows = { header: string[]; rows: TableRow[] } | { problem: RowProblem };

export interface TableLimits {
  /** At most this many data rows. */
  maxRows: number;
  /** At most this many bytes. */
  maxBytes: number;
  /** Columns whose codes a spreadsheet may have turned into numbers, by their width (leading zeros restored). */
  padded?: Readonly<Record<string, number>>;
}

/** A problem of the whole file (row 0) or of a row. */
export const fileProblem = (
  message: string,
  message_vi: string,
  row = 0,
  field = 'file',
): { problem: RowProblem } => ({ problem: { row, field, message, message_vi } });

/** Whether bytes are an XLSX file (a ZIP) rather than CSV. */
export function isXlsx(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04
  );
}

/** What is wrong with a header for a layout: missing required, unknown and repeated columns; undefined when right. */
export function headerProblem(
  header: readonly string[],
  required: readonly string[],
  optional: readonly string[] = [],
): { problem: RowProblem } | undefined {
  const known = [...required, ...optional];
  const missing = required.filter((c) => !header.includes(c));
  const unknown = header.filter((c) => c !== '' && !known.includes(c));
  const twice = header.filter((c, i) => c !== '' && header.indexOf(c) !== i);
  if (missing.length === 0 && unknown.length === 0 && twice.length === 0) return undefined;
  const parts = [
    missing.length > 0 ? `missing ${missing.join(', ')}` : '',
    unknown.length > 0 ? `unknown ${unknown.join(', ')}` : '',
    twice.length > 0 ? `repeated ${twice.join(', ')}` : '',
  ].filter((p) => p !== '');
  const partsVi = [
    missing.length > 0 ? `thiếu ${missing.join(', ')}` : '',
    unknown.length > 0 ? `cột lạ ${unknown.join(', ')}` : '',
    twice.length > 0 ? `cột lặp ${twice.join(', ')}` : '',
  ].filter((p) => p !== '');
  return fileProblem(
    `The first row must name the columns ${known.join(',')}: ${parts.join('; ')}`,
    `Dòng đầu phải là tên các cột ${known.join(', ')}: ${partsVi.join('; ')}`,
    1,
    'header',
  );
}

function toRows(records: Array<{ row: number; cells: string[] }>, limits: TableLimits): TableRows {
  const [first, ...data] = records;
  if (first === undefined) return fileProblem('The file is empty', 'Tệp trống');
  const header = first.cells.map((h) => h.trim().toLowerCase());
  const rows = data
    .filter((r) => r.cells.some((c) => c.trim() !== ''))
    .map((r) => ({
      row: r.row,
      cells: new Map(header.map((n, i) => [n, (r.cells[i] ?? '').trim()])),
      overflow: r.cells.slice(header.length).filter((c) => c.trim() !== '').length,
    }));
  if (rows.length === 0)
    return fileProblem('The file has a header but no rows', 'Tệp chỉ có dòng tiêu đề, không có dòng nào');
  if (rows.length > limits.maxRows)
    return fileProblem(
      `The file has ${rows.length} rows; at most ${limits.maxRows} are taken at once: split it`,
      `Tệp có ${rows.length} dòng, tối đa ${limits.maxRows} mỗi lần: hãy chia thành nhiều tệp`,
    );
  return { header, rows };
}

function readCsv(bytes: Uint8Array, limits: TableLimits): TableRows {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return fileProblem(
      'The file is not UTF-8: save it as CSV UTF-8',
      'Tệp không ở mã UTF-8: hãy lưu lại dạng CSV UTF-8',
    );
  }
  try {
    const records = parse(text, {
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      max_record_size: 65_536,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
    return toRows(
      records.map((r) => ({ row: r.info.lines, cells: r.record })),
      limits,
    );
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return fileProblem(
      `The CSV cannot be read: ${message.slice(0, 200)}`,
      'Không đọc được tệp CSV: hãy lưu lại dạng CSV UTF-8, phân cách bằng dấu phẩy',
    );
  }
}

/** One spreadsheet cell as the text a CSV would hold (numbers as typed, codes' leading zeros restored). */
function cellText(value: ExcelJS.CellValue, width: number | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'number') {
    // A code typed as a number has lost its leading zeros, which are all it can have lost.
    if (Number.isSafeInteger(value) && value >= 0) return String(value).padStart(width ?? 0, '0');
    return String(value);
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((t) => t.text).join('');
    if ('result' in value) return cellText(value.result, width);
    if ('text' in value) return String(value.text);
    if ('error' in value) return String(value.error);
  }
  return '';
}

async function readXlsx(bytes: Uint8Array, limits: TableLimits): Promise<TableRows> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return fileProblem(
      `The spreadsheet cannot be read: ${message.slice(0, 200)}`,
      'Không đọc được tệp Excel: tệp bị hỏng hoặc không phải .xlsx',
    );
  }
  const sheet = book.worksheets[0];
  if (sheet === undefined)
    return fileProblem('The spreadsheet has no sheet', 'Tệp Excel không có trang tính nào');
  const records: Array<{ row: number; cells: string[] }> = [];
  let names: string[] = [];
  sheet.eachRow({ includeEmpty: false }, (r, n) => {
    const values = (r.values as ExcelJS.CellValue[]).slice(1);
    if (records.length === 0) names = values.map((v) => cellText(v, undefined).trim().toLowerCase());
    records.push({ row: n, cells: values.map((v, i) => cellText(v, limits.padded?.[names[i] ?? ''])) });
  });
  return toRows(records, limits);
}

/** The header and rows of a table file, whichever of CSV and XLSX it is, or the problem that stops reading. */
export async function readTableFile(bytes: Uint8Array, limits: TableLimits): Promise<TableRows> {
  if (bytes.length > limits.maxBytes)
    return fileProblem(
      `The file is ${bytes.length} bytes; at most ${limits.maxBytes} are taken: split it`,
      `Tệp quá lớn (tối đa ${Math.floor(limits.maxBytes / 1024 / 1024)} MB): hãy chia thành nhiều tệp`,
    );
  return isXlsx(bytes) ? readXlsx(bytes, limits) : readCsv(bytes, limits);
}
