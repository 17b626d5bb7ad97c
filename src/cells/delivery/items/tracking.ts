// The tracking events an item can have (UPU EMSEVT codes as a domestic post uses them) and the legal order
// between them: one pure function that both the commands (to refuse) and the projection (to apply) use.

/** The EMSEVT codes postcore records, with what they mean. */
export const EVENT_CODES = {
  EMA: { en: 'Posting/collection', vi: 'Đã nhận gửi' },
  EMC: { en: 'Departure from office', vi: 'Đã rời bưu cục' },
  EDD: { en: 'Item into sorting centre', vi: 'Đến trung tâm khai thác' },
  EDE: { en: 'Item out of sorting centre', vi: 'Rời trung tâm khai thác' },
  EMG: { en: 'Arrival at delivery office', vi: 'Đến bưu cục phát' },
  EDG: { en: 'Item out for delivery', vi: 'Bưu tá đang đi phát' },
  EMH: { en: 'Unsuccessful delivery attempt', vi: 'Phát không thành công' },
  EDH: { en: 'Held at pick-up point', vi: 'Chờ nhận tại bưu cục' },
  EMI: { en: 'Final delivery', vi: 'Đã phát thành công' },
} as const;
export type EventCode = keyof typeof EVENT_CODES;
export const CODES = Object.keys(EVENT_CODES) as EventCode[];

/**
 * Why a delivery failed, modelled on the UPU list of reasons for non-delivery; each names what the postman
 * saw, in the words the notice left at the door uses.
 */
export const REASONS = {
  '10': { en: 'Incorrect address', vi: 'Sai địa chỉ' },
  '11': { en: 'Addressee absent', vi: 'Người nhận vắng nhà' },
  '12': { en: 'Addressee moved', vi: 'Người nhận đã chuyển đi' },
  '13': { en: 'Refused by addressee', vi: 'Người nhận từ chối nhận' },
  '14': { en: 'Addressee unknown', vi: 'Không có người nhận như địa chỉ' },
  '15': { en: 'Cash on delivery not ready', vi: 'Người nhận chưa đủ tiền thu hộ' },
  '16': { en: 'Premises closed', vi: 'Nhà/cơ quan đóng cửa' },
  '17': { en: 'Could not reach the addressee by phone', vi: 'Không liên lạc được người nhận' },
  '99': { en: 'Other', vi: 'Lý do khác' },
} as const;
export type Reason = keyof typeof REASONS;

/** What happens next after an unsuccessful attempt. */
export const ACTIONS = {
  A: { en: 'Attempt again on a later round', vi: 'Phát lại lần sau' },
  B: { en: 'Held at the office for the addressee to collect', vi: 'Lưu tại bưu cục chờ người nhận đến lấy' },
  C: { en: 'Return to sender', vi: 'Chuyển hoàn về người gửi' },
} as const;
export type Action = keyof typeof ACTIONS;

/** After this many unsuccessful attempts the item goes back to its sender. */
export const MAX_ATTEMPTS = 3;

export const STATUSES = [
  'announced',
  'at_office',
  'in_transit',
  'at_centre',
  'out_for_delivery',
  'held',
  'delivered',
  'returned',
] as const;
export type Status = (typeof STATUSES)[number];

/** What the tracking rules need to know about an item. */
export interface ItemState {
  status: Status;
  location: string | null;
  target: string;
  origin: string;
  returning: boolean;
  attempts: number;
  last: { code: string; office: string } | null;
}

export interface Scan {
  code: EventCode;
  office: string;
  /** Whether the scanning office is a sorting centre. */
  centre: boolean;
  reason?: string | null;
  action?: string | null;
}

export type Outcome =
  | { ok: true; state: ItemState; duplicate: boolean }
  | { ok: false; en: string; vi: string; wrongOffice?: boolean };

const refuse = (en: string, vi: string, wrongOffice = false): Outcome => ({ ok: false, en, vi, wrongOffice });

/**
 * The state after a scan, or why it is refused. A scan identical to the item's last one (same code, same
 * office) is a duplicate: accepted, nothing changes.
 */
