// What a manager watches of the finance cell over her reach (one office, or a province's offices): the pension
// month per office and channel against its schedule, the tills of the day and what waits for her approval,
// and the cash on delivery owed to each shipper. Counts and sums come from SQL; nothing here is cached.
import type { Kysely } from '../../../storage/index.ts';
import { dayBounds } from '../reports/index.ts';
import type { FinanceTables } from '../finance-tables.ts';
import { VARIANCE_APPROVAL_THRESHOLD } from '../tills/index.ts';
import * as repo from './overview.repository.ts';

/** The offices a manager oversees: one office, or the post offices of a province. */
export interface OverviewScope {
  province_code: string;
  /** The one office overseen, or null for the whole province. */
  office_id: string | null;
  offices: ReadonlyArray<{ id: string; postcode: string; name: string }>;
}

export interface Tally {
  count: number;
  amount: bigint;
}

/** Where a period stands on a day against its schedule. */
export type PeriodPhase = 'before' | 'bank' | 'points' | 'counters' | 'past_close' | 'closed';

/** Lines of a period are paid, still waiting to be paid, returned to the agency, or stopped by it. */
export type Bucket = 'paid' | 'waiting' | 'returned' | 'stopped';
const BUCKET: Record<string, Bucket> = {
  listed: 'waiting',
  funded: 'waiting',
  at_point: 'waiting',
  at_office: 'waiting',
  on_round: 'waiting',
  paid: 'paid',
  returned: 'returned',
  suspended: 'stopped',
  recovery: 'stopped',
};
const BUCKETS: readonly Bucket[] = ['paid', 'waiting', 'returned', 'stopped'];

export interface PensionOfficeRow {
  office_id: string | null;
  postcode: string;
  name: string;
  /** ATM, DIEM_CHI, QUAY, TAI_NHA; '' on the office's row of every channel together. */
  channel: string;
  paid: Tally;
  waiting: Tally;
  returned: Tally;
  stopped: Tally;
  /** Paid on the day asked. */
  paid_today: Tally;
  /** Paid of all the lines, in thousandths of the people: how far along the office is. */
  done_permille: number;
}

export interface TillOfficeRow {
  office_id: string;
  postcode: string;
  name: string;
  opening: number;
  open: number;
  closing: number;
  closed: number;
  /** Closed (or counted up) with a variance, and the variances' sum. */
  with_variance: number;
  variance: bigint;
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
    phase: PeriodPhase;
  }>;
  /** Every office's row (channel '') and its rows per channel. */
  pensions: PensionOfficeRow[];
  /** The offices furthest behind first: their share paid, lowest first, of the offices with lines. */
  behind: PensionOfficeRow[];
  pension_totals: Record<Bucket | 'paid_today', Tally>;
  tills: TillOfficeRow[];
  variance_threshold: bigint;
  /** Counted-up tills waiting to be taken back; those above the threshold need a manager. */
  closes: Array<{
    session_id: string;
    office_id: string;
    clerk_id: string;
    day: string;
    variance: bigint;
    reason: string | null;
    needs_manager: boolean;
  }>;
  moves: Array<{
    id: string;
    session_id: string;
    office_id: string;
    kind: 'opening' | 'to_till' | 'to_vault';
    amount: bigint;
    maker_id: string;
    created_at: string;
  }>;
  cod: Array<{
    payee: string;
    items: number;
    collected: bigint;
    handed_in: bigint;
    /** Still with the postmen or clerks who collected it. */
    not_handed_in: bigint;
    collected_today: bigint;
  }>;
}

const zero = (): Tally => ({ count: 0, amount: 0n });
const add = (t: Tally, count: number, amount: bigint) => {
  t.count += count;
  t.amount += amount;
};

/** Where a period stands on a day: before its bank run, in its bank, points or counters days, or past its close. */
export function phaseOn(
  p: {
    status: string;
    bank_from: string | null;
    points_from: string | null;
    counters_from: string | null;
    close_on: string | null;
  },
  day: string,
): PeriodPhase {
  if (p.status === 'closed') return 'closed';
  if (p.close_on !== null && day > p.close_on) return 'past_close';
  if (p.counters_from !== null && day >= p.counters_from) return 'counters';
  if (p.points_from !== null && day >= p.points_from) return 'points';
  if (p.bank_from !== null && day >= p.bank_from) return 'bank';
  return 'before';
}

export interface Overviews {
  /** The finance figures of a manager's reach on a day (Vietnam time). */
  overview(scope: OverviewScope, day: string): Promise<FinanceOverview>;
}

