// The overview answers of each cell, as the API sends them (money as decimal strings).

export interface Tally {
  count: number;
  amount: string;
}

export interface PensionRow {
  office_id: string | null;
  postcode: string;
  name: string;
  channel: string;
  paid: Tally;
  waiting: Tally;
  returned: Tally;
  stopped: Tally;
  paid_today: Tally;
  done_permille: number;
}

export interface FinanceOverview {
  day: string;
  province_code: string;
  office_id: string | null;
  periods: Array<{
    id: string;
    months: string[];
    status: string;
    bank_from: string | null;
    points_from: string | null;
    counters_from: string | null;
    close_on: string | null;
    phase: 'before' | 'bank' | 'points' | 'counters' | 'past_close' | 'closed';
  }>;
  pensions: PensionRow[];
  behind: PensionRow[];
  pension_totals: Record<'paid' | 'waiting' | 'returned' | 'stopped' | 'paid_today', Tally>;
  tills: Array<{
    office_id: string;
    postcode: string;
    name: string;
    opening: number;
    open: number;
    closing: number;
    closed: number;
    with_variance: number;
    variance: string;
  }>;
  variance_threshold: string;
  closes: Array<{
    session_id: string;
    office_id: string;
    clerk_id: string;
    clerk_name: string;
    day: string;
    variance: string;
    reason: string | null;
    needs_manager: boolean;
  }>;
  moves: Array<{
    id: string;
    session_id: string;
    office_id: string;
    kind: 'opening' | 'to_till' | 'to_vault';
    amount: string;
    maker_id: string;
    maker_name: string;
    created_at: string;
  }>;
  cod: Array<{
    payee: string;
    payee_name: string;
    items: number;
    collected: string;
    handed_in: string;
    not_handed_in: string;
    collected_today: string;
  }>;
}

export const PARCEL_FLOWS = [
  'accepted',
  'departed',
  'arrived',
  'out_for_delivery',
  'delivered',
  'failed',
  'held',
] as const;
export const PARCEL_NOW = ['now_at_office', 'now_on_round', 'now_held', 'now_coming'] as const;
type ParcelCount = (typeof PARCEL_FLOWS)[number] | (typeof PARCEL_NOW)[number];

export interface OfficeLabel {
  office_id: string;
  postcode: string;
  name: string;
}

export interface ParcelOverview {
  day: string;
  offices: Array<OfficeLabel & Record<ParcelCount, number>>;
  totals: Record<ParcelCount, number>;
}

export interface DossierOverview {
  day: string;
  near_to: string;
  offices: Array<OfficeLabel & { at_agency: number; near: number; past: number }>;
  totals: { at_agency: number; near: number; past: number };
}

export interface GoodsOverview {
  offices: Array<
    OfficeLabel & { out_of_stock: number; transfers_coming: number; stocktakes_waiting: number }
  >;
  totals: { out_of_stock: number; transfers_coming: number; stocktakes_waiting: number };
  stocktakes: Array<{
    id: string;
    office_id: string;
    counted_by: string;
    counted_by_name: string;
    counted_at: string;
    reason: string;
  }>;
}

/** An office's short label for a chart's axis: its postcode and its name without "Bưu cục". */
export const shortName = (o: { postcode: string; name: string }) =>
  `${o.postcode} ${o.name.replace(/^Bưu cục\s+/u, '')}`;
