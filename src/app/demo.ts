// The demo's content beyond the network and its people: parcels in flight and the day at the demo offices
// (vault cash everywhere, a pension month payable today, rounds for the demo postmen), each cell's part
// through its own services, loaded once.
import { readFileSync } from 'node:fs';
import type { Core } from '../cells/core/index.ts';
import { DEMO_DESK, loadDemoParcels, type Delivery } from '../cells/delivery/index.ts';
import { loadDemoDay, type DemoDesk, type DemoOffice, type Finance } from '../cells/finance/index.ts';
import type { Clock } from '../platform/clock.ts';
import { parseNames } from '../platform/people.ts';

/** The demo provinces (Hà Nội, Đà Nẵng, TP. Hồ Chí Minh): shippers, parcels and pension months. */
const DEMO_PROVINCES = ['01', '48', '79'] as const;

/** How many lines wait at a demo office's counter (with proxies) and at home, by province. */
const DESK_SIZES: Record<string, { counter: number; proxies: number; home: number }> = {
  '01': { counter: 14, proxies: 2, home: 4 },
  '48': { counter: 6, proxies: 1, home: 2 },
  '79': { counter: 6, proxies: 1, home: 2 },
};

const readNames = (file: URL) => parseNames(JSON.parse(readFileSync(file, 'utf8')) as unknown);

/** Loads the demo parcels on a delivery cell that has none (the demo network must be there). */
export async function loadParcels(
  core: Core,
  delivery: Delivery,
  clock: Clock,
  namesFile: URL,
): Promise<void> {
  await loadDemoParcels(
    delivery,
    {
      byUsername: async (u) => {
        const s = await core.staff.findForSignIn(u);
        return s === undefined ? undefined : { id: s.id, office_id: s.office_id };
      },
    },
    readNames(namesFile),
    { year: clock.now().getUTCFullYear(), provinces: DEMO_PROVINCES, desk: DEMO_DESK },
  );
}

/**
 * Loads the day on a finance cell that has followed the demo network (its offices' accounts are open): cash in
 * every post office's vault, and at the first post office of each demo province (01100, 48100, 79100) a
 * pension month payable today with its home round given to the office's postman.
 */
export async function loadDay(core: Core, finance: Finance, clock: Clock, namesFile: URL): Promise<void> {
  const posts = (
    await core.offices.list({ type: 'post_office', status: 'open', limit: 10_000, offset: 0 })
  ).items
    .filter((o) => o.commune_code !== null && o.province_code !== null)
    .sort((a, b) => a.postcode.localeCompare(b.postcode));
  const offices: DemoOffice[] = posts.map((o) => ({
    id: o.id,
    postcode: o.postcode,
    commune_code: o.commune_code!,
    province_code: o.province_code!,
  }));
  const desks: DemoDesk[] = [];
  for (const pp of DEMO_PROVINCES) {
    const office = offices.find((o) => o.province_code === pp);
    if (office === undefined) continue;
    const manager = await core.staff.findForSignIn(`tbc.${office.postcode}`);
    const postman = await core.staff.findForSignIn(`bt.${office.postcode}`);
    if (manager === undefined || postman === undefined) continue;
    desks.push({
      office,
      ...DESK_SIZES[pp]!,
      manager_id: manager.id,
      postman: { id: postman.id, name: postman.full_name },
    });
  }
  await loadDemoDay(finance, {
    offices,
    desks,
    directory: await core.offices.directory(),
    names: readNames(namesFile),
    now: clock.now(),
  });
}