/** The finance overview over its database. */
export function createOverviews(db: Kysely<FinanceTables>): Overviews {
  return {
    async overview(scope, day) {
      const { from, to } = dayBounds(day);
      const officeIds = scope.offices.map((o) => o.id);
      const byPostcode = new Map(scope.offices.map((o) => [o.postcode, o]));
      const byId = new Map(scope.offices.map((o) => [o.id, o]));
      const periods = await repo.findCurrentPeriods(db, scope.province_code);
      const periodIds = periods.map((p) => p.id);
      const only = scope.office_id === null ? null : (byId.get(scope.office_id)?.postcode ?? null);
      const [counts, paid, sessions, moves, cod] = await Promise.all([
        scope.office_id !== null && only === null ? [] : repo.pensionCounts(db, periodIds, only),
        repo.paidBetween(db, periodIds, officeIds, from, to),
        repo.tillSessions(db, officeIds, day),
        repo.pendingMoves(db, officeIds),
        repo.codOwed(db, officeIds, from, to),
      ]);

      const rows = new Map<string, PensionOfficeRow>();
      const rowOf = (postcode: string, channel: string) => {
        const key = `${postcode}|${channel}`;
        let r = rows.get(key);
        if (r === undefined) {
          const o = byPostcode.get(postcode);
          r = {
            office_id: o?.id ?? null,
            postcode,
            name: o?.name ?? postcode,
            channel,
            paid: zero(),
            waiting: zero(),
            returned: zero(),
            stopped: zero(),
            paid_today: zero(),
            done_permille: 0,
          };
          rows.set(key, r);
        }
        return r;
      };
      const totals = { paid: zero(), waiting: zero(), returned: zero(), stopped: zero(), paid_today: zero() };
      for (const c of counts) {
        const bucket = BUCKET[c.status] ?? 'waiting';
        const n = Number(c.n);
        const amount = BigInt(c.amount);
        add(rowOf(c.office_postcode, c.channel)[bucket], n, amount);
        add(rowOf(c.office_postcode, '')[bucket], n, amount);
        add(totals[bucket], n, amount);
      }
      for (const p of paid) {
        const o = byId.get(p.office_id);
        if (o === undefined) continue;
        add(rowOf(o.postcode, '').paid_today, Number(p.n), BigInt(p.amount));
        add(totals.paid_today, Number(p.n), BigInt(p.amount));
      }
      for (const r of rows.values()) {
        const all = BUCKETS.reduce((n, b) => n + r[b].count, 0);
        r.done_permille = all === 0 ? 0 : Math.floor((r.paid.count * 1000) / all);
      }
      const pensions = [...rows.values()].sort(
        (a, b) => a.postcode.localeCompare(b.postcode) || a.channel.localeCompare(b.channel),
      );
      const behind = pensions
        .filter((r) => r.channel === '' && r.waiting.count > 0)
        .sort((a, b) => a.done_permille - b.done_permille || b.waiting.count - a.waiting.count)
        .slice(0, 10);

      const tills = new Map<string, TillOfficeRow>();
      const closes: FinanceOverview['closes'] = [];
      for (const s of sessions) {
        const o = byId.get(s.office_id)!;
        let t = tills.get(s.office_id);
        if (t === undefined) {
          t = {
            office_id: o.id,
            postcode: o.postcode,
            name: o.name,
            opening: 0,
            open: 0,
            closing: 0,
            closed: 0,
            with_variance: 0,
            variance: 0n,
          };
          tills.set(s.office_id, t);
        }
        const status = s.status as 'opening' | 'open' | 'closing' | 'closed';
        t[status] += 1;
        const variance = s.variance === null ? 0n : BigInt(s.variance);
        if (variance !== 0n && (status === 'closing' || status === 'closed')) {
          t.with_variance += 1;
          t.variance += variance;
        }
        if (status === 'closing')
          closes.push({
            session_id: s.id,
            office_id: s.office_id,
            clerk_id: s.clerk_id,
            day: s.day,
            variance,
            reason: s.variance_reason,
            needs_manager: (variance < 0n ? -variance : variance) > VARIANCE_APPROVAL_THRESHOLD,
          });
      }
      return {
        day,
        province_code: scope.province_code,
        office_id: scope.office_id,
        periods: periods.map((p) => ({
          id: p.id,
          months: JSON.parse(p.months) as string[],
          status: p.status,
          bank_from: p.bank_from,
          points_from: p.points_from,
          counters_from: p.counters_from,
          close_on: p.close_on,
          phase: phaseOn(p, day),
        })),
        pensions,
        behind,
        pension_totals: totals,
        tills: [...tills.values()].sort((a, b) => a.postcode.localeCompare(b.postcode)),
        variance_threshold: VARIANCE_APPROVAL_THRESHOLD,
        closes,
        moves: moves.map((m) => ({
          id: m.id,
          session_id: m.session_id,
          office_id: m.office_id,
          kind: m.session_status === 'opening' ? 'opening' : (m.direction as 'to_till' | 'to_vault'),
          amount: BigInt(m.amount),
          maker_id: m.maker_id,
          created_at: m.created_at,
        })),
        cod: cod.map((c) => ({
          payee: c.payee,
          items: Number(c.n),
          collected: BigInt(c.collected),
          handed_in: BigInt(c.handed_in),
          not_handed_in: BigInt(c.collected) - BigInt(c.handed_in),
          collected_today: BigInt(c.today),
        })),
      };
    },
  };
}
