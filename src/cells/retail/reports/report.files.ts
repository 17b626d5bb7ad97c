// A report's table as CSV (UTF-8 with a BOM, so spreadsheets show Vietnamese; a cell a spreadsheet would run as a
// formula is quoted), as XLSX (numbers as numbers, đồng formatted) and as an A4 PDF with Vietnamese fonts.
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import { formatVnd } from '../../../platform/money.ts';
import { renderPdf, table } from '../../../platform/pdf.ts';
import type { ReportCell, ReportColumn, ReportTable } from './report.service.ts';

const safe = (cell: string) => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell);
const plain = (v: ReportCell) => (v === null ? '' : String(v));

/** The table as CSV, headers in Vietnamese, a totals row last. */
export function reportCsv(t: ReportTable): string {
  const rows = t.rows.map((r) =>
    t.columns.map((c) => (c.kind === 'text' ? safe(plain(r[c.key] ?? null)) : plain(r[c.key] ?? null))),
  );
  rows.push(
    t.columns.map((c, i) => (i === 0 ? 'Tổng cộng' : c.key in t.totals ? String(t.totals[c.key]) : '')),
  );
  return `\uFEFF${stringify(rows, { header: true, columns: t.columns.map((c) => c.vi) })}`;
}

/** The table as an XLSX workbook of one sheet, with its title and scope above. */
export async function reportXlsx(t: ReportTable): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'postcore';
  const sheet = book.addWorksheet(t.report);
  sheet.addRow([t.title_vi]).font = { bold: true, size: 13 };
  sheet.addRow([t.scope]);
  sheet.addRow([]);
  sheet.addRow(t.columns.map((c) => c.vi)).font = { bold: true };
  const value = (c: ReportColumn, v: ReportCell) =>
    v === null ? null : c.kind === 'text' ? String(v) : Number(v);
  for (const r of t.rows) sheet.addRow(t.columns.map((c) => value(c, r[c.key] ?? null)));
  sheet.addRow(
    t.columns.map((c, i) => (i === 0 ? 'Tổng cộng' : c.key in t.totals ? Number(t.totals[c.key]) : null)),
  ).font = {
    bold: true,
  };
  t.columns.forEach((c, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = c.kind === 'text' ? (c.key === 'name' ? 40 : 18) : 16;
    if (c.kind === 'vnd') column.numFmt = '#,##0';
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}

const cellText = (c: ReportColumn, v: ReportCell) =>
  v === null ? '' : c.kind === 'vnd' ? formatVnd(BigInt(v)).replace(' ₫', '') : String(v);

/** The table as an A4 PDF: title, scope, the table with a totals row, amounts in đồng. */
export function reportPdf(t: ReportTable, at: Date): Promise<Buffer> {
  return renderPdf({ title: t.title_vi, at, margin: 30 }, (doc) => {
    doc.font('bold').fontSize(13).text(t.title_vi.toUpperCase());
    doc
      .font('regular')
      .fontSize(9)
      .text(`${t.title_en} — ${t.scope}`)
      .text('Đơn vị tính: đồng')
      .moveDown(0.5);
    const width = doc.page.width - 60;
    const weight = (c: ReportColumn) => (c.key === 'name' ? 3 : c.kind === 'text' ? 1.6 : 1.2);
    const sum = t.columns.reduce((s, c) => s + weight(c), 0);
    table(
      doc,
      t.columns.map((c) => ({
        title: c.vi,
        width: Math.floor((width * weight(c)) / sum),
        ...(c.kind === 'text' ? {} : { align: 'right' as const }),
      })),
      [
        ...t.rows.map((r) => t.columns.map((c) => cellText(c, r[c.key] ?? null))),
        t.columns.map((c, i) =>
          i === 0 ? 'Tổng cộng' : c.key in t.totals ? cellText(c, t.totals[c.key]!) : '',
        ),
      ],
      { fontSize: 7 },
    );
  });
}
