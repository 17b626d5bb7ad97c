import { z } from 'zod';
import { defineEvent } from '../../../journal/index.ts';
import { vndText } from '../../../platform/vnd-schema.ts';
import { FinanceError } from '../finance-error.ts';
import type { FinanceTables } from '../finance-tables.ts';
import * as repo from './cod.repository.ts';

const amount = vndText('nonNegative');

export const codRecordedSchema = z.strictObject({
  item: z.string(),
  source_seq: z.string().regex(/^\d+$/),
  office: z.string(),
  payee: z.string(),
  amount,
  place: z.enum(['round', 'counter']),
  holder: z.string(),
  round: z.string().nullable(),
  till_session_id: z.string().nullable(),
  collected_at: z.string(),
});

/** A COD the delivery cell collected, now owed to its payee. */
export const codRecorded = defineEvent<FinanceTables, typeof codRecordedSchema>({
  type: 'finance.cod.recorded',
  schema: codRecordedSchema,
  async apply(db, e) {
    const p = e.payload;
    await repo.insertCollection(db, {
      item_id: p.item,
      source_seq: BigInt(p.source_seq),
      office_id: p.office,
      payee: p.payee,
      amount: BigInt(p.amount),
      place: p.place,
      holder_id: p.holder,
      round_id: p.round,
      till_session_id: p.till_session_id,
      collected_at: p.collected_at,
      // Cash taken at a counter is in the office already.
      handed_in_at: p.place === 'counter' ? p.collected_at : null,
      remittance_id: null,
    });
  },
});

export const codHandedInSchema = z.strictObject({
  round: z.string(),
  office: z.string(),
  postman: z.string(),
  amount,
  items: z.number().int().nonnegative(),
});

/** A postman's COD cash of a round handed in to the office. */
export const codHandedIn = defineEvent<FinanceTables, typeof codHandedInSchema>({
  type: 'finance.cod.handed_in',
  schema: codHandedInSchema,
  async apply(db, e) {
    const n = await repo.handIn(db, e.payload.round, e.at);
    if (n !== e.payload.items)
      throw new FinanceError(
        'transfers_failed',
        `Event ${e.seq}: round ${e.payload.round} hands in ${e.payload.items} collections but ${n} are outstanding`,
        'Số khoản thu hộ nộp về không khớp',
        { round: e.payload.round },
      );
  },
});

export const codRemittedSchema = z.strictObject({
  id: z.string(),
  payee: z.string(),
  through: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  items: z.array(z.string()),
  cod_total: amount,
  fees: amount,
  net: vndText('signed'), // written by bigint.toString(), so never '-0'
});

/** A remittance batch: the payee's handed-in collections paid on, less the fees billed to it. */
export const codRemitted = defineEvent<FinanceTables, typeof codRemittedSchema>({
  type: 'finance.cod.remitted',
  schema: codRemittedSchema,
  async apply(db, e) {
    const p = e.payload;
    const n = await repo.markRemitted(db, p.items, p.id);
    if (n !== p.items.length)
      throw new FinanceError(
        'transfers_failed',
        `Event ${e.seq}: remittance ${p.id} pays ${p.items.length} collections but ${n} were outstanding`,
        'Số khoản thu hộ chuyển trả không khớp',
        { remittance: p.id },
      );
    await repo.insertRemittance(db, {
      id: p.id,
      payee: p.payee,
      through: p.through,
      item_count: BigInt(p.items.length),
      cod_total: BigInt(p.cod_total),
      fees: BigInt(p.fees),
      net: BigInt(p.net),
      created_at: e.at,
      created_by: e.actor,
      seq: e.seq,
    });
  },
});

export const codOwnedSchema = z.strictObject({
  item: z.string(),
  owner: z.string().regex(/^[a-z]{2,20}$/),
  source_seq: z.string().regex(/^\d+$/),
});

/** An item another cell owns carries COD: that cell settles it, no remittance pays it out. */
export const codOwned = defineEvent<FinanceTables, typeof codOwnedSchema>({
  type: 'finance.cod.owned',
  schema: codOwnedSchema,
  async apply(db, e) {
    await repo.insertOwned(db, {
      item_id: e.payload.item,
      owner: e.payload.owner,
      source_seq: BigInt(e.payload.source_seq),
    });
  },
});

export const codSettledSchema = z.strictObject({
  item: z.string(),
  owner: z.string().regex(/^[a-z]{2,20}$/),
  /** What settled it in the owner's terms (a retail order's id). */
  ref: z.string(),
  amount,
});

/** The COD of an owned item settled by its owner (a retail order's price and shipping): owed to no one now. */
export const codSettled = defineEvent<FinanceTables, typeof codSettledSchema>({
  type: 'finance.cod.settled',
  schema: codSettledSchema,
  async apply(db, e) {
    const p = e.payload;
    const n = await repo.markRemitted(db, [p.item], `${p.owner}:${p.ref}`);
    if (n !== 1)
      throw new FinanceError(
        'transfers_failed',
        `Event ${e.seq}: the COD of item ${p.item} is settled by ${p.owner} but it is not outstanding`,
        'Khoản thu hộ được quyết toán không còn chờ chuyển trả',
        { item: p.item },
      );
  },
});

export const codEvents = [codRecorded, codHandedIn, codRemitted, codOwned, codSettled];
