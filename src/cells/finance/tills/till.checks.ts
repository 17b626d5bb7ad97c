// The till session a clerk works from: what every command that takes or pays cash at a counter checks first.
import type { Kysely } from '../../../storage/index.ts';
import { FinanceError } from '../finance-error.ts';
import type { FinanceTables } from '../finance-tables.ts';
import * as repo from './till.repository.ts';

/**
 * The session a clerk works from, refused unless it exists, is hers and is open: what every command that
 * takes or pays cash at a counter checks first.
 */
export function checkOwnOpenTill<S extends { id: string; clerk_id: string; status: string }>(
  session: S | undefined,
  id: string,
  clerk: string,
): S {
  if (session === undefined)
    throw new FinanceError(
      'till_not_found',
      `No till session has id ${JSON.stringify(id)}`,
      'Không tìm thấy phiên quầy',
      {
        id,
      },
    );
  if (session.clerk_id !== clerk)
    throw new FinanceError(
      'not_your_till',
      `Till session ${session.id} belongs to another clerk`,
      'Phiên quầy này thuộc giao dịch viên khác',
      { id: session.id },
    );
  if (session.status !== 'open')
    throw new FinanceError(
      'till_not_open',
      session.status === 'opening'
        ? `Till session ${session.id} is waiting for its float to be confirmed: the office manager (role office_manager) confirms the move from the vault, then try again`
        : `Till session ${session.id} is ${session.status}: the clerk opens a till (a counted float, confirmed by the office manager) and works from it`,
      session.status === 'opening'
        ? 'Quầy đang chờ xác nhận quỹ đầu ca: trưởng bưu cục xác nhận lệnh chuyển tiền từ két, rồi thực hiện lại'
        : 'Quầy chưa mở hoặc đã đóng: giao dịch viên mở quầy với quỹ đầu ca (trưởng bưu cục xác nhận), rồi thực hiện lại',
      { id: session.id, status: session.status },
    );
  return session;
}

/** The clerk's own open till session, read in the caller's transaction: refused as checkOwnOpenTill does. */
export async function findOwnOpenTill(
  trx: Kysely<FinanceTables>,
  id: string,
  clerk: string,
): Promise<repo.SessionRow> {
  return checkOwnOpenTill(await repo.findSession(trx, id), id, clerk);
}
