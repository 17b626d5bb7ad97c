// What a clerk, a shipper or another cell fills in for an item, checked before anything is written: each
// refusal names its field (and row), in English and Vietnamese.
import { parseCccd } from '../../../platform/cccd.ts';
import { isDomainError } from '../../../platform/errors.ts';
import { isCallerKey, SYSTEM_ID_MARK } from '../../../platform/ids.ts';
import { parseVnPhone } from '../../../platform/phone.ts';
import { nameText } from '../../../platform/text.ts';
import { DeliveryError } from '../delivery-error.ts';
import { quote, SERVICES, zoneBetween, type Network, type Quote, type Service } from '../network/index.ts';
import type { AcceptInput, ItemRef, Party, PartyInput, PrepaidInput } from './item.model.ts';

const MAX_INSURED = 100_000_000n;
const MAX_COD = 50_000_000n;
const MAX_SIDE_CM = 300;
/** The most people one restricted item may be handed to: the citizen and a few representatives. */
const MAX_RECEIVERS = 5;
/** The owners that may send items through delivery, and what a key of theirs looks like. */
const OWNERS = ['services', 'retail'] as const;
/** The owners whose items may carry cash on delivery: they sell the goods the item holds. */
export const COD_OWNERS: readonly string[] = ['retail'];
const OWNER_KEY = /^[A-Za-z0-9._:-]{3,200}$/;

/** A refusal of an item's input, naming the field (and the row of a batch). */
export function invalid(row: number | undefined, field: string, en: string, vi: string): DeliveryError {
  const where = row === undefined ? '' : `Row ${row}: `;
  const whereVi = row === undefined ? '' : `Dòng ${row}: `;
  return new DeliveryError('invalid_item', `${where}${field} ${en}`, `${whereVi}${vi}`, {
    field,
    ...(row === undefined ? {} : { row }),
  });
}

/** An item's input as checked and priced. */
export interface Checked {
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

/** Checks and prices what was filled in for one item, from the origin office's province when known. */
export function checkInput(raw: AcceptInput, network: Network, origin: string | null, row?: number): Checked {
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

/** Whether a text is a real calendar day written YYYY-MM-DD. */
function isDay(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;
}

/** The owning cell's reference, checked: an owner postcore knows and a key the platform derived. */
export function checkRef(ref: ItemRef): ItemRef {
  if (typeof ref !== 'object' || ref === null || !(OWNERS as readonly string[]).includes(ref.owner))
    throw invalid(
      undefined,
      'ref.owner',
      `must be one of ${OWNERS.join(', ')}`,
      'phân hệ gửi bưu gửi không hợp lệ',
    );
  if (typeof ref.key !== 'string' || !OWNER_KEY.test(ref.key) || !ref.key.includes(SYSTEM_ID_MARK))
    throw invalid(
      undefined,
      'ref.key',
      `must be a key the platform derived: 3 to 200 letters, digits or . _ - :, holding '${SYSTEM_ID_MARK}'`,
      'mã tham chiếu bưu gửi không hợp lệ',
    );
  return { owner: ref.owner, key: ref.key };
}

/**
 * The people who alone may receive an item, checked: 1 to 5 CCCDs, none twice, each with an optional last
 * day; null when the item is not restricted. A CCCD is read as the platform reads one (12 digits, a real
 * province, a birth year that has come).
 */
export function checkReceivers(
  raw: PrepaidInput['restricted_to'],
  year: number,
): Array<{ cccd: string; until: string | null }> | null {
  if (raw === undefined || raw === null) return null;
  if (!Array.isArray(raw) || raw.length < 1 || raw.length > MAX_RECEIVERS)
    throw invalid(
      undefined,
      'restricted_to',
      `must list 1 to ${MAX_RECEIVERS} people who may receive the item`,
      `cần từ 1 đến ${MAX_RECEIVERS} người được nhận bưu gửi`,
    );
  const out: Array<{ cccd: string; until: string | null }> = [];
  for (const [i, r] of raw.entries()) {
    const field = `restricted_to[${i}]`;
    if (typeof r !== 'object' || r === null)
      throw invalid(undefined, field, 'must be { cccd, until }', 'thiếu thông tin người được nhận');
    let cccd: string;
    try {
      cccd = parseCccd(String(r.cccd ?? ''), year).number;
    } catch (err) {
      if (isDomainError(err)) throw invalid(undefined, `${field}.cccd`, err.message, err.messageVi);
      throw err;
    }
    const until = r.until === undefined || r.until === null ? null : r.until;
    if (until !== null && (typeof until !== 'string' || !isDay(until)))
      throw invalid(
        undefined,
        `${field}.until`,
        'must be the last day as YYYY-MM-DD',
        'ngày hết hạn uỷ quyền phải có dạng YYYY-MM-DD',
      );
    const earlier = out.findIndex((x) => x.cccd === cccd);
    if (earlier >= 0)
      throw invalid(
        undefined,
        `${field}.cccd`,
        `repeats restricted_to[${earlier}]`,
        `số CCCD trùng với người thứ ${earlier + 1}`,
      );
    out.push({ cccd, until });
  }
  return out;
}
