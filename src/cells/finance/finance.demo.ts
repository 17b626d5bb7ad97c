// The demo's day in the finance cell: cash in every post office's vault, and a pension month payable today
// in the demo provinces, with counter lines, proxies (one whose authorisation has expired) and a home round
// at each demo office, so that a clerk and a postman signing in can work at once. Through the services
// (journaled events), deterministic (seeded), loaded once.
import { Readable } from 'node:stream';
import { vietnamDay } from '../../platform/clock.ts';
import { createPeople, type Names, type Person } from '../../platform/people.ts';
import { accountId, TRANSFER_CODES } from './chart/index.ts';
import { FinanceError } from './finance-error.ts';
import type { Finance } from './finance.types.ts';
import { isSuccess } from './ledger/index.ts';
import { LIST_COLUMNS, syntheticList, type Directory } from './pensions/index.ts';

/** A post office the demo gives cash, and, for a demo office, its lines. */
export interface DemoOffice {
  id: string;
  postcode: string;
  commune_code: string;
  province_code: string;
}

/** A demo office's size: counter lines (with proxies) and home lines. */
export interface DemoDesk {
  office: DemoOffice;
  counter: number;
  proxies: number;
  home: number;
  /** Its manager hands the home round's cash to its postman. */
  manager_id: string;
  postman: { id: string; name: string };
}

export interface DemoDayResult {
  vaults: number;
  vault_cash: bigint;
  periods: string[];
  lines: number;
  rounds: string[];
}

const ACTOR = 'system:demo';
/** What a demo office's vault holds, and every other post office's (a realistic float, in a few steps). */
const DESK_FLOAT = 500_000_000n;
const FLOATS = [100_000_000n, 150_000_000n, 200_000_000n];

/**
 * Loads the demo's day on a finance cell where it is not there yet (does nothing otherwise): every post
 * office's vault cash, then for each province of the desks the month of `now` (Vietnam time), open at the
 * counters from its first day to its last, its list imported and funded, and each desk's home lines on a
 * round for its postman.
 */
export async function loadDemoDay(
  finance: Finance,
  input: {
    offices: readonly DemoOffice[];
    desks: readonly DemoDesk[];
    directory: Directory;
    names: Names;
    now: Date;
  },
): Promise<DemoDayResult> {
  const out: DemoDayResult = { vaults: 0, vault_cash: 0n, periods: [], lines: 0, rounds: [] };
  if (input.offices.length === 0) return out;
  // The vault cash is the demo day's first write: there, the day was loaded.
  const first = await finance.ledger.createTransfers([vaultCash(input.offices[0]!, input.desks)], ACTOR);
  if (first[0]?.result === 'exists') return out;
  if (first[0] === undefined || !isSuccess(first[0])) throw notBooked(first[0]?.id, first[0]?.result);
  // One batch per 1,000 offices: the whole network funded in a handful of commands.
  for (let i = 0; i < input.offices.length; i += 1000) {
    const batch = input.offices.slice(Math.max(i, 1), i + 1000).map((o) => vaultCash(o, input.desks));
    if (batch.length === 0) continue;
    const results = await finance.ledger.createTransfers(batch, ACTOR);
    const bad = results.find((r) => !isSuccess(r));
    if (bad !== undefined) throw notBooked(bad.id, bad.result);
  }
  for (const o of input.offices) out.vault_cash += floatOf(o, input.desks);
  out.vaults = input.offices.length;

  const today = vietnamDay(input.now);
  const month = today.slice(0, 7);
  const year = Number(month.slice(0, 4));
  const people = createPeople(input.names, { seed: 2212, year });
  for (const province of [...new Set(input.desks.map((d) => d.office.province_code))]) {
    const desks = input.desks.filter((d) => d.office.province_code === province);
    const period = await finance.pensions.openPeriod(
      {
        province_code: province,
        months: [month],
        schedule: {
          bank_from: `${month}-01`,
          points_from: `${month}-01`,
          counters_from: `${month}-01`,
          close_on: lastDay(month),
        },
      },
      ACTOR,
    );
    out.periods.push(period.id);
    const list = demoList(desks, input.offices, { people, names: input.names, month, today, year });
    const imported = await finance.pensions.importList(
      {
        period_id: period.id,
        file_name: `danh-sach-demo-${province}.csv`,
        declared_count: list.count,
        declared_total: list.total,
        source: Readable.from([list.csv]),
      },
      input.directory,
      ACTOR,
    );
    out.lines += list.count;
    await finance.payouts.fund(
      { period_id: period.id, sha256: imported.sha256, reference: `UNC-DEMO-${province}` },
      input.directory,
      ACTOR,
    );
    for (const d of desks) {
      const home = await finance.pensions.lines({
        period_id: period.id,
        postcode: d.office.postcode,
        status: 'at_office',
        limit: 500,
        offset: 0,
      });
      const ids = home.items.filter((l) => l.channel === 'TAI_NHA').map((l) => l.id);
      if (ids.length === 0) continue;
      const round = await finance.payouts.openRound(
        {
          period_id: period.id,
          office_id: d.office.id,
          postman_id: d.postman.id,
          postman_name: d.postman.name,
          line_ids: ids,
        },
        d.manager_id,
      );
      out.rounds.push(round.id);
    }
  }
  return out;
}

