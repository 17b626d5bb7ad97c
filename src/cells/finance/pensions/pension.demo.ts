import { createPeople, type Names } from '../../../platform/people.ts';
import { LIST_COLUMNS } from './pension.csv.ts';

export interface SyntheticListOptions {
  count: number;
  /** The communes and post office postcodes of the province the list is for. */
  communes: readonly string[];
  postcodes: readonly string[];
  /** The period's first day (YYYY-MM-DD); proxies hold until a date within 12 months of it. */
  periodStart: string;
  names: Names;
  seed: number;
}

const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

/**
 * A realistic synthetic list, as CSV lines (header first): pensioners aged 60 to 100 with names weighted by
 * their shares, well-formed synthetic CCCDs, real communes and offices, plausible amounts by benefit, the
 * very old more often paid at home, about one in twenty through a proxy. The last value returned is the
 * envelope: the line count and the total.
 */
export function* syntheticList(o: SyntheticListOptions): Generator<string, { count: number; total: bigint }> {
  const year = Number(o.periodStart.slice(0, 4));
  const people = createPeople(o.names, { seed: o.seed, year });
  const r = people.random;
  yield `${LIST_COLUMNS.join(',')}\n`;
  let total = 0n;
  let batch: string[] = [];
  for (let i = 0; i < o.count; i++) {
    const kind = r();
    const benefit = kind < 0.7 ? 'LH' : kind < 0.9 ? 'TC' : 'BTXH';
    const p = people.next({ minAge: benefit === 'BTXH' ? 16 : 60, maxAge: 100 });
    const age = year - p.birth_year;
    const [lo, hi] = benefit === 'LH' ? [3_000, 15_000] : benefit === 'TC' ? [1_500, 4_000] : [360, 1_500];
    const amount = BigInt(lo + Math.floor(r() * (hi - lo))) * 1000n;
    total += amount;
    const c = r();
    const channel =
      age >= 80 && c < 0.5
        ? 'TAI_NHA'
        : c < 0.3
          ? 'ATM'
          : c < 0.7
            ? 'DIEM_CHI'
            : c < 0.95
              ? 'QUAY'
              : 'TAI_NHA';
    const proxy = r() < 0.05 ? people.next({ minAge: 25, maxAge: 60 }) : null;
    const until = new Date(`${o.periodStart}T00:00:00Z`);
    until.setUTCMonth(until.getUTCMonth() + 1 + Math.floor(r() * 10));
    batch.push(
      [
        p.cccd,
        csvCell(p.full_name),
        String(p.birth_year),
        benefit,
        amount.toString(),
        o.communes[Math.floor(r() * o.communes.length)]!,
        o.postcodes[Math.floor(r() * o.postcodes.length)]!,
        channel,
        proxy === null ? '' : csvCell(proxy.full_name),
        proxy === null ? '' : proxy.cccd,
        proxy === null ? '' : until.toISOString().slice(0, 10),
      ].join(','),
    );
    if (batch.length === 1000) {
      yield `${batch.join('\n')}\n`;
      batch = [];
    }
  }
  if (batch.length > 0) yield `${batch.join('\n')}\n`;
  return { count: o.count, total };
}

/** A synthetic list as one CSV file with its envelope, for lists small enough to hold in memory. */
export function syntheticListFile(o: SyntheticListOptions): { csv: Buffer; count: number; total: bigint } {
  const chunks: string[] = [];
  const gen = syntheticList(o);
  let r = gen.next();
  while (r.done !== true) {
    chunks.push(r.value);
    r = gen.next();
  }
  return { csv: Buffer.from(chunks.join('')), ...r.value };
}
