import type { Kysely } from '../../../storage/index.ts';
import type { JournalEvent } from '../../../journal/index.ts';
import { isCallerKey, SYSTEM_ID_MARK } from '../../../platform/ids.ts';
import type { FinanceTables } from '../finance-tables.ts';
import { FinanceError } from '../finance-error.ts';
import {
  findAccount,
  findForeignSystemTransfers,
  findRefusals,
  type AccountFlag,
  type Ledger,
  type OpenAccountInput,
} from '../ledger/index.ts';

/** The kinds of account a post office keeps, by code. */
export const ACCOUNT_CODES = {
  /** A counter clerk's till (one per clerk and office): cash, never below zero. */
  till_cash: 1011,
  /** The office's vault (safe): cash, never below zero. */
  vault_cash: 1012,
  /** Cash a postman carries on his round (one per postman and office): never below zero. */
  cash_in_transit: 1013,
  /** Cash on delivery a postman has collected on his round and not yet handed in (one per postman and office). */
  cod_in_transit: 1014,
  /** Fees a shipper owes for items billed to its account (one per shipper and office). */
  receivable: 1311,
  /** Goods on an office's shelves (and set aside for orders), at cost: never below zero. */
  inventory: 1561,
  /** Goods an office has sent to another and the other has not yet received, at cost: never below zero. */
  goods_in_transit: 1562,
  /** What the social insurance agency (BHXH) has sent and the post owes it back until paid out. */
  bhxh_funds: 2011,
  /** Pensions and benefits due to people on this month's lists. */
  pensions_payable: 2012,
  /** Cash on delivery collected for shippers, owed to them until remitted. */
  cod_payable: 2013,
  /**
   * The fees and charges (phí, lệ phí) an office took at a dossier's intake for an administrative agency, owed
   * to it until remitted (one per agency and office).
   */
  agency_payable: 2014,
  /** What an office owes suppliers for goods received against purchase orders. */
  supplier_payable: 2021,
  /** VAT on the office's sales and orders, owed to the tax office (returns take it back). */
  vat_payable: 2022,
  /** Prepaid orders' money, held for the customer until the goods are delivered or the money refunded. */
  customer_deposits: 2023,
  /** Money between the office and head office (cash sent to or received from the bank or the province). */
  settlement: 3011,
  fee_revenue: 4011,
  sales_revenue: 4012,
  /** Goods found over at a stocktake, at cost. */
  stock_surplus: 4013,
  /** Cash counted over or short at a till's close. */
  over_short: 5011,
  /** The cost of goods sold (returns take it back). */
  cost_of_goods: 5021,
  /** Goods written off, found short at a stocktake, or lost between offices, at cost. */
  stock_losses: 5022,
} as const;
export type AccountKind = keyof typeof ACCOUNT_CODES;

const NAMES_VI: Record<AccountKind, string> = {
  till_cash: 'Tiền mặt tại quầy',
  vault_cash: 'Tiền mặt tại két bưu cục',
  cash_in_transit: 'Tiền mặt bưu tá đang giữ',
  cod_in_transit: 'Tiền thu hộ bưu tá đang giữ',
  receivable: 'Phải thu cước khách hàng',
  inventory: 'Hàng hóa tồn kho',
  goods_in_transit: 'Hàng hóa đang chuyển giữa các bưu cục',
  bhxh_funds: 'Kinh phí nhận từ BHXH',
  pensions_payable: 'Lương hưu, trợ cấp phải chi trả',
  cod_payable: 'Tiền thu hộ (COD) phải trả người gửi',
  agency_payable: 'Phí, lệ phí thu hộ cơ quan hành chính phải trả',
  supplier_payable: 'Phải trả nhà cung cấp',
  vat_payable: 'Thuế GTGT đầu ra phải nộp',
  customer_deposits: 'Tiền khách hàng trả trước cho đơn hàng',
  settlement: 'Thanh toán nội bộ với cấp trên',
  fee_revenue: 'Doanh thu cước',
  sales_revenue: 'Doanh thu bán hàng',
  stock_surplus: 'Hàng hóa thừa khi kiểm kê',
  over_short: 'Thừa thiếu quỹ',
  cost_of_goods: 'Giá vốn hàng bán',
  stock_losses: 'Hao hụt, mất mát hàng hóa',
};

