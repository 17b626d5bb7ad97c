import type { Kysely } from '../../../storage/index.ts';
import type { Journal, JournalEvent, RequestKey, RequestKeys } from '../../../journal/index.ts';
import { newId } from '../../../platform/ids.ts';
import { formatVnd } from '../../../platform/money.ts';
import { accountId, ACCOUNT_CODES, ensureAccount, TRANSFER_CODES } from '../chart/index.ts';
import { checkDay, endOfDay, startOfDay } from '../finance-days.ts';
import { FinanceError } from '../finance-error.ts';
import type { FinanceTables } from '../finance-tables.ts';
import { isPermanentRefusal, postTransfers, type Ledger, type TransferInput } from '../ledger/index.ts';
import { agencyFeeRecorded, agencyRemitted } from './agency.events.ts';
import * as repo from './agency.repository.ts';

type Trx = Kysely<FinanceTables>;

/** The fees and charges one dossier's intake took for an agency, owed to it until remitted. */
export interface AgencyCollection {
  dossier_id: string;
  office_id: string;
  agency_code: string;
  agency_name: string;
  amount: bigint;
  /** The ledger transfer that put it in the agency's account at the office (dsa:<dossier>). */
  transfer_id: string;
  clerk_id: string;
  till_session_id: string;
  collected_at: string;
  remittance_id: string | null;
}

export interface AgencyRemittance {
  id: string;
  agency_code: string;
  through: string;
  /** The one office it was limited to, or null. */
  office_id: string | null;
  dossier_count: number;
  total: bigint;
  created_at: string;
  created_by: string;
  /** The journal event that made it: what the remittance's proof shows. */
  seq: bigint;
}

/** An agency's fees over a period: what was taken for it, what was paid on, and what is still owed. */
export interface AgencyStatement {
  agency: string;
  /** Its name as the last collection in the period gave it (null when there was none). */
  agency_name: string | null;
  from: string;
  to: string;
  collections: AgencyCollection[];
  remittances: AgencyRemittance[];
  collected: bigint;
  remitted: bigint;
  /** Taken in the period and not yet remitted. */
  outstanding: bigint;
}

export interface AgencyRemitInput {
  /** The agency's code in the services catalogue. */
  agency: string;
  /** The last day (Vietnam time, YYYY-MM-DD) whose collections are paid. */
  through: string;
  /** Only what this office took and owes: the caller was allowed there, and nowhere else. */
  office?: string;
  /** Only what these offices took and owe (the offices a caller's access was checked at). */
  offices?: readonly string[];
}

export interface Agencies {
  /**
   * Pays an agency what offices took for it up to a day and have not paid on: from its account at each office
   * to the office's settlement with head office, one event, the collections marked paid in the same transaction.
   * With `office` (or `offices`), only what those offices owe. The same request under the same key answers the
   * first remittance.
   */
  remit(
    input: AgencyRemitInput,
    actor: string,
    request?: RequestKey,
  ): Promise<AgencyRemittance & { dossiers: string[] }>;
  /**
   * An agency's fees over a period (Vietnam days). With `office` (or a list), only what was taken at those
   * offices and the remittances that paid it out: the caller may read there, and nowhere else.
   */
  statement(
    agency: string,
    from: string,
    to: string,
    office?: string | readonly string[],
  ): Promise<AgencyStatement>;
  /** The offices that keep an account for an agency (its fees were taken there); agency_not_found when none. */
  offices(agency: string): Promise<string[]>;
  /** The collection of one dossier's agency fees, if any were taken. */
  collection(dossier: string): Promise<AgencyCollection | undefined>;
}

export interface AgenciesDeps {
  db: Kysely<FinanceTables>;
  journal: Journal<FinanceTables>;
  ledger: Pick<Ledger, 'createTransfersIn' | 'openAccountsIn' | 'refusedIn'>;
  requests: RequestKeys<FinanceTables>;
}

const toCollection = (r: repo.CollectionRow): AgencyCollection => ({
  dossier_id: r.dossier_id,
  office_id: r.office_id,
  agency_code: r.agency_code,
  agency_name: r.agency_name,
  amount: BigInt(r.amount),
  transfer_id: r.transfer_id,
  clerk_id: r.clerk_id,
  till_session_id: r.till_session_id,
  collected_at: r.collected_at,
  remittance_id: r.remittance_id,
});

const toRemittance = (r: repo.RemittanceRow): AgencyRemittance => ({
  id: r.id,
  agency_code: r.agency_code,
  through: r.through,
  office_id: r.office_id,
  dossier_count: Number(r.dossier_count),
  total: BigInt(r.total),
  created_at: r.created_at,
  created_by: r.created_by,
  seq: BigInt(r.seq),
});

