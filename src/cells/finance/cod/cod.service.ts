import type { Kysely } from '../../../storage/index.ts';
import type { Journal, JournalEvent, RequestKey, RequestKeys } from '../../../journal/index.ts';
import type { Clock } from '../../../platform/clock.ts';
import { newId } from '../../../platform/ids.ts';
import { accountId, ACCOUNT_CODES, ensureAccount, TRANSFER_CODES } from '../chart/index.ts';
import { checkDay, endOfDay, startOfDay } from '../finance-days.ts';
import { FinanceError } from '../finance-error.ts';
import type { FinanceTables } from '../finance-tables.ts';
import {
  findAccountsOf,
  isPermanentRefusal,
  postTransfers,
  type Ledger,
  type TransferInput,
} from '../ledger/index.ts';
import { codHandedIn, codOwned, codRecorded, codRemitted } from './cod.events.ts';
import * as repo from './cod.repository.ts';

type Trx = Kysely<FinanceTables>;

export interface CodCollection {
  item_id: string;
  office_id: string;
  payee: string;
  amount: bigint;
  place: 'round' | 'counter';
  holder_id: string;
  round_id: string | null;
  collected_at: string;
  handed_in_at: string | null;
  remittance_id: string | null;
}

export interface Remittance {
  id: string;
  payee: string;
  through: string;
  item_count: number;
  cod_total: bigint;
  fees: bigint;
  /** What the post pays the payee: COD less fees (negative when the fees were more). */
  net: bigint;
  created_at: string;
  created_by: string;
  /** The journal event that made it: what the remittance's proof shows. */
  seq: bigint;
}

/** A payee's COD over a period: what was collected, what was paid on, and what is still owed. */
export interface CodStatement {
  payee: string;
  from: string;
  to: string;
  collections: CodCollection[];
  remittances: Remittance[];
  collected: bigint;
  remitted: bigint;
  /** Collected in the period and not yet remitted: at an office, or still with a postman. */
  outstanding: bigint;
  with_postmen: bigint;
}

export interface Cod {
  /**
   * Pays a payee's COD handed in up to a day (Vietnam time) on through head office, less the fees billed
   * to its account: one batch, one event, the ledger moved in the same transaction. With `office`, only
   * what that office holds and billed: the caller was allowed there, and nowhere else. The same request
   * under the same key answers the first remittance.
   */
  remit(
    input: { payee: string; through: string; office?: string },
    actor: string,
    request?: RequestKey,
  ): Promise<Remittance & { items: string[] }>;
  /**
   * A payee's COD over a period. With `office`, only what was collected at that office and the remittances
   * that paid it out: the caller may read there, and nowhere else.
   */
  statement(payee: string, from: string, to: string, office?: string): Promise<CodStatement>;
  collection(item: string): Promise<CodCollection | undefined>;
}

export interface CodDeps {
  db: Kysely<FinanceTables>;
  journal: Journal<FinanceTables>;
  clock: Clock;
  ledger: Pick<Ledger, 'createTransfersIn' | 'openAccountsIn' | 'refusedIn'>;
  requests: RequestKeys<FinanceTables>;
}

const toCollection = (r: repo.CollectionRow): CodCollection => ({
  item_id: r.item_id,
  office_id: r.office_id,
  payee: r.payee,
  amount: BigInt(r.amount),
  place: r.place as 'round' | 'counter',
  holder_id: r.holder_id,
  round_id: r.round_id,
  collected_at: r.collected_at,
  handed_in_at: r.handed_in_at,
  remittance_id: r.remittance_id,
});

const toRemittance = (r: repo.RemittanceRow): Remittance => ({
  id: r.id,
  payee: r.payee,
  through: r.through,
  item_count: Number(r.item_count),
  cod_total: BigInt(r.cod_total),
  fees: BigInt(r.fees),
  net: BigInt(r.net),
  created_at: r.created_at,
  created_by: r.created_by,
  seq: BigInt(r.seq),
});

