import type { Kysely } from '../../../storage/index.ts';
import type { z } from 'zod';
import type { Journal, RequestKey, RequestKeys } from '../../../journal/index.ts';
import type { Clock } from '../../../platform/clock.ts';
import { newId } from '../../../platform/ids.ts';
import { formatVnd, vndInWords } from '../../../platform/money.ts';
import { accountId, chartAccount, TRANSFER_CODES } from '../chart/index.ts';
import { FinanceError } from '../finance-error.ts';
import type { FinanceTables } from '../finance-tables.ts';
import { findAccount, type Ledger, type TransferInput } from '../ledger/index.ts';
import { checkOwnOpenTill, postTransfers, vietnamDay } from '../tills/index.ts';
import * as tillRepo from '../tills/till.repository.ts';
import type { linePaidSchema } from './payout.events.ts';
import {
  bankRun,
  lineStopped,
  linePaid,
  listFunded,
  OUTSTANDING,
  PAYABLE,
  periodClosed,
  roundClosed,
  roundOpened,
  STOPPABLE,
  type LineState,
  type StopReason,
} from './payout.events.ts';
import * as repo from './payout.repository.ts';
import * as listRepo from './pension.repository.ts';
import { reconcile, type Reconciliation } from './reconciliation.ts';
import { toLine, type Directory, type PensionLine } from './pension.service.ts';

/** People this old may be paid at home whatever their list says. */
export const HOME_AGE = 80;

export interface Receipt {
  id: string;
  line_id: string;
  period_id: string;
  months: string[];
  full_name: string;
  cccd: string;
  benefit: string;
  amount: bigint;
  amount_words: string;
  place: 'bank' | 'point' | 'counter' | 'home';
  office_id: string;
  session_id: string | null;
  clerk_id: string | null;
  recipient: 'self' | 'proxy';
  recipient_name: string;
  recipient_cccd: string | null;
  evidence: string | null;
  transfer_id: string;
  paid_at: string;
  seq: bigint;
}

export interface Round {
  id: string;
  period_id: string;
  office_id: string;
  postman_id: string;
  postman_name: string;
  day: string;
  status: 'open' | 'closed';
  line_count: number;
  advance: bigint;
  paid: bigint;
  paid_count: number;
  returned: bigint | null;
  opened_by: string;
  opened_at: string;
  closed_by: string | null;
  closed_at: string | null;
}

export interface Funding {
  period_id: string;
  sha256: string;
  reference: string;
  province_office_id: string;
  total: bigint;
  allocations: Array<{ postcode: string; office_id: string; line_count: number; amount: bigint }>;
}

/** Who takes the money: the person (their CCCD checked against the list) or their registered proxy. */
export interface Identity {
  recipient: 'self' | 'proxy';
  /** The CCCD the person presents: the pensioner's, or the proxy's. */
  cccd: string;
}

export interface Payouts {
  /** The agency's money for an accepted list arrives; it is split between the offices that pay it. */
  fund(
    input: { period_id: string; sha256: string; reference: string },
    directory: Directory,
    actor: string,
  ): Promise<Funding>;
  /** Pays every funded bank-account line of the period (from the schedule's bank day). */
  payBankTransfers(periodId: string, actor: string): Promise<{ line_count: number; amount: bigint }>;
  /**
   * Pays one line in cash from the clerk's open till, at the counter or at a commune point, in one
   * transaction: the ledger moves the money, the line is paid, the receipt is made. A line is paid once;
   * the same request again (same till, same person, or the same key) is answered with the first receipt.
   */
  pay(
    input: {
      line_id: string;
      session_id: string;
      place: 'counter' | 'point';
      /** The province of the till's office: a period is paid only in its province. */
      office_province: string | null;
    } & Identity,
    actor: string,
    request?: RequestKey,
  ): Promise<Receipt>;
  /** A home round: the lines (at the office, aged 80+ or on the home channel) and their cash to the postman. */
  openRound(
    input: {
      period_id: string;
      office_id: string;
      postman_id: string;
      postman_name: string;
      line_ids: readonly string[];
    },
    actor: string,
    request?: RequestKey,
  ): Promise<Round>;
  /** The postman pays at home, with the recipient's signature or photo reference. */
  payAtHome(
    input: { round_id: string; line_id: string; evidence: string } & Identity,
    actor: string,
    request?: RequestKey,
  ): Promise<Receipt>;
  /** The postman brings back the unpaid cash, counted by a second person; the unpaid lines wait at the office. */
  closeRound(
    roundId: string,
    input: { returned: bigint | string },
    actor: string,
    request?: RequestKey,
  ): Promise<Round>;
  /** The agency stops a person's payments: lines not yet paid are suspended, paid ones open a recovery. */
  stop(
    input: {
      period_id: string;
      cccd: string;
      benefit?: string;
      reason: StopReason;
      reference: string;
      effective_date: string;
    },
    actor: string,
  ): Promise<Array<{ line_id: string; outcome: 'suspended' | 'recovery' }>>;
  /** Closes the period: unpaid lines and their money go back to the agency. */
  closePeriod(periodId: string, actor: string): Promise<{ returned_count: number; returned_amount: bigint }>;
  receipt(id: string): Promise<Receipt>;
  receiptOfLine(lineId: string): Promise<Receipt>;
  round(id: string): Promise<Round>;
  /** A round's lines, in list order. */
  roundLines(id: string): Promise<PensionLine[]>;
  /** Counts and sums per office, channel and state, checked against the envelope, the receipts and the ledger. */
  reconciliation(periodId: string): Promise<Reconciliation>;
  rounds(q: { periodId?: string; officeId?: string; status?: string }): Promise<Round[]>;
}

