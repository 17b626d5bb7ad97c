import type { Kysely } from '../../../storage/index.ts';
import type { Journal, RequestKey, RequestKeys } from '../../../journal/index.ts';
import { vietnamDay, type Clock } from '../../../platform/clock.ts';
import { isDomainError } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { parseS10 } from '../../../platform/s10.ts';
import { nameText } from '../../../platform/text.ts';
import { DeliveryError, type DeliveryErrorCode } from '../delivery-error.ts';
import type { DeliveryTables } from '../delivery-tables.ts';
import {
  ACTIONS,
  findItemRow,
  itemRowsInOrder,
  readItemList,
  REASONS,
  stateOf,
  toItem,
  transition,
  type Item,
  type ItemRow,
  type Items,
  type Scan,
} from '../items/index.ts';
import { codCollected, itemAttempted, itemDelivered, roundClosed, roundOpened } from './round.events.ts';
import * as repo from './round.repository.ts';

export interface Round {
  id: string;
  office_id: string;
  postman_id: string;
  day: string;
  status: 'open' | 'closed';
  item_count: number;
  cod_expected: bigint;
  cod_collected: bigint;
  cod_counted: bigint | null;
  opened_at: string;
  opened_by: string;
  closed_at: string | null;
  closed_by: string | null;
  items: Array<{ item: string; outcome: 'pending' | 'delivered' | 'failed'; cod_collected: bigint }>;
}

/** What the postman records at the door, or the clerk at the counter. */
export interface DeliverInput {
  item: string;
  recipient_name: string;
  signature?: string | null;
  photo?: string | null;
  /** The recipient's one-time code, for high-value items. */
  code?: string | null;
  /** The cash taken from the recipient: exactly the item's COD amount, or absent when it has none. */
  cod_collected?: string | number | bigint | null;
}

export interface Rounds {
  /** A postman's round for the day at his office: each item goes out for delivery (EDG). */
  // Each command takes an optional client idempotency key: the same request under it answers the first
  // result (a retried attempt is not a second attempt, a retried delivery is not refused as delivered).
  open(
    input: { office: string; postman: string; items: readonly string[] },
    actor: string,
    request?: RequestKey,
  ): Promise<Round>;
  /** Delivers an item of the round with its proof, and records its COD (`delivery.cod.collected`). */
  deliver(roundId: string, input: DeliverInput, postman: string, request?: RequestKey): Promise<Item>;
  /** Records an unsuccessful attempt with its reason and action; after the third, the item goes back. */
  attempt(
    roundId: string,
    input: { item: string; reason: string; action: string },
    postman: string,
    request?: RequestKey,
  ): Promise<Item>;
  /** Closes a round: nothing may be left out, and the COD cash counted by someone else must be exact. */
  close(
    roundId: string,
    counted: string | number | bigint,
    checker: string,
    request?: RequestKey,
  ): Promise<Round>;
  /** A held item collected at the counter (to its recipient, or back to its sender); COD into the till. */
  collect(
    office: string,
    input: DeliverInput,
    clerk: { id: string; till_session_id: string | null },
    request?: RequestKey,
  ): Promise<Item>;
  get(id: string): Promise<Round>;
  list(q: { office?: string; day?: string; status?: string }): Promise<Round[]>;
}

export interface RoundsDeps {
  db: Kysely<DeliveryTables>;
  journal: Journal<DeliveryTables>;
  clock: Clock;
  items: Pick<Items, 'network' | 'checkCode'>;
  requests: RequestKeys<DeliveryTables>;
}

const fail = (code: DeliveryErrorCode, en: string, vi: string, details: Record<string, unknown> = {}) =>
  new DeliveryError(code, en, vi, details);

const bad = (field: string, en: string, vi: string) =>
  fail('invalid_delivery', `${field} ${en}`, vi, { field });