interface AcceptedPayload {
  id: string;
  sender: { name: string };
  origin_office_id: string;
  fee: string;
  paid_by: 'cash' | 'account';
  clerk_id: string | null;
  shipper_id: string | null;
  cod_amount: string;
  /** The cell that owns the item (absent on items of the delivery cell's own). */
  owner?: string | null;
}
interface CollectedPayload {
  item: string;
  office: string;
  amount: string;
  payee: string;
  round: string | null;
  postman: string | null;
  till_session_id: string | null;
  clerk: string | null;
}
interface ClosedPayload {
  round: string;
  office: string;
  postman: string;
  cod_collected: string;
}

/**
 * Handles the delivery cell's events in the finance cell (a consumer: in order, exactly once, its position
 * stored in this transaction): fees into tills or onto shippers' accounts, COD owed to payees, and the COD
 * cash postmen hand in. Transfer ids are derived from the event, so even a handler run twice posts once.
 */
export function deliveryConsumer(deps: Pick<CodDeps, 'journal' | 'ledger'>) {
  const { journal, ledger } = deps;
  /**
   * Makes the event's one transfer; whether it was made. A refusal no retry can cure (its id taken, a total at
   * its bound) is journaled and alerted instead of stopping finance at this event for good (and the server at
   * its next start); what the event would have done besides is left undone with it. Any other refusal (an
   * office whose accounts the chart has not opened yet) throws: finance stops here and tries again later.
   */
  const post = async (trx: Trx, t: TransferInput[], office: string, e: JournalEvent): Promise<boolean> => {
    try {
      await postTransfers(ledger, trx, t, 'system:delivery', office);
      return true;
    } catch (err) {
      const result = err instanceof FinanceError ? err.details?.['result'] : undefined;
      if (typeof result !== 'string' || !isPermanentRefusal(result)) throw err;
      const x = t[0]!;
      await ledger.refusedIn(
        trx,
        {
          id: x.id,
          result,
          source_cell: 'delivery',
          source_seq: e.seq.toString(),
          debit_account_id: x.debit_account_id!,
          credit_account_id: x.credit_account_id!,
          amount: String(x.amount),
          code: x.code,
          ref: x.ref ?? null,
        },
        'system:delivery',
      );
      return false;
    }
  };
  return async (trx: Trx, e: JournalEvent): Promise<void> => {
    switch (e.type) {
      case 'delivery.item.accepted': {
        const p = e.payload as AcceptedPayload;
        // Another cell's item with COD (a retail order's parcel): its owner settles that COD, so no remittance
        // may pay it to the item's shipper or sender. Known before any of it can be collected.
        if (typeof p.owner === 'string' && BigInt(p.cod_amount) > 0n && !(await repo.findOwned(trx, p.id)))
          await journal.append(trx, codOwned, {
            stream: p.id,
            actor: 'system:delivery',
            office: p.origin_office_id,
            payload: { item: p.id, owner: p.owner, source_seq: e.seq.toString() },
          });
        const fee = BigInt(p.fee);
        if (fee === 0n) return;
        const office = p.origin_office_id;
        const debit =
          p.paid_by === 'cash'
            ? accountId(office, 'till_cash', p.clerk_id ?? 'unknown')
            : await ensureAccount(
                ledger,
                trx,
                office,
                'receivable',
                p.shipper_id!,
                p.sender.name,
                'system:cod',
              );
        await post(
          trx,
          [
            {
              id: `fee:${p.id}`,
              debit_account_id: debit,
              credit_account_id: accountId(office, 'fee_revenue'),
              amount: fee,
              code: p.paid_by === 'cash' ? TRANSFER_CODES.delivery_fee : TRANSFER_CODES.delivery_fee_billed,
              ref: p.id,
            },
          ],
          office,
          e,
        );
        return;
      }
      case 'delivery.cod.collected': {
        const p = e.payload as CollectedPayload;
        // The same collection handed over again (a consumer that lost its place) is already owed: once.
        if ((await repo.findCollection(trx, p.item)) !== undefined) return;
        const round = p.postman !== null;
        const holder = (round ? p.postman : p.clerk) ?? 'unknown';
        const debit = round
          ? await ensureAccount(ledger, trx, p.office, 'cod_in_transit', holder, holder, 'system:cod')
          : accountId(p.office, 'till_cash', holder);
        const made = await post(
          trx,
          [
            {
              id: `cod:${p.item}`,
              debit_account_id: debit,
              credit_account_id: accountId(p.office, 'cod_payable'),
              amount: BigInt(p.amount),
              code: TRANSFER_CODES.cod_collected,
              ref: p.item,
            },
          ],
          p.office,
          e,
        );
        if (!made) return;
        await journal.append(trx, codRecorded, {
          stream: p.item,
          actor: 'system:delivery',
          office: p.office,
          payload: {
            item: p.item,
            source_seq: e.seq.toString(),
            office: p.office,
            payee: p.payee,
            amount: p.amount,
            place: round ? 'round' : 'counter',
            holder,
            round: p.round,
            till_session_id: p.till_session_id,
            collected_at: e.at,
          },
        });
        return;
      }
      case 'delivery.round.closed': {
        const p = e.payload as ClosedPayload;
        const amount = BigInt(p.cod_collected);
        // Nothing left with the postman for this round: none collected, or handed in already.
        const items = await repo.countNotHandedIn(trx, p.round);
        if (amount === 0n || items === 0) return;
        const made = await post(
          trx,
          [
            {
              id: `codin:${p.round}`,
              debit_account_id: accountId(p.office, 'vault_cash'),
              credit_account_id: accountId(p.office, 'cod_in_transit', p.postman),
              amount,
              code: TRANSFER_CODES.cod_handed_in,
              ref: p.round,
            },
          ],
          p.office,
          e,
        );
        if (!made) return;
        await journal.append(trx, codHandedIn, {
          stream: p.round,
          actor: 'system:delivery',
          office: p.office,
          payload: { round: p.round, office: p.office, postman: p.postman, amount: p.cod_collected, items },
        });
        return;
      }
      default:
        return;
    }
  };
}