/** Agency codes as the services catalogue writes them (and as they sit in account ids): no ':' or spaces. */
const AGENCY_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,57}$/;

function checkAgency(agency: unknown): string {
  if (typeof agency !== 'string' || !AGENCY_CODE.test(agency))
    throw new FinanceError(
      'agency_not_found',
      'agency must be an agency code from the services catalogue (1 to 58 letters, digits, ".", "_" or "-")',
      'Mã cơ quan hành chính không hợp lệ: hãy chọn cơ quan trong danh mục thủ tục hành chính',
      { field: 'agency' },
    );
  return agency;
}

const unknownAgency = (agency: string) =>
  new FinanceError(
    'agency_not_found',
    `No office has taken fees for agency ${agency}: check the agency code in the services catalogue`,
    `Chưa bưu cục nào thu phí, lệ phí cho cơ quan ${agency}: hãy kiểm tra lại mã cơ quan trong danh mục`,
    { field: 'agency', agency },
  );

/** services.fees.taken, as the services cell journals it (every field a string). */
interface FeesTakenPayload {
  dossier: string;
  office: string;
  clerk: string;
  till_session_id: string;
  agency: string;
  agency_name: string;
  agency_amount: string;
  post_amount: string;
}

/**
 * Handles the services cell's events in the finance cell (a consumer: in order, exactly once, its position stored
 * in this transaction): the fees and charges a clerk took at a dossier's intake, from the clerk's till to what the
 * office owes the agency, and the post's own tariff to its fee revenue. Transfer ids are derived from the dossier
 * (dsa:, dsf:), so even a handler run twice posts once, and the collection is recorded once.
 */
export function servicesConsumer(deps: Pick<AgenciesDeps, 'journal' | 'ledger'>) {
  const { journal, ledger } = deps;
  const ACTOR = 'system:services';
  /**
   * Makes one transfer; whether it was made. A refusal no retry can cure (its id taken, a total at its bound) is
   * journaled and alerted instead of stopping finance at this event for good; any other (an office or a till the
   * chart has not opened yet) throws: finance stops here and tries again later.
   */
  const post = async (trx: Trx, t: TransferInput, office: string, e: JournalEvent): Promise<boolean> => {
    try {
      await postTransfers(ledger, trx, [t], ACTOR, office);
      return true;
    } catch (err) {
      const result = err instanceof FinanceError ? err.details?.['result'] : undefined;
      if (typeof result !== 'string' || !isPermanentRefusal(result)) throw err;
      // The same event sent again (a consumer that lost its place) is not refused, nor alerted, twice.
      if (await repo.wasRefused(trx, t.id)) return false;
      await ledger.refusedIn(
        trx,
        {
          id: t.id,
          result,
          source_cell: 'services',
          source_seq: e.seq.toString(),
          debit_account_id: t.debit_account_id!,
          credit_account_id: t.credit_account_id!,
          amount: String(t.amount),
          code: t.code,
          ref: t.ref ?? null,
        },
        ACTOR,
      );
      return false;
    }
  };
  return async (trx: Trx, e: JournalEvent): Promise<void> => {
    if (e.type !== 'services.fees.taken') return;
    const p = e.payload as FeesTakenPayload;
    // The same intake handed over again (a consumer that lost its place) is already owed: once.
    if ((await repo.findCollection(trx, p.dossier)) !== undefined) return;
    const till = accountId(p.office, 'till_cash', p.clerk);
    const agencyAmount = BigInt(p.agency_amount);
    const postAmount = BigInt(p.post_amount);
    let made = false;
    const transfer = `dsa:${p.dossier}`;
    if (agencyAmount > 0n) {
      const payable = await ensureAccount(
        ledger,
        trx,
        p.office,
        'agency_payable',
        p.agency,
        p.agency_name,
        ACTOR,
      );
      made = await post(
        trx,
        {
          id: transfer,
          debit_account_id: till,
          credit_account_id: payable,
          amount: agencyAmount,
          code: TRANSFER_CODES.agency_fee_collected,
          ref: p.dossier,
        },
        p.office,
        e,
      );
    }
    if (postAmount > 0n)
      await post(
        trx,
        {
          id: `dsf:${p.dossier}`,
          debit_account_id: till,
          credit_account_id: accountId(p.office, 'fee_revenue'),
          amount: postAmount,
          code: TRANSFER_CODES.dossier_fee,
          ref: p.dossier,
        },
        p.office,
        e,
      );
    if (!made) return;
    await journal.append(trx, agencyFeeRecorded, {
      stream: p.dossier,
      actor: ACTOR,
      office: p.office,
      payload: {
        dossier: p.dossier,
        source_seq: e.seq.toString(),
        office: p.office,
        agency: p.agency,
        agency_name: p.agency_name,
        amount: agencyAmount.toString(),
        transfer,
        clerk: p.clerk,
        till_session_id: p.till_session_id,
        collected_at: e.at,
      },
    });
  };
}

