import { z } from 'zod';
import type { Kysely } from '../../../storage/index.ts';
import { defineEvent, type JournalEvent } from '../../../journal/index.ts';
import { vndText } from '../../../platform/vnd-schema.ts';
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

const vnd = vndText('positive');
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

type Balances = {
  debits_pending: bigint;
  debits_posted: bigint;
  credits_pending: bigint;
  credits_posted: bigint;
};

/**
 * Applies accepted transfers in order, in a handful of statements whatever their number: the transfer
 * rows, the pending transfers they post or void, each account's balance after each transfer (its history)
 * and the accounts' final balances. One event is the same code with a list of one.
 */
async function applyTransfers(
  db: Kysely<FinanceTables>,
  events: ReadonlyArray<JournalEvent<TransferPayload>>,
): Promise<void> {
  const inBatch = new Map<string, repo.TransferRow>();
  const referenced = events.flatMap((e) => (e.payload.pending_id === null ? [] : [e.payload.pending_id]));
  const earlier = new Map((await repo.findTransfers(db, referenced)).map((t) => [t.id, t]));
  const accountIds = [
    ...new Set(events.flatMap((e) => [e.payload.debit_account_id, e.payload.credit_account_id])),
  ];
  const balances = new Map<string, Balances & { updated_seq: bigint }>(
    (await repo.findAccounts(db, accountIds)).map((a) => [
      a.id,
      {
        debits_pending: BigInt(a.debits_pending),
        debits_posted: BigInt(a.debits_posted),
        credits_pending: BigInt(a.credits_pending),
        credits_posted: BigInt(a.credits_posted),
        updated_seq: BigInt(a.updated_seq),
      },
    ]),
  );
  const states = new Map<string, string>();
  const history: repo.BalanceRow[] = [];
  const move = (accountId: string, delta: Balances, e: JournalEvent, transferId: string) => {
    const b = balances.get(accountId)!;
    b.debits_pending += delta.debits_pending;
    b.debits_posted += delta.debits_posted;
    b.credits_pending += delta.credits_pending;
    b.credits_posted += delta.credits_posted;
    b.updated_seq = e.seq;
    history.push({
      account_id: accountId,
      seq: e.seq,
      transfer_id: transferId,
      debits_pending: b.debits_pending,
      debits_posted: b.debits_posted,
      credits_pending: b.credits_pending,
      credits_posted: b.credits_posted,
      at: e.at,
    });
  };
  for (const e of events) {
    const p = e.payload;
    const amount = BigInt(p.amount);
    const debit = { ...ZERO };
    const credit = { ...ZERO };
    let state = 'posted';
    if (p.flags.includes('pending')) {
      debit.debits_pending = amount;
      credit.credits_pending = amount;
      state = 'pending';
    } else if (p.pending_id !== null) {
      const pending = inBatch.get(p.pending_id) ?? earlier.get(p.pending_id)!;
      const held = BigInt(pending.amount);
      debit.debits_pending = -held;
      credit.credits_pending = -held;
      const fate = p.flags.includes('post_pending_transfer') ? 'posted' : 'voided';
      if (fate === 'posted') {
        debit.debits_posted = amount;
        credit.credits_posted = amount;
      } else state = 'voided';
      if (inBatch.has(pending.id)) inBatch.get(pending.id)!.state = fate;
      else states.set(pending.id, fate);
    } else {
      debit.debits_posted = amount;
      credit.credits_posted = amount;
    }
    inBatch.set(p.id, {
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
    move(p.debit_account_id, debit, e, p.id);
    move(p.credit_account_id, credit, e, p.id);
  }
  await repo.insertTransfers(db, [...inBatch.values()]);
  await repo.setTransferStates(db, states);
  await repo.insertBalances(db, history);
  await repo.setBalances(
    db,
    [...balances].map(([id, b]) => ({ id, ...b })),
  );
}

/**
 * One accepted transfer: plain (posted at once), pending (held), or the posting or voiding of a pending
 * one. The decision was made, under the journal's lock, before the event was written; apply only moves
 * the balances the event says, so a replay moves them the same way.
 */
export const transferCreated = defineEvent<FinanceTables, typeof transferCreatedSchema>({
  type: 'finance.transfer.created',
  schema: transferCreatedSchema,
  apply: (db, e) => applyTransfers(db, [e]),
  applyMany: applyTransfers,
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

export const systemTransferRefusedSchema = z.strictObject({
  id,
  result: z.string().min(1).max(60),
  source_cell: z.string().min(1).max(31),
  source_seq: z.string().regex(/^[1-9]\d{0,18}$/),
  debit_account_id: id,
  credit_account_id: id,
  amount: vnd,
  code: z.number().int().min(1).max(9999),
  ref: z.string().max(200).nullable(),
});
export type SystemTransferRefusal = z.output<typeof systemTransferRefusedSchema>;

/**
 * A transfer the platform derived for itself from another cell's event was refused by the ledger and not made
 * (its id taken with another body, a total at its bound): recorded, and security alerted, so that finance goes
 * on following that cell instead of stopping at the event.
 */
export const systemTransferRefused = defineEvent<FinanceTables, typeof systemTransferRefusedSchema>({
  type: 'finance.system_transfer.refused',
  schema: systemTransferRefusedSchema,
  async apply(db, e) {
    const p = e.payload;
    await repo.insertRefusal(db, {
      seq: e.seq,
      transfer_id: p.id,
      result: p.result,
      source_cell: p.source_cell,
      source_seq: BigInt(p.source_seq),
      debit_account_id: p.debit_account_id,
      credit_account_id: p.credit_account_id,
      amount: BigInt(p.amount),
      code: BigInt(p.code),
      ref: p.ref,
      at: e.at,
    });
  },
});

export const ledgerEvents = [
  accountOpened,
  accountClosed,
  transferCreated,
  transferExpired,
  systemTransferRefused,
];
