// The pension payout jobs of a period as a whole: the agency's money for a list, the bank run, the agency's
// stop-payments, the close that returns what is unpaid, and the reconciliation.
import { newId } from '../../../platform/ids.ts';
import { found } from '../../../platform/errors.ts';
import { accountId, TRANSFER_CODES } from '../chart/index.ts';
import { FinanceError } from '../finance-error.ts';
import {
  bankRun,
  lineStopped,
  listFunded,
  OUTSTANDING,
  periodClosed,
  STOPPABLE,
  type LineState,
} from './payout.events.ts';
import { noSuchPeriod, type PayoutContext } from './payout.context.ts';
import * as repo from './payout.repository.ts';
import type { Funding, Payouts, PayoutsDeps } from './payout.types.ts';
import * as listRepo from './pension.repository.ts';
import { reconcile } from './reconciliation.ts';

/** Funding, the bank run, stops, the close and the reconciliation of a period. */
export function periodJobs(
  deps: PayoutsDeps,
  ctx: PayoutContext,
): Pick<Payouts, 'fund' | 'payBankTransfers' | 'stop' | 'closePeriod' | 'reconciliation'> {
  const { db, journal } = deps;
  const { today, requirePeriod, transfer } = ctx;
  return {
    async fund(input, directory, actor) {
      const reference = input.reference.trim();
      if (reference.length < 1 || reference.length > 100)
        throw new FinanceError(
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
          throw new FinanceError(
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
          throw new FinanceError(
            'office_not_found',
            `Province ${period.province_code} has no open provincial post to receive the funds`,
            'Tỉnh chưa có bưu điện tỉnh đang hoạt động để nhận kinh phí',
            { province_code: period.province_code },
          );
        const sums = await repo.sumsByPostcode(trx, period.id, list.sha256);
        const allocations = sums.map((s) => {
          const office = directory.offices.get(s.office_postcode);
          if (office === undefined || office.status !== 'open')
            throw new FinanceError(
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
          throw new FinanceError(
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
          throw new FinanceError(
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

    async stop(input, actor) {
      const reference = input.reference.trim();
      if (reference.length < 1 || reference.length > 100)
        throw new FinanceError(
          'invalid_payout',
          "reference must be the agency's notice number",
          'Cần số văn bản báo giảm của BHXH',
          {
            field: 'reference',
          },
        );
      if (!/^\d{4}-\d{2}-\d{2}$/.test(input.effective_date))
        throw new FinanceError(
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
          throw new FinanceError(
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
          throw new FinanceError(
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
          throw new FinanceError(
            'outside_schedule',
            `Period ${period.id} pays until ${period.close_on}; close it after that day`,
            `Kỳ chi trả còn chi đến hết ${period.close_on}: chỉ đóng sau ngày này`,
            { close_on: period.close_on },
          );
        const open = await repo.findRounds(trx, { periodId: period.id, status: 'open' });
        if (open.length > 0)
          throw new FinanceError(
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

    async reconciliation(periodId) {
      const period = found(await listRepo.findPeriod(db, periodId), noSuchPeriod(periodId));
      return reconcile(db, periodId, period);
    },
  };
}