/** Creates the agencies module: remittances of administrative agencies' fees and their statements. */
export function createAgencies(deps: AgenciesDeps): Agencies {
  const { db, journal, ledger } = deps;
  const officesOf = (q: Kysely<FinanceTables>, agency: string) =>
    repo.officesOf(q, agency, BigInt(ACCOUNT_CODES.agency_payable));
  const limitOf = (input: { office?: string | undefined; offices?: readonly string[] | undefined }) => {
    const list = [...(input.office === undefined ? [] : [input.office]), ...(input.offices ?? [])];
    return input.office === undefined && input.offices === undefined ? undefined : list;
  };
  return {
    async remit(input, actor, request) {
      const agency = checkAgency(input.agency);
      const through = checkDay('through', input.through);
      return journal.transaction(async (trx) => {
        const first = await deps.requests.first(trx, request);
        if (first !== null)
          return {
            ...toRemittance((await repo.findRemittance(trx, first))!),
            dossiers: await repo.remittedDossiers(trx, first),
          };
        const known = await officesOf(trx, agency);
        if (known.length === 0) throw unknownAgency(agency);
        const limit = limitOf(input);
        const rows =
          limit !== undefined && limit.length === 0
            ? []
            : await repo.remittable(trx, agency, endOfDay(through), limit);
        const where = input.office === undefined ? '' : ` at office ${input.office}`;
        if (rows.length === 0)
          throw new FinanceError(
            'nothing_to_remit',
            `Nothing is owed to agency ${agency} for fees taken through ${through}${where}: every collection is remitted already`,
            `Không có khoản phí, lệ phí nào thu đến ngày ${through} cần chuyển trả cho cơ quan ${agency}`,
            { agency, through, ...(input.office === undefined ? {} : { office: input.office }) },
          );
        const id = newId('agr');
        const byOffice = new Map<string, bigint>();
        for (const r of rows) byOffice.set(r.office_id, (byOffice.get(r.office_id) ?? 0n) + BigInt(r.amount));
        const transfers: TransferInput[] = [...byOffice].map(([office, amount]) => ({
          id: `dsr:${id}:${office}`,
          debit_account_id: accountId(office, 'agency_payable', agency),
          credit_account_id: accountId(office, 'settlement'),
          amount,
          code: TRANSFER_CODES.agency_remitted,
          ref: id,
        }));
        await postTransfers(ledger, trx, transfers, actor, input.office ?? null);
        const total = rows.reduce((s, r) => s + BigInt(r.amount), 0n);
        const dossiers = rows.map((r) => r.dossier_id);
        await journal.append(trx, agencyRemitted, {
          stream: id,
          actor,
          ...(input.office === undefined ? {} : { office: input.office }),
          payload: { id, agency, through, office: input.office ?? null, dossiers, total: total.toString() },
        });
        await deps.requests.answered(trx, request, id, { actor, office: input.office ?? null });
        return { ...toRemittance((await repo.findRemittance(trx, id))!), dossiers };
      });
    },
    async statement(agencyRaw, fromRaw, toRaw, office) {
      const agency = checkAgency(agencyRaw);
      const from = checkDay('from', fromRaw);
      const to = checkDay('to', toRaw);
      if (to < from)
        throw new FinanceError('invalid_day', '`to` is before `from`', 'Ngày kết thúc trước ngày bắt đầu', {
          field: 'to',
        });
      if ((await officesOf(db, agency)).length === 0) throw unknownAgency(agency);
      const limit = office === undefined ? undefined : typeof office === 'string' ? [office] : office;
      const [a, b] = [startOfDay(from), endOfDay(to)];
      const none = limit !== undefined && limit.length === 0;
      const collections = none ? [] : (await repo.collectionsOf(db, agency, a, b, limit)).map(toCollection);
      const remittances = none ? [] : (await repo.remittancesOf(db, agency, a, b, limit)).map(toRemittance);
      const sum = (xs: AgencyCollection[]) => xs.reduce((s, x) => s + x.amount, 0n);
      return {
        agency,
        agency_name: collections.at(-1)?.agency_name ?? null,
        from,
        to,
        collections,
        remittances,
        collected: sum(collections),
        remitted: sum(collections.filter((c) => c.remittance_id !== null)),
        outstanding: sum(collections.filter((c) => c.remittance_id === null)),
      };
    },
    async offices(agencyRaw) {
      const agency = checkAgency(agencyRaw);
      const found = await officesOf(db, agency);
      if (found.length === 0) throw unknownAgency(agency);
      return found;
    },
    async collection(dossier) {
      const r = await repo.findCollection(db, dossier);
      return r === undefined ? undefined : toCollection(r);
    },
  };
}

