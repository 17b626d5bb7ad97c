// Acceptance: an item checked and priced, taken in at a counter (fee into the clerk's till) or announced
// by a shipper in bulk (fee billed to its account), each under an S10 id drawn from its service's serials.
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { Kysely } from '../../../storage/index.ts';
import type { z } from 'zod';
import type { EventDraft, RequestKey } from '../../../journal/index.ts';
import { isDomainError } from '../../../platform/errors.ts';
import { isCallerKey, SYSTEM_ID_MARK } from '../../../platform/ids.ts';
import { parseVnPhone } from '../../../platform/phone.ts';
import { formatS10 } from '../../../platform/s10.ts';
import { nameText } from '../../../platform/text.ts';
import { DeliveryError } from '../delivery-error.ts';
import type { DeliveryTables } from '../delivery-tables.ts';
import { quote, SERVICES, zoneBetween, type Network, type Quote, type Service } from '../network/index.ts';
import { itemAccepted } from './item.events.ts';
import {
  toItem,
  type AcceptInput,
  type Items,
  type ItemsDeps,
  type Party,
  type PartyInput,
} from './item.model.ts';
import * as repo from './item.repository.ts';

/** Items insured or carrying COD from this much need the recipient's one-time code at delivery. */
export const HIGH_VALUE = 3_000_000n;
const MAX_INSURED = 100_000_000n;
const MAX_COD = 50_000_000n;
const MAX_SIDE_CM = 300;

function invalid(row: number | undefined, field: string, en: string, vi: string): DeliveryError {
  const where = row === undefined ? '' : `Row ${row}: `;
  const whereVi = row === undefined ? '' : `Dòng ${row}: `;
  return new DeliveryError('invalid_item', `${where}${field} ${en}`, `${whereVi}${vi}`, {
    field,
    ...(row === undefined ? {} : { row }),
  });
}

interface Checked {
  service: Service;
  sender: Party;
  recipient: Party & { province: string };
  delivery_office_id: string;
  weight_g: number;
  length_cm: number;
  width_cm: number;
  height_cm: number;
  insured_value: bigint;
  cod_amount: bigint;
  key: string | null;
  quote: Quote;
}