// Cash may not go below zero; what the post owes may not be paid out beyond what it received.
const FLAGS: Record<AccountKind, AccountFlag[]> = {
  till_cash: ['credits_must_not_exceed_debits'],
  vault_cash: ['credits_must_not_exceed_debits'],
  cash_in_transit: ['credits_must_not_exceed_debits'],
  cod_in_transit: ['credits_must_not_exceed_debits'],
  receivable: ['credits_must_not_exceed_debits'],
  // Goods at cost are never less than none, as the retail cell's held places are never below zero.
  inventory: ['credits_must_not_exceed_debits'],
  goods_in_transit: ['credits_must_not_exceed_debits'],
  bhxh_funds: ['debits_must_not_exceed_credits'],
  pensions_payable: ['debits_must_not_exceed_credits'],
  cod_payable: ['debits_must_not_exceed_credits'],
  agency_payable: ['debits_must_not_exceed_credits'],
  supplier_payable: ['debits_must_not_exceed_credits'],
  // A return after the month's VAT was paid may take it below zero: a credit against the next month's.
  vat_payable: [],
  customer_deposits: ['debits_must_not_exceed_credits'],
  settlement: [],
  fee_revenue: ['debits_must_not_exceed_credits'],
  sales_revenue: ['debits_must_not_exceed_credits'],
  stock_surplus: ['debits_must_not_exceed_credits'],
  over_short: [],
  // A return puts back the cost its sale took; the two are the same goods, so never more than was taken.
  cost_of_goods: [],
  stock_losses: [],
};

/** The kinds of transfer, by code: what moved money, for reports and audits. */
export const TRANSFER_CODES = {
  till_float: 101,
  till_move: 102,
  till_return: 103,
  till_variance: 104,
  /** The agency's money for a pension list arrives at the provincial post. */
  pension_funding: 201,
  /** The provincial post passes a list's money to each office that pays it. */
  pension_allocation: 202,
  /** A pension paid in cash at a counter or a commune payment point. */
  pension_payout: 203,
  /** Pensions paid into bank accounts, in one run per office. */
  pension_bank: 204,
  /** Cash handed from the office vault to a postman for a home round, and what he brings back. */
  pension_round_advance: 205,
  pension_round_return: 206,
  /** A pension paid at home out of the postman's cash. */
  pension_home_payout: 207,
  /** At the close, what was not paid goes back from each office to the provincial post, then to the agency. */
  pension_return: 208,
  pension_refund: 209,
  /** A delivery fee paid in cash at a counter. */
  delivery_fee: 301,
  /** A delivery fee billed to a shipper's account. */
  delivery_fee_billed: 302,
  /** Cash on delivery collected by a postman or at a counter. */
  cod_collected: 303,
  /** A postman hands in the COD cash of his round to the office's vault. */
  cod_handed_in: 304,
  /** COD owed to a shipper sent on to it, through head office. */
  cod_remitted: 305,
  /** A shipper's fees taken out of what it was owed. */
  fees_settled: 306,
  /** The post's own tariff for carrying a public-administration dossier, taken in cash at the counter. */
  dossier_fee: 401,
  /** An agency's fees and charges taken in cash at a dossier's intake, owed to the agency. */
  agency_fee_collected: 402,
  /** What an office owes an agency paid on to it, through head office. */
  agency_remitted: 403,
  /** Goods received from a supplier: inventory owed to it. */
  stock_received: 501,
  /** Goods sent to another office, and received there (or lost on the way). */
  stock_sent: 502,
  stock_arrived: 503,
  stock_lost_in_transit: 504,
  /** The cost of goods handed to a customer (a sale, an order delivered), and of goods returned. */
  goods_cost: 505,
  goods_cost_returned: 506,
  /** Goods written off, or counted short or over at a stocktake. */
  stock_written_off: 507,
  stocktake_short: 508,
  stocktake_over: 509,
  /** A sale at the counter: its price less VAT to sales revenue, its VAT to VAT payable. */
  retail_sale: 510,
  retail_sale_vat: 511,
  /** A sale's goods returned: their price and VAT back to the customer from the till. */
  retail_refund: 512,
  retail_refund_vat: 513,
  /** A prepaid order's money into the clerk's till, held as the customer's deposit. */
  order_deposit: 514,
  /** A delivered order's price, VAT and shipping fee, out of its COD or its deposit. */
  order_revenue: 515,
  order_vat: 516,
  order_shipping: 517,
  /** A prepaid order's deposit handed back in cash. */
  order_refund: 518,
  manual: 900,
} as const;

