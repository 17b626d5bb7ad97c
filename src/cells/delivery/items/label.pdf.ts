import { drawProof, type EventProof } from '../../../journal/index.ts';
import { vietnamTime } from '../../../platform/clock.ts';
import { formatVnd, vndInWords } from '../../../platform/money.ts';
import { code128, qrCode, renderPdf, table } from '../../../platform/pdf.ts';
import { s10Groups } from '../../../platform/s10.ts';
import { SERVICES } from '../network/index.ts';
import type { Item } from './item.model.ts';

/** Names the label prints for the codes an item holds. */
export interface LabelNames {
  origin: { name: string; postcode: string };
  delivery: { name: string; postcode: string };
  /** commune code -> "Phường Ba Đình, Thành phố Hà Nội" */
  place(commune: string): string;
}

/** How the charge was paid, as the receipt says it. */
const PAID_BY: Record<Item['paid_by'], string> = {
  cash: 'Đã thu tiền mặt tại quầy.',
  account: 'Ghi nợ vào tài khoản khách hàng.',
  prepaid: 'Cước đã thu theo dịch vụ hành chính công.',
};
const grams = (g: number) => (g >= 1000 ? `${(g / 1000).toLocaleString('vi-VN')} kg` : `${g} g`);

/**
 * The A6 label stuck on the item: its S10 id as a Code 128 barcode with the id in groups under it, the
 * delivery office's postcode large for the sorters, both addresses, the weight, and the cash to collect.
 */
export function labelPdf(item: Item, names: LabelNames): Promise<Buffer> {
  return renderPdf(
    { title: `Nhãn ${item.id}`, at: new Date(item.accepted_at), size: 'A6', margin: 14 },
    (doc) => {
      const left = 14;
      const width = doc.page.width - 28;
      doc.font('bold').fontSize(9).text('BƯU ĐIỆN VIỆT NAM', left, 14);
      doc.font('regular').fontSize(8).text(SERVICES[item.service].nameVi, left, 26);
      doc.font('bold').fontSize(22).text(names.delivery.postcode, left, 12, { width, align: 'right' });
      code128(doc, item.id, left, 44, width, 54);
      doc.font('bold').fontSize(13).text(s10Groups(item.id), left, 102, { width, align: 'center' });
      const block = (title: string, p: Item['sender'], y: number, big: boolean) => {
        doc.rect(left, y, width, 82).lineWidth(0.6).stroke();
        doc
          .font('bold')
          .fontSize(7)
          .text(title, left + 4, y + 4);
        doc
          .font('bold')
          .fontSize(big ? 11 : 9)
          .text(p.name, left + 4, y + 14, { width: width - 8 });
        doc
          .font('regular')
          .fontSize(8)
          .text(`ĐT: ${p.phone.replace(/^\+84/, '0')}`, { width: width - 8 });
        doc.text(`${p.address}, ${names.place(p.commune)}`, { width: width - 8, height: 34 });
      };
      block('NGƯỜI GỬI', item.sender, 122, false);
      block('NGƯỜI NHẬN', item.recipient, 208, true);
      doc.font('regular').fontSize(8);
      doc.text(
        `Khối lượng: ${grams(item.weight_g)} (tính cước ${grams(item.charged_g)}) · ${item.dimensions_cm.join('×')} cm`,
        left,
        296,
        { width },
      );
      doc.text(
        `Nhận gửi: ${vietnamTime(item.accepted_at)} tại ${names.origin.name} (${names.origin.postcode})`,
        { width },
      );
      doc.text(`Phát tại: ${names.delivery.name} (${names.delivery.postcode})`, { width });
      if (item.cod_amount > 0n) {
        doc.rect(left, 338, width, 52).lineWidth(1.2).stroke();
        doc
          .font('bold')
          .fontSize(9)
          .text('THU HỘ (COD)', left + 4, 342);
        doc
          .fontSize(16)
          .text(formatVnd(item.cod_amount), left + 4, 342, { width: width - 8, align: 'right' });
        doc
          .font('regular')
          .fontSize(7)
          .text(vndInWords(item.cod_amount), left + 4, 366, { width: width - 8 });
      } else doc.font('bold').fontSize(9).text('KHÔNG THU HỘ', left, 350, { width, align: 'center' });
      if (item.needs_code)
        doc
          .font('bold')
          .fontSize(8)
          .text('Hàng giá trị cao: chỉ giao khi người nhận đọc đúng mã nhận hàng', left, 396, { width });
    },
  );
}

