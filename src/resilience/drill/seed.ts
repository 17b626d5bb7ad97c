// The drill's post before 03:10: on the demo network (an office per commune and its staff), a province's
// pension month imported and funded, counters at some of its post offices with clerks' tills holding the cash
// to pay their lines, parcels in flight with cash on delivery, and a second security officer so that two
// people can approve the recovery.
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import type { Platform } from '../../app.ts';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../cells/core/index.ts';
import { openCashedTill, openMonthAtCounters, syntheticList } from '../../cells/finance/index.ts';
import { parseNames } from '../../platform/people.ts';
import { seedGoods } from './seed-goods.ts';

export interface DrillSize {
  /** Pension lines of the month. */
  lines: number;
  /** Post offices whose clerk pays at the counter during the drill. */
  counters: number;
  /** Parcels with cash on delivery accepted at those counters before the attack. */
  parcels: number;
}

export const DRILL_SCALES: Record<'demo' | 'national', DrillSize> = {
  demo: { lines: 100_000, counters: 3, parcels: 300 },
  national: { lines: 3_300_000, counters: 6, parcels: 3000 },
};

/**
 * A smoke run of the demo, for tests (as the benchmark's smoke size): fewer lines and parcels, and shorter
 * traffic around the night (seconds before the attack, after delivery reopens). Not fewer than 30,000 lines: the
 * counters must still have lines to pay when the attack comes.
 */
export const DRILL_SMOKE = { size: { lines: 30_000, counters: 3, parcels: 30 }, before: 15, after: 10 };

export interface DrillCounter {
  office_id: string;
  postcode: string;
  /** The office's commune: the sender's, for parcels accepted there. */
  commune: string;
  clerk: string;
  clerk_id: string;
  till: string;
  /** Lines waiting at this office's counter. */
  lines: number;
  /** Parcels accepted here before the attack, waiting to leave the office. */
  parcels: string[];
}

export interface DrillSeed {
  province: string;
  period_id: string;
  lines: number;
  total: bigint;
  counters: DrillCounter[];
  /** The two officers who request and approve, with their authenticator seeds. */
  officers: Array<{ username: string; id: string; password: string; totp_secret: string }>;
  parcels: string[];
  cod_total: bigint;
  /** Communes of Hồ Chí Minh City's post offices, where the parcels go. */
  destinations: string[];
}

/** The second officer's password (the first is the demo's `security`). */
export const DRILL_OFFICER_PASSWORD = 'diễn tập an ninh 03:10';

const PROVINCE = '01';
const SYSTEM = 'system:drill';

