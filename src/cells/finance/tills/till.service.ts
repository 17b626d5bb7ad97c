import type { Kysely } from '../../../storage/index.ts';
import { vietnamDay } from '../../../platform/clock.ts';
import { newId } from '../../../platform/ids.ts';
import { formatVnd } from '../../../platform/money.ts';
import { accountId, chartAccount, TRANSFER_CODES } from '../chart/index.ts';
import { FinanceError } from '../finance-error.ts';
import type { FinanceTables } from '../finance-tables.ts';
import { findAccount, postTransfers, toAccount, type TransferInput } from '../ledger/index.ts';
import { parseCashCount } from './cash.ts';
import { closeRequested, movementDecided, movementRequested, tillClosed, tillOpened } from './till.events.ts';
import * as repo from './till.repository.ts';
import { checkOwnOpenTill } from './till.checks.ts';
import {
  VARIANCE_APPROVAL_THRESHOLD,
  type TillMovement,
  type Tills,
  type TillsDeps,
  type TillSession,
} from './till.types.ts';

/** Re-exported where the tills' callers have always found it. */
export { vietnamDay };

function toMovement(r: repo.MovementRow): TillMovement {
  return {
    ...r,
    direction: r.direction as TillMovement['direction'],
    amount: BigInt(r.amount),
    denominations: JSON.parse(r.denominations) as Record<string, number>,
    status: r.status as TillMovement['status'],
  };
}

