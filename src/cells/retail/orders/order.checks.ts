// What a clerk fills in for an order, checked before anything is written: the customer (a Vietnamese mobile, a
// commune of the network), the lines (each product once, whole quantities) and the payment. Each refusal names the
// field and says what to do.
import { isDomainError } from '../../../platform/errors.ts';
import { parseVnPhone } from '../../../platform/phone.ts';
import { nameText } from '../../../platform/text.ts';
import { RetailError, type RetailErrorCode } from '../retail-error.ts';
import { ORDER_PAYMENTS, type OrderInput, type OrderPayment } from './order.model.ts';

export const MAX_LINES = 50;
export const MAX_QUANTITY = 10_000;

export const bad = (
  field: string,
  en: string,
  vi: string,
  code: RetailErrorCode = 'invalid_retail_input',
  details: Record<string, unknown> = {},
) => new RetailError(code, `${field} ${en}`, vi, { field, ...details });

function text(field: string, value: unknown, max: number, vi: string): string {
  if (typeof value !== 'string') throw bad(field, 'must be text', `${vi} phải là chữ`);
  let out: string;
  try {
    out = nameText(value);
  } catch (err) {
    if (isDomainError(err)) throw bad(field, err.message, `${vi} ${err.messageVi}`);
    throw err;
  }
  if (out.length < 1 || out.length > max)
    throw bad(field, `must be 1 to ${max} characters`, `${vi} phải có từ 1 đến ${max} ký tự`);
  return out;
}

export interface CheckedOrder {
  office: string;
  customer: { name: string; phone: string; address: string; commune: string };
  lines: Array<{ product: string; quantity: bigint }>;
  payment: OrderPayment;
}

/** The order as given, checked for shape; the catalogue, prices, stock and commune are checked against the cell. */
export function checkOrder(input: OrderInput): CheckedOrder {
  if (typeof input !== 'object' || input === null)
    throw bad('order', 'must be an object', 'Thiếu thông tin đơn hàng');
  const office = typeof input.office === 'string' ? input.office.trim() : '';
  if (office.length < 1 || office.length > 64)
    throw bad('office', 'must name the office whose stock the goods come from', 'Hãy chọn bưu cục có hàng');
  const c = input.customer as unknown as Record<string, unknown> | undefined;
  if (typeof c !== 'object' || c === null) throw bad('customer', 'is missing', 'Thiếu thông tin khách hàng');
  let phone: string;
  try {
    phone = parseVnPhone(typeof c.phone === 'string' ? c.phone : '', 'mobile');
  } catch (err) {
    if (!isDomainError(err)) throw err;
    throw bad(
      'customer.phone',
      `${JSON.stringify(typeof c.phone === 'string' ? c.phone.slice(0, 20) : typeof c.phone)} is not a Vietnamese mobile number (0912345678 or +84912345678): the postman calls it`,
      'Số điện thoại khách hàng phải là số di động Việt Nam (0912345678 hoặc +84912345678)',
    );
  }
  const customer = {
    name: text('customer.name', c.name, 100, 'Họ tên khách hàng'),
    phone,
    address: text('customer.address', c.address, 200, 'Địa chỉ khách hàng'),
    commune: typeof c.commune === 'string' ? c.commune.trim() : '',
  };
  if (!/^\d{5}$/.test(customer.commune))
    throw bad(
      'customer.commune',
      'must be the 5-digit code of a commune',
      'Hãy chọn xã/phường của khách hàng',
    );
  const payment = input.payment;
  if (typeof payment !== 'string' || !(ORDER_PAYMENTS as readonly string[]).includes(payment))
    throw bad(
      'payment',
      `must be one of ${ORDER_PAYMENTS.join(', ')}`,
      'Hãy chọn cách trả: thu hộ khi giao (COD) hoặc trả trước tại quầy',
    );
  const raw = input.lines as unknown;
  if (!Array.isArray(raw) || raw.length < 1 || raw.length > MAX_LINES)
    throw bad('lines', `must hold 1 to ${MAX_LINES} products`, `Đơn hàng cần từ 1 đến ${MAX_LINES} mặt hàng`);
  const seen = new Set<string>();
  const given = raw as ReadonlyArray<{ product?: unknown; quantity?: unknown } | null>;
  const lines = given.map((l, i) => {
    const product = typeof l?.product === 'string' ? l.product.trim().toUpperCase() : '';
    if (product.length < 1 || product.length > 40)
      throw bad(`lines[${i}].product`, 'must be a product code', `Dòng ${i + 1}: thiếu mã hàng`);
    if (seen.has(product))
      throw bad(
        `lines[${i}].product`,
        `repeats ${product}: give each product once with its quantity`,
        `Dòng ${i + 1}: mặt hàng ${product} bị lặp, hãy gộp số lượng`,
      );
    seen.add(product);
    const q = l?.quantity;
    if (typeof q !== 'number' || !Number.isSafeInteger(q) || q < 1 || q > MAX_QUANTITY)
      throw bad(
        `lines[${i}].quantity`,
        `must be a whole number from 1 to ${MAX_QUANTITY}`,
        `Dòng ${i + 1}: số lượng phải là số nguyên từ 1 đến ${MAX_QUANTITY}`,
      );
    return { product, quantity: BigInt(q) };
  });
  return { office, customer, lines, payment: payment as OrderPayment };
}

/** The VAT inside an amount that includes it at a rate (percent), rounded half up to the đồng. */
export function vatInside(amount: bigint, rate: number): bigint {
  if (rate === 0) return 0n;
  const r = BigInt(rate);
  return (amount * r * 2n + 100n + r) / ((100n + r) * 2n);
}