function itemId(raw: string, row?: number): string {
  try {
    return parseS10(raw).id;
  } catch (err) {
    if (isDomainError(err))
      throw fail(
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

function amountOf(field: string, v: unknown): bigint {
  if (v === undefined || v === null || v === '') return 0n;
  const s =
    typeof v === 'bigint'
      ? v.toString()
      : typeof v === 'number' && Number.isSafeInteger(v)
        ? String(v)
        : typeof v === 'string'
          ? v.trim()
          : 'x';
  if (!/^\d{1,15}$/.test(s))
    throw bad(field, 'must be a whole number of đồng', 'số tiền phải là số đồng nguyên, không âm');
  return BigInt(s);
}

function toRound(r: repo.RoundRow, items: repo.RoundItemRow[]): Round {
  return {
    id: r.id,
    office_id: r.office_id,
    postman_id: r.postman_id,
    day: r.day,
    status: r.status as Round['status'],
    item_count: Number(r.item_count),
    cod_expected: r.cod_expected,
    cod_collected: r.cod_collected,
    cod_counted: r.cod_counted,
    opened_at: r.opened_at,
    opened_by: r.opened_by,
    closed_at: r.closed_at,
    closed_by: r.closed_by,
    items: items.map((i) => ({
      item: i.item_id,
      outcome: i.outcome as 'pending',
      cod_collected: i.cod_collected,
    })),
  };
}

/** Who COD money is owed to. */
const payeeOf = (r: ItemRow) => r.shipper_id ?? `sender:${r.sender_phone}`;

/** Creates the delivery rounds module. */
export function createRounds(deps: RoundsDeps): Rounds {
  const { db, journal, requests } = deps;
  const firstRound = async (trx: Kysely<DeliveryTables>, request: RequestKey | undefined) => {
    const first = await requests.first(trx, request);
    return first === null
      ? undefined
      : toRound((await repo.findRound(trx, first))!, await repo.roundItems(trx, first));
  };
  const firstItem = async (trx: Kysely<DeliveryTables>, request: RequestKey | undefined) => {
    const first = await requests.first(trx, request);
    return first === null ? undefined : toItem((await findItemRow(trx, first))!);
  };

  async function round(trx: Kysely<DeliveryTables>, id: string): Promise<repo.RoundRow> {
    const r = typeof id === 'string' ? await repo.findRound(trx, id) : undefined;
    if (r === undefined)
      throw fail(
        'round_not_found',
        `No round has id ${JSON.stringify(String(id).slice(0, 60))}`,
        'Không tìm thấy chuyến phát',
      );
    return r;
  }
  const openRoundOf = async (trx: Kysely<DeliveryTables>, id: string, postman: string) => {
    const r = await round(trx, id);
    if (r.status !== 'open') throw fail('round_not_open', `Round ${r.id} is closed`, 'Chuyến phát đã đóng');
    if (r.postman_id !== postman)
      throw fail(
        'not_on_round',
        `Round ${r.id} is ${r.postman_id}'s, not yours`,
        'Đây không phải chuyến phát của bạn',
        { round: r.id },
      );
    return r;
  };
  const check = (r: ItemRow, scan: Scan) => {
    const out = transition(stateOf(r), scan);
    if (!out.ok)
      throw fail(
        out.wrongOffice === true ? 'wrong_office' : 'illegal_event_order',
        `${scan.code} of ${r.id}: ${out.en}`,
        `Bưu gửi ${r.id}: ${out.vi}`,
        {
          item: r.id,
          code: scan.code,
          status: r.status,
        },
      );
    return out;
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
    let codeChecked = false;
    if (r.code_hash !== null && !returning) {
      if (input.code === undefined || input.code === null || input.code === '')
        throw fail(
          'delivery_code_required',
          `${r.id} is high-value: ask the recipient for its 6-digit code`,
          'Bưu gửi giá trị cao: hãy hỏi người nhận mã nhận hàng 6 số',
          { item: r.id },
        );
      if (!deps.items.checkCode(r, String(input.code)))
        throw fail(
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
      throw fail(
        'cod_mismatch',
        `${r.id} ${cod > 0n ? `carries ${cod} ₫ cash on delivery` : 'has no cash on delivery'}, but ${collected} ₫ was recorded`,
        cod > 0n
          ? `Bưu gửi ${r.id} phải thu ${cod.toLocaleString('vi-VN')} ₫, không phải ${collected.toLocaleString('vi-VN')} ₫`
          : `Bưu gửi ${r.id} không có tiền thu hộ`,
        { item: r.id, expected: cod.toString(), collected: collected.toString() },
      );
    return { name, signature, photo, codeChecked, cod };
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
    async open(input, actor, request) {
      const net = await deps.items.network();
      const office = net.office(input.office);
      if (typeof input.postman !== 'string' || input.postman === '')
        throw bad('postman', 'is required', 'cần chọn bưu tá');
      const ids = readItemList(input.items, 500, 'invalid_delivery', {
        en: 'A round',
        vi: 'Mỗi chuyến phát',
      });
      return journal.transaction(async (trx) => {
        const first = await firstRound(trx, request);
        if (first !== undefined) return first;
        let cod = 0n;
        for (const r of await itemRowsInOrder(trx, ids)) {
          const id = r.id;
          check(r, { code: 'EDG', office: office.id, centre: false });
          if (r.last_code === 'EDG')
            throw fail(
              'illegal_event_order',
              `${id} is already out for delivery`,
              `Bưu gửi ${id} đang được đi phát`,
              { item: id },
            );
          if (r.returning === 0n) cod += r.cod_amount;
        }
        const id = newId('drd');
        await journal.append(trx, roundOpened, {
          stream: id,
          actor,
          office: office.id,
          payload: {
            round: id,
            office: office.id,
            postman: input.postman,
            day: vietnamDay(deps.clock.now()),
            items: ids,
            cod_expected: cod.toString(),
          },
        });
        await requests.answered(trx, request, id, { actor, office: office.id });
        return toRound((await repo.findRound(trx, id))!, await repo.roundItems(trx, id));
      });
    },
    async deliver(roundId, input, postman, request) {
      const id = itemId(input?.item);
      return journal.transaction(async (trx) => {
        const first = await firstItem(trx, request);
        if (first !== undefined) return first;
        const rd = await openRoundOf(trx, roundId, postman);
        const ri = await repo.findRoundItem(trx, rd.id, id);
        const r = await findItemRow(trx, id);
        if (ri === undefined || r === undefined || r.round_id !== rd.id)
          throw fail(
            'not_on_round',
            `${id} is not out on round ${rd.id}`,
            `Bưu gửi ${id} không thuộc chuyến phát này`,
            { item: id },
          );
        check(r, { code: 'EMI', office: rd.office_id, centre: false });
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
          throw fail(
            'not_on_round',
            `${id} is not out on round ${rd.id}`,
            `Bưu gửi ${id} không thuộc chuyến phát này`,
            { item: id },
          );
        check(r, {
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
    async close(roundId, countedRaw, checker, request) {
      const counted = amountOf('counted', countedRaw);
      return journal.transaction(async (trx) => {
        const first = await firstRound(trx, request);
        if (first !== undefined) return first;
        const rd = await round(trx, roundId);
        if (rd.status !== 'open')
          throw fail('round_not_open', `Round ${rd.id} is already closed`, 'Chuyến phát đã đóng');
        if (rd.postman_id === checker)
          throw fail(
            'invalid_delivery',
            'The postman cannot count his own cash: another person closes the round',
            'Bưu tá không tự kiểm đếm tiền của mình: người khác phải đóng chuyến',
            { field: 'checker' },
          );
        const pending = (await repo.roundItems(trx, rd.id)).filter((i) => i.outcome === 'pending');
        if (pending.length > 0)
          throw fail(
            'round_has_items',
            `Round ${rd.id} still has ${pending.length} item(s) out: record each as delivered or attempted (${pending
              .slice(0, 5)
              .map((p) => p.item_id)
              .join(', ')})`,
            `Còn ${pending.length} bưu gửi chưa có kết quả phát`,
            {
              items: pending.map((p) => p.item_id),
            },
          );
        if (counted !== rd.cod_collected)
          throw fail(
            'round_cash_mismatch',
            `Counted ${counted} ₫ but the round collected ${rd.cod_collected} ₫ on delivery`,
            `Tiền đếm được ${counted.toLocaleString('vi-VN')} ₫ khác tiền thu hộ ${rd.cod_collected.toLocaleString('vi-VN')} ₫`,
            {
              counted: counted.toString(),
              collected: rd.cod_collected.toString(),
            },
          );
        await journal.append(trx, roundClosed, {
          stream: rd.id,
          actor: checker,
          office: rd.office_id,
          payload: {
            round: rd.id,
            office: rd.office_id,
            postman: rd.postman_id,
            cod_collected: rd.cod_collected.toString(),
            counted: counted.toString(),
          },
        });
        await requests.answered(trx, request, rd.id, { actor: checker, office: rd.office_id });
        return toRound((await repo.findRound(trx, rd.id))!, await repo.roundItems(trx, rd.id));
      });
    },
    async collect(officeId, input, clerk, request) {
      const net = await deps.items.network();
      const office = net.office(officeId);
      const id = itemId(input?.item);
      return journal.transaction(async (trx) => {
        const first = await firstItem(trx, request);
        if (first !== undefined) return first;
        const r = await findItemRow(trx, id);
        if (r === undefined)
          throw fail('item_not_found', `No item has id ${id}`, `Không có bưu gửi ${id}`, { item: id });
        if (r.status !== 'held')
          throw fail(
            'illegal_event_order',
            `${id} is ${r.status}, not held for pick-up`,
            `Bưu gửi ${id} không ở trạng thái chờ nhận tại bưu cục`,
            { item: id, status: r.status },
          );
        check(r, { code: 'EMI', office: office.id, centre: false });
        const d = delivery(r, input);
        if (d.cod > 0n && clerk.till_session_id === null)
          throw fail(
            'invalid_delivery',
            'Cash on delivery at the counter goes into an open till',
            'Cần mở quầy thu ngân để thu tiền hộ',
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
    async get(id) {
      const r = await round(db, id);
      return toRound(r, await repo.roundItems(db, r.id));
    },
    async list(q) {
      return Promise.all(
        (await repo.listRounds(db, q)).map(async (r) => toRound(r, await repo.roundItems(db, r.id))),
      );
    },
  };
}
