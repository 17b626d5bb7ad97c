// The catalogue file: one row per procedure with its agency's columns, as CSV (UTF-8) or XLSX (first sheet).
// Read into rows of text cells with their spreadsheet row numbers; catalogue.rows.ts checks them.
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import type { Agency, AgencyLevel, DocumentForm, Procedure } from './catalogue.model.ts';

/** The columns of the catalogue file (the first row names them, in any order). */
export const CATALOGUE_COLUMNS = [
  'ma_thu_tuc',
  'ten_thu_tuc',
  'linh_vuc',
  'ma_co_quan',
  'ten_co_quan',
  'cap_co_quan',
  'ma_tinh',
  'ma_xa_phu_trach',
  'dia_chi',
  'ma_xa',
  'dien_thoai',
  'giay_to',
  'le_phi',
  'phi',
  'cuoc_gui',
  'cuoc_tra',
  'so_ngay',
  'hieu_luc',
] as const;
export type CatalogueColumn = (typeof CATALOGUE_COLUMNS)[number];

/** A procedure code of the national catalogue, e.g. 1.001193.000.00.00.H01. */
export const PROCEDURE_CODE = /^\d\.\d{6}\.\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/;
/**
 * An agency's code: `H` + its province's 2-digit code for a province's or a commune's agency (`H01.STP`,
 * `H01.UBND.X00004`), `TW` for a central one (`TW.BCA`), then one or two parts of 2–16 capitals or digits.
 */
export const AGENCY_CODE = /^(H\d{2}|TW)\.[A-Z0-9]{2,16}(\.[A-Z0-9]{2,16})?$/;
export const LEVELS: readonly AgencyLevel[] = ['central', 'province', 'commune'];
export const FORMS: readonly DocumentForm[] = ['original', 'copy', 'either'];
/** At most this many rows in one file: one event carries the whole import. */
export const MAX_ROWS = 5000;
/** At most this many problems are listed; the rest are counted. */
export const MAX_PROBLEMS = 100;
/** The largest file read: 5 MiB. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** One problem of the file: the row as the spreadsheet numbers it (1 is the header), the column, what to do. */
export interface RowProblem {
  row: number;
  field: string;
  message: string;
  message_vi: string;
}

/** A row as checked: the procedure and its agency. */
export interface CatalogueRow {
  row: number;
  agency: Agency;
  procedure: Procedure;
}

/** The rows of a file as text cells, with their spreadsheet row numbers, or the problem that stops reading. */
/** A row's cells by column name; `overflow` counts the filled cells beyond the header (an unquoted comma). */
export interface FileRow {
  row: number;
  cells: Map<string, string>;
  overflow: number;
}

export type FileRows = { rows: FileRow[] } | { problem: RowProblem };

const fileProblem = (
  message: string,
  message_vi: string,
  row = 0,
  field = 'file',
): { problem: RowProblem } => ({
  problem: { row, field, message, message_vi },
});

/** Whether bytes are an XLSX file (a ZIP) rather than CSV. */
export function isXlsx(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04
  );
}

function header(names: readonly string[]): { problem: RowProblem } | undefined {
  const got = names.map((h) => h.trim().toLowerCase());
  const missing = CATALOGUE_COLUMNS.filter((c) => !got.includes(c));
  const unknown = got.filter((c) => c !== '' && !(CATALOGUE_COLUMNS as readonly string[]).includes(c));
  const twice = got.filter((c, i) => c !== '' && got.indexOf(c) !== i);
  if (missing.length === 0 && unknown.length === 0 && twice.length === 0) return undefined;
  const parts = [
    missing.length > 0 ? `missing ${missing.join(', ')}` : '',
    unknown.length > 0 ? `unknown ${unknown.join(', ')}` : '',
    twice.length > 0 ? `repeated ${twice.join(', ')}` : '',
  ].filter((p) => p !== '');
  return fileProblem(
    `The first row must name the columns ${CATALOGUE_COLUMNS.join(',')}: ${parts.join('; ')}`,
    `Dòng đầu phải là tên các cột ${CATALOGUE_COLUMNS.join(', ')}: ${missing.length > 0 ? `thiếu ${missing.join(', ')}` : 'có cột thừa hoặc lặp'}`,
    1,
    'header',
  );
}

function toRows(records: Array<{ row: number; cells: string[] }>): FileRows {
  const [first, ...data] = records;
  if (first === undefined) return fileProblem('The file is empty', 'Tệp trống');
  const bad = header(first.cells);
  if (bad !== undefined) return bad;
  const names = first.cells.map((h) => h.trim().toLowerCase());
  const rows = data
    .filter((r) => r.cells.some((c) => c.trim() !== ''))
    .map((r) => ({
      row: r.row,
      cells: new Map(names.map((n, i) => [n, (r.cells[i] ?? '').trim()])),
      overflow: r.cells.slice(names.length).filter((c) => c.trim() !== '').length,
    }));
  if (rows.length === 0)
    return fileProblem(
      'The file has a header but no procedures',
      'Tệp chỉ có dòng tiêu đề, không có thủ tục nào',
    );
  if (rows.length > MAX_ROWS)
    return fileProblem(
      `The file has ${rows.length} procedures; at most ${MAX_ROWS} are taken at once: split it`,
      `Tệp có ${rows.length} thủ tục, tối đa ${MAX_ROWS} mỗi lần: hãy chia thành nhiều tệp`,
    );
  return { rows };
}

/** The rows of a CSV file (UTF-8, comma-separated, a header row); rows numbered as lines of the file. */
export function readCsvRows(bytes: Uint8Array): FileRows {
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
    return toRows(records.map((r) => ({ row: r.info.lines, cells: r.record })));
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return fileProblem(
      `The CSV cannot be read: ${message.slice(0, 200)}`,
      'Không đọc được tệp CSV: hãy lưu lại dạng CSV UTF-8, phân cách bằng dấu phẩy',
    );
  }
}

/** One spreadsheet cell as the text a CSV would hold (numbers as typed, codes' leading zeros restored). */
function cellText(value: ExcelJS.CellValue, column: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'number') {
    // A code typed as a number has lost its leading zeros, which are all it can have lost.
    if (Number.isInteger(value) && value >= 0) {
      if (column === 'ma_tinh') return String(value).padStart(2, '0');
      if (column === 'ma_xa' || column === 'ma_xa_phu_trach') return String(value).padStart(5, '0');
      return BigInt(value).toString();
    }
    return String(value);
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((t) => t.text).join('');
    if ('result' in value) return cellText(value.result, column);
    if ('text' in value) return String(value.text);
    if ('error' in value) return String(value.error);
  }
  return '';
}

/** The rows of the first worksheet of an XLSX file, as the CSV reader gives them. */
export async function readXlsxRows(bytes: Uint8Array): Promise<FileRows> {
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
    if (records.length === 0) names = values.map((v) => cellText(v, '').trim().toLowerCase());
    records.push({ row: n, cells: values.map((v, i) => cellText(v, names[i] ?? '')) });
  });
  return toRows(records);
}

/** The rows of a catalogue file, whichever of CSV and XLSX it is. */
export async function readCatalogueRows(bytes: Uint8Array): Promise<FileRows> {
  if (bytes.length > MAX_FILE_BYTES)
    return fileProblem(
      `The file is ${bytes.length} bytes; at most ${MAX_FILE_BYTES} are taken: split it`,
      'Tệp quá lớn (tối đa 5 MB): hãy chia thành nhiều tệp',
    );
  return isXlsx(bytes) ? readXlsxRows(bytes) : readCsvRows(bytes);
}
