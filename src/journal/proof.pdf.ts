// A receipt's proof printed: a QR code of it and what it means, for anyone to check offline.
import { vietnamTime } from '../platform/clock.ts';
import { qrCode, type Pdf } from '../platform/pdf.ts';
import { proofToQr, type EventProof } from './proof.ts';

/**
 * The proof's QR code with what it means, in the bottom corner of a receipt: anyone holding the post's public
 * key checks it offline with `postcore verify-receipt`.
 */
export function drawProof(doc: Pdf, proof: EventProof, x: number, y: number, width: number): void {
  const size = 190;
  qrCode(doc, proofToQr(proof), x, y, size);
  const { event, checkpoint } = proof;
  doc
    .font('bold')
    .fontSize(9)
    .text('Mã QR xác thực', x + size + 12, y + 20, { width: width - size - 12 });
  doc
    .font('regular')
    .fontSize(8)
    .text(
      `Mã này chứa bản ghi giao dịch (${proof.cell} #${event.seq}), đường dẫn Merkle và điểm kiểm ` +
        `${checkpoint.cell}@${checkpoint.size} do Bưu điện ký ngày ${vietnamTime(checkpoint.at)} (khóa ${checkpoint.key_id}). ` +
        'Bất kỳ ai có khóa công khai của Bưu điện đều kiểm tra được biên nhận này mà không cần máy chủ: ' +
        'postcore verify-receipt <tệp> --key <khóa>.',
      { width: width - size - 12 },
    )
    .moveDown(0.5)
    .text(`Mã băm sự kiện: ${event.hash}`, { width: width - size - 12 });
}