const T = TRANSFER_CODES;
/**
 * The platform's namespace of transfer ids, in one place: every id it derives for its own transfers, by how it
 * begins, with the kinds of transfer it may carry. Each holds SYSTEM_ID_MARK (':'), which no id a caller
 * chooses may (isCallerKey), so no manual transfer can take one first; `verify` refuses a transfer in the
 * namespace that no entry here allows. A new derived id needs its entry (the invariants' tests find one missing).
 */
export const SYSTEM_TRANSFER_IDS: ReadonlyArray<{ start: string; codes: readonly number[] }> = [
  // till:<movement>, till:<movement>:post|void, till:<session>:return|variance
  { start: 'till:', codes: [T.till_float, T.till_move, T.till_return, T.till_variance] },
  { start: 'fee:', codes: [T.delivery_fee, T.delivery_fee_billed] }, // fee:<S10>
  { start: 'cod:', codes: [T.cod_collected] }, // cod:<S10>
  { start: 'codin:', codes: [T.cod_handed_in] }, // codin:<round>
  { start: 'codrem:', codes: [T.cod_remitted] }, // codrem:<remittance>:<office>
  { start: 'feeset:', codes: [T.fees_settled] }, // feeset:<remittance>:<office>
  { start: 'dsa:', codes: [T.agency_fee_collected] }, // dsa:<dossier>
  { start: 'dsf:', codes: [T.dossier_fee] }, // dsf:<dossier>
  { start: 'dsr:', codes: [T.agency_remitted] }, // dsr:<remittance>:<office>
  // stk:<move>:<n> — a retail stock move's value, one transfer per pair of accounts
  {
    start: 'stk:',
    codes: [
      T.stock_received,
      T.stock_sent,
      T.stock_arrived,
      T.stock_lost_in_transit,
      T.goods_cost,
      T.goods_cost_returned,
      T.stock_written_off,
      T.stocktake_short,
      T.stocktake_over,
    ],
  },
  { start: 'rsl:', codes: [T.retail_sale, T.retail_sale_vat] }, // rsl:<sale>:net|vat
  { start: 'rrt:', codes: [T.retail_refund, T.retail_refund_vat] }, // rrt:<return>:net|vat
  { start: 'rod:', codes: [T.order_deposit] }, // rod:<order>
  { start: 'ror:', codes: [T.order_revenue, T.order_vat, T.order_shipping] }, // ror:<order>:net|vat|ship
  { start: 'rrf:', codes: [T.order_refund] }, // rrf:<refund>
  { start: 'pf:', codes: [T.pension_funding] }, // pf:<period>:<list>
  { start: 'pa:', codes: [T.pension_allocation] }, // pa:<period>:<list>:<postcode>
  { start: 'pbank_', codes: [T.pension_bank] }, // <pbank_ run id>:<office>
  { start: 'pp:', codes: [T.pension_payout, T.pension_home_payout] }, // pp:<receipt>
  { start: 'pr:', codes: [T.pension_round_advance, T.pension_round_return] }, // pr:<round>:out|back
  { start: 'pc:', codes: [T.pension_return, T.pension_refund] }, // pc:<period>:<office>|refund
  { start: 'cash-in:', codes: [T.manual] }, // cash-in:<office>: head office's cash for a vault (seeds, tests)
];

/**
 * The platform's namespace on the ledger, for `verify`: no transfer in it that no entry of SYSTEM_TRANSFER_IDS
 * allows (one a caller took before the namespace was closed, or one planted), and no transfer of the platform's
 * that was refused (its id taken, or a total at its bound): each is an effect the ledger lacks.
 */
export async function systemIdInvariants(db: Kysely<FinanceTables>): Promise<string[]> {
  const out: string[] = [];
  for (const t of await findForeignSystemTransfers(db, SYSTEM_ID_MARK, SYSTEM_TRANSFER_IDS, 10))
    out.push(
      `transfer ${t.id} (code ${t.code}, seq ${t.seq}) lies in the platform's namespace but no command of the platform makes it: a caller or an intruder took the id`,
    );
  // Every refusal is a ledger missing an effect of another cell's event, whatever the reason.
  for (const r of await findRefusals(db, 10))
    out.push(
      r.result.startsWith('exists_with_different_')
        ? `the platform's transfer ${r.transfer_id} (from ${r.source_cell} event ${r.source_seq}, seq ${r.seq}) was not made: its id was taken by another transfer (${r.result})`
        : `the platform's transfer ${r.transfer_id} (from ${r.source_cell} event ${r.source_seq}, seq ${r.seq}) was not made: the ledger refused it (${r.result}); reconcile it by hand`,
    );
  return out;
}

