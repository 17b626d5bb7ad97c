// What the postman's phone reads: his own rounds of today (parcels and home pensions) through the API's
// "mine" routes, each parcel's recipient and COD, and the cash he must hand back, summed exactly in đồng.
import { useCallback, useEffect, useState } from 'react';
import { get } from '../ui/api.ts';
import { todayVn } from '../ui/format.ts';

export type Outcome = 'pending' | 'delivered' | 'failed';

export interface DeliveryRound {
  id: string;
  office_id: string;
  day: string;
  status: 'open' | 'closed';
  cod_expected: string;
  cod_collected: string;
  items: Array<{ item: string; outcome: Outcome; cod_collected: string }>;
}

export interface Party {
  name: string;
  phone: string;
  address: string;
  commune: string;
}

export interface Item {
  id: string;
  status: string;
  attempts: number;
  returning: boolean;
  recipient: Party & { province: string };
  cod_amount: string;
  needs_code: boolean;
  /** Only named citizens may receive it (a dossier's result): the receiver's CCCD must be given. */
  restricted: boolean;
  round_id: string | null;
}

export interface PensionLine {
  id: string;
  cccd: string;
  full_name: string;
  birth_year: number;
  benefit: string;
  amount: string;
  proxy_name: string | null;
  proxy_cccd: string | null;
  proxy_until: string | null;
  status: string;
  receipt_id: string | null;
}

export interface PensionRound {
  id: string;
  status: 'open' | 'closed';
  day: string;
  advance: string;
  paid: string;
  paid_count: number;
  line_count: number;
  lines: PensionLine[];
}

/** One parcel of a round as the postman sees it: where it stands on the round, and the item itself. */
export interface Stop {
  round: DeliveryRound;
  outcome: Outcome;
  item: Item;
}

export interface RoundData {
  deliveries: DeliveryRound[];
  stops: Stop[];
  pensions: PensionRound[];
}

/** The cash a postman carries back: COD taken on open rounds, and the pension cash not paid out. */
export function cashToHandBack(d: RoundData) {
  const open = d.deliveries.filter((r) => r.status === 'open');
  const cod = open.reduce((s, r) => s + BigInt(r.cod_collected), 0n);
  const codLeft = open.reduce((s, r) => s + BigInt(r.cod_expected) - BigInt(r.cod_collected), 0n);
  const homes = d.pensions.filter((r) => r.status === 'open');
  const advance = homes.reduce((s, r) => s + BigInt(r.advance), 0n);
  const paid = homes.reduce((s, r) => s + BigInt(r.paid), 0n);
  return { cod, codLeft, advance, paid, unpaid: advance - paid, total: cod + advance - paid };
}

/** The postman's round of today, loaded and reloaded after each write. */
export function useRoundData() {
  const [data, setData] = useState<RoundData | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    try {
      const day = todayVn();
      const [d, p] = await Promise.all([
        get<{ items: DeliveryRound[] }>(`/v1/delivery/rounds/mine?day=${day}`),
        get<{ items: PensionRound[] }>(`/v1/finance/pension-rounds/mine?day=${day}`),
      ]);
      const stops = await Promise.all(
        d.items.flatMap((round) =>
          round.items.map(async (i) => ({
            round,
            outcome: i.outcome,
            item: await get<Item>(`/v1/delivery/items/${encodeURIComponent(i.item)}`),
          })),
        ),
      );
      setData({ deliveries: d.items, stops, pensions: p.items });
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  return { data, error, reload: load };
}