/** Creates the COD module: remittances to payees and their statements. */
export function createCod(deps: CodDeps): Cod {
  const { db, journal, ledger } = deps;
  return {
    async remit(input, actor, request) {
      if (typeof input.payee !== 'string' || input.payee.length < 1 || input.payee.length > 120)
        throw new FinanceError(
          'invalid_transfer',
          'payee must name a shipper account or sender:<phone>',
          'Cần chọn người nhận tiền thu hộ',
          { field: 'payee' },
        );
      const through = checkDay('through', input.through);
      return journal.transaction(async (trx) => {
        const first = await deps.requests.first(trx, request);
        if (first !== null)
          return {
            ...toRemittance((await repo.findRemittance(trx, first))!),
            items: await repo.remittedItems(trx, first),
          };
        const here = (office: string) => input.office === undefined || office === input.office;
        const rows = (await repo.remittable(trx, input.payee, endOfDay(through))).filter((r) =>
          here(r.office_id),
        );
        const fees = input.payee.startsWith('sender:')
          ? []
          : (await findAccountsOf(trx, { code: BigInt(ACCOUNT_CODES.receivable), holderId: input.payee }))
              .map((a) => ({
                id: a.id,
                office_id: a.office_id!,
                owed: BigInt(a.debits_posted) - BigInt(a.credits_posted),
              }))
              .filter((a) => a.owed > 0n && here(a.office_id));
        if (rows.length === 0 && fees.length === 0)
          throw new FinanceError(
            'nothing_to_remit',
            `Nothing is owed to ${input.payee} through ${through}${input.office === undefined ? '' : ` at office ${input.office}`}: no COD handed in, no fees billed`,
            'Không có khoản thu hộ nào cần chuyển trả',
            {
              payee: input.payee,
            },
          );
        const id = newId('rem');
        const byOffice = new Map<string, bigint>();
        for (const r of rows) byOffice.set(r.office_id, (byOffice.get(r.office_id) ?? 0n) + BigInt(r.amount));
        const transfers: TransferInput[] = [];
        for (const [office, amount] of byOffice)
          transfers.push({
            id: `codrem:${id}:${office}`,
            debit_account_id: accountId(office, 'cod_payable'),
            credit_account_id: accountId(office, 'settlement'),
            amount,
            code: TRANSFER_CODES.cod_remitted,
            ref: id,
          });
        let feeTotal = 0n;
        for (const a of fees) {
          const owed = a.owed;
          feeTotal += owed;
          transfers.push({
            id: `feeset:${id}:${a.office_id}`,
            debit_account_id: accountId(a.office_id, 'settlement'),
            credit_account_id: a.id,
            amount: owed,
            code: TRANSFER_CODES.fees_settled,
            ref: id,
          });
        }
        await postTransfers(ledger, trx, transfers, actor, null);
        const cod = rows.reduce((s, r) => s + BigInt(r.amount), 0n);
        const items = rows.map((r) => r.item_id);
        await journal.append(trx, codRemitted, {
          stream: id,
          actor,
          payload: {
            id,
            payee: input.payee,
            through,
            items,
            cod_total: cod.toString(),
            fees: feeTotal.toString(),
            net: (cod - feeTotal).toString(),
          },
        });
        await deps.requests.answered(trx, request, id, { actor, office: input.office ?? null });
        return { ...toRemittance((await repo.findRemittance(trx, id))!), items };
      });
    },
    async statement(payee, fromRaw, toRaw, office) {
      const from = checkDay('from', fromRaw);
      const to = checkDay('to', toRaw);
      if (to < from)
        throw new FinanceError('invalid_day', '`to` is before `from`', 'Ngày kết thúc trước ngày bắt đầu', {
          field: 'to',
        });
      const [a, b] = [startOfDay(from), endOfDay(to)];
      const collections = (await repo.collectionsOf(db, payee, a, b, office)).map(toCollection);
      const remittances = (await repo.remittancesOf(db, payee, a, b, office)).map(toRemittance);
      const sum = (xs: CodCollection[]) => xs.reduce((s, x) => s + x.amount, 0n);
      return {
        payee,
        from,
        to,
        collections,
        remittances,
        collected: sum(collections),
        remitted: sum(collections.filter((c) => c.remittance_id !== null)),
        outstanding: sum(collections.filter((c) => c.remittance_id === null)),
        with_postmen: sum(collections.filter((c) => c.handed_in_at === null)),
      };
    },
    async collection(item) {
      const r = await repo.findCollection(db, item);
      return r === undefined ? undefined : toCollection(r);
    },
  };
}

