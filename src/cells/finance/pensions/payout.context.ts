// What the pension payout jobs share: the period, line and round each command needs, the receipt and
// round as the API returns them, a line paid from a cash account, and a keyed request's first answer.
import type { z } from 'zod';
import type { RequestKey } from '../../../journal/index.ts';
import { found } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { vndInWords } from '../../../platform/money.ts';
import { accountId } from '../chart/index.ts';
import { FinanceError } from '../finance-error.ts';
import type { FinanceTables } from '../finance-tables.ts';
import { postTransfers, type TransferInput } from '../ledger/index.ts';
import { vietnamDay } from '../tills/index.ts';
import { linePaid, type LineState } from './payout.events.ts';
import type { linePaidSchema } from './payout.schemas.ts';
import * as repo from './payout.repository.ts';
import type { Identity, PayoutsDeps, Receipt, Round } from './payout.types.ts';
import * as listRepo from './pension.repository.ts';
import type { Kysely } from '../../../storage/index.ts';

export type Db = Kysely<FinanceTables>;
export type LineRow = FinanceTables['pension_line'];

export const STATE_VI: Record<LineState, string> = {
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

/** The refusal of a period id that names no period. */
export const noSuchPeriod = (id: string) => () =>
  new FinanceError(
    'period_not_found',
    `No payment period has id ${JSON.stringify(id)}`,
    `Không có kỳ chi trả ${id}`,
    {
      id,
    },
  );

/** The helpers of every payout job, over the payouts' dependencies. */
export function createPayoutContext(deps: PayoutsDeps) {
  const { journal, clock, ledger } = deps;
  const today = () => vietnamDay(clock.now());

  const requirePeriod = async (trx: Db, id: string) => {
    const p = found(await listRepo.findPeriod(trx, id), noSuchPeriod(id));
    if (p.status !== 'open')
      throw new FinanceError('period_closed', `Period ${id} is closed`, 'Kỳ chi trả đã đóng', { id });
    return p;
  };
  const requireLine = async (trx: Db, id: string) =>
    found(
      await repo.findLine(trx, id),
      () =>
        new FinanceError(
          'line_not_found',
          `No pension line has id ${JSON.stringify(id)}`,
          'Không tìm thấy dòng chi trả',
          {
            id,
          },
        ),
    );
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
      () =>
        new FinanceError(
          'round_not_found',
          `No home round has id ${JSON.stringify(id)}`,
          'Không tìm thấy chuyến chi tại nhà',
          { id },
        ),
    );
  /** The office whose pensions-payable account holds the line's money. */
  const fundedOffice = async (trx: Db, line: LineRow): Promise<string> => {
    const a = await repo.findAllocation(trx, line.period_id, line.list_sha256, line.office_postcode);
    if (a === undefined)
      throw new FinanceError(
        'line_not_payable',
        `Line ${line.id} is not funded yet: the agency's money for its list has not come`,
        'Dòng này chưa có kinh phí từ BHXH: chưa thể chi trả',
        { id: line.id, status: line.status },
      );
    return a.office_id;
  };
  const notPayable = (line: LineRow, where: string) =>
    new FinanceError(
      line.status === 'paid' ? 'line_already_paid' : 'line_not_payable',
      line.status === 'paid'
        ? `Line ${line.id} is already paid (receipt ${line.receipt_id ?? ''}): it cannot be paid ${where}; show the receipt, and if the person says they were not paid, the office manager (role office_manager) looks into it`
        : `Line ${line.id} is ${line.status}: it cannot be paid ${where}; the provincial post (role provincial_manager) can say why`,
      line.status === 'paid'
        ? `Dòng này đã được chi trả (biên nhận ${line.receipt_id ?? ''}): không chi lại. Nếu người hưởng nói chưa nhận, báo trưởng bưu cục kiểm tra`
        : `Không thể chi dòng này: ${STATE_VI[line.status as LineState] ?? line.status}. Liên hệ bưu điện tỉnh để biết lý do`,
      { id: line.id, status: line.status, receipt_id: line.receipt_id },
    );
  /** The CCCD presented is the person's, or their proxy's with an authorisation still valid today. */
  const checkIdentity = (line: LineRow, who: Identity): { name: string; cccd: string } => {
    const cccd = who.cccd.trim();
    if (who.recipient === 'self') {
      if (cccd !== line.cccd)
        throw new FinanceError(
          'identity_mismatch',
          'The CCCD presented is not the one on the list',
          'Số CCCD xuất trình không khớp với danh sách: không chi trả',
          { field: 'cccd' },
        );
      return { name: line.full_name, cccd };
    }
    if (line.proxy_cccd === null || line.proxy_name === null || line.proxy_until === null)
      throw new FinanceError(
        'identity_mismatch',
        'This person has no registered proxy',
        'Người hưởng không đăng ký người nhận thay: chỉ chi cho chính người hưởng',
        { field: 'recipient' },
      );
    if (cccd !== line.proxy_cccd)
      throw new FinanceError(
        'identity_mismatch',
        "The CCCD presented is not the registered proxy's",
        'Số CCCD xuất trình không phải của người được ủy quyền nhận thay',
        { field: 'cccd' },
      );
    if (line.proxy_until < today())
      throw new FinanceError(
        'proxy_expired',
        `The proxy's authorisation ended on ${line.proxy_until}: do not pay the proxy; the pensioner comes in person, or registers a new authorisation with the social insurance agency (BHXH)`,
        `Giấy ủy quyền đã hết hạn ngày ${line.proxy_until}: không chi cho người nhận thay. Người hưởng tự đến nhận, hoặc làm ủy quyền mới với cơ quan BHXH`,
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
    today,
    requirePeriod,
    requireLine,
    toReceipt,
    toRound,
    requireRound,
    fundedOffice,
    notPayable,
    repeated,
    payLine,
    transfer,
    answer,
    firstReceipt,
    firstRound,
  };
}

/** The payout jobs' shared helpers. */
export type PayoutContext = ReturnType<typeof createPayoutContext>;