/** The kinds every cash-handling office has from the day it opens; tills and rounds come per person. */
export const OFFICE_KINDS: readonly AccountKind[] = [
  'vault_cash',
  'bhxh_funds',
  'pensions_payable',
  'cod_payable',
  'settlement',
  'fee_revenue',
  'sales_revenue',
  'over_short',
];

/** Offices that handle cash, and so keep accounts: not the corporation, not the sorting centres. */
const CASH_OFFICES = ['provincial_post', 'post_office', 'service_point'];

/** The id of an office's account of a kind (and holder): known before it exists, the same in every copy. */
export function accountId(officeId: string, kind: AccountKind, holderId?: string): string {
  return holderId === undefined
    ? `${officeId}:${ACCOUNT_CODES[kind]}`
    : `${officeId}:${ACCOUNT_CODES[kind]}:${holderId}`;
}

/** The account an office opens for a kind (and holder). */
export function chartAccount(
  officeId: string,
  officeName: string,
  kind: AccountKind,
  holder?: { id: string; name: string },
): OpenAccountInput {
  return {
    id: accountId(officeId, kind, holder?.id),
    code: ACCOUNT_CODES[kind],
    office_id: officeId,
    holder_id: holder?.id ?? null,
    name: `${NAMES_VI[kind]}${holder === undefined ? '' : ` — ${holder.name}`} — ${officeName}`.slice(0, 200),
    flags: FLAGS[kind],
  };
}

/**
 * Opens an office's account of a kind for a holder the first time it is needed (a new postman, a new shipper, an
 * agency whose fees an office takes for the first time), named after the office its vault names. Throws
 * office_not_found when the office has no chart yet: a consumer stops there and tries again once it has.
 */
export async function ensureAccount(
  ledger: Pick<Ledger, 'openAccountsIn'>,
  trx: Kysely<FinanceTables>,
  office: string,
  kind: AccountKind,
  holder: string,
  holderName: string,
  actor: string,
): Promise<string> {
  return ensureChartAccount(ledger, trx, office, kind, { id: holder, name: holderName }, actor);
}

/**
 * Opens an office's own account of a kind the chart added after the office opened (the retail cell's goods,
 * VAT and deposits) the first time it is needed; office_not_found when the office has no chart yet.
 */
export async function ensureOfficeAccount(
  ledger: Pick<Ledger, 'openAccountsIn'>,
  trx: Kysely<FinanceTables>,
  office: string,
  kind: AccountKind,
  actor: string,
): Promise<string> {
  return ensureChartAccount(ledger, trx, office, kind, undefined, actor);
}

async function ensureChartAccount(
  ledger: Pick<Ledger, 'openAccountsIn'>,
  trx: Kysely<FinanceTables>,
  office: string,
  kind: AccountKind,
  holder: { id: string; name: string } | undefined,
  actor: string,
): Promise<string> {
  const id = accountId(office, kind, holder?.id);
  if ((await findAccount(trx, id)) !== undefined) return id;
  const vault = await findAccount(trx, accountId(office, 'vault_cash'));
  if (vault === undefined)
    throw new FinanceError(
      'office_not_found',
      `Office ${office} has no chart of accounts`,
      'Đơn vị chưa có hệ thống tài khoản',
      { office },
    );
  const officeName = vault.name.split(' — ').slice(1).join(' — ');
  await ledger.openAccountsIn(trx, [chartAccount(office, officeName, kind, holder)], actor, office);
  return id;
}

/**
 * Handles the core cell's events in the finance cell (a consumer, exactly once): a cash-handling office
 * that opens gets its chart of accounts.
 */
export function chartConsumer(ledger: Pick<Ledger, 'openAccountsIn'>) {
  return async (trx: Kysely<FinanceTables>, e: JournalEvent): Promise<void> => {
    if (e.type !== 'core.office.opened') return;
    const o = e.payload as { id: string; type: string; name: string };
    if (!CASH_OFFICES.includes(o.type)) return;
    await ledger.openAccountsIn(
      trx,
      OFFICE_KINDS.map((k) => chartAccount(o.id, o.name, k)),
      'system:chart',
      o.id,
    );
  };
}

