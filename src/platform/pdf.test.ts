import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderPdf, table } from './pdf.ts';

describe('pdf', () => {
  it('renders Vietnamese with an embedded font, the same bytes for the same content and time', async () => {
    const at = new Date('2026-11-25T03:10:00Z');
    const draw = (doc: Parameters<Parameters<typeof renderPdf>[1]>[0]) => {
      doc.font('bold').fontSize(14).text('Bảng cân đối thử — Bưu cục Phường Ba Đình');
      table(
        doc,
        [
          { title: 'Mã TK', width: 60 },
          { title: 'Tên tài khoản', width: 300 },
          { title: 'Dư Nợ', width: 100, align: 'right' },
        ],
        Array.from({ length: 120 }, (_, i) => [
          String(1000 + i),
          `Tiền mặt tại quầy — Nguyễn Thị Hường ${i}`,
          '1.234.567 ₫',
        ]),
      );
    };
    const a = await renderPdf({ title: 'Thử', at }, draw);
    const b = await renderPdf({ title: 'Thử', at }, draw);
    assert.equal(a.subarray(0, 5).toString(), '%PDF-');
    assert.ok(a.includes('DejaVuSans'), 'the Vietnamese font is embedded');
    assert.ok(
      (a.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length >= 3,
      '120 rows take several pages',
    );
    assert.ok(a.equals(b));
  });
});
