// A pension line paid in cash from a clerk's open till, at the counter or at a commune point.
import { accountId, TRANSFER_CODES } from '../chart/index.ts';
import { FinanceError } from '../finance-error.ts';
import { findOwnOpenTill } from '../tills/index.ts';
import { PAYABLE, type LineState } from './payout.events.ts';
import type { PayoutContext } from './payout.context.ts';
import type { Payouts, PayoutsDeps } from './payout.types.ts';

/** Pays a line at a counter or a commune point. */
export function counterJobs(deps: PayoutsDeps, ctx: PayoutContext): Pick<Payouts, 'pay'> {
  const { journal } = deps;
  const { today, firstReceipt, requireLine, repeated, notPayable, requirePeriod, payLine, answer } = ctx;
  return {
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
          throw new FinanceError(
            'outside_schedule',
            `Commune payment points pay lines of the point channel from ${period.points_from} until ${period.counters_from}`,
            `Điểm chi trả xã chỉ chi các dòng chi tại điểm, từ ${period.points_from} đến trước ${period.counters_from}`,
            { points_from: period.points_from, counters_from: period.counters_from },
          );
        if (input.place === 'counter' && (day < period.counters_from! || day > period.close_on!))
          throw new FinanceError(
            'outside_schedule',
            `Counters pay ${period.id} from ${period.counters_from} to ${period.close_on}: ask the person to come back then; the provincial post (role provincial_manager) sets the schedule`,
            `Quầy chi trả kỳ này từ ${period.counters_from} đến ${period.close_on}: hẹn người hưởng quay lại trong thời gian đó; lịch do bưu điện tỉnh quyết định`,
            { counters_from: period.counters_from, close_on: period.close_on },
          );
        const session = await findOwnOpenTill(trx, input.session_id, actor);
        if (input.office_province !== period.province_code)
          throw new FinanceError(
            'wrong_province',
            `Period ${period.id} is paid in province ${period.province_code} only: send the person to a post office of that province`,
            `Người hưởng thuộc danh sách của tỉnh khác (mã ${period.province_code}): không chi tại đây, hướng dẫn người hưởng đến bưu cục của tỉnh đó`,
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
  };
}
