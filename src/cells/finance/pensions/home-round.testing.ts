// Test support for home rounds: this month's pension period of a province (opened, or the one already
// open), a small list of people paid at home by one office, funded, and cash in that office's vault.
import { Readable } from 'node:stream';
import type { Platform } from '../../../app.ts';
import { openMonthAtCounters, receiveVaultCash } from '../index.ts';
import { LIST_COLUMNS } from './pension.csv.ts';
import type { PensionLine } from './pension.service.ts';

/** One person on the list, paid at home (TAI_NHA); a proxy with his CCCD when given. */
export interface HomePerson {
  cccd: string;
  name: string;
  birth_year: number;
  amount: bigint;
  proxy?: { name: string; cccd: string };
}

/**
 * This month's period for the province (reused when one is open already, as a demo's may be), a list of the
 * people given, paid at home by the office at `postcode` in `commune`, funded; the office's vault holds
 * their money. The people's lines, waiting at the office.
 */
export async function openHomeMonth(
  platform: Platform,
  o: { province: string; postcode: string; commune: string; office: string; people: readonly HomePerson[] },
): Promise<{ periodId: string; lines: PensionLine[] }> {
  const { pensions, payouts } = platform.finance;
  const now = platform.clock.now();
  let periodId: string;
  try {
    periodId = (await openMonthAtCounters(platform.finance, o.province, now, 'system:test')).id;
  } catch (err) {
    const open = /already in period (\S+) /.exec((err as Error).message);
    if (open === null) throw err;
    periodId = open[1]!;
  }
  const period = await pensions.getPeriod(periodId);
  const until = `${String(Number(period.months[0]!.slice(0, 4)) + 1)}-12-31`;
  const rows = o.people.map((p) =>
    [
      p.cccd,
      p.name,
      String(p.birth_year),
      'LH',
      p.amount.toString(),
      o.commune,
      o.postcode,
      'TAI_NHA',
      p.proxy?.name ?? '',
      p.proxy?.cccd ?? '',
      p.proxy === undefined ? '' : until,
    ].join(','),
  );
  const csv = `${[LIST_COLUMNS.join(','), ...rows].join('\n')}\n`;
  const total = o.people.reduce((s, p) => s + p.amount, 0n);
  const directory = await platform.core.offices.directory();
  const list = await pensions.importList(
    {
      period_id: periodId,
      file_name: `tai-nha-${o.postcode}.csv`,
      declared_count: o.people.length,
      declared_total: total,
      source: Readable.from([Buffer.from(csv)]),
    },
    directory,
    'system:test',
  );
  await payouts.fund(
    { period_id: periodId, sha256: list.sha256, reference: 'UNC-TAI-NHA' },
    directory,
    'system:test',
  );
  // Its own transfer id: the office's vault may have been filled already (by a demo, or another test).
  await receiveVaultCash(
    platform.finance,
    o.office,
    total,
    'system:test',
    `cash-in:${o.office}:${list.sha256.slice(0, 16)}`,
  );
  const cccds = new Set(o.people.map((p) => p.cccd));
  const { items } = await pensions.lines({ period_id: periodId, status: 'at_office', limit: 500, offset: 0 });
  return { periodId, lines: items.filter((l) => cccds.has(l.cccd) && l.list_sha256 === list.sha256) };
}
