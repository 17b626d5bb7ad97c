// The sales receipt on paper: lines, VAT per rate, the total in figures and in words, cash and change, the clerk,
// the office, and the proof of its event for anyone to check offline.
import { drawProof, type EventProof } from '../../../journal/index.ts';
import { vietnamTime } from '../../../platform/clock.ts';
import { formatVnd, vndInWords } from '../../../platform/money.ts';
import { qrCode, renderPdf, table } from '../../../platform/pdf.ts';
import type { Sale } from './sale.model.ts';

/** The receipt the customer takes home. */
export function salePdf(
  sale: Sale,
  names: { office: string; clerk: string },
  proof: EventProof | null,
): Promise<Buffer> {
  return renderPdf({ title: `Hóa đơn bán hàng ${sale.id}`, at: new Date(sale.at) }, (doc) => {
    const left = doc.page.margins.left;
    const width = doc.page.width - left - doc.page.margins.right;
    qrCode(doc, sale.id, left + width - 90, 40, 90);
    doc
      .font('bold')
      .fontSize(10)
      .text('TỔNG CÔNG TY BƯU ĐIỆN VIỆT NAM', left, 45, { width: width - 100 });
    doc.font('regular').text(names.office, { width: width - 100 });
    doc.font('bold').fontSize(14).text('HÓA ĐƠN BÁN HÀNG', left, 140, { width, align: 'center' });
    doc
      .font('regular')
      .fontSize(9)
      .text(`Số: ${sale.id} — ${vietnamTime(sale.at)}`, { width, align: 'center' })
      .moveDown(1);
    table(
      doc,
      [
        { title: '#', width: 24 },
        { title: 'Mặt hàng', width: width - 24 - 50 - 80 - 40 - 90 },
        { title: 'SL', width: 50, align: 'right' },
        { title: 'Đơn giá', width: 80, align: 'right' },
        { title: 'VAT', width: 40, align: 'right' },
        { title: 'Thành tiền', width: 90, align: 'right' },
      ],
      sale.lines.map((l) => [
        String(l.line),
        `${l.name_vi}${l.price_kind === 'promotion' ? ' (khuyến mại)' : ''}`,
        `${l.quantity} ${l.unit}`,
        formatVnd(l.unit_price),
        `${l.vat_rate}%`,
        formatVnd(l.amount),
      ]),
      { fontSize: 9 },
    );
    doc.moveDown(0.8);
    const line = (label: string, value: string) => {
      doc.font('regular').fontSize(10).text(`${label}: `, left, doc.y, { continued: true, width });
      doc.font('bold').text(value);
      doc.moveDown(0.2);
    };
    for (const g of sale.vat_groups)
      line(`Thuế GTGT ${g.rate}% (đã gồm trong giá)`, `${formatVnd(g.vat)} trên ${formatVnd(g.amount)}`);
    line('Tổng cộng (đã gồm thuế GTGT)', formatVnd(sale.total));
    line('Bằng chữ', vndInWords(sale.total));
    if (sale.payment === 'cash') {
      line('Tiền khách đưa', formatVnd(sale.tendered ?? 0n));
      line('Tiền trả lại', formatVnd(sale.change ?? 0n));
    } else line('Thanh toán', 'Chuyển khoản VietQR');
    for (const r of sale.returns) line(`Trả hàng ${r.id}`, `−${formatVnd(r.total)} (${r.reason})`);
    line('Giao dịch viên', names.clerk);
    if (proof !== null) drawProof(doc, proof, left, doc.page.height - doc.page.margins.bottom - 230, width);
  });
}