const notBooked = (id: string | undefined, result: string | undefined) =>
  new FinanceError(
    'invalid_transfer',
    `The demo's vault cash ${id ?? ''} was not booked: ${result ?? 'no result'}`,
    'Không ghi nhận được tiền nhập két của dữ liệu mẫu',
    { transfer: id ?? null },
  );

const floatOf = (o: DemoOffice, desks: readonly DemoDesk[]) =>
  desks.some((d) => d.office.id === o.id) ? DESK_FLOAT : FLOATS[Number(o.postcode) % FLOATS.length]!;

/** The cash an office's vault received from head office for the demo: keyed, so it is booked once. */
const vaultCash = (o: DemoOffice, desks: readonly DemoDesk[]) => ({
  id: `cash-in:demo:${o.id}`,
  debit_account_id: accountId(o.id, 'vault_cash'),
  credit_account_id: accountId(o.id, 'settlement'),
  amount: floatOf(o, desks),
  code: TRANSFER_CODES.manual,
});

function lastDay(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

/**
 * A province's demo list: at each desk its counter lines (QUAY; the first `proxies` through a proxy whose
 * authorisation holds to the end of next month, and one more whose authorisation ended yesterday, when
 * yesterday is within the month) and its home lines (TAI_NHA, people over 80); then a synthetic list for
 * the province's other first offices, so the month is not the desks alone.
 */
function demoList(
  desks: readonly DemoDesk[],
  offices: readonly DemoOffice[],
  o: { people: ReturnType<typeof createPeople>; names: Names; month: string; today: string; year: number },
): { csv: Buffer; count: number; total: bigint } {
  const rows: string[] = [];
  let total = 0n;
  const yesterday = new Date(`${o.today}T00:00:00Z`);
  yesterday.setUTCDate(yesterday.getUTCDate() - 1);
  const expired = yesterday.toISOString().slice(0, 10);
  const valid = lastDay(nextMonth(o.month).slice(0, 7));
  const line = (d: DemoDesk, p: Person, channel: string, proxy?: { person: Person; until: string }) => {
    const amount = BigInt(3_000 + Math.floor(o.people.random() * 9_000)) * 1000n;
    total += amount;
    rows.push(
      [
        p.cccd,
        csvCell(p.full_name),
        String(p.birth_year),
        'LH',
        amount.toString(),
        d.office.commune_code,
        d.office.postcode,
        channel,
        proxy === undefined ? '' : csvCell(proxy.person.full_name),
        proxy?.person.cccd ?? '',
        proxy?.until ?? '',
      ].join(','),
    );
  };
  for (const d of desks) {
    for (let i = 0; i < d.counter; i++) {
      const p = o.people.next({ minAge: 60, maxAge: 79 });
      const proxy =
        i < d.proxies
          ? { person: o.people.next({ minAge: 30, maxAge: 55 }), until: valid }
          : i === d.proxies && expired.startsWith(o.month)
            ? { person: o.people.next({ minAge: 30, maxAge: 55 }), until: expired }
            : undefined;
      line(d, p, 'QUAY', proxy);
    }
    for (let i = 0; i < d.home; i++) line(d, o.people.next({ minAge: 80, maxAge: 98 }), 'TAI_NHA');
  }
  // The rest of the month: 100 lines per desk over the province's next post offices.
  const province = desks[0]!.office.province_code;
  const others = offices
    .filter((x) => x.province_code === province && !desks.some((d) => d.office.id === x.id))
    .slice(0, 20);
  let count = rows.length;
  if (others.length > 0) {
    const gen = syntheticList({
      count: 100 * desks.length,
      communes: others.map((x) => x.commune_code),
      postcodes: others.map((x) => x.postcode),
      periodStart: `${o.month}-01`,
      names: o.names,
      seed: 2213 + Number(province),
    });
    let r = gen.next();
    let header = true;
    while (r.done !== true) {
      // The synthetic list's own header is dropped: the file has one.
      const chunk = header ? '' : r.value;
      header = false;
      if (chunk !== '') rows.push(chunk.trimEnd());
      r = gen.next();
    }
    count += r.value.count;
    total += r.value.total;
  }
  return { csv: Buffer.from(`${LIST_COLUMNS.join(',')}\n${rows.join('\n')}\n`), count, total };
}

/** The first day of the month after `month` (YYYY-MM), as YYYY-MM-DD. */
function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}
