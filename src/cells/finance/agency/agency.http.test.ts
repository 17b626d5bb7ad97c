// Agencies' fees over HTTP on both dialects: who may remit an agency's fees and read its statement, where, and
// what the answers say. Finance is fed `services.fees.taken` events as its services consumer would be.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { buildApp, openPlatform, type Platform } from '../../../app.ts';
import type { Role } from '../../core/index.ts';
import type { Server } from '../../../http/server.ts';
import type { JournalEvent } from '../../../journal/index.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { dialectsUnderTest, testPlace, type TestPlace } from '../../../storage/testing.ts';
import { callApi, openTestOffice, TEST_PASSWORD, testConfig } from '../../../testing.ts';
import { accountId, openCashedTill, servicesConsumer } from '../index.ts';

const SO_TU_PHAP = '000.00.16.H26';
/** A central agency: its dossiers are taken in every province. */
const CUC_CSGT = '000.00.00.G02';

interface Body {
  code?: string;
  message?: string;
  message_vi?: string;
  id?: string;
  total?: string;
  office_id?: string | null;
  dossiers?: string[];
  proof?: { event?: { seq?: string } };
  collected?: string;
  remitted?: string;
  outstanding?: string;
  collections?: Array<{ dossier_id: string; amount: string; office_id: string }>;
  remittances?: Array<{ id: string }>;
}

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`agencies' fees API on ${dialect}`, { skip }, () => {
    const clock = new ManualClock('2026-12-07T02:00:00.000Z');
    let place: TestPlace;
    let platform: Platform;
    let app: Server;
    const cookies: Record<string, string> = {};
    const call = (who: string, method: 'GET' | 'POST', url: string, payload?: unknown, key?: string) =>
      callApi<Body>(app, {
        method,
        url,
        cookie: cookies[who]!,
        payload,
        ...(key === undefined ? {} : { key }),
      });
    const office: Record<'bd' | 'hk' | 'dn', string> = { bd: '', hk: '', dn: '' };
    const clerkOf: Record<string, string> = {};
    const tillOf: Record<string, string> = {};
    let seq = 0n;

    before(async () => {
      place = testPlace(dialect);
      platform = await openPlatform(testConfig(place), { clock });
      app = await buildApp(platform, pino({ level: 'silent' }));
      const hq = await openTestOffice(platform.core, 'corporation', 'Tổng công ty', '10000', '00004');
      const hn = await openTestOffice(
        platform.core,
        'provincial_post',
        'Bưu điện Hà Nội',
        '11000',
        '00004',
        hq.id,
      );
      const dn = await openTestOffice(
        platform.core,
        'provincial_post',
        'Bưu điện Đà Nẵng',
        '50000',
        '20194',
        hq.id,
      );
      office.bd = (
        await openTestOffice(platform.core, 'post_office', 'Bưu cục Ba Đình', '11100', '00004', hn.id)
      ).id;
      office.hk = (
        await openTestOffice(platform.core, 'post_office', 'Bưu cục Hoàn Kiếm', '11200', '00004', hn.id)
      ).id;
      office.dn = (
        await openTestOffice(platform.core, 'post_office', 'Bưu cục Hải Châu', '50100', '20194', dn.id)
      ).id;
      await platform.sync();
      let n = 10;
      const person = async (username: string, role: Role, at: string) => {
        n++;
        const s = await platform.core.staff.add(
          {
            username,
            full_name: `Nguyễn Văn ${username}`,
            cccd: `0011850004${n}`,
            phone: `09123458${n}`,
            office_id: at,
            roles: [role],
            password: TEST_PASSWORD,
          },
          'system:test',
        );
        const r = await callApi(app, {
          method: 'POST',
          url: '/v1/auth/sign-in',
          payload: { username, password: TEST_PASSWORD },
        });
        cookies[username] = r.cookie!;
        return s;
      };
      const manager = await person('hung.bd', 'office_manager', office.bd);
      for (const [key, username] of [
        ['bd', 'lan.bd'],
        ['hk', 'mai.hk'],
        ['dn', 'tuan.dn'],
      ] as const) {
        const clerk = await person(username, 'counter_clerk', office[key]);
        clerkOf[office[key]] = clerk.id;
        tillOf[office[key]] = await openCashedTill(
          platform.finance,
          {
            office_id: office[key],
            clerk_id: clerk.id,
            clerk_name: clerk.full_name,
            manager_id: manager.id,
            notes: 1n,
          },
          'system:test',
        );
      }
      await person('thu.hn', 'provincial_manager', hn.id);
      await person('kiem.hq', 'auditor', hq.id);
    });
    after(async () => {
      await app.close();
      await platform.close();
      await place.remove();
    });

    /** A clerk takes a dossier's fees: finance follows the services event, as its consumer does. */
    const take = async (dossier: string, at: string, agency: string, amount: bigint, tariff: bigint) => {
      const finance = platform.cells.find((c) => c.definition.name === 'finance')!.journal;
      const handle = servicesConsumer({ journal: finance, ledger: platform.finance.ledger });
      const e: JournalEvent = {
        seq: ++seq,
        id: `evt_${seq}`,
        type: 'services.fees.taken',
        stream: dossier,
        at: clock.now().toISOString(),
        actor: clerkOf[at]!,
        office: at,
        payload: {
          dossier,
          office: at,
          clerk: clerkOf[at]!,
          till_session_id: tillOf[at]!,
          agency,
          agency_name: agency === SO_TU_PHAP ? 'Sở Tư pháp Hà Nội' : 'Cục Cảnh sát giao thông',
          agency_amount: amount.toString(),
          post_amount: tariff.toString(),
        },
        prev: '0'.repeat(64),
        hash: '1'.repeat(64),
      };
      await finance.transaction(async (trx) => {
        await handle(trx, e);
      });
    };
    const remit = (who: string, agency: string, body: unknown, key?: string) =>
      call(who, 'POST', `/v1/finance/agencies/${encodeURIComponent(agency)}/remittances`, body, key);
    const statement = (who: string, agency: string, query: string) =>
      call(who, 'GET', `/v1/finance/agencies/${encodeURIComponent(agency)}/statement?${query}`);
    const refusedWith = (r: { status: number; body: Body }, status: number, code: string) => {
      assert.equal(r.status, status, JSON.stringify(r.body));
      assert.equal(r.body.code, code, JSON.stringify(r.body));
      assert.ok((r.body.message_vi ?? '').length > 0);
    };

    test('an office manager remits what his office took for an agency, once per key, with its proof', async () => {
      await take('HS2612070101', office.bd, SO_TU_PHAP, 50_000n, 30_000n);
      await take('HS2612070102', office.hk, SO_TU_PHAP, 100_000n, 30_000n);
      await take('HS2612070103', office.bd, CUC_CSGT, 150_000n, 30_000n);
      await take('HS2612070104', office.dn, CUC_CSGT, 150_000n, 30_000n);

      refusedWith(
        await remit('lan.bd', SO_TU_PHAP, { through: '2026-12-07', office: office.bd }),
        403,
        'permission_missing',
      );
      // Without an office, the agency's fees at both of Hà Nội's offices: beyond one office's manager.
      refusedWith(await remit('hung.bd', SO_TU_PHAP, { through: '2026-12-07' }), 403, 'office_out_of_scope');
      refusedWith(
        await remit('hung.bd', SO_TU_PHAP, { through: '2026-12-07', office: office.hk }),
        403,
        'office_out_of_scope',
      );
      const first = await remit(
        'hung.bd',
        SO_TU_PHAP,
        { through: '2026-12-07', office: office.bd },
        'rem-bd-1',
      );
      assert.equal(first.status, 201, JSON.stringify(first.body));
      assert.equal(first.body.total, '50000');
      assert.equal(first.body.office_id, office.bd);
      assert.deepEqual(first.body.dossiers, ['HS2612070101']);
      assert.ok(first.body.proof?.event !== undefined, 'the remittance carries its proof');
      const again = await remit(
        'hung.bd',
        SO_TU_PHAP,
        { through: '2026-12-07', office: office.bd },
        'rem-bd-1',
      );
      assert.equal(again.status, 201);
      assert.equal(again.body.id, first.body.id);
      refusedWith(
        await remit('hung.bd', SO_TU_PHAP, { through: '2026-12-07', office: office.bd }),
        409,
        'nothing_to_remit',
      );
      const a = await platform.finance.ledger.getAccount(accountId(office.bd, 'agency_payable', SO_TU_PHAP));
      assert.equal(a.credits_posted - a.debits_posted, 0n);
    });

    test('a provincial manager remits across his province, not beyond it', async () => {
      const rest = await remit('thu.hn', SO_TU_PHAP, { through: '2026-12-07' });
      assert.equal(rest.status, 201, JSON.stringify(rest.body));
      assert.equal(rest.body.total, '100000');
      assert.deepEqual(rest.body.dossiers, ['HS2612070102']);
      // A central agency's fees were taken in Hà Nội and Đà Nẵng: each province pays its own part.
      refusedWith(await remit('thu.hn', CUC_CSGT, { through: '2026-12-07' }), 403, 'office_out_of_scope');
      refusedWith(
        await remit('thu.hn', CUC_CSGT, { through: '2026-12-07', office: office.dn }),
        403,
        'office_out_of_scope',
      );
      const hanoi = await remit('thu.hn', CUC_CSGT, { through: '2026-12-07', office: office.bd });
      assert.equal(hanoi.status, 201, JSON.stringify(hanoi.body));
      assert.equal(hanoi.body.total, '150000');
    });

    test('bad input is refused by name', async () => {
      refusedWith(await remit('thu.hn', 'G99.999', { through: '2026-12-07' }), 404, 'agency_not_found');
      refusedWith(
        await remit('thu.hn', SO_TU_PHAP, { through: '07/12/2026', office: office.bd }),
        400,
        'invalid_day',
      );
      refusedWith(
        await statement('kiem.hq', 'G99.999', 'from=2026-12-01&to=2026-12-31'),
        404,
        'agency_not_found',
      );
      refusedWith(
        await statement('kiem.hq', SO_TU_PHAP, 'from=2026-12-31&to=2026-12-01'),
        400,
        'invalid_day',
      );
    });

    test('statements: the auditor reads everywhere, a manager his office, a clerk not at all', async () => {
      const all = await statement('kiem.hq', CUC_CSGT, 'from=2026-12-01&to=2026-12-31');
      assert.equal(all.status, 200, JSON.stringify(all.body));
      assert.equal(all.body.collected, '300000');
      assert.equal(all.body.remitted, '150000');
      assert.equal(all.body.outstanding, '150000');
      assert.equal(all.body.collections?.length, 2);
      const mine = await statement(
        'hung.bd',
        SO_TU_PHAP,
        `from=2026-12-07&to=2026-12-07&office=${office.bd}`,
      );
      assert.equal(mine.status, 200, JSON.stringify(mine.body));
      assert.equal(mine.body.collected, '50000');
      assert.deepEqual(
        mine.body.collections?.map((c) => c.office_id),
        [office.bd],
      );
      assert.equal(mine.body.remittances?.length, 1);
      refusedWith(
        await statement('hung.bd', SO_TU_PHAP, 'from=2026-12-07&to=2026-12-07'),
        403,
        'office_out_of_scope',
      );
      refusedWith(
        await statement('lan.bd', SO_TU_PHAP, `from=2026-12-07&to=2026-12-07&office=${office.bd}`),
        403,
        'permission_missing',
      );
      const province = await statement('thu.hn', SO_TU_PHAP, 'from=2026-12-07&to=2026-12-07');
      assert.equal(province.status, 200);
      assert.equal(province.body.outstanding, '0');
      for (const report of await platform.verify())
        assert.equal(report.ok, true, `${report.cell}: ${JSON.stringify(report.failures)}`);
    });
  });
}
