import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import bwipjs from 'bwip-js';
import QRCode from 'qrcode';

// DejaVu Sans covers every Vietnamese letter with its marks (PDFKit's built-in fonts do not).
const require = createRequire(import.meta.url);
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

export type Pdf = PDFKit.PDFDocument;

/**
 * Renders a PDF (A4 unless told; A6 for labels) with Vietnamese fonts registered as 'regular' and 'bold'. The creation date is the
 * given instant, so the same content at the same time gives the same bytes.
 */
export function renderPdf(
  meta: { title: string; at: Date; size?: 'A4' | 'A6'; margin?: number },
  draw: (doc: Pdf) => void,
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: meta.size ?? 'A4',
    margin: meta.margin ?? 40,
    info: { Title: meta.title, Producer: 'postcore', Creator: 'postcore', CreationDate: meta.at },
  });
  doc.registerFont('regular', FONT);
  doc.registerFont('bold', FONT_BOLD);
  doc.font('regular');
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    try {
      draw(doc);
      doc.end();
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}

export interface Column {
  title: string;
  width: number;
  align?: 'left' | 'right';
}

/** Draws a table with a bold header row; starts a new page (repeating the header) when the page is full. */
export function table(
  doc: Pdf,
  columns: readonly Column[],
  rows: ReadonlyArray<readonly string[]>,
  options: { fontSize?: number } = {},
): void {
  const size = options.fontSize ?? 8;
  const left = doc.page.margins.left;
  const rowHeight = (cells: readonly string[], font: string) => {
    doc.font(font).fontSize(size);
    return Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: columns[i]!.width - 4 }))) + 4;
  };
  const drawRow = (cells: readonly string[], font: string) => {
    const h = rowHeight(cells, font);
    if (doc.y + h > doc.page.height - doc.page.margins.bottom) {
      doc.addPage();
      if (font !== 'bold')
        drawRow(
          columns.map((c) => c.title),
          'bold',
        );
    }
    const y = doc.y;
    let x = left;
    cells.forEach((c, i) => {
      const col = columns[i]!;
      doc
        .font(font)
        .fontSize(size)
        .text(c, x + 2, y + 2, { width: col.width - 4, align: col.align ?? 'left' });
      x += col.width;
    });
    doc
      .moveTo(left, y + h)
      .lineTo(x, y + h)
      .lineWidth(0.3)
      .stroke();
    doc.x = left;
    doc.y = y + h;
  };
  drawRow(
    columns.map((c) => c.title),
    'bold',
  );
  for (const r of rows) drawRow(r, 'regular');
}

/**
 * Draws a QR code of `text` (the `qrcode` library's matrix, error correction M) as a square of `size`
 * points with its top-left corner at (x, y), with the quiet zone the standard asks for around it.
 */
export function qrCode(doc: Pdf, text: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const cell = size / (n + 8);
  doc.save();
  doc.rect(x, y, size, size).fill('#ffffff');
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++)
      if (qr.modules.get(r, c)) doc.rect(x + (c + 4) * cell, y + (r + 4) * cell, cell, cell);
  doc.fill('#000000');
  doc.restore();
}

/**
 * Draws a Code 128 barcode of `text` (bwip-js encodes it, check symbol included) as vector bars filling
 * `width` × `height` points from (x, y), with a quiet zone of ten modules each side inside the width.
 */
export function code128(doc: Pdf, text: string, x: number, y: number, width: number, height: number): void {
  const [symbol] = bwipjs.raw('code128', text, {}) as Array<{ sbs: number[] }>;
  if (symbol === undefined) throw new Error(`bwip-js gave no Code 128 for ${JSON.stringify(text)}`);
  const modules = symbol.sbs.reduce((a, b) => a + b, 0) + 20;
  const unit = width / modules;
  let at = x + 10 * unit;
  doc.save();
  symbol.sbs.forEach((w, i) => {
    if (i % 2 === 0) doc.rect(at, y, w * unit, height);
    at += w * unit;
  });
  doc.fill('#000000');
  doc.restore();
}