export interface PayoutsDeps {
  db: Kysely<FinanceTables>;
  journal: Journal<FinanceTables>;
  clock: Clock;
  ledger: Pick<Ledger, 'createTransfersIn' | 'openAccountsIn'>;
  requests: RequestKeys<FinanceTables>;
}

type Db = Kysely<FinanceTables>;
type LineRow = FinanceTables['pension_line'];

const STATE_VI: Record<LineState, string> = {
  listed: 'chưa nhận được kinh phí',
  funded: 'chờ chuyển khoản ngân hàng',
  at_point: 'chờ chi tại điểm chi trả',
  at_office: 'chờ chi tại bưu cục',
  on_round: 'đang được bưu tá chi tại nhà',
  paid: 'đã chi trả',
  returned: 'đã hoàn trả BHXH',
  suspended: 'đã tạm dừng chi trả',
  recovery: 'đang thu hồi',
};

function fail(code: ConstructorParameters<typeof FinanceError>[0], en: string, vi: string, details?: object) {
  return new FinanceError(code, en, vi, details as Record<string, unknown> | undefined);
}

/** The row, or the not-found error naming what and which. */
function found<T>(
  row: T | undefined,
  code: ConstructorParameters<typeof FinanceError>[0],
  what: string,
  vi: string,
  id: string,
): T {
  if (row === undefined) throw fail(code, `No ${what} has id ${JSON.stringify(id)}`, vi, { id });
  return row;
}

