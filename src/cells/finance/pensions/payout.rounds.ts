// Home rounds: a postman takes lines and their cash from the office's vault, pays at home with the
// recipient's signature or photo, and brings the unpaid cash back to be counted by someone else.
import { formatVnd } from '../../../platform/money.ts';
import { newId } from '../../../platform/ids.ts';
import { accountId, chartAccount, TRANSFER_CODES } from '../chart/index.ts';
import { FinanceError } from '../finance-error.ts';
import { findAccount } from '../ledger/index.ts';
import { roundClosed, roundOpened, type LineState } from './payout.events.ts';
import { STATE_VI, type PayoutContext } from './payout.context.ts';
import * as repo from './payout.repository.ts';
import { HOME_AGE, type Payouts, type PayoutsDeps } from './payout.types.ts';
import { toLine } from './pension.service.ts';

/** Opens, pays and closes home rounds, and reads them. */
export function roundJobs(
  deps: PayoutsDeps,
  ctx: PayoutContext,
): Pick<Payouts, 'openRound' | 'payAtHome' | 'closeRound' | 'round' | 'roundLines' | 'rounds'> {
  const { db, journal, ledger } = deps;
  const {
    today,
    firstRound,
    firstReceipt,
    requirePeriod,
    requireLine,
    requireRound,
    fundedOffice,
    repeated,
    notPayable,
    payLine,
    transfer,
    toRound,
    answer,
  } = ctx;
  return {
    async openRound(input, actor, request) {
      if (input.postman_id === actor)
        throw new FinanceError(
          'same_person',
          "A postman's cash advance is handed over by someone else",
          'Người giao tiền cho bưu tá phải là người khác',
          { field: 'postman_id' },
        );
      const ids = [...new Set(input.line_ids)];
      if (ids.length < 1 || ids.length > 500 || ids.length !== input.line_ids.length)
        throw new FinanceError(
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
          throw new FinanceError(
            'outside_schedule',
            `Home rounds of ${period.id} run from ${period.points_from} to ${period.close_on}`,
            `Chi tại nhà kỳ này từ ${period.points_from} đến ${period.close_on}`,
            { points_from: period.points_from, close_on: period.close_on },
          );
        const busy = await repo.findRounds(trx, { officeId: input.office_id, status: 'open' });
        if (busy.some((r) => r.postman_id === input.postman_id))
          throw new FinanceError(
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
            throw new FinanceError(
              'line_not_payable',
              `${where}: line ${id} is ${line.period_id === period.id ? line.status : `in period ${line.period_id}`}: only lines waiting at the office go on a round`,
              `Dòng ${i + 1}: ${STATE_VI[line.status as LineState] ?? line.status}`,
              { field: where, status: line.status },
            );
          if ((await fundedOffice(trx, line)) !== input.office_id)
            throw new FinanceError(
              'line_not_payable',
              `${where}: line ${id} is paid by office ${line.office_postcode}, not this one`,
              `Dòng ${i + 1} thuộc bưu cục ${line.office_postcode}`,
              { field: where },
            );
          if (line.channel !== 'TAI_NHA' && year - Number(line.birth_year) < HOME_AGE)
            throw new FinanceError(
              'not_eligible_for_home',
              `${where}: ${line.full_name} is under ${HOME_AGE} and not registered for payment at home`,
              `Dòng ${i + 1}: người hưởng dưới ${HOME_AGE} tuổi và không đăng ký chi tại nhà`,
              { field: where },
            );
          advance += BigInt(line.amount);
        }
        const vault = await findAccount(trx, accountId(input.office_id, 'vault_cash'));
        if (vault === undefined)
          throw new FinanceError(
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
        throw new FinanceError(
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
          throw new FinanceError(
            'not_your_round',
            `Round ${round.id} belongs to another postman`,
            'Chuyến chi này của bưu tá khác',
            {
              id: round.id,
            },
          );
        const line = await requireLine(trx, input.line_id);
        if (line.round_id !== round.id)
          throw new FinanceError(
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
          throw new FinanceError(
            'round_not_open',
            `Round ${round.id} is closed: its unpaid lines wait at the office, where the counter pays them or the office manager (role office_manager) puts them on a new round`,
            'Chuyến chi đã quyết toán: các dòng chưa chi chờ tại bưu cục, chi tại quầy hoặc trưởng bưu cục giao vào chuyến chi mới',
            {
              id: round.id,
            },
          );
        if (line.status !== 'on_round') throw notPayable(line, 'at home');
        const period = await requirePeriod(trx, line.period_id);
        if (today() > period.close_on!)
          throw new FinanceError(
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
        throw new FinanceError(
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
          throw new FinanceError(
            'round_not_open',
            `Round ${round.id} is closed already`,
            'Chuyến chi đã quyết toán',
            {
              id: round.id,
            },
          );
        if (round.postman_id === actor)
          throw new FinanceError(
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
          throw new FinanceError(
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

    async round(id) {
      return toRound(db, await requireRound(db, id));
    },
    async roundLines(id) {
      await requireRound(db, id);
      return (await repo.roundLines(db, id)).map(toLine);
    },
    async rounds(q) {
      return Promise.all((await repo.findRounds(db, q)).map((r) => toRound(db, r)));
    },
  };
}