/**
 * The receipt the sender takes home: what was sent where, the fee line by line and in words, the one-time
 * code for the recipient when the item needs one (printed here only, never on the label), a QR of the id,
 * and a QR of the proof (the acceptance event, its audit path, the signed checkpoint).
 */
export function acceptanceReceiptPdf(
  item: Item,
  names: LabelNames & { clerk: string },
  deliveryCode: string | null,
  proof: EventProof | null,
): Promise<Buffer> {
  return renderPdf({ title: `Biên nhận gửi ${item.id}`, at: new Date(item.accepted_at) }, (doc) => {
    const left = doc.page.margins.left;
    const width = doc.page.width - left - doc.page.margins.right;
    qrCode(doc, item.id, left + width - 100, 40, 100);
    doc
      .font('bold')
      .fontSize(10)
      .text('TỔNG CÔNG TY BƯU ĐIỆN VIỆT NAM', left, 45, { width: width - 110 });
    doc.font('regular').text(`${names.origin.name} (${names.origin.postcode})`, { width: width - 110 });
    doc.font('bold').fontSize(14).text('BIÊN NHẬN GỬI BƯU GỬI', left, 160, { width, align: 'center' });
    doc
      .font('regular')
      .fontSize(10)
      .text(`Số hiệu: ${s10Groups(item.id)} · ${SERVICES[item.service].nameVi}`, { width, align: 'center' });
    doc.moveDown();
    doc.text(
      `Người gửi: ${item.sender.name}, ${item.sender.address}, ${names.place(item.sender.commune)}`,
      left,
      undefined,
      { width },
    );
    doc.text(
      `Người nhận: ${item.recipient.name}, ${item.recipient.address}, ${names.place(item.recipient.commune)}`,
      { width },
    );
    doc.text(
      `Khối lượng: ${grams(item.weight_g)}; tính cước ${grams(item.charged_g)}; vùng: ${{ local: 'nội tỉnh', neighbouring: 'liên tỉnh lân cận', national: 'liên vùng' }[item.zone] ?? item.zone}`,
      { width },
    );
    doc.moveDown();
    const rows: string[][] = [['Cước chính', formatVnd(item.postage)]];
    if (item.insurance_fee > 0n)
      rows.push([`Phí khai giá (giá trị ${formatVnd(item.insured_value)})`, formatVnd(item.insurance_fee)]);
    if (item.cod_fee > 0n)
      rows.push([`Phí thu hộ (thu ${formatVnd(item.cod_amount)})`, formatVnd(item.cod_fee)]);
    rows.push(['Tổng cước', formatVnd(item.fee)]);
    table(
      doc,
      [
        { title: 'Khoản', width: width * 0.7 },
        { title: 'Số tiền', width: width * 0.3, align: 'right' },
      ],
      rows,
    );
    doc.moveDown();
    doc.font('bold').text(`Bằng chữ: ${vndInWords(item.fee)}`, left, undefined, { width });
    doc.font('regular').text(PAID_BY[item.paid_by], { width });
    if (deliveryCode === null && item.needs_code)
      doc
        .moveDown()
        .font('bold')
        .text('Hàng giá trị cao: mã nhận hàng chỉ in trên biên nhận lúc gửi.', { width })
        .font('regular');
    if (deliveryCode !== null)
      doc
        .moveDown()
        .font('bold')
        .fontSize(12)
        .text(`Mã nhận hàng: ${deliveryCode}`, { width })
        .font('regular')
        .fontSize(9)
        .text('Hãy báo mã này cho người nhận; bưu tá chỉ giao hàng khi được đọc đúng mã.', { width });
    doc
      .moveDown()
      .fontSize(9)
      .text(`${vietnamTime(item.accepted_at)} · Giao dịch viên: ${names.clerk}`, { width });
    if (proof !== null) drawProof(doc, proof, left, doc.page.height - doc.page.margins.bottom - 200, width);
  });
}
