// An insider probes the services routes over HTTP, on both dialects: clerks of another office reading,
// completing, supplementing and collecting a dossier of Ba Đình's; a clerk naming a colleague's till; an
// officer of another agency deciding or reading; an office manager deciding; a postman taking a dossier in;
// the public look-up guessed with a wrong phone; an intake replayed, or its key reused for another body; fees
// not the catalogue's; an expired authorisation. Each is refused with its status and code, and nothing moves:
// no journal, no dossier, no step, no đồng in the ledger.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { buildApp, type Platform } from '../../app.ts';
import type { Server } from '../../http/server.ts';
import { ManualClock } from '../../platform/clock.ts';
import { dialectsUnderTest } from '../../storage/testing.ts';
import { addSignedInStaff, callApi, fillVault, type Json } from '../../testing.ts';
import { balanceOf, openTill } from '../../testing.ts';
import { accountId } from '../finance/index.ts';
import {
  allDocuments,
  atTill,
  CITIZEN,
  completeIntake,
  deliverLeg,
  EXTRACT,
  openServicesWorld,
  WARD,
  type ServicesWorld,
} from './testing.ts';

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`an insider probes the services routes on ${dialect}`, { skip }, () => {
    // Monday 7 December 2026, 09:00 in Hà Nội.
    const clock = new ManualClock('2026-12-07T02:00:00.000Z');
    let w: ServicesWorld;
    let platform: Platform;
    let app: Server;
    const ids: Record<string, string> = {};
    const cookies: Record<string, string> = {};
    /** Ba Đình's dossiers: one waiting for a paper, one whose agency asked for a supplement, one done. */
    const d = { incomplete: '', supplement: '', done: '' };

    const call = (who: string | null, method: 'GET' | 'POST', url: string, payload?: unknown, key?: string) =>
      callApi<Json & { details?: Record<string, unknown> }>(app, {
        method,
        url,
        cookie: who === null ? undefined : cookies[who],
        ...(key === undefined ? {} : { key }),
        payload,
      });
    /** What a refused request must leave as it was: every journal, Ba Đình's dossiers and steps, its till. */
    const state = async () => {
      await platform.sync();
      const list = await platform.services.dossiers.list({ office: w.o.a.id, limit: 100, offset: 0 });
      const steps = await Promise.all(
        list.items.map(async (x) => (await platform.services.dossiers.steps(x.id)).length),
      );
      return JSON.stringify(
        {
          heads: await Promise.all(
            platform.cells.map(async (c) => [c.definition.name, await c.journal.head()]),
          ),
          dossiers: list.items.map((x) => [x.id, x.state]),
          steps,
          till: await balanceOf(platform, accountId(w.o.a.id, 'till_cash', ids['lan'])),
          owed: await balanceOf(platform, accountId(w.o.a.id, 'agency_payable', WARD)),
        },
        (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v),
      );
    };
    /** Asserts the attempt is refused with this status and code, and that nothing changed. */
    const refused = async (
      attempt: () => Promise<{ status: number; body: Json }>,
      status: number,
      code: string,
    ): Promise<Json & { details?: Record<string, unknown> }> => {
      const before = await state();
      const r = await attempt();
      assert.deepEqual([r.status, r.body.code], [status, code], JSON.stringify(r.body));
      assert.equal(await state(), before, 'a refused request changed something');
      return r.body;
    };
    const intakeAt = (till: string) => `/v1/services/tills/${till}/dossiers`;

    before(async () => {
      w = await openServicesWorld(dialect, clock);
      platform = w.platform;
      app = await buildApp(platform, pino({ level: 'silent' }));
      const signedIn = await addSignedInStaff(platform, app, [
        ['hung', ['office_manager'], w.o.a.id], // Ba Đình, Hà Nội
        ['lan', ['counter_clerk'], w.o.a.id],
        ['hoa', ['counter_clerk'], w.o.a.id],
        ['tien', ['postman'], w.o.a.id],
        ['hcc', ['agency_officer'], w.o.a.id], // Ba Đình's People's Committee
        ['stp', ['agency_officer'], w.o.a.id], // Hà Nội's justice department
        ['minh', ['office_manager'], w.o.b.id], // Thủ Dầu Một, TP. Hồ Chí Minh
        ['thu', ['counter_clerk'], w.o.b.id],
      ]);
      Object.assign(ids, signedIn.ids);
      Object.assign(cookies, signedIn.cookies);
      await platform.services.catalogue.assignOfficer(ids['hcc']!, WARD, 'system:test');
      await platform.services.catalogue.assignOfficer(ids['stp']!, 'H01.STP', 'system:test');
      await fillVault(platform.finance, w.o.b.id, 10_000_000n);
      const till = (clerk: string, office: string, checker: string) =>
        openTill(platform, {
          office,
          clerk: ids[clerk]!,
          name: `Nguyễn Văn ${clerk}`,
          checker: ids[checker]!,
        });
      ids['lanTill'] = await till('lan', w.o.a.id, 'hung');
      ids['hoaTill'] = await till('hoa', w.o.a.id, 'hung');
      ids['thuTill'] = await till('thu', w.o.b.id, 'minh');

      // Ba Đình's dossiers, taken in at the world's own till and carried by its rounds.
      const dossiers = platform.services.dossiers;
      const officer = { id: ids['hcc']!, agency: WARD };
      const full = await completeIntake(w, EXTRACT);
      d.incomplete = (
        await dossiers.intake({ ...full, documents: full.documents!.slice(1), fees: null }, atTill(w))
      ).id;
      for (const k of ['supplement', 'done'] as const) {
        d[k] = (await dossiers.intake(full, atTill(w))).id;
        await deliverLeg(platform, w, d[k], { name: 'Văn thư UBND phường Ba Đình' });
        await dossiers.decide(d[k], { status: 'received' }, officer);
      }
      await dossiers.decide(d.supplement, { status: 'needs_supplement', reason: 'Bản sao mờ' }, officer);
      await dossiers.decide(d.done, { status: 'done' }, officer);
      await platform.sync();
    });
    after(async () => {
      await app?.close();
      await w?.close();
    });

    test('a clerk of another office may not read, complete, supplement or collect Ba Đình’s dossiers', async () => {
      const r = await refused(
        () => call('thu', 'GET', `/v1/services/dossiers/${d.done}`),
        403,
        'not_your_agency',
      );
      assert.doesNotMatch(
        JSON.stringify(r),
        new RegExp(CITIZEN.cccd),
        'the refusal shows nothing of the dossier',
      );
      await refused(
        () => call('thu', 'GET', `/v1/services/offices/${w.o.a.id}/dossiers`),
        403,
        'not_your_agency',
      );
      await refused(
        () => call('minh', 'GET', `/v1/services/offices/${w.o.a.id}/dossiers`),
        403,
        'not_your_agency',
      );
      // With his own till: the dossier waits at Ba Đình.
      const proc = await w.procedure(EXTRACT);
      const completion = {
        documents: allDocuments(proc),
        seal: 'NP-000999',
        fees: {
          agency: String(proc.agency_fee + proc.agency_charge),
          post: String(proc.send_tariff + proc.return_tariff),
        },
        signatures: { citizen: 'signature:c', clerk: 'signature:k' },
      };
      await refused(
        () => call('thu', 'POST', `${intakeAt(ids['thuTill']!)}/${d.incomplete}/completion`, completion),
        409,
        'dossier_out_of_order',
      );
      const papers = { documents: [allDocuments(proc)![0]] };
      // Naming Ba Đình: not his office. Naming his own: not the office that took the dossier.
      await refused(
        () =>
          call(
            'thu',
            'POST',
            `/v1/services/offices/${w.o.a.id}/dossiers/${d.supplement}/supplements`,
            papers,
          ),
        403,
        'office_out_of_scope',
      );
      await refused(
        () =>
          call(
            'thu',
            'POST',
            `/v1/services/offices/${w.o.b.id}/dossiers/${d.supplement}/supplements`,
            papers,
          ),
        409,
        'dossier_out_of_order',
      );
      await refused(
        () => call('thu', 'POST', `/v1/services/offices/${w.o.a.id}/dossiers/${d.done}/result-collection`),
        403,
        'office_out_of_scope',
      );
      await refused(
        () => call('thu', 'POST', `/v1/services/offices/${w.o.b.id}/dossiers/${d.done}/result-collection`),
        409,
        'dossier_out_of_order',
      );
      // Ba Đình's own clerk may: the refusals above were about who asked.
      const ok = await call(
        'lan',
        'POST',
        `/v1/services/offices/${w.o.a.id}/dossiers/${d.supplement}/supplements`,
        papers,
      );
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.body['state'], 'supplementing');
    });

    test('a clerk may not take a dossier in on a colleague’s till, nor a postman on any', async () => {
      const body = await completeIntake(w, EXTRACT);
      await refused(() => call('lan', 'POST', intakeAt(ids['hoaTill']!), body), 403, 'not_your_till');
      // The till is resolved before the permission, as for every till route: the postman is refused either way.
      await refused(() => call('tien', 'POST', intakeAt(ids['lanTill']!), body), 403, 'not_your_till');
    });

    test('an officer decides and reads only his own agency’s dossiers; an office manager decides none', async () => {
      const decisions = `/v1/services/dossiers/${d.done}/decisions`;
      await refused(
        () => call('stp', 'POST', decisions, { status: 'refused', reason: 'Không thuộc thẩm quyền' }),
        403,
        'not_your_agency',
      );
      await refused(() => call('stp', 'GET', `/v1/services/dossiers/${d.done}`), 403, 'not_your_agency');
      const inbox = await call('stp', 'GET', '/v1/services/agency/dossiers');
      assert.equal(inbox.status, 200);
      assert.deepEqual(inbox.body['items'], [], 'another agency’s inbox holds none of Ba Đình’s dossiers');
      await refused(
        () => call('hung', 'POST', decisions, { status: 'refused', reason: 'Không thuộc thẩm quyền' }),
        403,
        'permission_missing',
      );
      const own = await call('hcc', 'GET', `/v1/services/dossiers/${d.done}`);
      assert.equal(own.status, 200, own.text);
      assert.equal(own.body['state'], 'done');
    });

    test('the public look-up: a wrong phone answers as an unknown code, and a right one shows initials only', async () => {
      const look = (code: string, phone: string) =>
        call(null, 'GET', `/v1/public/dossiers/${code}?phone=${encodeURIComponent(phone)}`);
      const unknown = d.done.slice(0, -1) + (d.done.endsWith('9') ? '8' : '9');
      const guessed = await look(d.done, '0987000111');
      const none = await look(unknown, '0987000111');
      assert.equal(guessed.status, 404);
      assert.equal(guessed.status, none.status);
      // The same answer but for the code asked about and the request's own id.
      const same = (text: string, code: string) => {
        const { request_id: _, ...rest } = JSON.parse(text.replaceAll(code, 'CODE')) as Json;
        return rest;
      };
      assert.deepEqual(same(guessed.text, d.done), same(none.text, unknown));
      const right = await look(d.done, CITIZEN.phone);
      assert.equal(right.status, 200, right.text);
      assert.equal(right.body['citizen'], 'P. T. L.');
      for (const secret of [CITIZEN.name, CITIZEN.phone, CITIZEN.cccd, CITIZEN.address, 'Thị Lan'])
        assert.ok(!right.text.includes(secret), `the public answer shows ${secret}`);
    });

    test('an intake replayed under its key is one dossier and one set of fees; the key reused for another body is refused', async () => {
      const body = await completeIntake(w, EXTRACT, 'both', { citizen: { ...CITIZEN, phone: '0912000222' } });
      const till = () => balanceOf(platform, accountId(w.o.a.id, 'till_cash', ids['lan']));
      const start = await till();
      const first = await call('lan', 'POST', intakeAt(ids['lanTill']!), body, 'intake-replay-1');
      assert.equal(first.status, 201, first.text);
      await platform.sync();
      const paid = (await till()) - start;
      assert.equal(paid, 53_000n, 'the extract’s 8,000 ₫ and the post’s 45,000 ₫');
      const again = await call('lan', 'POST', intakeAt(ids['lanTill']!), body, 'intake-replay-1');
      assert.equal(again.status, 201, again.text);
      assert.equal(again.body.id, first.body.id);
      await platform.sync();
      assert.equal((await till()) - start, paid, 'the fees once');
      const other = { ...body, citizen: { ...CITIZEN, phone: '0912000333' } };
      await refused(
        () => call('lan', 'POST', intakeAt(ids['lanTill']!), other, 'intake-replay-1'),
        422,
        'idempotency_key_reused',
      );
    });

    test('fees that are not the catalogue’s and an authorisation past its day write nothing', async () => {
      const body = await completeIntake(w, EXTRACT);
      const under = { ...body, fees: { agency: '1000', post: body.fees!.post } };
      const r = await refused(
        () => call('lan', 'POST', intakeAt(ids['lanTill']!), under),
        422,
        'fees_do_not_match',
      );
      assert.match(String(r.message_vi), /phí|lệ phí/i);
      const lapsed = {
        ...body,
        representative: {
          name: 'Phạm Văn Hải',
          cccd: '001080054321',
          phone: '0912000444',
          authorisation: { number: 'UQ-17/2026', until: '2026-12-06' },
        },
      };
      await refused(
        () => call('lan', 'POST', intakeAt(ids['lanTill']!), lapsed),
        422,
        'authorisation_expired',
      );
    });
  });
}
