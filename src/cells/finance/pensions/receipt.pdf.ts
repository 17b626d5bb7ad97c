import { drawProof, type EventProof } from '../../../journal/index.ts';
import { vietnamTime } from '../../../platform/clock.ts';
import { formatVnd } from '../../../platform/money.ts';
import { qrCode, renderPdf } from '../../../platform/pdf.ts';
import type { Receipt } from './payout.service.ts';

const BENEFIT_VI: Record<string, string> = {
  LH: 'Lương hưu',
  TC: 'Trợ cấp BHXH hằng tháng',
  BTXH: 'Trợ cấp bảo trợ xã hội',
};
const PLACE_VI: Record<Receipt['place'], string> = {
  bank: 'Chuyển khoản vào tài khoản ngân hàng',
  point: 'Tại điểm chi trả xã',
  counter: 'Tại quầy bưu cục',
  home: 'Tại nhà người hưởng',
};

/** A CCCD on paper shows its first three and last three digits only. */
export function maskCccd(cccd: string): string {
  return `${cccd.slice(0, 3)}******${cccd.slice(-3)}`;
}

/**
 * The payout receipt the person takes home: who was paid what, for which months, in figures and in words,
 * where and by whom, with a QR code of the receipt's id, room for both signatures, and a second QR code that
 * holds the proof (the payout event, its audit path, the signed checkpoint) for anyone to check offline.
 */
export function receiptPdf(
  receipt: Receipt,
  names: { office: string; clerk: string },
  proof: EventProof | null,
): Promise<Buffer> {
  const at = new Date(receipt.paid_at);
  return renderPdf({ title: `Biên nhận ${receipt.id}`, at }, (doc) => {
    const left = doc.page.margins.left;
    const width = doc.page.width - left - doc.page.margins.right;
    qrCode(doc, receipt.id, left + width - 110, 40, 110);
    doc
      .font('bold')
      .fontSize(10)
      .text('TỔNG CÔNG TY BƯU ĐIỆN VIỆT NAM', left, 45, { width: width - 120 });
    doc.font('regular').text(names.office, { width: width - 120 });
    doc.moveDown(1.5);
    doc
      .font('bold')
      .fontSize(14)
      .text('BIÊN NHẬN CHI TRẢ LƯƠNG HƯU, TRỢ CẤP', left, 170, { width, align: 'center' });
    doc
      .font('regular')
      .fontSize(9)
      .text(`Số: ${receipt.id} — ${vietnamTime(receipt.paid_at)}`, { width, align: 'center' });
    doc.moveDown(1.5);
    const months = receipt.months.map((m) => `${m.slice(5)}/${m.slice(0, 4)}`).join(', ');
    const line = (label: string, value: string) => {
      doc.font('regular').fontSize(11).text(`${label}: `, left, doc.y, { continued: true, width });
      doc.font('bold').text(value);
      doc.moveDown(0.3);
    };
    line('Người hưởng', receipt.full_name);
    line('Số CCCD', maskCccd(receipt.cccd));
    line('Chế độ', `${BENEFIT_VI[receipt.benefit] ?? receipt.benefit} — tháng ${months}`);
    line('Số tiền', formatVnd(receipt.amount));
    line('Bằng chữ', receipt.amount_words);
    line('Hình thức', PLACE_VI[receipt.place]);
    if (receipt.recipient === 'proxy')
      line(
        'Người nhận thay',
        `${receipt.recipient_name} (CCCD ${maskCccd(receipt.recipient_cccd ?? '')}), theo giấy ủy quyền đã đăng ký`,
      );
    if (receipt.evidence !== null) line('Xác nhận', receipt.evidence);
    line('Nhân viên chi trả', names.clerk);
    doc.moveDown(2);
    const y = doc.y;
    doc
      .font('bold')
      .fontSize(11)
      .text('Người nhận tiền', left, y, { width: width / 2, align: 'center' })
      .text('Nhân viên chi trả', left + width / 2, y, { width: width / 2, align: 'center' });
    doc
      .font('regular')
      .fontSize(9)
      .text('(Ký, ghi rõ họ tên)', left, y + 16, { width: width / 2, align: 'center' })
      .text('(Ký, ghi rõ họ tên)', left + width / 2, y + 16, { width: width / 2, align: 'center' });
    if (proof !== null) drawProof(doc, proof, left, doc.page.height - doc.page.margins.bottom - 230, width);
    doc
      .fontSize(8)
      .text(
        `Mã giao dịch sổ cái: ${receipt.transfer_id}. Biên nhận có thể tra cứu bằng mã QR ở góc trên.`,
        left,
        doc.page.height - doc.page.margins.bottom - 30,
        { width },
      );
  });
}
