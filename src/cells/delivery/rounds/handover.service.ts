// At the door and at the counter: an item of a round delivered with its proof (and its COD), an attempt
// that failed, and an item held for pick-up handed over at a till.
import type { Kysely } from '../../../storage/index.ts';
import type { RequestKey } from '../../../journal/index.ts';
import { parseCccd } from '../../../platform/cccd.ts';
import { vietnamDay } from '../../../platform/clock.ts';
import { found, isDomainError } from '../../../platform/errors.ts';
import { parseS10 } from '../../../platform/s10.ts';
import { nameText } from '../../../platform/text.ts';
import { DeliveryError } from '../delivery-error.ts';
import type { DeliveryTables } from '../delivery-tables.ts';
import { ACTIONS, findItemRow, REASONS, toItem, type ItemRow } from '../items/index.ts';
import { codCollected, itemAttempted, itemDelivered } from './round.events.ts';
import {
  amountOf,
  bad,
  checkNext,
  findRound,
  type DeliverInput,
  type Rounds,
  type RoundsDeps,
} from './round.model.ts';
import * as repo from './round.repository.ts';

function itemId(raw: string, row?: number): string {
  try {
    return parseS10(raw).id;
  } catch (err) {
    if (isDomainError(err))
      throw new DeliveryError(
        'invalid_delivery',
        `${row === undefined ? '' : `Item ${row}: `}${err.message}`,
        err.messageVi,
        {
          field: 'item',
          ...(row === undefined ? {} : { row }),
        },
      );
    throw err;
  }
}

function reference(field: string, v: unknown): string | null {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string' || !/^(signature|photo|attachment):[A-Za-z0-9._:/-]{1,180}$/.test(v))
    throw bad(
      field,
      'must be a reference like signature:<id> or photo:<sha256>',
      'tham chiếu chữ ký/ảnh không hợp lệ',
    );
  return v;
}

/** Who COD money is owed to. */
const payeeOf = (r: ItemRow) => r.shipper_id ?? `sender:${r.sender_phone}`;

