import type { Kysely } from '../../../storage/index.ts';
import { isSystemId, newId } from '../../../platform/ids.ts';
import { FinanceError } from '../finance-error.ts';
import type { FinanceTables } from '../finance-tables.ts';
import {
  ACCOUNT_FLAGS,
  accountClosed,
  accountOpened,
  systemTransferRefused,
  transferCreated,
  transferExpired,
  type AccountFlag,
  type SystemTransferRefusal,
  type TransferPayload,
} from './ledger.events.ts';
import * as repo from './ledger.repository.ts';

import {
  MAX_ACCOUNT_TOTAL,
  MAX_MANUAL_ACCOUNT_TOTAL,
  TRANSFER_RESULTS,
  isConflict,
  type Account,
  type Ledger,
  type LedgerAlarm,
  type LedgerDeps,
  type OpenAccountInput,
  type Transfer,
  type TransferInput,
  type TransferOptions,
  type TransferResult,
  type TransferResultCode,
} from './ledger.types.ts';
import {
  checkShape,
  difference,
  ID,
  Refused,
  refuse,
  toAccount,
  toTransfer,
  transferEvidence,
  type State,
} from './ledger.checks.ts';

/** Creates the ledger of the finance cell. */
export function createLedger(deps: LedgerDeps): Ledger {
  const { db, journal, clock } = deps;
  // Security is told once a transaction has ended, once per transfer: never while finance's transaction is open
  // (on PostgreSQL that held a connection while security took another), never of a refusal it undid.
  const told = new WeakMap<object, Map<string, { committed: LedgerAlarm; undone: LedgerAlarm | null }>>();
  /** Tells security of `a` when trx ends: if it committed, or even if not (`seen`: a conflict read, not made). */
  const alarm = async (trx: Kysely<FinanceTables>, a: LedgerAlarm, seen: boolean): Promise<void> => {
    if (deps.alarm === undefined) return;
    const raise = deps.alarm;
    let queued = told.get(trx);
    const first = queued === undefined;
    queued ??= new Map();
    told.set(trx, queued);
    const had = queued.get(a.transfer_id);
    // A consumer's refusal of a conflict the batch met replaces its alarm: one per transfer.
    queued.set(a.transfer_id, { committed: a, undone: seen ? a : (had?.undone ?? null) });
    if (!first) return;
    const q = queued;
    await journal.afterTransaction(trx, async (committed) => {
      told.delete(trx);
      for (const e of q.values()) {
        const x = committed ? e.committed : e.undone;
        if (x !== null) await raise(x);
      }
    });
  };

  const badAccount = (field: string, what: string, vi: string, row?: number) =>
    new FinanceError(
      'invalid_account',
      `${row === undefined ? '' : `Row ${row}: `}Account field ${field} ${what}`,
      `${row === undefined ? '' : `Dòng ${row}: `}Trường ${field}: ${vi}`,
      { field, ...(row === undefined ? {} : { row }) },
    );

  async function openAccountsIn(
    trx: Kysely<FinanceTables>,
    inputs: readonly OpenAccountInput[],
    actor: string,
    office: string | null = null,
  ): Promise<Account[]> {
    const batch = inputs.length > 1;
    const payloads = inputs.map((a, i) => {
      const row = batch ? i + 1 : undefined;
      const id = a.id ?? newId('acc');
      if (!ID.test(id))
        throw badAccount(
          'id',
          'must be 1 to 100 letters, digits, dot, dash, colon or underscore',
          'mã tài khoản không hợp lệ',
          row,
        );
      if (!Number.isInteger(a.code) || a.code < 1 || a.code > 9999)
        throw badAccount(
          'code',
          'must be a whole number from 1 to 9999',
          'mã loại tài khoản phải từ 1 đến 9999',
          row,
        );
      const name = typeof a.name === 'string' ? a.name.trim() : '';
      if (name.length < 1 || name.length > 200)
        throw badAccount('name', 'must be 1 to 200 characters', 'tên tài khoản phải có 1–200 ký tự', row);
      const flags = [...new Set(a.flags ?? [])].sort();
      for (const f of flags)
        if (!(ACCOUNT_FLAGS as readonly string[]).includes(f))
          throw badAccount('flags', `has unknown flag ${JSON.stringify(f)}`, `cờ ${f} không tồn tại`, row);
      if (flags.length > 1)
        throw badAccount('flags', 'cannot hold both limits', 'không được đặt cả hai giới hạn', row);
      return {
        id,
        code: a.code,
        office_id: a.office_id ?? null,
        holder_id: a.holder_id ?? null,
        name,
        flags: flags as AccountFlag[],
      };
    });
    const ids = payloads.map((p) => p.id);
    if (new Set(ids).size !== ids.length)
      throw badAccount('id', 'repeats within the batch', 'mã tài khoản bị lặp', undefined);
    const existing = await repo.findAccounts(trx, ids);
    if (existing.length > 0)
      throw badAccount(
        'id',
        `${existing[0]!.id} already exists`,
        'mã tài khoản đã tồn tại',
        ids.indexOf(existing[0]!.id) + 1,
      );
    const events = await journal.appendMany(
      trx,
      accountOpened,
      payloads.map((p) => ({ stream: p.id, actor, office: p.office_id ?? office, payload: p })),
    );
    return events.map((e) => ({
      ...e.payload,
      debits_pending: 0n,
      debits_posted: 0n,
      credits_pending: 0n,
      credits_posted: 0n,
      status: 'open' as const,
      opened_at: e.at,
      closed_at: null,
    }));
  }

  /** Releases due pending transfers inside a locked transaction, so no batch decides against stale holds. */
  async function expireIn(trx: Kysely<FinanceTables>): Promise<number> {
    const due = await repo.findExpired(trx, clock.now().toISOString());
    if (due.length === 0) return 0;
    await journal.appendMany(
      trx,
      transferExpired,
      due.map((t) => ({ stream: t.id, actor: 'system:ledger', office: null, payload: { id: t.id } })),
    );
    return due.length;
  }

  async function createTransfersIn(
    trx: Kysely<FinanceTables>,
    inputs: readonly TransferInput[],
    actor: string,
    office: string | null = null,
    options: TransferOptions = {},
  ): Promise<TransferResult[]> {
    await expireIn(trx);
    const now = clock.now();
    // Everything the batch can touch, loaded once.
    const transferIds = new Set<string>();
    const accountIds = new Set<string>();
    for (const t of inputs) {
      if (typeof t.id === 'string') transferIds.add(t.id);
      if (typeof t.pending_id === 'string') transferIds.add(t.pending_id);
      if (typeof t.debit_account_id === 'string') accountIds.add(t.debit_account_id);
      if (typeof t.credit_account_id === 'string') accountIds.add(t.credit_account_id);
    }
    const state: State = { accounts: new Map(), transfers: new Map() };
    for (const r of await repo.findTransfers(trx, [...transferIds])) state.transfers.set(r.id, toTransfer(r));
    for (const t of state.transfers.values()) {
      if (t === null) continue;
      accountIds.add(t.debit_account_id);
      accountIds.add(t.credit_account_id);
    }
    for (const r of await repo.findAccounts(trx, [...accountIds])) state.accounts.set(r.id, toAccount(r));

    const results: TransferResult[] = new Array<TransferResult>(inputs.length);
    const accepted: Array<{ index: number; payload: TransferPayload }> = [];
    const seen = new Set<string>();
    const result = (index: number, code: TransferResultCode): TransferResult => ({
      index,
      id: typeof inputs[index]!.id === 'string' ? inputs[index]!.id : '',
      result: code,
      message: TRANSFER_RESULTS[code][0],
      message_vi: TRANSFER_RESULTS[code][1],
    });

    let chainStart = 0;
    let undo: Array<() => void> = [];
    let chainAccepted: Array<{ index: number; payload: TransferPayload }> = [];
    let chainFailed: { index: number; code: TransferResultCode } | null = null;
    const set = <K, V>(map: Map<K, V>, key: K, value: V) => {
      const had = map.has(key);
      const old = map.get(key);
      undo.push(() => (had ? map.set(key, old as V) : map.delete(key)));
      map.set(key, value);
    };

    for (let i = 0; i < inputs.length; i++) {
      const t = inputs[i]!;
      const linked = (t.flags ?? []).includes('linked');
      if (chainFailed === null) {
        try {
          const outcome = decide(t, i, linked);
          if (outcome === 'exists') results[i] = result(i, 'exists');
        } catch (err) {
          if (!(err instanceof Refused)) throw err;
          chainFailed = { index: i, code: err.code };
        }
      }
      if (!linked || i === inputs.length - 1) {
        // The chain ends here: keep it all, or undo it all.
        if (chainFailed === null && linked) chainFailed = { index: i, code: 'linked_event_chain_open' };
        if (chainFailed !== null) {
          for (const u of undo.reverse()) u();
          for (let k = chainStart; k <= i; k++)
            results[k] = result(k, k === chainFailed.index ? chainFailed.code : 'linked_event_failed');
        } else {
          for (const a of chainAccepted) {
            results[a.index] = result(a.index, 'created');
            accepted.push(a);
          }
        }
        chainStart = i + 1;
        undo = [];
        chainAccepted = [];
        chainFailed = null;
      }
    }

    function decide(t: TransferInput, index: number, _linked: boolean): 'created' | 'exists' {
      const { flags, amount } = checkShape(t);
      if (seen.has(t.id)) refuse('id_repeated_in_batch');
      seen.add(t.id);
      const stored = state.transfers.get(t.id);
      const pendingId = t.pending_id ?? null;
      const pending = pendingId === null ? null : state.transfers.get(pendingId);
      if (stored !== undefined && stored !== null) {
        const diff = difference(t, stored, flags, amount, pending);
        if (diff !== null) refuse(diff);
        return 'exists';
      }
      let debitId = t.debit_account_id;
      let creditId = t.credit_account_id;
      let value = amount;
      const post = flags.has('post_pending_transfer');
      const voiding = flags.has('void_pending_transfer');
      if (post || voiding) {
        if (pending === undefined || pending === null) return refuse('pending_transfer_not_found');
        if (!pending.flags.includes('pending')) refuse('pending_transfer_not_pending');
        if (pending.state === 'posted') refuse('pending_transfer_already_posted');
        if (pending.state === 'voided') refuse('pending_transfer_already_voided');
        if (
          pending.state === 'expired' ||
          (pending.expires_at !== null && Date.parse(pending.expires_at) <= now.getTime())
        )
          refuse('pending_transfer_expired');
        if (debitId !== undefined && debitId !== pending.debit_account_id)
          refuse('pending_transfer_has_different_debit_account_id');
        if (creditId !== undefined && creditId !== pending.credit_account_id)
          refuse('pending_transfer_has_different_credit_account_id');
        debitId = pending.debit_account_id;
        creditId = pending.credit_account_id;
        if (post) {
          if (value !== null && value > pending.amount) refuse('exceeds_pending_transfer_amount');
          value ??= pending.amount;
        } else {
          if (value !== null && value !== pending.amount) refuse('pending_transfer_has_different_amount');
          value = pending.amount;
        }
      }
      if (debitId === undefined || typeof debitId !== 'string') return refuse('debit_account_not_found');
      if (creditId === undefined || typeof creditId !== 'string') return refuse('credit_account_not_found');
      if (debitId === creditId) refuse('accounts_must_be_different');
      const debit = state.accounts.get(debitId);
      const credit = state.accounts.get(creditId);
      if (debit === undefined || debit === null) return refuse('debit_account_not_found');
      if (credit === undefined || credit === null) return refuse('credit_account_not_found');
      if (debit.status !== 'open') refuse('debit_account_closed');
      if (credit.status !== 'open') refuse('credit_account_closed');
      const a = value!;
      const d = { ...debit };
      const c = { ...credit };
      if (flags.has('pending')) {
        d.debits_pending += a;
        c.credits_pending += a;
      } else if (post || voiding) {
        d.debits_pending -= pending!.amount;
        c.credits_pending -= pending!.amount;
        if (post) {
          d.debits_posted += a;
          c.credits_posted += a;
        }
      } else {
        d.debits_posted += a;
        c.credits_posted += a;
      }
      // TigerBeetle's order: each total on its own, then posted and pending together.
      if (d.debits_pending > MAX_ACCOUNT_TOTAL) refuse('overflows_debits_pending');
      if (c.credits_pending > MAX_ACCOUNT_TOTAL) refuse('overflows_credits_pending');
      if (d.debits_posted > MAX_ACCOUNT_TOTAL) refuse('overflows_debits_posted');
      if (c.credits_posted > MAX_ACCOUNT_TOTAL) refuse('overflows_credits_posted');
      if (d.debits_posted + d.debits_pending > MAX_ACCOUNT_TOTAL) refuse('overflows_debits');
      if (c.credits_posted + c.credits_pending > MAX_ACCOUNT_TOTAL) refuse('overflows_credits');
      if (options.manual === true) {
        const debits = d.debits_posted + d.debits_pending;
        const credits = c.credits_posted + c.credits_pending;
        if (debits > MAX_MANUAL_ACCOUNT_TOTAL && debits > debit.debits_posted + debit.debits_pending)
          refuse('overflows_manual_debits');
        if (credits > MAX_MANUAL_ACCOUNT_TOTAL && credits > credit.credits_posted + credit.credits_pending)
          refuse('overflows_manual_credits');
      }
      if (
        d.flags.includes('debits_must_not_exceed_credits') &&
        d.debits_posted + d.debits_pending > d.credits_posted
      )
        refuse('exceeds_credits');
      if (
        c.flags.includes('credits_must_not_exceed_debits') &&
        c.credits_posted + c.credits_pending > c.debits_posted
      )
        refuse('exceeds_debits');
      const timeout = t.timeout ?? 0;
      const payload: TransferPayload = {
        id: t.id,
        debit_account_id: debitId,
        credit_account_id: creditId,
        amount: a.toString(),
        pending_id: pendingId,
        timeout,
        flags: [...flags].sort(),
        code: t.code,
        ref: t.ref ?? null,
        expires_at:
          flags.has('pending') && timeout > 0 ? new Date(now.getTime() + timeout * 1000).toISOString() : null,
      };
      set(state.accounts, debitId, d);
      set(state.accounts, creditId, c);
      const created: Transfer = {
        ...payload,
        amount: a,
        state: flags.has('pending') ? 'pending' : voiding ? 'voided' : 'posted',
        created_at: now.toISOString(),
      };
      set(state.transfers, t.id, created);
      if (pending !== null && pending !== undefined)
        set(state.transfers, pending.id, { ...pending, state: post ? 'posted' : 'voided' });
      chainAccepted.push({ index, payload });
      return 'created';
    }

    if (accepted.length > 0)
      await journal.appendMany(
        trx,
        transferCreated,
        accepted.map((a) => ({ stream: a.payload.id, actor, office, payload: a.payload })),
      );
    // No caller can choose an id in the platform's namespace: one taken with another body was planted.
    for (const r of results)
      if (isConflict(r.result) && isSystemId(r.id)) {
        const stored = state.transfers.get(r.id);
        await alarm(
          trx,
          {
            transfer_id: r.id,
            result: r.result,
            severity: 'critical',
            message: `The platform's transfer ${r.id} was refused: a transfer with that id and another body exists (${r.result}), which no command of the platform makes; it was not made`,
            evidence: {
              transfer_id: r.id,
              result: r.result,
              actor,
              existing: stored === undefined || stored === null ? null : transferEvidence(stored),
            },
          },
          true,
        );
      }
    return results;
  }

  async function refusedIn(
    trx: Kysely<FinanceTables>,
    refusal: SystemTransferRefusal,
    actor: string,
  ): Promise<void> {
    await journal.append(trx, systemTransferRefused, { stream: refusal.id, actor, payload: refusal });
    const conflict = isConflict(refusal.result as TransferResultCode);
    await alarm(
      trx,
      {
        transfer_id: refusal.id,
        result: refusal.result as TransferResultCode,
        severity: conflict ? 'critical' : 'high',
        message: `The platform's transfer ${refusal.id} (from ${refusal.source_cell} event ${refusal.source_seq}) was refused by the ledger (${refusal.result}) and not made: reconcile it by hand`,
        evidence: { ...refusal },
      },
      false,
    );
  }

  return {
    openAccounts: (inputs, actor, office) =>
      journal.transaction(async (trx) => {
        await journal.lock(trx);
        return openAccountsIn(trx, inputs, actor, office);
      }),
    openAccountsIn,
    async closeAccount(id, actor) {
      return journal.transaction(async (trx) => {
        await journal.lock(trx);
        const row = await repo.findAccount(trx, id);
        if (row === undefined)
          throw new FinanceError(
            'account_not_found',
            `No account has id ${JSON.stringify(id)}`,
            `Không có tài khoản ${id}`,
            { id },
          );
        const a = toAccount(row);
        if (a.status === 'closed') return a;
        if (a.debits_pending !== 0n || a.credits_pending !== 0n || a.debits_posted !== a.credits_posted)
          throw new FinanceError(
            'account_has_balance',
            `Account ${id} still has a balance or pending transfers: move them first`,
            'Tài khoản còn số dư hoặc giao dịch tạm giữ: hãy chuyển hết trước khi đóng',
            { id },
          );
        await journal.append(trx, accountClosed, { stream: id, actor, office: a.office_id, payload: { id } });
        return toAccount((await repo.findAccount(trx, id))!);
      });
    },
    async getAccount(id) {
      const row = await repo.findAccount(db, id);
      if (row === undefined)
        throw new FinanceError(
          'account_not_found',
          `No account has id ${JSON.stringify(id)}`,
          `Không có tài khoản ${id}`,
          { id },
        );
      return toAccount(row);
    },
    async accountsOf(q) {
      return (
        await repo.findAccountsOf(db, {
          ...(q.officeId === undefined ? {} : { officeId: q.officeId }),
          ...(q.code === undefined ? {} : { code: BigInt(q.code) }),
          ...(q.holderId === undefined ? {} : { holderId: q.holderId }),
        })
      ).map(toAccount);
    },
    async getTransfer(id) {
      const [row] = await repo.findTransfers(db, [id]);
      if (row === undefined)
        throw new FinanceError(
          'invalid_transfer',
          `No transfer has id ${JSON.stringify(id)}`,
          `Không có giao dịch ${id}`,
          { id },
        );
      return toTransfer(row);
    },
    createTransfers: (inputs, actor, office, options) =>
      journal.transaction(async (trx) => {
        await journal.lock(trx);
        return createTransfersIn(trx, inputs, actor, office, options);
      }),
    createTransfersIn,
    refusedIn,
    expirePending: () =>
      journal.transaction(async (trx) => {
        await journal.lock(trx);
        return expireIn(trx);
      }),
    async history(accountId, page) {
      return { items: await repo.findHistory(db, accountId, page) };
    },
  };
}
