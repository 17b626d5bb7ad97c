import type { Kysely } from '../../storage/index.ts';
import {
  createRequestKeys,
  REQUEST_KEY_TABLE,
  requestAnswered,
  type CellDefinition,
} from '../../journal/index.ts';
import type { FinanceTables } from './finance-tables.ts';
import { createLedger, findOverdrawn, ledgerEvents, pendingHeld, totals } from './ledger/index.ts';
import { financeMigrations } from './migrations/index.ts';
import { createOverviews } from './overview/index.ts';
import { createReports } from './reports/index.ts';
import { createTills, tillEvents } from './tills/index.ts';
import {
  createPayouts,
  createPensions,
  pensionEvents,
  pensionInvariants,
  type Pensions,
} from './pensions/index.ts';
import type { Attachments } from '../../storage/index.ts';
import { vietnamDay } from '../../platform/clock.ts';
import { accountId, systemIdInvariants, TRANSFER_CODES } from './chart/index.ts';
import { FinanceError } from './finance-error.ts';
import { isSuccess } from './ledger/index.ts';
import { codEvents, codInvariants, createCod } from './cod/index.ts';
import { agencyEvents, agencyInvariants, createAgencies } from './agency/index.ts';

import { financeSummary } from './summary.repository.ts';
export { FinanceError, type FinanceErrorCode } from './finance-error.ts';
export type { FinanceTables } from './finance-tables.ts';
export type { Finance, FinanceDeps } from './finance.types.ts';
import type { Finance, FinanceDeps } from './finance.types.ts';
export * from './ledger/index.ts';
export * from './chart/index.ts';
export * from './tills/index.ts';
export * from './reports/index.ts';
export * from './overview/index.ts';
export { financeRoutes } from './finance.routes.ts';
export * from './pensions/index.ts';
export * from './cod/index.ts';
export * from './agency/index.ts';
export * from './retail/index.ts';
export { loadDemoDay, type DemoDayResult, type DemoDesk, type DemoOffice } from './finance.demo.ts';

/**
 * The finance cell's invariants, checked by `postcore verify` on the same snapshot as the replay: the
 * ledger's, its namespace of platform ids', the pension payments', cash on delivery's and agencies' fees'.
 */
export async function financeInvariants(db: Kysely<FinanceTables>): Promise<string[]> {
  return [
    ...(await ledgerInvariants(db)),
    ...(await systemIdInvariants(db)),
    ...(await pensionInvariants(db)),
    ...(await codInvariants(db)),
    ...(await agencyInvariants(db)),
  ];
}

/**
 * Every debit has its credit (posted and pending), no flagged account crosses zero, and what the accounts
 * hold pending is exactly what live pending transfers hold.
 */
export async function ledgerInvariants(db: Kysely<FinanceTables>): Promise<string[]> {
  const out: string[] = [];
  const t = await totals(db);
  const [dp, dpo, cp, cpo] = [t.debits_pending, t.debits_posted, t.credits_pending, t.credits_posted].map(
    (x) => BigInt(x),
  );
  if (dpo !== cpo) out.push(`posted debits (${dpo}) do not equal posted credits (${cpo})`);
  if (dp !== cp) out.push(`pending debits (${dp}) do not equal pending credits (${cp})`);
  const held = await pendingHeld(db);
  if (held !== dp) out.push(`live pending transfers hold ${held} but the accounts hold ${dp} pending`);
  for (const a of await findOverdrawn(db))
    out.push(
      `account ${a.id} (${a.name}) breaks its limit ${a.flags}: debits ${a.debits_posted}+${a.debits_pending}, credits ${a.credits_posted}+${a.credits_pending}`,
    );
  return out;
}

export { financeMigrations };

/** `finance.request.answered`: a keyed command's idempotency key, request hash and answer. */
const requestEvent = requestAnswered<FinanceTables>('finance');

/**
 * The finance cell: the ledger, tills, reports, pension payments, COD and agencies' fees. Its pension lists are attachments, so
 * its definition (what replay and verify apply) reads them from the cell's attachment store.
 */