/** Creates the cash tills of the finance cell. */
export function createTills(deps: TillsDeps): Tills {
  const { db, journal, clock, ledger, requests } = deps;

  const toSession = async (trx: Kysely<FinanceTables>, r: repo.SessionRow): Promise<TillSession> => {
    const till = await findAccount(trx, accountId(r.office_id, 'till_cash', r.clerk_id));
    const a = till === undefined ? undefined : toAccount(till);
    return {
      ...r,
      status: r.status as TillSession['status'],
      float_amount: BigInt(r.float_amount),
      float_denominations: JSON.parse(r.float_denominations) as Record<string, number>,
      counted_amount: r.counted_amount === null ? null : BigInt(r.counted_amount),
      counted_denominations:
        r.counted_denominations === null
          ? null
          : (JSON.parse(r.counted_denominations) as Record<string, number>),
      expected_amount: r.expected_amount === null ? null : BigInt(r.expected_amount),
      variance: r.variance === null ? null : BigInt(r.variance),
      cash: a === undefined ? 0n : a.debits_posted - a.credits_posted,
    };
  };
  const requireSession = async (trx: Kysely<FinanceTables>, id: string): Promise<repo.SessionRow> => {
    const row = await repo.findSession(trx, id);
    if (row === undefined)
      throw new FinanceError(
        'till_not_found',
        `No till session has id ${JSON.stringify(id)}`,
        `Không tìm thấy phiên quầy ${id}`,
        { id },
      );
    return row;
  };
  const requireStatus = (s: repo.SessionRow, status: string, en: string, vi: string) => {
    if (s.status !== status)
      throw new FinanceError(
        'till_not_open',
        `Till session ${s.id} is ${s.status}: ${en}`,
        `Phiên quầy đang ở trạng thái ${s.status}: ${vi}`,
        {
          id: s.id,
          status: s.status,
        },
      );
  };
  const requireMovement = async (trx: Kysely<FinanceTables>, id: string): Promise<repo.MovementRow> => {
    const row = await repo.findMovement(trx, id);
    if (row === undefined)
      throw new FinanceError(
        'movement_not_found',
        `No cash move has id ${JSON.stringify(id)}`,
        `Không tìm thấy lệnh chuyển tiền ${id}`,
        {
          id,
        },
      );
    return row;
  };
  /** Only a till's own clerk moves its cash and counts it up. */
  const requireClerk = (s: repo.SessionRow, actor: string) => {
    if (s.clerk_id !== actor)
      throw new FinanceError(
        'not_your_till',
        `Till session ${s.id} belongs to another clerk`,
        'Phiên quầy này thuộc giao dịch viên khác',
        { id: s.id },
      );
  };
  const transfer = (trx: Kysely<FinanceTables>, transfers: TransferInput[], actor: string, office: string) =>
    postTransfers(ledger, trx, transfers, actor, office);

  return {
    async open(input, actor, request) {
      const count = parseCashCount(input);
      if (count.amount <= 0n)
        throw new FinanceError(
          'invalid_cash_count',
          'A till opens with a float above zero',
          'Quỹ đầu ca phải lớn hơn 0',
          { field: 'amount' },
        );
      return journal.transaction(async (trx) => {
        // A retry of the same request is answered with what the first one did: the float's move.
        const first = await requests.first(trx, request);
        if (first !== null) {
          const movement = (await repo.findMovement(trx, first))!;
          return {
            session: await toSession(trx, (await repo.findSession(trx, movement.session_id))!),
            movement: toMovement(movement),
          };
        }
        const open = await repo.findUnclosed(trx, input.clerk_id);
        if (open !== undefined)
          throw new FinanceError(
            'till_already_open',
            `Clerk ${input.clerk_id} already has till session ${open.id} (${open.status}): close it first`,
            'Giao dịch viên đang có một phiên quầy chưa đóng: hãy đóng phiên đó trước',
            { id: open.id },
          );
        const vaultId = accountId(input.office_id, 'vault_cash');
        const vault = await findAccount(trx, vaultId);
        if (vault === undefined)
          throw new FinanceError(
            'account_not_found',
            `Office ${input.office_id} has no vault account: only post offices and provincial posts keep cash`,
            'Đơn vị này không có két tiền mặt',
            { office_id: input.office_id },
          );
        const tillId = accountId(input.office_id, 'till_cash', input.clerk_id);
        if ((await findAccount(trx, tillId)) === undefined) {
          const officeName = vault.name.split(' — ').slice(1).join(' — ');
          await ledger.openAccountsIn(
            trx,
            [
              chartAccount(input.office_id, officeName, 'till_cash', {
                id: input.clerk_id,
                name: input.clerk_name,
              }),
            ],
            actor,
            input.office_id,
          );
        }
        const sessionId = newId('til');
        const movementId = newId('mov');
        await journal.append(trx, tillOpened, {
          stream: sessionId,
          actor,
          office: input.office_id,
          payload: {
            id: sessionId,
            office_id: input.office_id,
            clerk_id: input.clerk_id,
            day: vietnamDay(clock.now()),
            float_amount: count.amount.toString(),
            float_denominations: count.denominations,
          },
        });
        const transferId = `till:${movementId}`;
        await transfer(
          trx,
          [
            {
              id: transferId,
              debit_account_id: tillId,
              credit_account_id: vaultId,
              amount: count.amount,
              code: TRANSFER_CODES.till_float,
              flags: ['pending'],
              ref: sessionId,
            },
          ],
          actor,
          input.office_id,
        );
        await journal.append(trx, movementRequested, {
          stream: sessionId,
          actor,
          office: input.office_id,
          payload: {
            id: movementId,
            session_id: sessionId,
            direction: 'to_till',
            amount: count.amount.toString(),
            denominations: count.denominations,
            maker_id: actor,
            transfer_id: transferId,
          },
        });
        await requests.answered(trx, request, movementId, { actor, office: input.office_id });
        return {
          session: await toSession(trx, (await repo.findSession(trx, sessionId))!),
          movement: toMovement((await repo.findMovement(trx, movementId))!),
        };
      });
    },

    async requestMove(sessionId, input, actor, request) {
      const count = parseCashCount(input);
      if (count.amount <= 0n)
        throw new FinanceError(
          'invalid_cash_count',
          'A move must carry cash above zero',
          'Số tiền chuyển phải lớn hơn 0',
          { field: 'amount' },
        );
      if (input.direction !== 'to_till' && input.direction !== 'to_vault')
        throw new FinanceError(
          'invalid_cash_count',
          'direction must be to_till or to_vault',
          'Hướng chuyển phải là to_till hoặc to_vault',
          { field: 'direction' },
        );
      return journal.transaction(async (trx) => {
        const first = await requests.first(trx, request);
        if (first !== null) return toMovement((await repo.findMovement(trx, first))!);
        const s = await requireSession(trx, sessionId);
        requireStatus(
          s,
          'open',
          'cash moves only while the till is open',
          'chỉ chuyển tiền khi quầy đang mở',
        );
        requireClerk(s, actor);
        const tillId = accountId(s.office_id, 'till_cash', s.clerk_id);
        const vaultId = accountId(s.office_id, 'vault_cash');
        const movementId = newId('mov');
        const transferId = `till:${movementId}`;
        const [debit, credit] = input.direction === 'to_till' ? [tillId, vaultId] : [vaultId, tillId];
        await transfer(
          trx,
          [
            {
              id: transferId,
              debit_account_id: debit,
              credit_account_id: credit,
              amount: count.amount,
              code: TRANSFER_CODES.till_move,
              flags: ['pending'],
              ref: s.id,
            },
          ],
          actor,
          s.office_id,
        );
        await journal.append(trx, movementRequested, {
          stream: s.id,
          actor,
          office: s.office_id,
          payload: {
            id: movementId,
            session_id: s.id,
            direction: input.direction,
            amount: count.amount.toString(),
            denominations: count.denominations,
            maker_id: actor,
            transfer_id: transferId,
          },
        });
        await requests.answered(trx, request, movementId, { actor, office: s.office_id });
        return toMovement((await repo.findMovement(trx, movementId))!);
      });
    },

    async decideMove(movementId, decision, checker, request) {
      return journal.transaction(async (trx) => {
        const first = await requests.first(trx, request);
        if (first !== null) return toMovement((await repo.findMovement(trx, first))!);
        const row = await requireMovement(trx, movementId);
        if (row.status !== 'pending')
          throw new FinanceError(
            'movement_already_decided',
            `Cash move ${movementId} was already ${row.status}`,
            'Lệnh chuyển tiền này đã được xử lý',
            {
              id: movementId,
              status: row.status,
            },
          );
        if (row.maker_id === checker)
          throw new FinanceError(
            'same_person',
            'The person who asked for a cash move cannot confirm it: a second person must',
            'Người lập lệnh không được tự xác nhận: cần người thứ hai kiểm soát',
            { id: movementId },
          );
        const reason =
          typeof decision.reason === 'string' && decision.reason.trim() !== ''
            ? decision.reason.trim()
            : null;
        if (!decision.confirm && reason === null)
          throw new FinanceError(
            'variance_reason_required',
            'A rejected cash move needs a reason',
            'Hãy ghi lý do từ chối',
            { field: 'reason' },
          );
        const s = (await repo.findSession(trx, row.session_id))!;
        await transfer(
          trx,
          [
            {
              id: `${row.transfer_id}:${decision.confirm ? 'post' : 'void'}`,
              pending_id: row.transfer_id,
              code: TRANSFER_CODES.till_move,
              flags: [decision.confirm ? 'post_pending_transfer' : 'void_pending_transfer'],
              ref: s.id,
            },
          ],
          checker,
          s.office_id,
        );
        await journal.append(trx, movementDecided, {
          stream: s.id,
          actor: checker,
          office: s.office_id,
          payload: {
            id: movementId,
            decision: decision.confirm ? 'confirmed' : 'rejected',
            checker_id: checker,
            reason,
          },
        });
        await requests.answered(trx, request, movementId, { actor: checker, office: s.office_id });
        return toMovement((await repo.findMovement(trx, movementId))!);
      });
    },

    async requestClose(sessionId, input, actor, request) {
      const count = parseCashCount(input);
      return journal.transaction(async (trx) => {
        const first = await requests.first(trx, request);
        if (first !== null) return toSession(trx, (await repo.findSession(trx, first))!);
        const s = await requireSession(trx, sessionId);
        // A till already counted up may be counted again (a recount) until its close is confirmed.
        if (s.status !== 'closing')
          requireStatus(s, 'open', 'only an open till can be counted up', 'chỉ kiểm quỹ khi quầy đang mở');
        requireClerk(s, actor);
        if ((await repo.findMovements(trx, s.id)).some((m) => m.status === 'pending'))
          throw new FinanceError(
            'till_has_pending_movements',
            `Till session ${s.id} has cash moves awaiting their checker: have them confirmed or rejected first`,
            'Còn lệnh chuyển tiền chưa được xác nhận: hãy xử lý trước khi kiểm quỹ',
            { id: s.id },
          );
        const expected = (await toSession(trx, s)).cash;
        const variance = count.amount - expected;
        const reason =
          typeof input.reason === 'string' && input.reason.trim() !== '' ? input.reason.trim() : null;
        if (variance !== 0n && reason === null)
          throw new FinanceError(
            'variance_reason_required',
            `The count is ${variance > 0n ? 'over' : 'short'} by ${formatVnd(variance < 0n ? -variance : variance)}: give the reason`,
            `Quỹ ${variance > 0n ? 'thừa' : 'thiếu'} ${formatVnd(variance < 0n ? -variance : variance)}: hãy ghi rõ lý do`,
            { field: 'reason', variance: variance.toString() },
          );
        await journal.append(trx, closeRequested, {
          stream: s.id,
          actor,
          office: s.office_id,
          payload: {
            session_id: s.id,
            counted_amount: count.amount.toString(),
            counted_denominations: count.denominations,
            expected_amount: expected.toString(),
            variance: variance.toString(),
            reason,
          },
        });
        await requests.answered(trx, request, s.id, { actor, office: s.office_id });
        return toSession(trx, (await repo.findSession(trx, s.id))!);
      });
    },

    async confirmClose(sessionId, checker, request) {
      return journal.transaction(async (trx) => {
        const first = await requests.first(trx, request);
        if (first !== null) return toSession(trx, (await repo.findSession(trx, first))!);
        const s = await requireSession(trx, sessionId);
        requireStatus(s, 'closing', 'the clerk must count up first', 'giao dịch viên cần kiểm quỹ trước');
        if (s.clerk_id === checker.id)
          throw new FinanceError(
            'same_person',
            'A clerk cannot confirm the close of their own till',
            'Giao dịch viên không được tự xác nhận đóng quầy của mình',
            {
              id: s.id,
            },
          );
        const variance = BigInt(s.variance!);
        const counted = BigInt(s.counted_amount!);
        // The variance was worked out against the balance at the cash-up; if the till moved since, recount.
        if ((await toSession(trx, s)).cash !== BigInt(s.expected_amount!))
          throw new FinanceError(
            'till_not_open',
            `Till session ${s.id} changed since its cash-up: count it up again`,
            'Số dư quầy đã thay đổi sau khi kiểm quỹ: hãy kiểm quỹ lại',
            { id: s.id },
          );
        if ((variance < 0n ? -variance : variance) > VARIANCE_APPROVAL_THRESHOLD && !checker.manager)
          throw new FinanceError(
            'variance_needs_manager',
            `A variance of ${formatVnd(variance)} is above ${formatVnd(VARIANCE_APPROVAL_THRESHOLD)}: the office manager must approve the close`,
            `Chênh lệch ${formatVnd(variance)} vượt ${formatVnd(VARIANCE_APPROVAL_THRESHOLD)}: trưởng bưu cục phải phê duyệt`,
            { variance: variance.toString() },
          );
        const tillId = accountId(s.office_id, 'till_cash', s.clerk_id);
        const vaultId = accountId(s.office_id, 'vault_cash');
        const overShortId = accountId(s.office_id, 'over_short');
        const back: TransferInput | null =
          counted > 0n
            ? {
                id: `till:${s.id}:return`,
                debit_account_id: vaultId,
                credit_account_id: tillId,
                amount: counted,
                code: TRANSFER_CODES.till_return,
                ref: s.id,
              }
            : null;
        const diff: TransferInput | null =
          variance === 0n
            ? null
            : variance > 0n
              ? {
                  id: `till:${s.id}:variance`,
                  debit_account_id: tillId,
                  credit_account_id: overShortId,
                  amount: variance,
                  code: TRANSFER_CODES.till_variance,
                  ref: s.id,
                }
              : {
                  id: `till:${s.id}:variance`,
                  debit_account_id: overShortId,
                  credit_account_id: tillId,
                  amount: -variance,
                  code: TRANSFER_CODES.till_variance,
                  ref: s.id,
                };
        // Over: the excess is recognised before the cash goes back; short: the cash goes back, then the
        // shortfall is written off. Either way the till ends at zero, in one linked chain.
        const chain = (variance > 0n ? [diff, back] : [back, diff]).filter(
          (t): t is TransferInput => t !== null,
        );
        chain.forEach((t, i) => {
          if (i < chain.length - 1) t.flags = ['linked'];
        });
        if (chain.length > 0) await transfer(trx, chain, checker.id, s.office_id);
        await journal.append(trx, tillClosed, {
          stream: s.id,
          actor: checker.id,
          office: s.office_id,
          payload: { session_id: s.id, checker_id: checker.id },
        });
        await requests.answered(trx, request, s.id, { actor: checker.id, office: s.office_id });
        return toSession(trx, (await repo.findSession(trx, s.id))!);
      });
    },

    async get(sessionId) {
      return toSession(db, await requireSession(db, sessionId));
    },
    async ownOpen(sessionId, clerk) {
      return toSession(db, checkOwnOpenTill(await repo.findSession(db, sessionId), sessionId, clerk));
    },
    async sessionOfMovement(movementId) {
      const m = await requireMovement(db, movementId);
      return toSession(db, await requireSession(db, m.session_id));
    },
    async movements(sessionId) {
      await requireSession(db, sessionId);
      return (await repo.findMovements(db, sessionId)).map(toMovement);
    },
    async list(q) {
      const rows = await repo.findSessions(db, q);
      const out: TillSession[] = [];
      for (const r of rows) out.push(await toSession(db, r));
      return out;
    },
  };
}