/** The handing-over jobs of the rounds module. */
export function createHandover(deps: RoundsDeps): Pick<Rounds, 'deliver' | 'attempt' | 'collect'> {
  const { journal, requests } = deps;
  const firstItem = async (trx: Kysely<DeliveryTables>, request: RequestKey | undefined) => {
    const first = await requests.first(trx, request);
    return first === null ? undefined : toItem((await findItemRow(trx, first))!);
  };

  const openRoundOf = async (trx: Kysely<DeliveryTables>, id: string, postman: string) => {
    const r = await findRound(trx, id);
    if (r.status !== 'open')
      throw new DeliveryError(
        'round_not_open',
        `Round ${r.id} is closed: items still to deliver go out on a new round, which the postman opens at the office`,
        'Chuyến phát đã đóng: bưu gửi còn lại cần đi trong chuyến phát mới, do bưu tá mở tại bưu cục',
        {},
      );
    if (r.postman_id !== postman)
      throw new DeliveryError(
        'not_on_round',
        `Round ${r.id} is ${r.postman_id}'s, not yours`,
        'Đây không phải chuyến phát của bạn',
        { round: r.id },
      );
    return r;
  };

  /** The proof and COD of one delivery, checked against the item; the events to append. */
  function delivery(r: ItemRow, input: DeliverInput) {
    let name: string;
    try {
      name = nameText(String(input.recipient_name ?? ''));
    } catch (err) {
      if (!isDomainError(err)) throw err;
      throw bad('recipient_name', err.message, `tên người nhận ${err.messageVi}`);
    }
    if (name.length < 1 || name.length > 100)
      throw bad(
        'recipient_name',
        'is required (1 to 100 characters): who took the item',
        'cần ghi tên người nhận hàng',
      );
    const signature = reference('signature', input.signature);
    const photo = reference('photo', input.photo);
    if (signature === null && photo === null)
      throw bad(
        'signature',
        'or photo is required as proof of delivery',
        'cần chữ ký hoặc ảnh làm bằng chứng phát',
      );
    const returning = r.returning === 1n;
    const receiverChecked = checkReceiver(r, input.receiver_cccd, returning);
    let codeChecked = false;
    if (r.code_hash !== null && !returning) {
      if (input.code === undefined || input.code === null || input.code === '')
        throw new DeliveryError(
          'delivery_code_required',
          `${r.id} is high-value: ask the recipient for its 6-digit code`,
          'Bưu gửi giá trị cao: hãy hỏi người nhận mã nhận hàng 6 số',
          { item: r.id },
        );
      if (!deps.items.checkCode(r, String(input.code)))
        throw new DeliveryError(
          'wrong_delivery_code',
          `The code given for ${r.id} is not its delivery code`,
          'Mã nhận hàng không đúng: không giao hàng, hãy liên hệ người nhận',
          { item: r.id },
        );
      codeChecked = true;
    }
    const cod = returning ? 0n : r.cod_amount;
    const collected = amountOf('cod_collected', input.cod_collected);
    if (collected !== cod)
      throw new DeliveryError(
        'cod_mismatch',
        `${r.id} ${cod > 0n ? `carries ${cod} ₫ cash on delivery` : 'has no cash on delivery'}, but ${collected} ₫ was recorded`,
        cod > 0n
          ? `Bưu gửi ${r.id} phải thu ${cod.toLocaleString('vi-VN')} ₫, không phải ${collected.toLocaleString('vi-VN')} ₫`
          : `Bưu gửi ${r.id} không có tiền thu hộ`,
        { item: r.id, expected: cod.toString(), collected: collected.toString() },
      );
    return { name, signature, photo, codeChecked, receiverChecked, cod, returning };
  }

  /**
   * A restricted item goes only to one of the people named when it was accepted, each until its last day: the
   * receiver's CCCD, given at the door or the counter, must be one of theirs. Whether it was checked. An item
   * going back to its sender is handed to the sender, whom no restriction names.
   */
  function checkReceiver(r: ItemRow, raw: unknown, returning: boolean): boolean {
    const now = deps.clock.now();
    let cccd: string | null = null;
    if (raw !== undefined && raw !== null && raw !== '') {
      try {
        cccd = parseCccd(
          typeof raw === 'string' ? raw : JSON.stringify(raw),
          Number(vietnamDay(now).slice(0, 4)),
        ).number;
      } catch (err) {
        if (!isDomainError(err)) throw err;
        throw bad('receiver_cccd', err.message, err.messageVi);
      }
    }
    if (r.restricted_to === null || returning) return false;
    if (cccd === null)
      throw bad(
        'receiver_cccd',
        `is required: ${r.id} may only be handed to the citizen or their authorised representative; enter the CCCD on the card of the person taking it`,
        `Bưu gửi ${r.id} chỉ được giao cho chính công dân hoặc người được uỷ quyền: hãy nhập số CCCD trên thẻ của người nhận`,
      );
    const day = vietnamDay(now);
    const answer = deps.items.checkReceiver(r, cccd, day);
    if (answer !== 'allowed')
      throw new DeliveryError(
        'receiver_not_allowed',
        answer === 'past'
          ? `${r.id} may only be handed to the citizen or their authorised representative: this person's authorisation ended before ${day}; check the CCCD, and do not hand the item over`
          : `${r.id} may only be handed to the citizen or their authorised representative: this CCCD is not one of theirs; check the CCCD, and do not hand the item over`,
        answer === 'past'
          ? `Bưu gửi ${r.id} chỉ được giao cho chính công dân hoặc người được uỷ quyền: giấy uỷ quyền của người này đã hết hạn; hãy kiểm tra CCCD và không giao bưu gửi`
          : `Bưu gửi ${r.id} chỉ được giao cho chính công dân hoặc người được uỷ quyền: số CCCD này không phải của họ; hãy kiểm tra CCCD và không giao bưu gửi`,
        { item: r.id, field: 'receiver_cccd' },
      );
    return true;
  }

  /** Appends a final delivery and, when cash was taken, its COD: by a postman on a round or a clerk at a till. */
  async function record(
    trx: Kysely<DeliveryTables>,
    r: ItemRow,
    d: ReturnType<typeof delivery>,
    by: { office: string; round: string | null; actor: string; postman: string | null; till: string | null },
  ): Promise<void> {
    await journal.append(trx, itemDelivered, {
      stream: r.id,
      actor: by.actor,
      office: by.office,
      payload: {
        item: r.id,
        office: by.office,
        round: by.round,
        recipient_name: d.name,
        signature: d.signature,
        photo: d.photo,
        code_checked: d.codeChecked,
        receiver_checked: d.receiverChecked,
        returning: d.returning,
      },
    });
    if (d.cod > 0n)
      await journal.append(trx, codCollected, {
        stream: r.id,
        actor: by.actor,
        office: by.office,
        payload: {
          item: r.id,
          office: by.office,
          amount: d.cod.toString(),
          payee: payeeOf(r),
          round: by.round,
          postman: by.postman,
          till_session_id: by.till,
          clerk: by.postman === null ? by.actor : null,
        },
      });
  }

  return {
    async deliver(roundId, input, postman, request) {
      const id = itemId(input?.item);
      return journal.transaction(async (trx) => {
        const first = await firstItem(trx, request);
        if (first !== undefined) return first;
        const rd = await openRoundOf(trx, roundId, postman);
        const ri = await repo.findRoundItem(trx, rd.id, id);
        const r = await findItemRow(trx, id);
        if (ri === undefined || r === undefined || r.round_id !== rd.id)
          throw new DeliveryError(
            'not_on_round',
            `${id} is not out on round ${rd.id}`,
            `Bưu gửi ${id} không thuộc chuyến phát này`,
            { item: id },
          );
        checkNext(r, { code: 'EMI', office: rd.office_id, centre: false });
        await record(trx, r, delivery(r, input), {
          office: rd.office_id,
          round: rd.id,
          actor: postman,
          postman,
          till: null,
        });
        await requests.answered(trx, request, id, { actor: postman, office: rd.office_id });
        return toItem((await findItemRow(trx, id))!);
      });
    },
    async attempt(roundId, input, postman, request) {
      const id = itemId(input?.item);
      if (typeof input.reason !== 'string' || !(input.reason in REASONS))
        throw bad(
          'reason',
          `must be one of ${Object.keys(REASONS).join(', ')}`,
          'cần chọn lý do phát không thành công',
        );
      if (typeof input.action !== 'string' || !(input.action in ACTIONS))
        throw bad(
          'action',
          'must be A (again), B (hold for pick-up) or C (return to sender)',
          'cần chọn hướng xử lý: A, B hoặc C',
        );
      return journal.transaction(async (trx) => {
        const first = await firstItem(trx, request);
        if (first !== undefined) return first;
        const rd = await openRoundOf(trx, roundId, postman);
        const r = await findItemRow(trx, id);
        if (r === undefined || r.round_id !== rd.id)
          throw new DeliveryError(
            'not_on_round',
            `${id} is not out on round ${rd.id}`,
            `Bưu gửi ${id} không thuộc chuyến phát này`,
            { item: id },
          );
        checkNext(r, {
          code: 'EMH',
          office: rd.office_id,
          centre: false,
          reason: input.reason,
          action: input.action,
        });
        await journal.append(trx, itemAttempted, {
          stream: id,
          actor: postman,
          office: rd.office_id,
          payload: {
            item: id,
            office: rd.office_id,
            round: rd.id,
            reason: input.reason,
            action: input.action as 'A' | 'B' | 'C',
          },
        });
        await requests.answered(trx, request, id, { actor: postman, office: rd.office_id });
        return toItem((await findItemRow(trx, id))!);
      });
    },
    async collect(officeId, input, clerk, request) {
      const net = await deps.items.network();
      const office = net.office(officeId);
      const id = itemId(input?.item);
      return journal.transaction(async (trx) => {
        const first = await firstItem(trx, request);
        if (first !== undefined) return first;
        const r = found(
          await findItemRow(trx, id),
          () =>
            new DeliveryError('item_not_found', `No item has id ${id}`, `Không có bưu gửi ${id}`, {
              item: id,
            }),
        );
        if (r.status !== 'held')
          throw new DeliveryError(
            'illegal_event_order',
            `${id} is ${r.status}, not held for pick-up: only an item a postman held for pick-up at this office is handed over at the counter; track it to see where it is`,
            `Bưu gửi ${id} không ở trạng thái chờ nhận tại bưu cục: chỉ giao tại quầy bưu gửi bưu tá đã để lại chờ nhận; tra cứu hành trình để biết bưu gửi đang ở đâu`,
            { item: id, status: r.status },
          );
        checkNext(r, { code: 'EMI', office: office.id, centre: false });
        const d = delivery(r, input);
        if (d.cod > 0n && clerk.till_session_id === null)
          throw new DeliveryError(
            'invalid_delivery',
            'Cash on delivery at the counter goes into an open till: the clerk opens a till (confirmed by the office manager) first',
            'Cần mở quầy để thu tiền hộ: giao dịch viên mở quầy (trưởng bưu cục xác nhận) trước',
            { field: 'till' },
          );
        await record(trx, r, d, {
          office: office.id,
          round: null,
          actor: clerk.id,
          postman: null,
          till: clerk.till_session_id,
        });
        await requests.answered(trx, request, id, { actor: clerk.id, office: office.id });
        return toItem((await findItemRow(trx, id))!);
      });
    },
  };
}
