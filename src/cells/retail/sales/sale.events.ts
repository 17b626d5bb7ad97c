import { z } from 'zod';
import { defineEvent } from '../../../journal/index.ts';
import type { Kysely } from '../../../storage/index.ts';
import type { RetailTables } from '../retail-tables.ts';
import * as repo from './sale.repository.ts';

const vnd = z.string().regex(/^(0|[1-9]\d{0,15})$/);
const units = z.string().regex(/^[1-9]\d{0,5}$/);
const rate = z.union([z.literal(0), z.literal(5), z.literal(8), z.literal(10)]);

const saleSchema = z.strictObject({
  /** The receipt number: BH + the office's postcode + its 7-digit serial. */
  id: z.string().regex(/^BH\d{5}\d{7}$/),
  office: z.string().min(1).max(64),
  province: z.string().regex(/^\d{2}$/),
  clerk: z.string().min(1).max(64),
  till_session_id: z.string().min(1).max(64),
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  payment: z.enum(['cash', 'vietqr']),
  /** What the customer paid, VAT included, and the VAT inside it. */
  total: vnd,
  vat: vnd,
  vat_groups: z
    .array(z.strictObject({ rate, amount: vnd, vat: vnd }))
    .min(1)
    .max(4),
  tendered: vnd.nullable(),
  change: vnd.nullable(),
  /** The goods' value at cost, as the stock move took it off the shelf. */
  cost: vnd,
  /** The stock move (shelf → customer) journaled with it. */
  move: z.string().min(1).max(60),
  /** The VietQR transfer's reference (the sale's key), null for cash. */
  reference: z.string().max(100).nullable(),
  lines: z
    .array(
      z.strictObject({
        line: z.number().int().min(1).max(200),
        product: z.string().min(1).max(40),
        quantity: units,
        unit_price: vnd,
        price_kind: z.enum(['list', 'promotion']),
        vat_rate: rate,
        amount: vnd,
        vat: vnd,
        cost: vnd,
      }),
    )
    .min(1)
    .max(200),
});
export type SalePayload = z.infer<typeof saleSchema>;

/**
 * `retail.sale.recorded`: a sale at a till, its receipt's lines priced from the catalogue, paid in cash into the
 * clerk's till or by VietQR to the post's account. Its serial is drawn here, so replay numbers receipts alike.
 */
export const saleRecorded = defineEvent({
  type: 'retail.sale.recorded',
  schema: saleSchema,
  async apply(db: Kysely<RetailTables>, e) {
    const p = e.payload;
    await repo.saveSerial(db, p.id.slice(0, 7), BigInt(p.id.slice(7)));
    await repo.insertSale(
      db,
      {
        id: p.id,
        office_id: p.office,
        province_code: p.province,
        clerk_id: p.clerk,
        till_session_id: p.till_session_id,
        day: p.day,
        payment: p.payment,
        total: BigInt(p.total),
        vat: BigInt(p.vat),
        tendered: p.tendered === null ? null : BigInt(p.tendered),
        change: p.change === null ? null : BigInt(p.change),
        cost: BigInt(p.cost),
        at: e.at,
        updated_seq: e.seq,
      },
      p.lines.map((l) => ({
        sale_id: p.id,
        line_no: BigInt(l.line),
        product_code: l.product,
        quantity: BigInt(l.quantity),
        unit_price: BigInt(l.unit_price),
        price_kind: l.price_kind,
        vat_rate: BigInt(l.vat_rate),
        amount: BigInt(l.amount),
        vat: BigInt(l.vat),
        cost: BigInt(l.cost),
        returned: 0n,
      })),
    );
  },
});

const returnSchema = z.strictObject({
  /** The sale's receipt number, a dash and the return's number against it. */
  id: z.string().regex(/^BH\d{12}-\d{1,4}$/),
  sale: z.string().regex(/^BH\d{12}$/),
  office: z.string().min(1).max(64),
  clerk: z.string().min(1).max(64),
  till_session_id: z.string().min(1).max(64),
  reason: z.string().min(3).max(300),
  /** The cash refunded (VAT included) and the VAT inside it, at the sale's prices. */
  total: vnd,
  vat: vnd,
  /** The goods' value at cost back on the shelf. */
  cost: vnd,
  move: z.string().min(1).max(60),
  lines: z
    .array(
      z.strictObject({
        line: z.number().int().min(1).max(200),
        product: z.string().min(1).max(40),
        quantity: units,
        amount: vnd,
        vat: vnd,
        cost: vnd,
      }),
    )
    .min(1)
    .max(200),
});
export type ReturnPayload = z.infer<typeof returnSchema>;

/** `retail.sale.returned`: goods brought back against a sale at its office, the cash refunded from a till. */
export const saleReturned = defineEvent({
  type: 'retail.sale.returned',
  schema: returnSchema,
  async apply(db: Kysely<RetailTables>, e) {
    const p = e.payload;
    await repo.insertReturn(
      db,
      {
        id: p.id,
        sale_id: p.sale,
        office_id: p.office,
        clerk_id: p.clerk,
        till_session_id: p.till_session_id,
        reason: p.reason,
        total: BigInt(p.total),
        vat: BigInt(p.vat),
        cost: BigInt(p.cost),
        at: e.at,
      },
      p.lines.map((l) => ({
        return_id: p.id,
        line_no: BigInt(l.line),
        quantity: BigInt(l.quantity),
        amount: BigInt(l.amount),
        vat: BigInt(l.vat),
        cost: BigInt(l.cost),
      })),
    );
  },
});

export const saleEvents = [saleRecorded, saleReturned];