export function createPayouts(deps: PayoutsDeps): Payouts {
  const { db, journal, clock, ledger } = deps;
  const today = () => vietnamDay(clock.now());

  const requirePeriod = async (trx: Db, id: string) => {
    const p = await listRepo.findPeriod(trx, id);
    if (p === undefined)
      throw fail(
        'period_not_found',
        `No payment period has id ${JSON.stringify(id)}`,
        `Không có kỳ chi trả ${id}`,
        {
          id,
        },
      );
    if (p.status !== 'open')
      throw fail('period_closed', `Period ${id} is closed`, 'Kỳ chi trả đã đóng', { id });
    return p;
  };
  const requireLine = async (trx: Db, id: string) =>
    found(await repo.findLine(trx, id), 'line_not_found', 'pension line', 'Không tìm thấy dòng chi trả', id);
  const toReceipt = async (trx: Db, p: repo.PayoutRow): Promise<Receipt> => {
    const line = (await repo.findLine(trx, p.line_id))!;
    const period = (await listRepo.findPeriod(trx, p.period_id))!;
    const amount = BigInt(p.amount);
    return {
      ...p,
      months: JSON.parse(period.months) as string[],
      full_name: line.full_name,
      cccd: line.cccd,
      benefit: line.benefit,
      amount,
      amount_words: vndInWords(amount),
      place: p.place as Receipt['place'],
      recipient: p.recipient as Receipt['recipient'],
      seq: BigInt(p.seq),
    };
  };
  const toRound = async (trx: Db, r: repo.RoundRow): Promise<Round> => {
    const paid = await repo.findPayouts(trx, r.id);
    return {
      ...r,
      status: r.status as Round['status'],
      line_count: Number(r.line_count),
      advance: BigInt(r.advance),
      paid: paid.reduce((s, x) => s + BigInt(x.amount), 0n),
      paid_count: paid.length,
      returned: r.returned === null ? null : BigInt(r.returned),
    };
  };
  const requireRound = async (trx: Db, id: string) =>
    found(
      await repo.findRound(trx, id),
      'round_not_found',
      'home round',
      'Không tìm thấy chuyến chi tại nhà',
      id,
    );
  /** The office whose pensions-payable account holds the line's money. */
  const fundedOffice = async (trx: Db, line: LineRow): Promise<string> => {
    const a = await repo.findAllocation(trx, line.period_id, line.list_sha256, line.office_postcode);
    if (a === undefined)
      throw fail(
        'line_not_payable',
        `Line ${line.id} is not funded yet: the agency's money for its list has not come`,
        'Dòng này chưa có kinh phí từ BHXH: chưa thể chi trả',
        { id: line.id, status: line.status },
      );
    return a.office_id;
  };
  const notPayable = (line: LineRow, where: string) =>
    fail(
      line.status === 'paid' ? 'line_already_paid' : 'line_not_payable',
      `Line ${line.id} is ${line.status}: it cannot be paid ${where}`,
      `Không thể chi dòng này: ${STATE_VI[line.status as LineState] ?? line.status}`,
      { id: line.id, status: line.status, receipt_id: line.receipt_id },
    );
  /** The CCCD presented is the person's, or their proxy's with an authorisation still valid today. */
  const checkIdentity = (line: LineRow, who: Identity): { name: string; cccd: string } => {
    const cccd = who.cccd.trim();
    if (who.recipient === 'self') {
      if (cccd !== line.cccd)
        throw fail(
          'identity_mismatch',
          'The CCCD presented is not the one on the list',
          'Số CCCD xuất trình không khớp với danh sách: không chi trả',
          { field: 'cccd' },
        );
      return { name: line.full_name, cccd };
    }
    if (line.proxy_cccd === null || line.proxy_name === null || line.proxy_until === null)
      throw fail(
        'identity_mismatch',
        'This person has no registered proxy',
        'Người hưởng không đăng ký người nhận thay: chỉ chi cho chính người hưởng',
        { field: 'recipient' },
      );
    if (cccd !== line.proxy_cccd)
      throw fail(
        'identity_mismatch',
        "The CCCD presented is not the registered proxy's",
        'Số CCCD xuất trình không phải của người được ủy quyền nhận thay',
        { field: 'cccd' },
      );
    if (line.proxy_until < today())
      throw fail(
        'proxy_expired',
        `The proxy's authorisation ended on ${line.proxy_until}`,
        `Giấy ủy quyền đã hết hạn ngày ${line.proxy_until}: người hưởng cần làm ủy quyền mới`,
        { field: 'proxy_until', proxy_until: line.proxy_until },
      );
    return { name: line.proxy_name, cccd };
  };
  /** The same request again finds the first receipt; anyone else is told the line is paid. */
  const repeated = async (trx: Db, line: LineRow, sessionId: string, who: Identity, actor: string) => {
    if (line.status !== 'paid') return undefined;
    const first = await repo.findPayoutOfLine(trx, line.id);
    if (
      first !== undefined &&
      first.session_id === sessionId &&
      first.clerk_id === actor &&
      first.recipient_cccd === who.cccd.trim()
    )
      return toReceipt(trx, first);
    throw notPayable(line, 'again');
  };
  /**
   * Pays a line that every other check has passed: the person (or proxy) checked, the money moved from the
   * pensions payable of the office that holds it to the cash it is paid from, the event appended; the
   * receipt is made from what is known (nothing read back).
   */
  const payLine = async (
    trx: Db,
    line: LineRow,
    period: listRepo.PeriodRow,
    actor: string,
    who: Identity,
    from: {
      office_id: string;
      cash_account: string;
      code: number;
      place: z.input<typeof linePaidSchema>['place'];
      session_id: string;
      evidence: string | null;
    },
  ): Promise<Receipt> => {
    const recipient = checkIdentity(line, who);
    const office = await fundedOffice(trx, line);
    const id = newId('rcp');
    const payload: z.input<typeof linePaidSchema> = {
      receipt_id: id,
      line_id: line.id,
      period_id: line.period_id,
      office_id: from.office_id,
      place: from.place,
      session_id: from.session_id,
      clerk_id: actor,
      recipient: who.recipient,
      recipient_name: recipient.name,
      recipient_cccd: recipient.cccd,
      evidence: from.evidence,
      amount: String(line.amount),
      transfer_id: `pp:${id}`,
    };
    await transfer(
      trx,
      [
        {
          id: payload.transfer_id,
          debit_account_id: accountId(office, 'pensions_payable'),
          credit_account_id: from.cash_account,
          amount: BigInt(line.amount),
          code: from.code,
          ref: line.id,
        },
      ],
      actor,
      from.office_id,
    );
    const e = await journal.append(trx, linePaid, {
      stream: line.period_id,
      actor,
      office: from.office_id,
      payload,
    });
    const { receipt_id: _id, ...rest } = payload;
    const amount = BigInt(payload.amount);
    return {
      ...rest,
      id,
      months: JSON.parse(period.months) as string[],
      full_name: line.full_name,
      cccd: line.cccd,
      benefit: line.benefit,
      amount,
      amount_words: vndInWords(amount),
      paid_at: e.at,
      seq: e.seq,
    };
  };
  const transfer = (trx: Db, transfers: TransferInput[], actor: string, office: string) =>
    postTransfers(ledger, trx, transfers, actor, office);
  /** Records what a keyed request answered, in its transaction, and answers it. */
  const answer = async <T extends { id: string }>(
    trx: Db,
    request: RequestKey | undefined,
    result: T,
    by: { actor: string; office: string },
  ): Promise<T> => {
    await deps.requests.answered(trx, request, result.id, by);
    return result;
  };
  const firstReceipt = async (trx: Db, request: RequestKey | undefined) => {
    const first = await deps.requests.first(trx, request);
    return first === null ? undefined : toReceipt(trx, (await repo.findPayout(trx, first))!);
  };
  const firstRound = async (trx: Db, request: RequestKey | undefined) => {
    const first = await deps.requests.first(trx, request);
    return first === null ? undefined : toRound(trx, (await repo.findRound(trx, first))!);
  };

  return {
    async fund(input, directory, actor) {
      const reference = input.reference.trim();
      if (reference.length < 1 || reference.length > 100)
        throw fail(
          'invalid_payout',
          "reference must be the agency's transfer reference, 1 to 100 characters",
          'Cần số chứng từ chuyển tiền của BHXH (1–100 ký tự)',
          { field: 'reference' },
        );
      return journal.transaction(async (trx) => {
        await journal.lock(trx);
        const period = await requirePeriod(trx, input.period_id);
        const list = await listRepo.findList(trx, period.id, input.sha256);
        if (list === undefined)
          throw fail(
            'list_not_found',
            `Period ${period.id} has no list ${input.sha256}`,
            'Không tìm thấy danh sách này trong kỳ chi trả',
            { field: 'sha256' },
          );
        const province = [...directory.offices.values()].find(
          (o) =>
            o.type === 'provincial_post' && o.province_code === period.province_code && o.status === 'open',
        );
        if (province === undefined)
          throw fail(
            'office_not_found',
            `Province ${period.province_code} has no open provincial post to receive the funds`,
            'Tỉnh chưa có bưu điện tỉnh đang hoạt động để nhận kinh phí',
            { province_code: period.province_code },
          );
        const sums = await repo.sumsByPostcode(trx, period.id, list.sha256);
        const allocations = sums.map((s) => {
          const office = directory.offices.get(s.office_postcode);
          if (office === undefined || office.status !== 'open')
            throw fail(
              'office_not_found',
              `Office ${s.office_postcode} of the list is not open any more: fund the list after moving its lines`,
              `Bưu cục ${s.office_postcode} trong danh sách không còn hoạt động`,
              { postcode: s.office_postcode },
            );
          return {
            postcode: s.office_postcode,
            office_id: office.id,
            line_count: Number(s.n),
            amount: BigInt(s.amount),
          };
        });
        const result: Funding = {
          period_id: period.id,
          sha256: list.sha256,
          reference,
          province_office_id: province.id,
          total: BigInt(list.total),
          allocations,
        };
        if (list.funded_seq !== null) {
          // Told twice of the same money: the first funding stands.
          if (list.funding_reference === reference) return result;
          throw fail(
            'list_already_funded',
            `List ${list.sha256} of ${period.id} was funded already (reference ${list.funding_reference ?? ''})`,
            'Danh sách này đã nhận kinh phí rồi',
            { reference: list.funding_reference },
          );
        }
        const tag = `${period.id}:${list.sha256.slice(0, 16)}`;
        await transfer(
          trx,
          [
            {
              id: `pf:${tag}`,
              debit_account_id: accountId(province.id, 'settlement'),
              credit_account_id: accountId(province.id, 'bhxh_funds'),
              amount: result.total,
              code: TRANSFER_CODES.pension_funding,
              ref: reference,
            },
            ...allocations.map((a) => ({
              id: `pa:${tag}:${a.postcode}`,
              debit_account_id: accountId(province.id, 'bhxh_funds'),
              credit_account_id: accountId(a.office_id, 'pensions_payable'),
              amount: a.amount,
              code: TRANSFER_CODES.pension_allocation,
              ref: reference,
            })),
          ],
          actor,
          province.id,
        );
        await journal.append(trx, listFunded, {
          stream: period.id,
          actor,
          office: province.id,
          payload: {
            period_id: period.id,
            sha256: list.sha256,
            reference,
            province_office_id: province.id,
            allocations: allocations.map((a) => ({ ...a, amount: a.amount.toString() })),
          },
        });
        return result;
      });
    },

    async payBankTransfers(periodId, actor) {
      return journal.transaction(async (trx) => {
        await journal.lock(trx);
        const period = await requirePeriod(trx, periodId);
        if (today() < period.bank_from!)
          throw fail(
            'outside_schedule',
            `Bank transfers of ${period.id} start on ${period.bank_from}`,
            `Chưa đến ngày chuyển khoản của kỳ chi trả (${period.bank_from})`,
            { bank_from: period.bank_from },
          );
        const byOffice = await repo.sumsByOffice(trx, period.id, ['funded'], 'ATM');
        const count = byOffice.reduce((s, x) => s + Number(x.n), 0);
        const amount = byOffice.reduce((s, x) => s + BigInt(x.amount), 0n);
        if (count === 0) return { line_count: 0, amount: 0n };
        const runId = newId('pbank');
        await transfer(
          trx,
          byOffice.map((o) => ({
            id: `${runId}:${o.office_id}`,
            debit_account_id: accountId(o.office_id, 'pensions_payable'),
            credit_account_id: accountId(period.province_office_id!, 'settlement'),
            amount: BigInt(o.amount),
            code: TRANSFER_CODES.pension_bank,
            ref: period.id,
          })),
          actor,
          period.province_office_id!,
        );
        await journal.append(trx, bankRun, {
          stream: period.id,
          actor,
          office: period.province_office_id,
          payload: { period_id: period.id, run_id: runId, line_count: count, amount: amount.toString() },
        });
        return { line_count: count, amount };
      });
    },

    async pay(input, actor, request) {
      return journal.transaction(async (trx) => {
        // The journal's lock first: two clerks paying the same line queue here, and the second sees it paid.
        const keyed = await firstReceipt(trx, request);
        if (keyed !== undefined) return keyed;
        const line = await requireLine(trx, input.line_id);
        const again = await repeated(trx, line, input.session_id, input, actor);
        if (again !== undefined) return again;
        if (!PAYABLE.includes(line.status as LineState)) throw notPayable(line, `at a ${input.place}`);
        const period = await requirePeriod(trx, line.period_id);
        const day = today();
        if (
          input.place === 'point' &&
          (line.status !== 'at_point' || day < period.points_from! || day >= period.counters_from!)
        )
          throw fail(
            'outside_schedule',
            `Commune payment points pay lines of the point channel from ${period.points_from} until ${period.counters_from}`,
            `Điểm chi trả xã chỉ chi các dòng chi tại điểm, từ ${period.points_from} đến trước ${period.counters_from}`,
            { points_from: period.points_from, counters_from: period.counters_from },
          );
        if (input.place === 'counter' && (day < period.counters_from! || day > period.close_on!))
          throw fail(
            'outside_schedule',
            `Counters pay ${period.id} from ${period.counters_from} to ${period.close_on}`,
            `Quầy chi trả kỳ này từ ${period.counters_from} đến ${period.close_on}`,
            { counters_from: period.counters_from, close_on: period.close_on },
          );
        const session = checkOwnOpenTill(
          await tillRepo.findSession(trx, input.session_id),
          input.session_id,
          actor,
        );
        if (input.office_province !== period.province_code)
          throw fail(
            'wrong_province',
            `Period ${period.id} is paid in province ${period.province_code} only`,
            'Người hưởng thuộc danh sách của tỉnh khác: không chi tại đây',
            { province_code: period.province_code },
          );
        const paid = await payLine(trx, line, period, actor, input, {
          office_id: session.office_id,
          cash_account: accountId(session.office_id, 'till_cash', session.clerk_id),
          code: TRANSFER_CODES.pension_payout,
          place: input.place,
          session_id: session.id,
          evidence: null,
        });
        return answer(trx, request, paid, { actor, office: session.office_id });
      });
    },

    async openRound(input, actor, request) {
      if (input.postman_id === actor)
        throw fail(
          'same_person',
          "A postman's cash advance is handed over by someone else",
          'Người giao tiền cho bưu tá phải là người khác',
          { field: 'postman_id' },
        );
      const ids = [...new Set(input.line_ids)];
      if (ids.length < 1 || ids.length > 500 || ids.length !== input.line_ids.length)
        throw fail(
          'invalid_payout',
          'line_ids must list 1 to 500 different lines',
          'Chuyến chi tại nhà gồm 1–500 dòng khác nhau',
          { field: 'line_ids' },
        );
      return journal.transaction(async (trx) => {
        const keyed = await firstRound(trx, request);
        if (keyed !== undefined) return keyed;
        const period = await requirePeriod(trx, input.period_id);
        const day = today();
        if (day < period.points_from! || day > period.close_on!)
          throw fail(
            'outside_schedule',
            `Home rounds of ${period.id} run from ${period.points_from} to ${period.close_on}`,
            `Chi tại nhà kỳ này từ ${period.points_from} đến ${period.close_on}`,
            { points_from: period.points_from, close_on: period.close_on },
          );
        const busy = await repo.findRounds(trx, { officeId: input.office_id, status: 'open' });
        if (busy.some((r) => r.postman_id === input.postman_id))
          throw fail(
            'round_already_open',
            `Postman ${input.postman_id} has a round open: close it first`,
            'Bưu tá đang có chuyến chi chưa quyết toán: hãy quyết toán trước',
            { id: busy.find((r) => r.postman_id === input.postman_id)!.id },
          );
        let advance = 0n;
        const year = Number((JSON.parse(period.months) as string[])[0]!.slice(0, 4));
        for (const [i, id] of ids.entries()) {
          const line = await requireLine(trx, id);
          const where = `line_ids[${i}]`;
          if (line.period_id !== period.id || line.status !== 'at_office')
            throw fail(
              'line_not_payable',
              `${where}: line ${id} is ${line.period_id === period.id ? line.status : `in period ${line.period_id}`}: only lines waiting at the office go on a round`,
              `Dòng ${i + 1}: ${STATE_VI[line.status as LineState] ?? line.status}`,
              { field: where, status: line.status },
            );
          if ((await fundedOffice(trx, line)) !== input.office_id)
            throw fail(
              'line_not_payable',
              `${where}: line ${id} is paid by office ${line.office_postcode}, not this one`,
              `Dòng ${i + 1} thuộc bưu cục ${line.office_postcode}`,
              { field: where },
            );
          if (line.channel !== 'TAI_NHA' && year - Number(line.birth_year) < HOME_AGE)
            throw fail(
              'not_eligible_for_home',
              `${where}: ${line.full_name} is under ${HOME_AGE} and not registered for payment at home`,
              `Dòng ${i + 1}: người hưởng dưới ${HOME_AGE} tuổi và không đăng ký chi tại nhà`,
              { field: where },
            );
          advance += BigInt(line.amount);
        }
        const vault = await findAccount(trx, accountId(input.office_id, 'vault_cash'));
        if (vault === undefined)
          throw fail(
            'account_not_found',
            `Office ${input.office_id} has no vault`,
            'Đơn vị này không có két tiền mặt',
            {
              office_id: input.office_id,
            },
          );
        const cashId = accountId(input.office_id, 'cash_in_transit', input.postman_id);
        if ((await findAccount(trx, cashId)) === undefined) {
          const officeName = vault.name.split(' — ').slice(1).join(' — ');
          await ledger.openAccountsIn(
            trx,
            [
              chartAccount(input.office_id, officeName, 'cash_in_transit', {
                id: input.postman_id,
                name: input.postman_name,
              }),
            ],
            actor,
            input.office_id,
          );
        }
        const roundId = newId('rnd');
        const transferId = `pr:${roundId}:out`;
        await transfer(
          trx,
          [
            {
              id: transferId,
              debit_account_id: cashId,
              credit_account_id: vault.id,
              amount: advance,
              code: TRANSFER_CODES.pension_round_advance,
              ref: roundId,
            },
          ],
          actor,
          input.office_id,
        );
        await journal.append(trx, roundOpened, {
          stream: roundId,
          actor,
          office: input.office_id,
          payload: {
            id: roundId,
            period_id: period.id,
            office_id: input.office_id,
            postman_id: input.postman_id,
            postman_name: input.postman_name.slice(0, 100),
            day,
            line_ids: ids,
            advance: advance.toString(),
            transfer_id: transferId,
          },
        });
        const round = await toRound(trx, (await repo.findRound(trx, roundId))!);
        return answer(trx, request, round, { actor, office: input.office_id });
      });
    },

    async payAtHome(input, actor, request) {
      const evidence = input.evidence.trim();
      if (!/^(signature|photo):[\x21-\x7e]{1,190}$/.test(evidence))
        throw fail(
          'evidence_required',
          'A payment at home needs the signature or photo reference as signature:REF or photo:REF',
          'Chi tại nhà cần mã chữ ký hoặc ảnh chụp của người nhận (signature:… hoặc photo:…)',
          { field: 'evidence' },
        );
      return journal.transaction(async (trx) => {
        const keyed = await firstReceipt(trx, request);
        if (keyed !== undefined) return keyed;
        const round = await requireRound(trx, input.round_id);
        if (round.postman_id !== actor)
          throw fail(
            'not_your_round',
            `Round ${round.id} belongs to another postman`,
            'Chuyến chi này của bưu tá khác',
            {
              id: round.id,
            },
          );
        const line = await requireLine(trx, input.line_id);
        if (line.round_id !== round.id)
          throw fail(
            'line_not_payable',
            `Line ${line.id} is not on round ${round.id}`,
            'Dòng này không thuộc chuyến chi của bạn',
            {
              id: line.id,
            },
          );
        const again = await repeated(trx, line, round.id, input, actor);
        if (again !== undefined) return again;
        if (round.status !== 'open')
          throw fail('round_not_open', `Round ${round.id} is closed`, 'Chuyến chi đã quyết toán', {
            id: round.id,
          });
        if (line.status !== 'on_round') throw notPayable(line, 'at home');
        const period = await requirePeriod(trx, line.period_id);
        if (today() > period.close_on!)
          throw fail(
            'outside_schedule',
            `Period ${period.id} closed on ${period.close_on}`,
            'Kỳ chi trả đã hết hạn',
            {
              close_on: period.close_on,
            },
          );
        const paid = await payLine(trx, line, period, actor, input, {
          office_id: round.office_id,
          cash_account: accountId(round.office_id, 'cash_in_transit', round.postman_id),
          code: TRANSFER_CODES.pension_home_payout,
          place: 'home',
          session_id: round.id,
          evidence,
        });
        return answer(trx, request, paid, { actor, office: round.office_id });
      });
    },

    async closeRound(roundId, input, actor, request) {
      const returned = String(input.returned);
      if (!/^(0|[1-9]\d{0,18})$/.test(returned))
        throw fail(
          'invalid_cash_count',
          'returned must be a whole number of đồng',
          'Số tiền nộp lại phải là số nguyên',
          {
            field: 'returned',
          },
        );
      return journal.transaction(async (trx) => {
        const keyed = await firstRound(trx, request);
        if (keyed !== undefined) return keyed;
        const round = await requireRound(trx, roundId);
        if (round.status !== 'open')
          throw fail('round_not_open', `Round ${round.id} is closed already`, 'Chuyến chi đã quyết toán', {
            id: round.id,
          });
        if (round.postman_id === actor)
          throw fail(
            'same_person',
            'The cash a postman brings back is counted by someone else',
            'Người nhận lại tiền phải là người khác bưu tá',
            {
              id: round.id,
            },
          );
        const current = await toRound(trx, round);
        const expected = current.advance - current.paid;
        if (BigInt(returned) !== expected)
          throw fail(
            'round_cash_mismatch',
            `The round should bring back ${formatVnd(expected)}, not ${formatVnd(BigInt(returned))}: recount, or report the difference to the manager`,
            `Số tiền nộp lại phải là ${formatVnd(expected)}: hãy đếm lại hoặc báo cáo lãnh đạo bưu cục`,
            { field: 'returned', expected: expected.toString() },
          );
        const transferId = expected > 0n ? `pr:${round.id}:back` : null;
        if (transferId !== null)
          await transfer(
            trx,
            [
              {
                id: transferId,
                debit_account_id: accountId(round.office_id, 'vault_cash'),
                credit_account_id: accountId(round.office_id, 'cash_in_transit', round.postman_id),
                amount: expected,
                code: TRANSFER_CODES.pension_round_return,
                ref: round.id,
              },
            ],
            actor,
            round.office_id,
          );
        const unpaid = (await repo.roundLines(trx, round.id)).filter((l) => l.status === 'on_round').length;
        await journal.append(trx, roundClosed, {
          stream: round.id,
          actor,
          office: round.office_id,
          payload: { id: round.id, returned, unpaid_count: unpaid, transfer_id: transferId },
        });
        const closed = await toRound(trx, (await repo.findRound(trx, round.id))!);
        return answer(trx, request, closed, { actor, office: round.office_id });
      });
    },

    async stop(input, actor) {
      const reference = input.reference.trim();
      if (reference.length < 1 || reference.length > 100)
        throw fail(
          'invalid_payout',
          "reference must be the agency's notice number",
          'Cần số văn bản báo giảm của BHXH',
          {
            field: 'reference',
          },
        );
      if (!/^\d{4}-\d{2}-\d{2}$/.test(input.effective_date))
        throw fail(
          'invalid_payout',
          'effective_date must be YYYY-MM-DD',
          'Ngày hiệu lực phải có dạng năm-tháng-ngày',
          {
            field: 'effective_date',
          },
        );
      return journal.transaction(async (trx) => {
        await journal.lock(trx);
        const period = await requirePeriod(trx, input.period_id);
        const lines = await repo.findLinesOf(trx, period.id, input.cccd.trim(), input.benefit);
        if (lines.length === 0)
          throw fail(
            'line_not_found',
            `Period ${period.id} has no line for CCCD ${input.cccd}${input.benefit === undefined ? '' : ` and ${input.benefit}`}`,
            'Không có người hưởng này trong kỳ chi trả',
            { field: 'cccd' },
          );
        const out: Array<{ line_id: string; outcome: 'suspended' | 'recovery' }> = [];
        for (const line of lines) {
          const outcome = STOPPABLE.includes(line.status as LineState)
            ? 'suspended'
            : line.status === 'paid'
              ? 'recovery'
              : null;
          if (outcome === null) continue;
          await journal.append(trx, lineStopped, {
            stream: period.id,
            actor,
            office: null,
            payload: {
              line_id: line.id,
              period_id: period.id,
              reason: input.reason,
              reference,
              effective_date: input.effective_date,
              outcome,
            },
          });
          out.push({ line_id: line.id, outcome });
        }
        if (out.length === 0)
          throw fail(
            'line_not_payable',
            `Nothing to stop: the lines are ${lines.map((l) => l.status).join(', ')}`,
            'Dòng chi trả đã tạm dừng, thu hồi hoặc hoàn trả rồi',
            { statuses: lines.map((l) => l.status) },
          );
        return out;
      });
    },

    async closePeriod(periodId, actor) {
      return journal.transaction(async (trx) => {
        await journal.lock(trx);
        const period = await requirePeriod(trx, periodId);
        if (today() <= period.close_on!)
          throw fail(
            'outside_schedule',
            `Period ${period.id} pays until ${period.close_on}; close it after that day`,
            `Kỳ chi trả còn chi đến hết ${period.close_on}: chỉ đóng sau ngày này`,
            { close_on: period.close_on },
          );
        const open = await repo.findRounds(trx, { periodId: period.id, status: 'open' });
        if (open.length > 0)
          throw fail(
            'rounds_open',
            `${open.length} home round(s) of ${period.id} are not closed (${open[0]!.id})`,
            'Còn chuyến chi tại nhà chưa quyết toán: hãy quyết toán trước khi đóng kỳ',
            { rounds: open.map((r) => r.id) },
          );
        const byOffice = await repo.sumsByOffice(trx, period.id, OUTSTANDING);
        const amount = byOffice.reduce((s, x) => s + BigInt(x.amount), 0n);
        const count = Number(await repo.countLines(trx, period.id, ['listed', ...OUTSTANDING]));
        if (amount > 0n) {
          const province = period.province_office_id!;
          await transfer(
            trx,
            [
              ...byOffice.map((o) => ({
                id: `pc:${period.id}:${o.office_id}`,
                debit_account_id: accountId(o.office_id, 'pensions_payable'),
                credit_account_id: accountId(province, 'bhxh_funds'),
                amount: BigInt(o.amount),
                code: TRANSFER_CODES.pension_return,
                ref: period.id,
              })),
              {
                id: `pc:${period.id}:refund`,
                debit_account_id: accountId(province, 'bhxh_funds'),
                credit_account_id: accountId(province, 'settlement'),
                amount,
                code: TRANSFER_CODES.pension_refund,
                ref: period.id,
              },
            ],
            actor,
            province,
          );
        }
        await journal.append(trx, periodClosed, {
          stream: period.id,
          actor,
          office: period.province_office_id,
          payload: { period_id: period.id, returned_count: count, returned_amount: amount.toString() },
        });
        return { returned_count: count, returned_amount: amount };
      });
    },

    async receipt(id) {
      return toReceipt(
        db,
        found(await repo.findPayout(db, id), 'receipt_not_found', 'receipt', 'Không tìm thấy biên nhận', id),
      );
    },
    async receiptOfLine(lineId) {
      const p = await repo.findPayoutOfLine(db, lineId);
      if (p === undefined)
        throw fail('receipt_not_found', `Line ${lineId} has not been paid`, 'Dòng này chưa được chi trả', {
          id: lineId,
        });
      return toReceipt(db, p);
    },
    async round(id) {
      return toRound(db, await requireRound(db, id));
    },
    async roundLines(id) {
      await requireRound(db, id);
      return (await repo.roundLines(db, id)).map(toLine);
    },
    async reconciliation(periodId) {
      const period = await listRepo.findPeriod(db, periodId);
      if (period === undefined)
        throw fail(
          'period_not_found',
          `No payment period has id ${JSON.stringify(periodId)}`,
          `Không có kỳ chi trả ${periodId}`,
          {
            id: periodId,
          },
        );
      return reconcile(db, periodId, period);
    },
    async rounds(q) {
      return Promise.all((await repo.findRounds(db, q)).map((r) => toRound(db, r)));
    },
  };
}