export function financeCell(attachments: Attachments): CellDefinition<FinanceTables> {
  return {
    name: 'finance',
    migrations: financeMigrations,
    events: [
      ...ledgerEvents,
      ...tillEvents,
      ...pensionEvents(attachments).all,
      ...codEvents,
      ...agencyEvents,
      requestEvent,
    ],
    projections: [
      { table: 'ledger_account', key: ['id'] },
      { table: 'ledger_transfer', key: ['id'] },
      { table: 'ledger_balance', key: ['account_id', 'seq'] },
      { table: 'ledger_refusal', key: ['seq'] },
      { table: 'till_session', key: ['id'] },
      { table: 'till_movement', key: ['id'] },
      { table: 'pension_period', key: ['id'] },
      { table: 'pension_list', key: ['period_id', 'sha256'] },
      { table: 'pension_line', key: ['id'] },
      { table: 'pension_allocation', key: ['period_id', 'list_sha256', 'postcode'] },
      { table: 'pension_payout', key: ['id'] },
      { table: 'pension_round', key: ['id'] },
      { table: 'cod_collection', key: ['item_id'] },
      { table: 'cod_remittance', key: ['id'] },
      { table: 'cod_owned_item', key: ['item_id'] },
      { table: 'agency_collection', key: ['dossier_id'] },
      { table: 'agency_remittance', key: ['id'] },
      REQUEST_KEY_TABLE,
    ],
    invariants: financeInvariants,
    summary: financeSummary,
  };
}

/** Wires the finance cell's modules over its database and journal. */
export function createFinance(deps: FinanceDeps): Finance {
  const ledger = createLedger(deps);
  const requests = createRequestKeys({
    journal: deps.journal,
    event: requestEvent,
    reused: (m, vi, details) => new FinanceError('idempotency_key_reused', m, vi, details),
  });
  const tills = createTills({ ...deps, ledger, requests });
  return {
    ledger,
    tills,
    reports: createReports({ db: deps.db, ledger, tills, now: () => deps.clock.now() }),
    overviews: createOverviews(deps.db),
    pensions: createPensions({ ...deps, events: pensionEvents(deps.attachments) }),
    payouts: createPayouts({ ...deps, ledger, requests }),
    cod: createCod({ ...deps, ledger, requests }),
    agencies: createAgencies({ ...deps, ledger, requests }),
  };
}

/**
 * Cash delivered to an office's vault (from head office, settled later): one manual ledger transfer, keyed by
 * `id` so that a retry takes effect once.
 */
export async function receiveVaultCash(
  finance: Finance,
  officeId: string,
  amount: bigint,
  actor: string,
  id = `cash-in:${officeId}`,
): Promise<void> {
  const [r] = await finance.ledger.createTransfers(
    [
      {
        id,
        debit_account_id: accountId(officeId, 'vault_cash'),
        credit_account_id: accountId(officeId, 'settlement'),
        amount,
        code: TRANSFER_CODES.manual,
      },
    ],
    actor,
  );
  if (r === undefined || !isSuccess(r))
    throw new FinanceError(
      'invalid_transfer',
      `Cash for the vault of ${officeId} was not booked: ${r?.result ?? 'no result'}`,
      'Không ghi nhận được tiền nhập quỹ',
      { office_id: officeId },
    );
}

/**
 * A clerk's till opened with `notes` 500,000 đ notes brought into the office's vault for it, the move out of
 * the vault confirmed by the manager: a counter ready to pay. The till's session id.
 */
export async function openCashedTill(
  finance: Finance,
  t: {
    office_id: string;
    clerk_id: string;
    clerk_name: string;
    manager_id: string;
    notes: bigint;
    cash_in_id?: string;
  },
  actor: string,
): Promise<string> {
  const amount = t.notes * 500_000n;
  await receiveVaultCash(finance, t.office_id, amount, actor, t.cash_in_id);
  const opened = await finance.tills.open(
    {
      office_id: t.office_id,
      clerk_id: t.clerk_id,
      clerk_name: t.clerk_name,
      amount: amount.toString(),
      denominations: { '500000': Number(t.notes) },
    },
    t.clerk_id,
  );
  await finance.tills.decideMove(opened.movement.id, { confirm: true }, t.manager_id);
  return opened.session.id;
}

/**
 * A province's payment period for the month of `now`, every channel open from its first day until far ahead:
 * a counter can pay at once (the drill's month, tests' months). The period.
 */
export function openMonthAtCounters(
  finance: Finance,
  province: string,
  now: Date,
  actor: string,
): ReturnType<Pensions['openPeriod']> {
  const month = vietnamDay(now).slice(0, 7);
  return finance.pensions.openPeriod(
    {
      province_code: province,
      months: [month],
      schedule: {
        bank_from: `${month}-01`,
        points_from: `${month}-01`,
        counters_from: `${month}-01`,
        close_on: '2099-12-31',
      },
    },
    actor,
  );
}
