// What a counter's day needs before a person starts, made through the platform's services: a till opened and
// confirmed, and a month of pension lines payable today at one office. For browser tests and the web bench.
import { Readable } from 'node:stream';
import { openCashedTill, openMonthAtCounters } from '../../src/cells/finance/index.ts';
import type { WebWorld } from './browser.ts';

const HEADER =
  'cccd,ho_ten,nam_sinh,loai,so_tien,ma_xa,ma_buu_cuc,kenh,nguoi_nhan_thay,cccd_nguoi_nhan_thay,uy_quyen_den';

export interface Counter {
  officeId: string;
  postcode: string;
  province: string;
  commune: string;
  clerk: { id: string; username: string };
  manager: { id: string; username: string };
}

/** A post office of a province (the first, or the `nth` after it) with its demo clerk (`gdv.`) and manager (`tbc.`). */
export async function demoCounter(world: WebWorld, province: string, nth = 0): Promise<Counter> {
  const { core } = world.platform;
  const office = (await core.offices.list({ type: 'post_office', province, limit: 1, offset: nth })).items[0];
  if (office === undefined) throw new Error(`no post office in province ${province}`);
  const staff = async (prefix: string) => {
    const s = await core.staff.findForSignIn(`${prefix}.${office.postcode}`);
    if (s === undefined) throw new Error(`no demo account ${prefix}.${office.postcode}`);
    return { id: s.id, username: `${prefix}.${office.postcode}` };
  };
  return {
    officeId: office.id,
    postcode: office.postcode,
    province,
    commune: office.commune_code!,
    clerk: await staff('gdv'),
    manager: await staff('tbc'),
  };
}

/** The clerk's till opened with `notes` × 500.000 ₫ brought into the vault for it, confirmed by the manager. */
export async function openClerkTill(world: WebWorld, c: Counter, notes: bigint): Promise<string> {
  const clerk = await world.platform.core.staff.get(c.clerk.id);
  return openCashedTill(
    world.platform.finance,
    {
      office_id: c.officeId,
      clerk_id: c.clerk.id,
      clerk_name: clerk.full_name,
      manager_id: c.manager.id,
      notes,
      cash_in_id: `cash-in:fixture:${c.clerk.username}`,
    },
    'system:test',
  );
}

export interface Pensioner {
  cccd: string;
  name: string;
  amount: bigint;
}

/** This month's period for the counter's province, with one funded list of counter lines at its office. */
export async function openCounterMonth(
  world: WebWorld,
  c: Counter,
  people: readonly Pensioner[],
): Promise<string> {
  const { core, finance } = world.platform;
  const period = await openMonthAtCounters(finance, c.province, world.platform.clock.now(), 'system:test');
  const rows = people.map((p) =>
    [
      p.cccd,
      p.name,
      `19${p.cccd.slice(4, 6)}`,
      'LH',
      p.amount.toString(),
      c.commune,
      c.postcode,
      'QUAY',
      '',
      '',
      '',
    ].join(','),
  );
  const directory = await core.offices.directory();
  const list = await finance.pensions.importList(
    {
      period_id: period.id,
      file_name: `ds-${c.postcode}.csv`,
      declared_count: rows.length,
      declared_total: people.reduce((s, p) => s + p.amount, 0n),
      source: Readable.from([Buffer.from(`${HEADER}\n${rows.join('\n')}\n`)]),
    },
    directory,
    'system:test',
  );
  await finance.payouts.fund(
    { period_id: period.id, sha256: list.sha256, reference: `UNC-${c.postcode}` },
    directory,
    'system:test',
  );
  return period.id;
}

/** The demo's manager of a provincial post (`qlt.` + the province's code), who keeps its catalogue and prices. */
export async function demoProvincialManager(
  world: WebWorld,
  province: string,
): Promise<{ id: string; username: string }> {
  const username = `qlt.${province}`;
  const s = await world.platform.core.staff.findForSignIn(username);
  if (s === undefined) throw new Error(`no demo account ${username}`);
  return { id: s.id, username };
}