/**
 * COD's invariants on the ledger: each office's COD payable is exactly its unremitted collections, and each
 * postman's COD cash exactly what he collected and has not handed in.
 */
export async function codInvariants(db: Kysely<FinanceTables>): Promise<string[]> {
  const out: string[] = [];
  const { owed, carried } = await repo.codHeld(db);
  const owedBy = new Map(owed.map((o) => [accountId(o.office_id, 'cod_payable'), BigInt(o.amount)]));
  const carriedBy = new Map(
    carried.map((c) => [accountId(c.office_id, 'cod_in_transit', c.holder_id), BigInt(c.amount)]),
  );
  const accounts = await repo.codAccounts(db, [
    BigInt(ACCOUNT_CODES.cod_payable),
    BigInt(ACCOUNT_CODES.cod_in_transit),
  ]);
  for (const a of accounts) {
    const d = BigInt(a.debits_posted);
    const c = BigInt(a.credits_posted);
    if (Number(a.code) === ACCOUNT_CODES.cod_payable) {
      const want = owedBy.get(a.id) ?? 0n;
      if (c - d !== want)
        out.push(`COD payable ${a.id} holds ${c - d} but unremitted collections there add up to ${want}`);
    } else {
      const want = carriedBy.get(a.id) ?? 0n;
      if (d - c !== want)
        out.push(`postman COD cash ${a.id} holds ${d - c} but collections not handed in add up to ${want}`);
    }
  }
  return out;
}
