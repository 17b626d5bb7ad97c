import { z } from 'zod';
import { defineEvent } from '../../../journal/index.ts';
import type { FinanceTables } from '../finance-tables.ts';
import * as repo from './ledger.repository.ts';

export const ACCOUNT_FLAGS = ['debits_must_not_exceed_credits', 'credits_must_not_exceed_debits'] as const;
export type AccountFlag = (typeof ACCOUNT_FLAGS)[number];
export const TRANSFER_FLAGS = [
  'linked',
  'pending',
  'post_pending_transfer',
  'void_pending_transfer',
] as const;
export type TransferFlag = (typeof TRANSFER_FLAGS)[number];

const vnd = z.string().regex(/^[1-9]\d{0,18}$/, 'a positive whole number of đồng, as a decimal string');
const id = z.string().min(1).max(100);

export const accountOpenedSchema = z.strictObject({
  id,
  code: z.number().int().min(1).max(9999),
  office_id: z.string().nullable(),
  holder_id: z.string().nullable(),
  name: z.string().min(1).max(200),
  flags: z.array(z.enum(ACCOUNT_FLAGS)),
});

export const accountOpened = defineEvent<FinanceTables, typeof accountOpenedSchema>({
  type: 'finance.account.opened',
  schema: accountOpenedSchema,
  async apply(db, e) {
    const p = e.payload;
    await repo.insertAccount(db, {
      id: p.id,
      code: BigInt(p.code),
      office_id: p.office_id,
      holder_id: p.holder_id,
      name: p.name,
      flags: JSON.stringify([...p.flags].sort()),
      debits_pending: 0n,
      debits_posted: 0n,
      credits_pending: 0n,
      credits_posted: 0n,
      status: 'open',
      opened_at: e.at,
      closed_at: null,
      updated_seq: e.seq,
    });
  },
});

export const accountClosed = defineEvent({
  type: 'finance.account.closed',
  schema: z.strictObject({ id }),
  async apply(db: Parameters<typeof accountOpened.apply>[0], e) {
    await repo.closeAccount(db, e.payload.id, e.at, e.seq);
  },
});

export const transferCreatedSchema = z.strictObject({
  id,
  debit_account_id: id,
  credit_account_id: id,
  amount: vnd,
  pending_id: id.nullable(),
  timeout: z.number().int().min(0),
  flags: z.array(z.enum(TRANSFER_FLAGS)),
  code: z.number().int().min(1).max(9999),
  ref: z.string().max(200).nullable(),
  expires_at: z.iso.datetime().nullable(),
});
export type TransferPayload = z.output<typeof transferCreatedSchema>;

const ZERO = { debits_pending: 0n, debits_posted: 0n, credits_pending: 0n, credits_posted: 0n };

/**
 * One accepted transfer: plain (posted at once), pending (held), or the posting or voiding of a pending
 * one. The decision was made, under the journal's lock, before the event was written; apply only moves
 * the balances the event says, so a replay moves them the same way.
 */
export const transferCreated = defineEvent<FinanceTables, typeof transferCreatedSchema>({
  type: 'finance.transfer.created',
  schema: transferCreatedSchema,
  async apply(db, e) {
    const p = e.payload;
    const amount = BigInt(p.amount);
    const debit = { ...ZERO };
    const credit = { ...ZERO };
    let state = 'posted';
    if (p.flags.includes('pending')) {
      debit.debits_pending = amount;
      credit.credits_pending = amount;
      state = 'pending';
    } else if (p.flags.includes('post_pending_transfer') || p.flags.includes('void_pending_transfer')) {
      const [pending] = await repo.findTransfers(db, [p.pending_id!]);
      const held = BigInt(pending!.amount);
      debit.debits_pending = -held;
      credit.credits_pending = -held;
      if (p.flags.includes('post_pending_transfer')) {
        debit.debits_posted = amount;
        credit.credits_posted = amount;
        await repo.setTransferState(db, pending!.id, 'posted');
      } else {
        await repo.setTransferState(db, pending!.id, 'voided');
        state = 'voided';
      }
    } else {
      debit.debits_posted = amount;
      credit.credits_posted = amount;
    }
    await repo.insertTransfer(db, {
      id: p.id,
      debit_account_id: p.debit_account_id,
      credit_account_id: p.credit_account_id,
      amount,
      pending_id: p.pending_id,
      flags: JSON.stringify([...p.flags].sort()),
      code: BigInt(p.code),
      ref: p.ref,
      timeout: BigInt(p.timeout),
      state,
      expires_at: p.expires_at,
      created_at: e.at,
      seq: e.seq,
    });
    const at = { seq: e.seq, transferId: p.id, at: e.at };
    await repo.moveBalance(db, p.debit_account_id, debit, at);
    await repo.moveBalance(db, p.credit_account_id, credit, at);
  },
});

/** A pending transfer's timeout passed: what it held is released. */
export const transferExpired = defineEvent({
  type: 'finance.transfer.expired',
  schema: z.strictObject({ id }),
  async apply(db: Parameters<typeof transferCreated.apply>[0], e) {
    const [pending] = await repo.findTransfers(db, [e.payload.id]);
    const held = BigInt(pending!.amount);
    await repo.setTransferState(db, pending!.id, 'expired');
    const at = { seq: e.seq, transferId: pending!.id, at: e.at };
    await repo.moveBalance(db, pending!.debit_account_id, { ...ZERO, debits_pending: -held }, at);
    await repo.moveBalance(db, pending!.credit_account_id, { ...ZERO, credits_pending: -held }, at);
  },
});

export const ledgerEvents = [accountOpened, accountClosed, transferCreated, transferExpired];
