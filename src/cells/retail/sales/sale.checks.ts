// What a basket and a return must be before anything is priced or written: each refusal names the row and the
// field, in English and in Vietnamese.
import { RetailError, type RetailErrorCode } from '../retail-error.ts';
import type { BasketLine, ReturnInput, SaleInput } from './sale.model.ts';
import { ean13Valid, MAX_LINES, MAX_UNITS } from './sale.pricing.ts';

export const bad = (
  field: string,
  en: string,
  vi: string,
  details: Record<string, unknown> = {},
  code: RetailErrorCode = 'invalid_retail_input',
) => new RetailError(code, `${field} ${en}`, vi, { field, ...details });

/** A quantity: a whole number of units from 1 to 9,999. */
export function unitsOf(field: string, row: number, q: unknown): bigint {
  if (typeof q !== 'number' || !Number.isInteger(q) || q < 1 || BigInt(q) > MAX_UNITS)
    throw bad(
      field,
      `must be a whole number of units from 1 to ${MAX_UNITS}`,
      `Dòng ${row}: số lượng phải là số nguyên từ 1 đến ${MAX_UNITS}`,
      { line: row },
    );
  return BigInt(q);
}

/** The basket's lines, each naming a barcode (checked) or a product code, and a quantity. */
export function basketOf(lines: unknown): Array<{ barcode?: string; product?: string; quantity: bigint }> {
  if (!Array.isArray(lines) || lines.length === 0)
    throw bad('lines', 'must list at least one product', 'Chưa có mặt hàng nào trong giỏ');
  if (lines.length > MAX_LINES)
    throw bad('lines', `may hold at most ${MAX_LINES} lines`, `Một hóa đơn tối đa ${MAX_LINES} dòng`);
  return (lines as BasketLine[]).map((l, i) => {
    const row = i + 1;
    const quantity = unitsOf(`lines[${i}].quantity`, row, l.quantity);
    if (typeof l.barcode === 'string' && l.barcode !== '') {
      if (!ean13Valid(l.barcode))
        throw bad(
          `lines[${i}].barcode`,
          `${JSON.stringify(l.barcode.slice(0, 20))} is not an EAN-13 (13 digits, the last its check digit): scan it again`,
          `Dòng ${row}: mã vạch ${l.barcode.slice(0, 20)} không hợp lệ; hãy quét lại`,
          { line: row },
          'invalid_barcode',
        );
      return { barcode: l.barcode, quantity };
    }
    if (typeof l.product === 'string' && l.product.trim() !== '')
      return { product: l.product.trim(), quantity };
    throw bad(
      `lines[${i}]`,
      'names neither a barcode nor a product code',
      `Dòng ${row}: thiếu mã vạch hoặc mã hàng`,
      { line: row },
    );
  });
}

/** The cash handed over, for a cash sale: whole đồng. */
export function tenderedOf(input: SaleInput): bigint | null {
  if (input.payment === 'vietqr') {
    if (input.tendered !== undefined)
      throw bad('tendered', 'is for cash only', 'Thanh toán VietQR không nhận tiền mặt');
    if (input.transfer_confirmed !== true)
      throw bad(
        'transfer_confirmed',
        'must be true: record the sale once the transfer has arrived in the post’s account',
        'Hãy xác nhận đã nhận được tiền chuyển khoản VietQR trước khi ghi hóa đơn',
        {},
        'payment_does_not_match',
      );
    return null;
  }
  if (input.payment !== 'cash')
    throw bad('payment', 'must be cash or vietqr', 'Hình thức thanh toán phải là tiền mặt hoặc VietQR');
  if (typeof input.tendered !== 'string' || !/^[1-9]\d{0,11}$/.test(input.tendered))
    throw bad('tendered', 'must be the cash handed over, in whole đồng', 'Hãy nhập số tiền khách đưa');
  return BigInt(input.tendered);
}

/** A return's lines (sale line numbers, each once) and its reason. */
export function returnOf(input: ReturnInput): {
  lines: Array<{ line: number; quantity: bigint }>;
  reason: string;
} {
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  if (reason.length < 3 || reason.length > 300)
    throw bad('reason', 'must say why, in 3 to 300 characters', 'Hãy ghi lý do trả hàng (3 đến 300 ký tự)');
  const given: ReturnInput['lines'] = Array.isArray(input.lines) ? input.lines : [];
  if (given.length === 0 || given.length > MAX_LINES)
    throw bad('lines', 'must name the lines brought back', 'Hãy chọn mặt hàng khách trả lại');
  const seen = new Set<number>();
  const lines = given.map((l, i) => {
    if (!Number.isInteger(l.line) || l.line < 1 || l.line > MAX_LINES || seen.has(l.line))
      throw bad(
        `lines[${i}].line`,
        'must name a line of the receipt, once',
        `Dòng ${i + 1}: dòng hóa đơn không hợp lệ`,
        {
          line: i + 1,
        },
      );
    seen.add(l.line);
    return { line: l.line, quantity: unitsOf(`lines[${i}].quantity`, i + 1, l.quantity) };
  });
  return { lines, reason };
}