/** Seeds the drill's data on a platform opened with the demo network. */
export async function seedDrill(platform: Platform, size: DrillSize, names: unknown): Promise<DrillSeed> {
  const { core, finance, delivery } = platform;
  const offices = (
    await core.offices.list({
      province: PROVINCE,
      type: 'post_office',
      status: 'open',
      limit: 500,
      offset: 0,
    })
  ).items;
  if (offices.length < size.counters)
    throw new Error(
      `the demo network has ${offices.length} post offices in province ${PROVINCE}, fewer than ${size.counters}`,
    );
  const period = await openMonthAtCounters(finance, PROVINCE, platform.clock.now(), SYSTEM);
  const month = period.months[0]!;
  // The list goes through a file, as a social insurance office sends it: a national month does not fit in memory.
  const dir = mkdtempSync(join(tmpdir(), 'postcore-drill-'));
  try {
    const file = join(dir, 'danh-sach-chi-tra.csv');
    const out = createWriteStream(file);
    const gen = syntheticList({
      count: size.lines,
      communes: offices.map((o) => o.commune_code!),
      postcodes: offices.map((o) => o.postcode),
      periodStart: `${month}-01`,
      names: parseNames(names),
      seed: 310,
    });
    let r = gen.next();
    while (r.done !== true) {
      if (!out.write(r.value)) await new Promise<void>((ok) => out.once('drain', () => ok()));
      r = gen.next();
    }
    out.end();
    await finished(out);
    const directory = await core.offices.directory();
    const list = await finance.pensions.importList(
      {
        period_id: period.id,
        file_name: 'danh-sach-chi-tra.csv',
        declared_count: r.value.count,
        declared_total: r.value.total,
        source: createReadStream(file),
      },
      directory,
      SYSTEM,
    );
    await finance.payouts.fund(
      { period_id: period.id, sha256: list.sha256, reference: 'UNC-DRILL' },
      directory,
      SYSTEM,
    );

    const counters: DrillCounter[] = [];
    for (const o of offices) {
      if (counters.length === size.counters) break;
      const waiting = await finance.pensions.lines({
        period_id: period.id,
        status: 'at_office',
        postcode: o.postcode,
        limit: 1,
        offset: 0,
      });
      if (waiting.total === 0) continue;
      let owed = 0n;
      for (let offset = 0; offset < waiting.total; offset += 500) {
        const page = await finance.pensions.lines({
          period_id: period.id,
          status: 'at_office',
          postcode: o.postcode,
          limit: 500,
          offset,
        });
        for (const l of page.items) owed += BigInt(l.amount);
      }
      const clerk = (await core.staff.findForSignIn(`gdv.${o.postcode}`))!;
      const manager = (await core.staff.findForSignIn(`tbc.${o.postcode}`))!;
      // Enough 500,000 đ notes for every line waiting at this counter, and 10 million đ for change.
      const till = await openCashedTill(
        finance,
        {
          office_id: o.id,
          clerk_id: clerk.id,
          clerk_name: clerk.full_name,
          manager_id: manager.id,
          notes: (owed + 499_999n) / 500_000n + 20n,
          cash_in_id: `cash-in:drill:${o.id}`,
        },
        SYSTEM,
      );
      counters.push({
        office_id: o.id,
        postcode: o.postcode,
        commune: o.commune_code!,
        clerk: clerk.username,
        clerk_id: clerk.id,
        till,
        lines: waiting.total,
        parcels: [],
      });
    }

    // Parcels in flight from the counters, each with cash to collect at the other end.
    const far = (
      await core.offices.list({ province: '79', type: 'post_office', status: 'open', limit: 50, offset: 0 })
    ).items;
    const parcels: string[] = [];
    let cod = 0n;
    for (let i = 0; i < size.parcels; i++) {
      const c = counters[i % counters.length]!;
      const from = offices.find((o) => o.id === c.office_id)!;
      const to = far[i % far.length]!;
      const amount = BigInt(100_000 + (i % 40) * 25_000);
      const item = await delivery.items.accept(
        {
          service: i % 3 === 0 ? 'ems' : 'parcel',
          sender: {
            name: 'Cửa hàng Minh Anh',
            phone: '0912345678',
            address: 'Số 12 Đội Cấn',
            commune: from.commune_code!,
          },
          recipient: {
            name: 'Lê Văn Hùng',
            phone: '0987654321',
            address: `Số ${i + 1} Yersin`,
            commune: to.commune_code!,
          },
          weight_g: 300 + (i % 20) * 100,
          length_cm: 30,
          width_cm: 20,
          height_cm: 10,
          cod_amount: amount.toString(),
        },
        { office_id: c.office_id, clerk_id: c.clerk_id, till_session_id: c.till },
        c.clerk_id,
      );
      parcels.push(item.id);
      c.parcels.push(item.id);
      cod += amount;
    }
    await seedGoods(platform, PROVINCE, counters);
    await platform.sync();

    // The demo's security officer, and a second one: two people approve a recovery.
    const first = (await core.staff.findForSignIn('security'))!;
    const corporation = first.office_id;
    const second = await core.staff.add(
      {
        username: 'security.2',
        full_name: 'Phạm Quốc Bảo',
        cccd: '001088000310',
        phone: '0912000310',
        office_id: corporation,
        roles: ['security_officer'],
        password: DRILL_OFFICER_PASSWORD,
      },
      SYSTEM,
    );
    const enrolled = await core.signIn.enrolSecondFactor(second.id, SYSTEM);
    return {
      province: PROVINCE,
      period_id: period.id,
      lines: r.value.count,
      total: r.value.total,
      counters,
      officers: [
        { username: 'security', id: first.id, password: DEMO_PASSWORD, totp_secret: DEMO_TOTP_SECRET },
        {
          username: 'security.2',
          id: second.id,
          password: DRILL_OFFICER_PASSWORD,
          totp_secret: enrolled.secret,
        },
      ],
      parcels,
      cod_total: cod,
      destinations: far.map((o) => o.commune_code!),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
