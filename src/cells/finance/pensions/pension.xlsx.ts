import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { LIST_COLUMNS, ListFormatError, readListRows } from './pension.csv.ts';

const CCCD_COLUMNS = new Set([LIST_COLUMNS.indexOf('cccd'), LIST_COLUMNS.indexOf('cccd_nguoi_nhan_thay')]);
const DATE_COLUMN = LIST_COLUMNS.indexOf('uy_quyen_den');
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/** One spreadsheet cell as the text a CSV would hold. */
function cellText(value: ExcelJS.CellValue, column: number): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'number') {
    // A date typed as a date is a serial day number; a CCCD typed as a number has lost its leading zeros,
    // which are all it can have lost (it is 12 digits).
    if (column === DATE_COLUMN && Number.isInteger(value) && value > 0 && value < 2_958_466)
      return new Date(EXCEL_EPOCH + value * 86_400_000).toISOString().slice(0, 10);
    if (CCCD_COLUMNS.has(column) && Number.isInteger(value) && value >= 0 && value < 1e12)
      return String(value).padStart(12, '0');
    return Number.isInteger(value) ? BigInt(value).toString() : String(value);
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((t) => t.text).join('');
    if ('result' in value) return cellText(value.result, column);
    if ('text' in value) return String(value.text);
    if ('error' in value) return String(value.error);
  }
  // Anything else (a hyperlink's or shared formula's shape) is not a value a list can hold.
  return '';
}

/**
 * The rows of the first worksheet of an XLSX list, streaming, as the CSV reader gives them: string cells
 * and the spreadsheet's own row numbers. The header is checked the same way.
 */
export async function* readXlsxRows(source: Readable): AsyncGenerator<{ row: number; cells: string[] }> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, {
    sharedStrings: 'cache',
    worksheets: 'emit',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  let rows = 0;
  let last = 0;
  try {
    for await (const sheet of reader) {
      for await (const r of sheet as AsyncIterable<ExcelJS.Row>) {
        const values = (r.values as ExcelJS.CellValue[]).slice(1);
        const cells = Array.from({ length: Math.max(values.length, 0) }, (_, i) => cellText(values[i], i));
        while (cells.length > 0 && cells[cells.length - 1] === '' && cells.length > LIST_COLUMNS.length)
          cells.pop();
        last = r.number;
        rows++;
        if (rows === 1) {
          const header = cells.map((h) => h.trim().toLowerCase());
          if (header.length !== LIST_COLUMNS.length || header.some((h, i) => h !== LIST_COLUMNS[i]))
            throw new ListFormatError(
              `The first row of the first sheet must name the columns ${LIST_COLUMNS.join(',')}; it has ${header.join(',').slice(0, 200)}`,
              `Dòng đầu của trang tính đầu tiên phải là tên các cột: ${LIST_COLUMNS.join(',')}`,
            );
          continue;
        }
        // A row of empty cells (formatting left behind) is skipped, as a blank CSV line is.
        if (cells.every((c) => c.trim() === '')) continue;
        // Short rows (trailing empty proxy cells are not stored) are padded to the columns.
        while (cells.length < LIST_COLUMNS.length) cells.push('');
        yield { row: r.number, cells };
      }
      break; // the first worksheet only
    }
  } catch (err) {
    if (err instanceof ListFormatError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    throw new ListFormatError(
      `The spreadsheet cannot be read after row ${last}: ${message.slice(0, 200)}`,
      `Không đọc được tệp Excel sau dòng ${last}: tệp bị hỏng hoặc bị cắt`,
    );
  }
  if (rows === 0) throw new ListFormatError('The spreadsheet is empty', 'Tệp Excel trống');
}

/** A list's rows whatever its form: an XLSX file (a ZIP, "PK\x03\x04") or CSV. */
export async function* readAnyListRows(
  source: AsyncIterable<Uint8Array>,
): AsyncGenerator<{ row: number; cells: string[] }> {
  const it = source[Symbol.asyncIterator]();
  const first = await it.next();
  const rest = Readable.from(
    (async function* () {
      if (first.done !== true) yield first.value;
      for (;;) {
        const n = await it.next();
        if (n.done === true) return;
        yield n.value;
      }
    })(),
  );
  const head = first.done === true ? Buffer.alloc(0) : Buffer.from(first.value);
  const zip = head.length >= 4 && head.readUInt32LE(0) === 0x04034b50;
  yield* zip ? readXlsxRows(rest) : readListRows(rest);
}