// Accounts and codes only the tills, rounds and journals move, each with its maker and checker.
// The agency's money moves only through the pension commands, COD only through the delivery journal and an
// administrative agency's fees only through the services journal and their remittances, so that what each office
// owes is exactly what its unpaid lines and unremitted collections add up to.
const GUARDED_CODES = new Set<number>([
  ACCOUNT_CODES.till_cash,
  ACCOUNT_CODES.cash_in_transit,
  ACCOUNT_CODES.cod_in_transit,
  ACCOUNT_CODES.receivable,
  ACCOUNT_CODES.cod_payable,
  ACCOUNT_CODES.agency_payable,
  ACCOUNT_CODES.over_short,
  ACCOUNT_CODES.bhxh_funds,
  ACCOUNT_CODES.pensions_payable,
  // Goods and customers' deposits move only through the retail journal, so they match the retail cell's stock.
  ACCOUNT_CODES.inventory,
  ACCOUNT_CODES.goods_in_transit,
  ACCOUNT_CODES.customer_deposits,
]);
const RESERVED_TRANSFER_CODES = new Set<number>(
  Object.values(TRANSFER_CODES).filter((c) => c !== TRANSFER_CODES.manual),
);

/**
 * Checks transfers a manager posts by hand at an office (API or CLI): their ids (and pending ids) are caller
 * keys, never in the platform's namespace; every account they touch, named or reached through a pending
 * transfer, is that office's; none is a till, a postman's cash or over/short (those move only through their
 * maker-checker commands); no code of the platform's own is borrowed.
 * Throws a FinanceError naming the transfer and what to do.
 */
export async function checkManualTransfers(
  ledger: Pick<Ledger, 'getAccount' | 'getTransfer'>,
  officeId: string,
  transfers: ReadonlyArray<{
    id: string;
    debit_account_id?: string;
    credit_account_id?: string;
    pending_id?: string | null;
    code: number;
  }>,
): Promise<void> {
  const refuse = (index: number, en: string, vi: string, details: Record<string, unknown> = {}) =>
    new FinanceError(
      'invalid_transfer',
      `Transfer ${index} (${transfers[index]!.id}): ${en}`,
      `Giao dịch thứ ${index + 1}: ${vi}`,
      {
        index,
        ...details,
      },
    );
  for (const [i, t] of transfers.entries()) {
    for (const field of ['id', 'pending_id'] as const) {
      const value = t[field];
      if ((field === 'id' || (value !== undefined && value !== null)) && !isCallerKey(value))
        throw refuse(
          i,
          `${field} must be 1 to 100 letters, digits, ".", "_" or "-", beginning with a letter or digit; ids with ":" are the platform's own`,
          `${field === 'id' ? 'mã giao dịch' : 'mã giao dịch tạm giữ'} chỉ gồm 1–100 chữ cái, chữ số, ".", "_" hoặc "-", bắt đầu bằng chữ cái hoặc chữ số; mã có dấu ":" dành cho hệ thống`,
          { field: `transfers[${i}].${field}` },
        );
    }
    if (RESERVED_TRANSFER_CODES.has(t.code))
      throw refuse(i, `code ${t.code} is the tills' own`, `mã loại ${t.code} dành cho nghiệp vụ quầy`);
    const ids = [t.debit_account_id, t.credit_account_id].filter((x): x is string => x !== undefined);
    if (t.pending_id !== undefined && t.pending_id !== null) {
      const pending = await ledger.getTransfer(t.pending_id).catch(() => null);
      if (pending !== null) ids.push(pending.debit_account_id, pending.credit_account_id);
    }
    for (const id of ids) {
      const a = await ledger.getAccount(id).catch(() => null);
      if (a === null) continue; // the ledger names an unknown account in its result
      if (a.office_id !== officeId)
        throw refuse(i, `account ${id} belongs to another office`, `tài khoản ${id} không thuộc đơn vị này`, {
          account: id,
        });
      if (GUARDED_CODES.has(a.code))
        throw refuse(
          i,
          `account ${id} (${a.code}) moves only through its own commands (tills, rounds, pension payments)`,
          `tài khoản ${id} chỉ được ghi qua nghiệp vụ riêng của nó (quầy, chi trả lương hưu)`,
          { account: id },
        );
    }
  }
}
