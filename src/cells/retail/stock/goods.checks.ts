// The stock module's checks of what a command is given, each refusal naming the field or the line and what to
// do, before anything is written; and its not-found and out-of-order refusals.
import type { Kysely } from '../../../storage/index.ts';
import { RetailError } from '../retail-error.ts';
import type { RetailTables } from '../retail-tables.ts';
import * as repo from './goods.repository.ts';

export const bad = (field: string, message: string, vi: string, details: Record<string, unknown> = {}) =>
  new RetailError('invalid_retail_input', `${field} ${message}`, vi, { field, ...details });

/** A required text, trimmed, at most `max` characters. */
export function textOf(field: string, v: unknown, max: number, vi: string): string {
  const s = typeof v === 'string' ? v.trim() : '';
  if (s.length === 0) throw bad(field, 'is required', `${vi}: bắt buộc phải nhập`);
  if (s.length > max) throw bad(field, `is longer than ${max} characters`, `${vi}: dài quá ${max} ký tự`);
  return s;
}

/**
 * Lines naming known products once each, their quantities whole and above zero (or zero when `zero` allows
 * it, as a count may find nothing); each refusal names the line.
 */
export async function checkLines<L extends { product: string }>(
  db: Kysely<RetailTables>,
  lines: readonly L[] | undefined,
  quantity: (l: L) => bigint,
  opts: { zero?: boolean; field?: string } = {},
): Promise<L[]> {
  const field = opts.field ?? 'quantity';
  if (lines === undefined || lines.length === 0)
    throw bad(
      'lines',
      'are empty: add at least one product',
      'Chưa có mặt hàng nào: hãy thêm ít nhất một dòng',
    );
  if (lines.length > 500) throw bad('lines', 'are more than 500', 'Quá 500 dòng: hãy chia làm nhiều lần');
  const known = new Map(
    (
      await repo.findProducts(
        db,
        lines.map((l) => String(l.product)),
      )
    ).map((p) => [p.code, p]),
  );
  const seen = new Set<string>();
  lines.forEach((l, i) => {
    const n = i + 1;
    if (!known.has(l.product))
      throw new RetailError(
        'product_not_found',
        `Line ${n}: product ${JSON.stringify(String(l.product).slice(0, 40))} is not in the catalogue: check the code`,
        `Dòng ${n}: mã hàng ${String(l.product).slice(0, 40)} không có trong danh mục: hãy kiểm tra lại`,
        { field: `lines[${i}].product`, line: n },
      );
    if (seen.has(l.product))
      throw bad(
        `lines[${i}].product`,
        `names ${l.product} a second time: put its quantity on one line`,
        `Dòng ${n}: mặt hàng ${l.product} bị nhập hai lần: hãy gộp vào một dòng`,
        { line: n },
      );
    seen.add(l.product);
    const q = quantity(l);
    if (typeof q !== 'bigint' || q < 0n || (q === 0n && opts.zero !== true) || q > 999_999_999_999n)
      throw bad(
        `lines[${i}].${field}`,
        `must be a whole number ${opts.zero === true ? 'of zero or more' : 'above zero'}`,
        `Dòng ${n}: số lượng phải là số nguyên ${opts.zero === true ? 'không âm' : 'lớn hơn 0'}`,
        { line: n },
      );
  });
  return [...lines];
}

const short = (id: string) => JSON.stringify(String(id).slice(0, 40));

export const orderNotFound = (id: string) =>
  new RetailError(
    'purchase_order_not_found',
    `No purchase order ${short(id)}: check its number`,
    'Không tìm thấy đơn mua hàng: hãy kiểm tra số đơn',
    { order: String(id).slice(0, 40) },
  );
export const transferNotFound = (id: string) =>
  new RetailError(
    'transfer_not_found',
    `No transfer ${short(id)}: check its number on the transfer note`,
    'Không tìm thấy phiếu chuyển kho: hãy kiểm tra số phiếu',
    { transfer: String(id).slice(0, 40) },
  );
export const stocktakeNotFound = (id: string) =>
  new RetailError(
    'stocktake_not_found',
    `No stocktake ${short(id)}: check its number`,
    'Không tìm thấy phiếu kiểm kê: hãy kiểm tra số phiếu',
    { stocktake: String(id).slice(0, 40) },
  );

export const outOfOrder = (message: string, vi: string, details: Record<string, unknown>) =>
  new RetailError('retail_out_of_order', message, vi, details);