function checkInput(raw: AcceptInput, network: Network, origin: string | null, row?: number): Checked {
  const at = (field: string, en: string, vi: string) => invalid(row, field, en, vi);
  if (typeof raw !== 'object' || raw === null)
    throw at('item', 'must be an object', 'thiếu thông tin bưu gửi');
  if (typeof raw.service !== 'string' || !(raw.service in SERVICES))
    throw at(
      'service',
      `must be one of ${Object.keys(SERVICES).join(', ')}`,
      `dịch vụ phải là một trong: ${Object.values(SERVICES)
        .map((s) => s.nameVi)
        .join(', ')}`,
    );
  const service = raw.service as Service;
  const text = (field: string, value: unknown, max: number, vi: string): string => {
    if (typeof value !== 'string') throw at(field, 'must be text', `${vi} phải là chữ`);
    let out: string;
    try {
      out = nameText(value);
    } catch (err) {
      if (isDomainError(err)) throw at(field, err.message, `${vi} ${err.messageVi}`);
      throw err;
    }
    if (out.length < 1 || out.length > max)
      throw at(field, `must be 1 to ${max} characters`, `${vi} phải có từ 1 đến ${max} ký tự`);
    return out;
  };
  const party = (who: 'sender' | 'recipient', p: PartyInput | undefined): Party => {
    const vi = who === 'sender' ? 'người gửi' : 'người nhận';
    if (typeof p !== 'object' || p === null) throw at(who, 'is missing', `thiếu thông tin ${vi}`);
    const name = text(`${who}.name`, p.name, 100, `Tên ${vi}`);
    let phone: string;
    try {
      phone = parseVnPhone(String(p.phone ?? ''));
    } catch (err) {
      if (isDomainError(err))
        throw at(
          `${who}.phone`,
          `${JSON.stringify(String(p.phone ?? '').slice(0, 20))} is not a Vietnamese phone number (0912345678 or +84912345678)`,
          `Số điện thoại ${vi} không hợp lệ: nhập dạng 0912345678 hoặc +84912345678`,
        );
      throw err;
    }
    const address = text(`${who}.address`, p.address, 200, `Địa chỉ ${vi}`);
    const commune = typeof p.commune === 'string' ? p.commune.trim() : '';
    if (!/^\d{5}$/.test(commune) || !network.snapshot.communes.has(commune))
      throw at(
        `${who}.commune`,
        `${JSON.stringify(String(p.commune ?? '').slice(0, 10))} is not the 5-digit code of a commune`,
        `Xã/phường của ${vi} không có trong danh mục: hãy chọn lại`,
      );
    return { name, phone, address, commune };
  };
  const sender = party('sender', raw.sender);
  const recipientParty = party('recipient', raw.recipient);
  const grams = (field: string, value: unknown, max: number, vi: string): number => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0 || value > max)
      throw at(
        field,
        `must be a whole number from 1 to ${max}`,
        `${vi} phải là số nguyên dương, tối đa ${max}`,
      );
    return value;
  };
  const weight = grams('weight_g', raw.weight_g, SERVICES[service].maxGrams, 'Khối lượng (gam)');
  const dims = (['length_cm', 'width_cm', 'height_cm'] as const).map((f) =>
    grams(f, raw[f], MAX_SIDE_CM, 'Kích thước (cm)'),
  ) as [number, number, number];
  const money = (field: 'insured_value' | 'cod_amount', max: bigint, vi: string): bigint => {
    const v = raw[field];
    if (v === undefined || v === null || v === '' || v === 0 || v === '0' || v === 0n) return 0n;
    const s =
      typeof v === 'bigint'
        ? v.toString()
        : typeof v === 'number'
          ? Number.isSafeInteger(v)
            ? String(v)
            : 'x'
          : String(v).trim();
    if (!/^\d{1,15}$/.test(s) || BigInt(s) <= 0n || BigInt(s) > max)
      throw at(
        field,
        `must be a whole number of đồng from 1 to ${max}`,
        `${vi} phải là số đồng nguyên dương, tối đa ${max.toLocaleString('vi-VN')} ₫`,
      );
    return BigInt(s);
  };
  const insured = money('insured_value', MAX_INSURED, 'Giá trị khai giá');
  const cod = money('cod_amount', MAX_COD, 'Tiền thu hộ (COD)');
  if (cod > 0n && (service === 'letter' || service === 'registered'))
    throw at(
      'cod_amount',
      'is not offered for letters: use parcel, EMS or e-commerce',
      'thư không nhận thu hộ: hãy chọn bưu kiện, EMS hoặc TMĐT',
    );
  if (insured > 0n && service === 'letter')
    throw at(
      'insured_value',
      'is not offered for ordinary letters: use registered or EMS',
      'thư thường không nhận khai giá',
    );
  let key: string | null = null;
  if (raw.key !== undefined && raw.key !== null) {
    // Never the platform's mark: the keys it derives for a batch's rows are where no shipper's key can be.
    if (!isCallerKey(raw.key) || raw.key.length > 64)
      throw at(
        'key',
        `must be 1 to 64 letters, digits or . _ -, starting with a letter or digit (never '${SYSTEM_ID_MARK}', which marks the platform's keys)`,
        `mã đơn hàng gồm 1 đến 64 chữ, số hoặc . _ -, bắt đầu bằng chữ hoặc số (không dùng '${SYSTEM_ID_MARK}')`,
      );
    key = raw.key;
  }
  const delivery = network.deliveryOffice(recipientParty.commune);
  const recipient = { ...recipientParty, province: network.province(recipientParty.commune) };
  const fromProvince =
    origin === null
      ? network.province(sender.commune)
      : (network.office(origin).province_code ?? network.province(sender.commune));
  const q = quote({
    service,
    zone: zoneBetween(fromProvince, recipient.province),
    weight_g: weight,
    length_cm: dims[0],
    width_cm: dims[1],
    height_cm: dims[2],
    insured_value: insured,
    cod_amount: cod,
  });
  return {
    service,
    sender,
    recipient,
    delivery_office_id: delivery.id,
    weight_g: weight,
    length_cm: dims[0],
    width_cm: dims[1],
    height_cm: dims[2],
    insured_value: insured,
    cod_amount: cod,
    key,
    quote: q,
  };
}