/**
 * The agencies' invariants on the ledger: each agency's account at each office holds exactly what was taken
 * there for it and not remitted, every collection has its transfer (same amount, into that account), and each
 * remittance's collections and transfers add up to its total.
 */
export async function agencyInvariants(db: Kysely<FinanceTables>): Promise<string[]> {
  const out: string[] = [];
  const code = ACCOUNT_CODES.agency_payable;
  const owed = new Map(
    (await repo.owedByAccount(db)).map((o) => [
      accountId(o.office_id, 'agency_payable', o.agency_code),
      BigInt(o.amount),
    ]),
  );
  const byAgency = new Map<string, { held: bigint; owed: bigint }>();
  const seen = new Set<string>();
  for (const a of await repo.agencyAccounts(db, BigInt(code))) {
    seen.add(a.id);
    const held = BigInt(a.credits_posted) - BigInt(a.debits_posted);
    const want = owed.get(a.id) ?? 0n;
    const agency = a.holder_id ?? '';
    const t = byAgency.get(agency) ?? { held: 0n, owed: 0n };
    byAgency.set(agency, { held: t.held + held, owed: t.owed + want });
    if (held !== want)
      out.push(
        `agency ${agency}'s account ${a.id} holds ${formatVnd(held)} but its collections there less remittances come to ${formatVnd(want)}`,
      );
  }
  for (const [id, want] of owed)
    if (!seen.has(id) && want !== 0n)
      out.push(
        `collections less remittances come to ${formatVnd(want)} for account ${id}, which does not exist`,
      );
  for (const [agency, t] of byAgency)
    if (t.held !== t.owed)
      out.push(
        `agency ${agency}: its accounts hold ${formatVnd(t.held)} in all but collections less remittances come to ${formatVnd(t.owed)}`,
      );
  for (const c of await repo.collectionsWithoutTheirTransfer(
    db,
    code,
    BigInt(TRANSFER_CODES.agency_fee_collected),
    10,
  ))
    out.push(
      c.found === null
        ? `the collection of dossier ${c.dossier_id} (${formatVnd(BigInt(c.amount))}) has no transfer ${c.transfer_id}`
        : `the collection of dossier ${c.dossier_id} (${formatVnd(BigInt(c.amount))}) does not match its transfer ${c.transfer_id} (${formatVnd(BigInt(c.transfer_amount!))}, code ${c.transfer_code}, into ${c.credit_account_id}, ${c.state})`,
    );
  const { paid, moved, remittances } = await repo.remittanceTotals(
    db,
    BigInt(TRANSFER_CODES.agency_remitted),
  );
  const paidBy = new Map(paid.map((p) => [p.remittance_id!, { amount: BigInt(p.amount), n: BigInt(p.n) }]));
  const movedBy = new Map(moved.map((m) => [m.ref ?? '', BigInt(m.amount)]));
  const ids = new Set(remittances.map((r) => r.id));
  for (const r of remittances) {
    const total = BigInt(r.total);
    const p = paidBy.get(r.id) ?? { amount: 0n, n: 0n };
    if (p.amount !== total || p.n !== BigInt(r.dossier_count))
      out.push(
        `remittance ${r.id} to agency ${r.agency_code} pays ${formatVnd(total)} for ${r.dossier_count} dossiers but its collections come to ${formatVnd(p.amount)} for ${p.n}`,
      );
    const m = movedBy.get(r.id) ?? 0n;
    if (m !== total)
      out.push(
        `remittance ${r.id} to agency ${r.agency_code} pays ${formatVnd(total)} but its transfers move ${formatVnd(m)}`,
      );
  }
  for (const id of paidBy.keys())
    if (!ids.has(id)) out.push(`collections are marked paid by remittance ${id}, which does not exist`);
  for (const ref of movedBy.keys())
    if (!ids.has(ref))
      out.push(
        `transfers of code ${TRANSFER_CODES.agency_remitted} name remittance ${ref}, which does not exist`,
      );
  return out;
}
