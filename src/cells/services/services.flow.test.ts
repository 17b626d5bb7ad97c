// Dossiers through every path on both dialects: taken in at a Hà Nội counter (the agency's charge and the
// post's tariff into the clerk's till, the agency's share owed to it in the ledger), carried to Ba Đình's
// People's Committee by the delivery cell, decided by its officer, the result collected and delivered only to
// the citizen; a dossier waiting for a document, one supplemented and refused, a result no one was home for
// and returned to the agency; every refusal named and writing nothing; verify catching a changed row.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import type { Platform } from '../../app.ts';
import { ManualClock } from '../../platform/clock.ts';
import { dialectsUnderTest } from '../../storage/testing.ts';
import { accountId } from '../finance/index.ts';
import { balanceOf } from '../../testing.ts';
import {
  atTill,
  BIRTH,
  CITIZEN,
  CLERK,
  completeIntake,
  deliverLeg,
  EXTRACT,
  MANAGER,
  OFFICER,
  OTHER_OFFICER,
  openServicesWorld,
  POSTMAN,
  refused,
  WARD,
  type ServicesWorld,
} from './testing.ts';

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`dossiers from intake to their results on ${dialect}`, { skip }, () => {
    // Monday 7 December 2026, 09:00 in Hà Nội.
    const clock = new ManualClock('2026-12-07T02:00:00.000Z');
    let w: ServicesWorld;
    let platform: Platform;
    const head = async () =>
      (await platform.cells.find((c) => c.definition.name === 'services')!.journal.head()).seq;

    before(async () => {
      w = await openServicesWorld(dialect, clock);
      platform = w.platform;
    });
    after(() => w.close());

    test('sent and returned: the fees in the till and owed to the agency, handed over, decided, delivered to the citizen only', async () => {
      const dossiers = platform.services.dossiers;
      const till = accountId(w.o.a.id, 'till_cash', CLERK);
      const owed = accountId(w.o.a.id, 'agency_payable', WARD);
      const revenue = accountId(w.o.a.id, 'fee_revenue');
      const tillBefore = await balanceOf(platform, till);
      const revenueBefore = -(await balanceOf(platform, revenue));
      const taken = await dossiers.intake(await completeIntake(w, EXTRACT), atTill(w));
      assert.match(taken.id, /^HS11100\d{7}$/);
      assert.equal(taken.state, 'accepted');
      assert.equal(taken.agency_fee, 8_000n);
      assert.equal(taken.post_fee, 45_000n, 'sending 25,000 ₫ and returning 20,000 ₫');
      await platform.sync();
      assert.equal(
        await balanceOf(platform, till),
        tillBefore + 53_000n,
        'everything the citizen paid is in the till',
      );
      assert.equal(-(await balanceOf(platform, owed)), 8_000n, 'the agency’s charge is owed to it');
      assert.equal(
        -(await balanceOf(platform, revenue)),
        revenueBefore + 45_000n,
        'the post’s tariff is its revenue',
      );

      const sent = await dossiers.get(taken.id);
      const out = sent.legs[0]!;
      assert.equal(out.kind, 'out');
      assert.equal(out.state, 'posted');
      assert.match(out.item_id!, /^RR\d{9}VN$/);
      const item = await platform.delivery.items.get(out.item_id!);
      assert.equal(item.fee, 0n, 'the delivery cell charges nothing: the dossier paid');
      assert.equal(item.recipient.commune, '00004');

      await refused(
        dossiers.decide(taken.id, { status: 'received' }, { id: OFFICER, agency: WARD }),
        'dossier_out_of_order',
      );
      await deliverLeg(platform, w, taken.id, { name: 'Nguyễn Văn Tiếp (văn thư UBND)' });
      const handed = await dossiers.get(taken.id);
      assert.equal(handed.state, 'handed_over');
      assert.equal(handed.received_by, 'Nguyễn Văn Tiếp (văn thư UBND)');
      assert.equal(handed.deadline_day, '2026-12-09', 'the extract takes two working days from Monday');

      await refused(
        dossiers.decide(taken.id, { status: 'received' }, { id: OTHER_OFFICER, agency: 'H01.STP' }),
        'not_your_agency',
      );
      const received = await dossiers.decide(taken.id, { status: 'received' }, { id: OFFICER, agency: WARD });
      assert.equal(received.appointment_day, '2026-12-09', 'the appointment defaults to the deadline');
      // The managers' overview counts it at the agency, due within two working days; past it, overdue.
      const office = [{ id: w.o.a.id, postcode: w.o.a.postcode, name: w.o.a.name }];
      assert.deepEqual((await platform.services.overviews.overview(office)).totals, {
        at_agency: 1,
        near: 1,
        past: 0,
      });
      clock.set('2026-12-10T02:00:00.000Z');
      assert.deepEqual((await platform.services.overviews.overview(office)).totals, {
        at_agency: 1,
        near: 0,
        past: 1,
      });
      clock.set('2026-12-07T02:00:00.000Z');
      await refused(
        dossiers.decide(
          taken.id,
          { status: 'extended', reason: 'Chờ xác minh' },
          { id: OFFICER, agency: WARD },
        ),
        'invalid_dossier',
      );
      const done = await dossiers.decide(taken.id, { status: 'done' }, { id: OFFICER, agency: WARD });
      assert.equal(done.state, 'done');
      await platform.sync();
      const notice = w.sent.find((n) => n.id.startsWith(`${taken.id}:`));
      assert.ok(notice, 'the citizen is told the result is ready');
      assert.equal(notice.recipient.slice(-9), CITIZEN.phone.slice(-9));
      assert.match(notice.body, /^Ho so HS\d+: Uy ban nhan dan Phuong Ba Dinh da co ket qua\./);
      assert.doesNotMatch(notice.body, /[^\x20-\x7e]/, 'plain ASCII: one SMS, no Vietnamese marks');
      await refused(
        dossiers.collectResult(taken.id, { office_id: w.o.b.id, actor: POSTMAN }),
        'dossier_out_of_order',
      );
      const collected = await dossiers.collectResult(taken.id, { office_id: w.o.a.id, actor: POSTMAN });
      assert.equal(collected.state, 'result_collected');
      await platform.sync();
      const back = (await dossiers.get(taken.id)).legs.at(-1)!;
      assert.equal(back.kind, 'back');
      assert.equal(back.state, 'posted');

      // Someone else at the door is refused by the delivery cell; the citizen's CCCD takes it.
      const round = await platform.delivery.rounds.open(
        { office: w.o.a.id, postman: POSTMAN, items: [back.item_id!] },
        POSTMAN,
      );
      const proof = { item: back.item_id!, recipient_name: 'Phạm Văn Hải', signature: 'signature:x' };
      await refused(
        platform.delivery.rounds.deliver(round.id, { ...proof, receiver_cccd: '001090099999' }, POSTMAN),
        'receiver_not_allowed',
      );
      await platform.delivery.rounds.deliver(
        round.id,
        { ...proof, recipient_name: CITIZEN.name, receiver_cccd: CITIZEN.cccd },
        POSTMAN,
      );
      await platform.delivery.rounds.close(round.id, 0, MANAGER);
      await platform.sync();
      const end = await dossiers.get(taken.id);
      assert.equal(end.state, 'result_delivered');
      assert.ok(end.closed_at !== null);
      const steps = (await dossiers.steps(taken.id)).map((s) => s.step);
      assert.deepEqual(
        steps.filter((s) => !s.startsWith('leg.posted')),
        [
          'dossier.taken',
          'dossier.handed_over',
          'dossier.decided',
          'dossier.decided',
          'result.collected',
          'leg.ended',
        ],
      );
      const look = await dossiers.lookUp(taken.id, '+84912000111');
      assert.equal(look.citizen, 'P. T. L.');
      assert.equal(look.state, 'result_delivered');
      await refused(dossiers.lookUp(taken.id, '0912999888'), 'dossier_not_found');
    });

    test('a dossier waits for a missing document, is completed and paid then; supplemented when asked; refused', async () => {
      const dossiers = platform.services.dossiers;
      const full = await completeIntake(w, BIRTH, 'send');
      const partial = await dossiers.intake(
        { ...full, documents: full.documents!.slice(0, 1), fees: null, seal: null, signatures: null },
        atTill(w),
      );
      assert.equal(partial.state, 'incomplete');
      assert.equal(partial.missing.length, 2);
      assert.equal(partial.agency_fee + partial.post_fee, 0n, 'nothing paid while it waits');
      assert.equal(partial.legs.length, 0);
      await refused(
        dossiers.complete(
          partial.id,
          {
            documents: full.documents!.slice(1, 2),
            seal: 'NP-1',
            fees: full.fees!,
            signatures: full.signatures!,
          },
          atTill(w),
        ),
        'dossier_incomplete',
      );
      const completed = await dossiers.complete(
        partial.id,
        {
          documents: full.documents!.slice(1),
          seal: 'NP-000777',
          fees: full.fees!,
          signatures: full.signatures!,
        },
        atTill(w),
      );
      assert.equal(completed.state, 'accepted');
      assert.equal(completed.post_fee, 25_000n, 'sending only');
      await deliverLeg(platform, w, partial.id, { name: 'Văn thư UBND' });
      await dossiers.decide(partial.id, { status: 'received' }, { id: OFFICER, agency: WARD });
      await refused(
        dossiers.decide(partial.id, { status: 'needs_supplement' }, { id: OFFICER, agency: WARD }),
        'invalid_dossier',
      );
      const asked = await dossiers.decide(
        partial.id,
        { status: 'needs_supplement', reason: 'Giấy chứng sinh bị mờ, cần bản rõ hơn' },
        { id: OFFICER, agency: WARD },
      );
      assert.equal(asked.state, 'needs_supplement');
      const proc = await w.procedure(BIRTH);
      const supplemented = await dossiers.supplement(
        partial.id,
        { documents: [{ key: proc.documents[1]!.key, form: 'original', count: 1 }] },
        { office_id: w.o.a.id, clerk_id: CLERK },
      );
      assert.equal(supplemented.state, 'supplementing');
      await deliverLeg(platform, w, partial.id, { name: 'Văn thư UBND' });
      assert.equal(
        (await dossiers.get(partial.id)).state,
        'handed_over',
        'back with the agency, its deadline anew',
      );
      const no = await dossiers.decide(
        partial.id,
        { status: 'refused', reason: 'Người yêu cầu không thuộc diện đăng ký tại phường' },
        { id: OFFICER, agency: WARD },
      );
      assert.equal(no.state, 'refused');
      await refused(
        dossiers.collectResult(partial.id, { office_id: w.o.a.id, actor: POSTMAN }),
        'dossier_out_of_order',
      );
      const notices = await platform.services.dossiers.get(partial.id);
      assert.equal(notices.state, 'refused');
    });

    test('a result no one was home for goes back to the agency after three attempts', async () => {
      const dossiers = platform.services.dossiers;
      const taken = await dossiers.intake(await completeIntake(w, EXTRACT), atTill(w));
      await deliverLeg(platform, w, taken.id, { name: 'Văn thư UBND' });
      await dossiers.decide(taken.id, { status: 'received' }, { id: OFFICER, agency: WARD });
      await dossiers.decide(taken.id, { status: 'done' }, { id: OFFICER, agency: WARD });
      await dossiers.collectResult(taken.id, { office_id: w.o.a.id, actor: POSTMAN });
      await platform.sync();
      const item = (await dossiers.get(taken.id)).legs.at(-1)!.item_id!;
      for (let i = 0; i < 3; i++) {
        const round = await platform.delivery.rounds.open(
          { office: w.o.a.id, postman: POSTMAN, items: [item] },
          POSTMAN,
        );
        await platform.delivery.rounds.attempt(
          round.id,
          { item, reason: '11', action: i < 2 ? 'A' : 'C' },
          POSTMAN,
        );
        await platform.delivery.rounds.close(round.id, 0, MANAGER);
      }
      await platform.sync();
      assert.ok((await dossiers.steps(taken.id)).some((s) => s.step === 'leg.attempted'));
      // Going back to the agency, it is the sender's again: no CCCD is asked.
      await deliverLeg(platform, w, taken.id, { name: 'Văn thư UBND' });
      assert.equal((await dossiers.get(taken.id)).state, 'result_returned');
    });

    test('bad input is refused with the field named, and writes nothing', async () => {
      const dossiers = platform.services.dossiers;
      const good = await completeIntake(w, EXTRACT);
      const seq = await head();
      const cases: Array<[Partial<typeof good>, string, string]> = [
        [{ procedure: '1.999999.000.00.00.H01' }, 'procedure_not_found', 'procedure'],
        [{ service: 'fax' }, 'invalid_dossier', 'service'],
        [{ citizen: { ...CITIZEN, cccd: '12345' } }, 'invalid_dossier', 'citizen.cccd'],
        [{ citizen: { ...CITIZEN, phone: '0123' } }, 'invalid_dossier', 'citizen.phone'],
        [{ citizen: { ...CITIZEN, commune: '99999' } }, 'invalid_dossier', 'citizen.commune'],
        [
          { documents: [{ key: 'nope', form: 'original', count: 1 }] },
          'documents_do_not_match',
          'documents[0].key',
        ],
        [{ fees: { agency: '0', post: '45000' } }, 'fees_do_not_match', 'fees.agency'],
        [{ fees: { agency: '8000', post: '25000' } }, 'fees_do_not_match', 'fees.post'],
        [{ seal: 'x' }, 'invalid_dossier', 'seal'],
        [{ signatures: { citizen: null, clerk: 'signature:c' } }, 'invalid_dossier', 'signatures.citizen'],
        [
          {
            representative: {
              name: 'Phạm Văn Nam',
              cccd: '001090012345',
              phone: '0912000222',
              authorisation: { number: 'UQ-12/2026', until: '2026-12-01' },
            },
          },
          'authorisation_expired',
          'representative.authorisation.until',
        ],
      ];
      for (const [patch, code, field] of cases)
        await assert.rejects(
          dossiers.intake({ ...good, ...patch }, atTill(w)),
          (err: { code?: string; details?: { field?: string } }) => {
            assert.equal(err.code, code, field);
            assert.equal(err.details?.field, field);
            return true;
          },
        );
      assert.equal(await head(), seq, 'nothing was written');
    });

    test('a dossier the agency takes in after its deadline is given today as its appointment, not a day gone', async () => {
      const dossiers = platform.services.dossiers;
      const taken = await dossiers.intake(await completeIntake(w, EXTRACT), atTill(w));
      await deliverLeg(platform, w, taken.id, { name: 'Văn thư UBND' });
      assert.equal((await dossiers.get(taken.id)).deadline_day, '2026-12-09');
      clock.advance(3 * 24 * 3600_000); // Thursday 10 December: a day past the deadline
      const late = await dossiers.list({ deadline: 'past', limit: 50, offset: 0 });
      assert.ok(
        late.items.some((d) => d.id === taken.id),
        'listed as past its deadline',
      );
      const received = await dossiers.decide(taken.id, { status: 'received' }, { id: OFFICER, agency: WARD });
      assert.equal(received.appointment_day, '2026-12-10');
    });

    test('verify holds on every cell, and catches a dossier changed behind the journal', async () => {
      const reports = await platform.verify();
      for (const r of reports) assert.equal(r.ok, true, `${r.cell}: ${JSON.stringify(r.failures ?? r)}`);
      const db = platform.cells.find((c) => c.definition.name === 'services')!.database.db;
      const [d] = (await platform.services.dossiers.list({ state: 'result_delivered', limit: 1, offset: 0 }))
        .items;
      await (db as unknown as Kysely<{ services_dossier: { id: string; state: string } }>)
        .updateTable('services_dossier')
        .set({ state: 'result_returned' })
        .where('id', '=', d!.id)
        .execute();
      const [services] = await platform.verify({ only: 'services' });
      assert.equal(services!.ok, false);
      assert.ok(JSON.stringify(services).includes(d!.id), 'the changed dossier is named');
    });
  });
}