export function transition(s: ItemState, scan: Scan): Outcome {
  if (s.last !== null && s.last.code === scan.code && s.last.office === scan.office)
    return { ok: true, state: s, duplicate: true };
  const at = s.location === scan.office;
  const next = (patch: Partial<ItemState>): Outcome => ({
    ok: true,
    duplicate: false,
    state: { ...s, ...patch, last: { code: scan.code, office: scan.office } },
  });
  const where = refuse(
    `the item is at another office (${s.location ?? 'none'}), not ${scan.office}: track it to see where it is; only that office can hand it over or send it on`,
    'bưu gửi không ở bưu cục này: tra cứu hành trình để biết bưu gửi đang ở đâu; chỉ bưu cục đó mới giao hoặc chuyển tiếp được',
    true,
  );
  switch (scan.code) {
    case 'EMA':
      if (s.status !== 'announced') return refuse('the item was already posted', 'bưu gửi đã được nhận gửi');
      if (scan.office !== s.origin)
        return refuse(
          'an item is posted at the office its shipper chose',
          'bưu gửi phải được nhận tại bưu cục đã đăng ký',
          true,
        );
      return next({ status: 'at_office', location: scan.office });
    case 'EMC':
      if (scan.centre) return refuse('a sorting centre records EDE, not EMC', 'trung tâm khai thác ghi EDE');
      if (s.status !== 'at_office')
        return refuse(`an item ${s.status} cannot leave an office`, 'bưu gửi chưa ở bưu cục');
      if (!at) return where;
      if (s.location === s.target)
        return refuse(
          'the item is at its delivery office: deliver it, do not send it on',
          'bưu gửi đã ở bưu cục phát',
        );
      return next({ status: 'in_transit' });
    case 'EDE':
      if (!scan.centre) return refuse('only a sorting centre records EDE', 'chỉ trung tâm khai thác ghi EDE');
      if (s.status !== 'at_centre')
        return refuse(`an item ${s.status} cannot leave a sorting centre`, 'bưu gửi chưa ở trung tâm');
      if (!at) return where;
      return next({ status: 'in_transit' });
    case 'EDD':
      if (!scan.centre)
        return refuse('EDD is recorded at a sorting centre', 'EDD chỉ ghi tại trung tâm khai thác', true);
      if (s.status !== 'in_transit')
        return refuse(`an item ${s.status} cannot arrive at a sorting centre`, 'bưu gửi chưa được chuyển đi');
      return next({ status: 'at_centre', location: scan.office });
    case 'EMG':
      if (s.status !== 'in_transit')
        return refuse(`an item ${s.status} cannot arrive at an office`, 'bưu gửi chưa được chuyển đi');
      if (scan.office !== s.target)
        return refuse(
          `the item is going to ${s.target}, not ${scan.office}`,
          'bưu gửi không phát tại bưu cục này',
          true,
        );
      return next({ status: 'at_office', location: scan.office });
    case 'EDG':
      if (s.status !== 'at_office' && s.status !== 'held')
        return refuse(`an item ${s.status} cannot go out for delivery`, 'bưu gửi chưa đến bưu cục phát');
      if (!at) return where;
      if (s.location !== s.target)
        return refuse('the item is not at its delivery office yet', 'bưu gửi chưa đến bưu cục phát', true);
      return next({ status: 'out_for_delivery' });
    case 'EMH': {
      if (s.status !== 'out_for_delivery')
        return refuse('only an item out for delivery can fail delivery', 'bưu gửi chưa được đi phát');
      if (!at) return where;
      if (scan.reason === undefined || scan.reason === null || !(scan.reason in REASONS))
        return refuse(
          `an unsuccessful delivery needs a reason code (${Object.keys(REASONS).join(', ')})`,
          'cần lý do phát không thành công',
        );
      if (scan.action === undefined || scan.action === null || !(scan.action in ACTIONS))
        return refuse(
          'an unsuccessful delivery needs an action code (A, B or C)',
          'cần hướng xử lý (A, B hoặc C)',
        );
      const attempts = s.attempts + 1;
      if (scan.action !== 'C' && attempts >= MAX_ATTEMPTS && !s.returning)
        return refuse(
          `after ${MAX_ATTEMPTS} attempts the item goes back to its sender: action C`,
          `sau ${MAX_ATTEMPTS} lần phát không thành công phải chuyển hoàn (C)`,
        );
      if (scan.action === 'C') {
        if (s.returning)
          return refuse('the item is already going back to its sender', 'bưu gửi đang được chuyển hoàn');
        return next({ status: 'at_office', attempts, returning: true, target: s.origin });
      }
      return next({ status: scan.action === 'B' ? 'held' : 'at_office', attempts });
    }
    case 'EDH':
      if (s.status !== 'at_office')
        return refuse(`an item ${s.status} cannot be held for pick-up`, 'bưu gửi chưa ở bưu cục');
      if (!at) return where;
      if (s.location !== s.target)
        return refuse('the item is not at its delivery office', 'bưu gửi chưa đến bưu cục phát', true);
      return next({ status: 'held' });
    case 'EMI':
      if (s.status !== 'out_for_delivery' && s.status !== 'held')
        return refuse(
          `an item ${s.status} cannot be delivered: it must be out for delivery or held for pick-up`,
          'bưu gửi chưa được đi phát hoặc chưa chờ nhận tại bưu cục',
        );
      if (!at) return where;
      return next({ status: s.returning ? 'returned' : 'delivered' });
  }
}

/** Whether a list of codes is an order the rules allow, starting from posting: what verify checks. */
export function legalSequence(
  origin: string,
  target: string,
  events: ReadonlyArray<{
    code: string;
    office: string;
    centre: boolean;
    reason: string | null;
    action: string | null;
  }>,
  announced: boolean,
): string | undefined {
  let s: ItemState = {
    status: announced ? 'announced' : 'at_office',
    location: announced ? null : origin,
    target,
    origin,
    returning: false,
    attempts: 0,
    last: null,
  };
  for (const [i, e] of events.entries()) {
    if (i === 0 && !announced) {
      if (e.code !== 'EMA') return `event 1 is ${e.code}, not EMA`;
      s = { ...s, last: { code: 'EMA', office: e.office } };
      continue;
    }
    if (!(e.code in EVENT_CODES)) return `event ${i + 1} has unknown code ${e.code}`;
    const r = transition(s, { ...e, code: e.code as EventCode });
    if (!r.ok) return `event ${i + 1} (${e.code} at ${e.office}): ${r.en}`;
    if (r.duplicate) return `event ${i + 1} (${e.code} at ${e.office}) repeats the one before`;
    s = r.state;
  }
  return undefined;
}