/** The acceptance jobs of the items module, over its deps and the network as the core cell holds it now. */
export function createAcceptance(
  deps: ItemsDeps,
  network: () => Promise<Network>,
): Pick<Items, 'quote' | 'accept' | 'announce' | 'checkCode'> {
  const { journal } = deps;
  const codeHash = (id: string, code: string) =>
    createHmac('sha256', deps.codeKey).update(`${id}:${code}`).digest('hex');
  const newCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0');
  // A keyed acceptance's code comes from its key, so that a retry can show the code the first answer showed
  // without the code being stored anywhere; guessing it still needs the server's code key.
  const keyedCode = (request: RequestKey) =>
    String(
      createHmac('sha256', deps.codeKey).update(`delivery-code:${request.key}`).digest().readUIntBE(0, 6) %
        1_000_000,
    ).padStart(6, '0');

  /** Draws the next S10 ids of a service: serials only go up, so an id is never given twice. */
  async function allocate(trx: Kysely<DeliveryTables>, service: Service, count: number): Promise<string[]> {
    const prefix = SERVICES[service].prefix;
    const last = await repo.lastSerial(trx, prefix);
    if (last + BigInt(count) > 99_999_999n)
      throw new DeliveryError(
        's10_exhausted',
        `The serials of ${prefix} are used up (last ${last}): configure a new service indicator`,
        `Đã hết dãy số hiệu ${prefix}: cần khai báo ký hiệu dịch vụ mới`,
        { prefix },
      );
    return Array.from({ length: count }, (_, i) => formatS10(prefix, Number(last) + 1 + i));
  }

  function payload(
    c: Checked,
    id: string,
    extra: {
      state: 'announced' | 'posted';
      origin: string;
      shipper: string | null;
      paid_by: 'cash' | 'account';
      till: string | null;
      clerk: string | null;
      code: string | null;
    },
  ) {
    return {
      id,
      service: c.service,
      state: extra.state,
      shipper_id: extra.shipper,
      shipper_key: c.key,
      origin_office_id: extra.origin,
      delivery_office_id: c.delivery_office_id,
      sender: c.sender,
      recipient: c.recipient,
      weight_g: c.weight_g,
      length_cm: c.length_cm,
      width_cm: c.width_cm,
      height_cm: c.height_cm,
      charged_g: c.quote.charged_g,
      zone: c.quote.zone,
      postage: c.quote.postage.toString(),
      insurance_fee: c.quote.insurance_fee.toString(),
      cod_fee: c.quote.cod_fee.toString(),
      fee: c.quote.fee.toString(),
      insured_value: c.insured_value.toString(),
      cod_amount: c.cod_amount.toString(),
      paid_by: extra.paid_by,
      till_session_id: extra.till,
      clerk_id: extra.clerk,
      code_hash: extra.code === null ? null : codeHash(id, extra.code),
    };
  }

  const needsCode = (c: Checked) => c.insured_value >= HIGH_VALUE || c.cod_amount >= HIGH_VALUE;

  return {
    async quote(input) {
      const c = checkInput(input, await network(), null);
      return { ...c.quote, delivery_office_id: c.delivery_office_id };
    },
    async accept(input, at, actor, request) {
      const net = await network();
      const origin = net.office(at.office_id);
      const c = checkInput(input, net, origin.id);
      const code = needsCode(c) ? (request === undefined ? newCode() : keyedCode(request)) : null;
      return journal.transaction(async (trx) => {
        const first = await deps.requests.first(trx, request);
        if (first !== null) return { ...toItem((await repo.findItem(trx, first))!), delivery_code: code };
        const [id] = await allocate(trx, c.service, 1);
        await journal.append(trx, itemAccepted, {
          stream: id!,
          actor,
          office: origin.id,
          payload: payload(c, id!, {
            state: 'posted',
            origin: origin.id,
            shipper: null,
            paid_by: 'cash',
            till: at.till_session_id,
            clerk: at.clerk_id,
            code,
          }),
        });
        await deps.requests.answered(trx, request, id!, { actor, office: origin.id });
        return { ...toItem((await repo.findItem(trx, id!))!), delivery_code: code };
      });
    },
    async announce(inputs, shipper, actor, options = {}) {
      const first = options.firstRow ?? 1;
      if (inputs.length === 0 || inputs.length > 5000)
        throw invalid(undefined, 'items', 'must hold 1 to 5,000 items', 'cần từ 1 đến 5.000 bưu gửi mỗi lần');
      const net = await network();
      const origin = net.office(shipper.office_id);
      const request = options.request;
      const checked = inputs.map((raw, i) => {
        const c = checkInput(raw, net, origin.id, i + first);
        // `req:<hash>:<row>` cannot be mistaken for another batch's rows, nor taken first by a shipper's own
        // key, which never holds the platform's mark (anyone can compute the hash of a file's content).
        return c.key !== null || request === undefined
          ? c
          : { ...c, key: `req${SYSTEM_ID_MARK}${request.key.slice(0, 40)}${SYSTEM_ID_MARK}${i + first}` };
      });
      const seen = new Map<string, number>();
      for (const [i, c] of checked.entries()) {
        if (c.key === null) continue;
        const earlier = seen.get(c.key);
        if (earlier !== undefined)
          throw invalid(
            i + first,
            'key',
            `repeats the key of row ${earlier}`,
            `mã đơn hàng trùng với dòng ${earlier}`,
          );
        seen.set(c.key, i + first);
      }
      return journal.transaction(async (trx) => {
        const again = (await deps.requests.first(trx, request)) !== null;
        const keys = checked.flatMap((c) => (c.key === null ? [] : [c.key]));
        const existing = new Map(
          (await repo.findByShipperKeys(trx, shipper.id, keys)).map((r) => [r.shipper_key!, r]),
        );
        const fresh: Array<{ c: Checked; row: number }> = [];
        for (const [i, c] of checked.entries()) {
          const old = c.key === null ? undefined : existing.get(c.key);
          if (old === undefined) {
            fresh.push({ c, row: i });
            continue;
          }
          // The same key must mean the same item: a changed order under an old key is a mistake to report.
          const same =
            old.recipient_phone === c.recipient.phone &&
            old.recipient_commune === c.recipient.commune &&
            old.cod_amount === c.cod_amount &&
            old.weight_g === BigInt(c.weight_g) &&
            old.service === c.service;
          if (!same)
            throw new DeliveryError(
              'idempotency_key_reused',
              `Row ${i + first}: key ${c.key} was used for item ${old.id} with different contents; use a new key for a new item`,
              `Dòng ${i + first}: mã đơn hàng ${c.key} đã dùng cho bưu gửi ${old.id} với nội dung khác`,
              { row: i + first, key: c.key, item: old.id },
            );
        }
        const codes = new Map<string, string | null>();
        const idOfRow = new Map<number, string>();
        const drafts: Array<EventDraft<z.input<typeof itemAccepted.schema>>> = [];
        const byService = new Map<Service, Array<{ c: Checked; row: number }>>();
        for (const f of fresh) byService.set(f.c.service, [...(byService.get(f.c.service) ?? []), f]);
        for (const [service, list] of byService) {
          const ids = await allocate(trx, service, list.length);
          for (const [k, f] of list.entries()) {
            const id = ids[k]!;
            const code = needsCode(f.c) ? newCode() : null;
            codes.set(id, code);
            idOfRow.set(f.row, id);
            drafts.push({
              stream: id,
              actor,
              office: origin.id,
              payload: payload(f.c, id, {
                state: 'announced',
                origin: origin.id,
                shipper: shipper.id,
                paid_by: 'account',
                till: null,
                clerk: null,
                code,
              }),
            });
          }
        }
        if (drafts.length > 0) await journal.appendMany(trx, itemAccepted, drafts);
        const made = await repo.findItems(
          trx,
          drafts.map((d) => d.stream),
        );
        const madeById = new Map(made.map((r) => [r.id, r]));
        // In the order given: a fresh row by its new id, a repeated key by the item it made the first time.
        const items = checked.map((c, i) => {
          const old = c.key === null ? undefined : existing.get(c.key);
          if (old !== undefined) return { ...toItem(old), delivery_code: null };
          const id = idOfRow.get(i)!;
          return { ...toItem(madeById.get(id)!), delivery_code: codes.get(id) ?? null };
        });
        // Recorded even when every row existed already, so that another batch under the key is refused.
        if (!again) await deps.requests.answered(trx, request, items[0]!.id, { actor, office: origin.id });
        return { items, created: drafts.length };
      });
    },
    checkCode(item, code) {
      const stored = item.code_hash;
      if (stored === null || typeof code !== 'string' || !/^\d{6}$/.test(code)) return false;
      return timingSafeEqual(Buffer.from(stored, 'hex'), Buffer.from(codeHash(item.id, code), 'hex'));
    },
  };
}
