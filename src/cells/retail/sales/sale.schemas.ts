import { z } from 'zod';
import type { Quote, Sale } from './sale.model.ts';

const vnd = z.string().describe('VND, a decimal string of a whole number');

export const tillParams = z.object({ id: z.string().max(64) });
export const officeParams = z.object({ office: z.string().max(64) });
export const saleParams = officeParams.extend({ sale: z.string().max(40) });

/** A basket line: a scanned barcode or a product code, and how many. Never a price: the catalogue's is taken. */
const basketLine = z.strictObject({
  barcode: z.string().max(20).optional().describe('EAN-13 as scanned'),
  product: z.string().max(40).optional().describe('the product code, for goods without a barcode'),
  quantity: z.number().int().describe('whole units, 1 to 9,999'),
});
export const quoteBody = z.strictObject({
  lines: z.array(basketLine).max(200),
  reference: z
    .string()
    .regex(/^[0-9A-Za-z]{1,25}$/)
    .optional()
    .describe('the Idempotency-Key the sale will be recorded under: the VietQR transfer carries it'),
});
export const saleBody = z.strictObject({
  lines: z.array(basketLine).max(200),
  payment: z.enum(['cash', 'vietqr']),
  tendered: z.string().max(16).optional().describe('cash: what the customer handed over'),
  transfer_confirmed: z.boolean().optional().describe('vietqr: the clerk saw the transfer arrive'),
});
export const returnBody = z.strictObject({
  sale: z.string().max(40),
  lines: z.array(z.strictObject({ line: z.number().int(), quantity: z.number().int() })).max(200),
  reason: z.string().max(300),
});

const vatGroup = z.object({ rate: z.number().int(), amount: vnd, vat: vnd });
const lineBase = {
  line: z.number().int(),
  product: z.string(),
  barcode: z.string(),
  name_vi: z.string(),
  name_en: z.string(),
  unit: z.string(),
  quantity: z.number().int(),
  unit_price: vnd,
  price_kind: z.enum(['list', 'promotion']),
  vat_rate: z.number().int(),
  amount: vnd,
  vat: vnd,
};
export const quoteSchema = z.object({
  lines: z.array(z.object(lineBase)),
  vat_groups: z.array(vatGroup),
  total: vnd,
  vat: vnd,
  total_words: z.string(),
  vietqr: z.string().nullable().describe('the EMVCo VietQR for the exact total, when a reference was given'),
});
export const saleSchema = z.object({
  id: z.string().describe('the receipt number: BH + postcode + serial'),
  office_id: z.string(),
  province_code: z.string(),
  clerk_id: z.string(),
  till_session_id: z.string(),
  day: z.string(),
  payment: z.enum(['cash', 'vietqr']),
  total: vnd,
  total_words: z.string(),
  vat: vnd,
  vat_groups: z.array(vatGroup),
  tendered: vnd.nullable(),
  change: vnd.nullable(),
  at: z.string(),
  lines: z.array(z.object({ ...lineBase, returned: z.number().int() })),
  returns: z.array(
    z.object({
      id: z.string(),
      clerk_id: z.string(),
      reason: z.string(),
      total: vnd,
      vat: vnd,
      at: z.string(),
      lines: z.array(z.object({ line: z.number().int(), quantity: z.number().int(), amount: vnd, vat: vnd })),
    }),
  ),
});

const s = (v: bigint) => v.toString();

export function quoteJson(q: Quote, words: string, vietqr: string | null) {
  return {
    lines: q.lines.map((l) => ({
      ...l,
      quantity: Number(l.quantity),
      unit_price: s(l.unit_price),
      amount: s(l.amount),
      vat: s(l.vat),
    })),
    vat_groups: q.vat_groups.map((g) => ({ rate: g.rate, amount: s(g.amount), vat: s(g.vat) })),
    total: s(q.total),
    vat: s(q.vat),
    total_words: words,
    vietqr,
  };
}

/** A sale as the API shows it: costs stay inside (they are the post's, not the customer's). */
export function saleJson(x: Sale, words: string) {
  return {
    id: x.id,
    office_id: x.office_id,
    province_code: x.province_code,
    clerk_id: x.clerk_id,
    till_session_id: x.till_session_id,
    day: x.day,
    payment: x.payment,
    total: s(x.total),
    total_words: words,
    vat: s(x.vat),
    vat_groups: x.vat_groups.map((g) => ({ rate: g.rate, amount: s(g.amount), vat: s(g.vat) })),
    tendered: x.tendered === null ? null : s(x.tendered),
    change: x.change === null ? null : s(x.change),
    at: x.at,
    lines: x.lines.map((l) => ({
      line: l.line,
      product: l.product,
      barcode: l.barcode,
      name_vi: l.name_vi,
      name_en: l.name_en,
      unit: l.unit,
      quantity: Number(l.quantity),
      unit_price: s(l.unit_price),
      price_kind: l.price_kind,
      vat_rate: l.vat_rate,
      amount: s(l.amount),
      vat: s(l.vat),
      returned: Number(l.returned),
    })),
    returns: x.returns.map((r) => ({
      id: r.id,
      clerk_id: r.clerk_id,
      reason: r.reason,
      total: s(r.total),
      vat: s(r.vat),
      at: r.at,
      lines: r.lines.map((l) => ({
        line: l.line,
        quantity: Number(l.quantity),
        amount: s(l.amount),
        vat: s(l.vat),
      })),
    })),
  };
}