/**
 * The pension invariants `postcore verify` checks: each office's pensions payable holds exactly what its
 * funded, unpaid lines add up to; the agency's funds at the provinces are passed on in full (zero between
 * commands); every paid line has one receipt of its amount and every receipt one paid line; a postman
 * carries exactly what his open round advanced less what he paid.
 */
export async function pensionInvariants(db: Db): Promise<string[]> {
  const out: string[] = [];
  const owed = new Map((await repo.outstandingByOffice(db)).map((r) => [r.office_id, BigInt(r.amount)]));
  // The chart's own accounts only (an office's, by their known ids): a ledger may hold others of these codes.
  const accounts = (
    await db
      .selectFrom('ledger_account')
      .select(['id', 'office_id', 'code', 'holder_id', 'debits_posted', 'credits_posted'])
      .where('code', 'in', [2011n, 2012n, 1013n])
      .execute()
  ).filter(
    (a) =>
      a.office_id !== null &&
      a.id === `${a.office_id}:${a.code}${a.holder_id === null ? '' : `:${a.holder_id}`}`,
  );
  for (const a of accounts) {
    const balance = BigInt(a.credits_posted) - BigInt(a.debits_posted);
    if (Number(a.code) === 2012 && balance !== (owed.get(a.office_id ?? '') ?? 0n))
      out.push(
        `pensions payable ${a.id} holds ${balance} but its unpaid funded lines add up to ${owed.get(a.office_id ?? '') ?? 0n}`,
      );
    if (Number(a.code) === 2011 && balance !== 0n) out.push(`agency funds ${a.id} hold ${balance}, not 0`);
  }
  const bad = await db
    .selectFrom('pension_line as l')
    .leftJoin('pension_payout as p', 'p.line_id', 'l.id')
    .select(['l.id', 'l.status', 'l.amount', 'p.id as receipt', 'p.amount as paid'])
    .where((eb) =>
      eb.or([
        eb.and([
          eb('l.status', 'in', ['paid', 'recovery']),
          eb.or([eb('p.id', 'is', null), eb('p.amount', '!=', eb.ref('l.amount'))]),
        ]),
        eb.and([eb('l.status', 'not in', ['paid', 'recovery']), eb('p.id', 'is not', null)]),
      ]),
    )
    .limit(10)
    .execute();
  for (const b of bad)
    out.push(`pension line ${b.id} is ${b.status} with receipt ${b.receipt ?? 'none'} of ${b.paid ?? 0}`);
  const orphans = await db
    .selectFrom('pension_payout as p')
    .leftJoin('pension_line as l', 'l.id', 'p.line_id')
    .select('p.id')
    .where('l.id', 'is', null)
    .limit(10)
    .execute();
  for (const o of orphans) out.push(`receipt ${o.id} pays no line`);
  const carried = new Map<string, bigint>();
  for (const r of await repo.findRounds(db, { status: 'open' })) {
    const paid = (await repo.findPayouts(db, r.id)).reduce((s, x) => s + BigInt(x.amount), 0n);
    const key = accountId(r.office_id, 'cash_in_transit', r.postman_id);
    carried.set(key, (carried.get(key) ?? 0n) + BigInt(r.advance) - paid);
  }
  for (const a of accounts)
    if (Number(a.code) === 1013) {
      const cash = BigInt(a.debits_posted) - BigInt(a.credits_posted);
      if (cash !== (carried.get(a.id) ?? 0n))
        out.push(`postman cash ${a.id} holds ${cash} but open rounds account for ${carried.get(a.id) ?? 0n}`);
    }
  return out;
}
