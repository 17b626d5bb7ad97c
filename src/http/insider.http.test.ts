// The insider probe (issue 20), over HTTP on both dialects: office and provincial managers and a clerk, each
// with nothing but their own accounts, try to move what is not theirs by naming it in a request: another
// office's COD, a vault's cash advanced to someone who cannot pay it out, a token for an office they do not
// reach, an item, a bag, a line or an account of another office. Each attempt is refused with a code, and
// no journal moves: access is decided on what the command touches, never on what the request claims.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { buildApp, type Platform } from '../app.ts';
import { accountId } from '../cells/finance/index.ts';
import { carry, openDeliveryWorld, openTill, PARCEL, type DeliveryWorld } from '../cells/delivery/testing.ts';
import { ManualClock } from '../platform/clock.ts';
import { dialectsUnderTest } from '../storage/testing.ts';
import { addSignedInStaff, callApi, fillVault, openFundedMonth, type Json } from '../testing.ts';
import type { Server } from './server.ts';

const ACTOR = 'system:test';

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`an insider probes the API on ${dialect}`, { skip }, () => {
    // 25 November 2026, 09:00 in Hà Nội: parcels move, and this month's pensions are being paid.
    const clock = new ManualClock('2026-11-25T02:00:00.000Z');
    let world: DeliveryWorld;
    let platform: Platform;
    let app: Server;
    const ids: Record<string, string> = {};
    const cookies: Record<string, string> = {};
    let requests = 0;

    /** A request as a signed-in person; every write carries its own idempotency key, as the web app sends. */
    const call = (who: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
      callApi<Json & { details?: Record<string, unknown> }>(app, {
        method,
        url,
        cookie: cookies[who]!,
        key: method === 'POST' ? `insider-${++requests}` : undefined,
        payload,
      });
    /** Every cell's journal head: a refused command leaves each where it was. */
    const heads = async () =>
      JSON.stringify(
        await Promise.all(platform.cells.map(async (c) => [c.definition.name, await c.journal.head()])),
        (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v),
      );
    const balance = async (account: string) => {
      const a = await platform.finance.ledger.getAccount(account);
      return a.debits_posted - a.credits_posted;
    };
    /** Asserts the attempt is refused with this status and code, and that nothing anywhere changed. */
    const refused = async (
      attempt: () => Promise<{ status: number; body: Json }>,
      status: number,
      code: string,
    ): Promise<Json & { details?: Record<string, unknown> }> => {
      await platform.sync();
      const before = await heads();
      const r = await attempt();
      assert.deepEqual([r.status, r.body.code], [status, code], JSON.stringify(r.body));
      await platform.sync();
      assert.equal(await heads(), before, 'a refused request changed a journal');
      return r.body;
    };

    before(async () => {
      world = await openDeliveryWorld(dialect, clock);
      platform = world.platform;
      app = await buildApp(platform, pino({ level: 'silent' }));
      const { o } = world;
      const hanoi = await platform.core.offices.getByPostcode('01000');
      ids['hanoi'] = hanoi.id;
      // A sorting centre in Đà Nẵng: off the way of every parcel between Hà Nội and Hồ Chí Minh.
      const centreDn = await platform.core.offices.open(
        {
          type: 'sorting_centre',
          name: 'Trung tâm khai thác Đà Nẵng',
          postcode: '50900',
          commune_code: '20194',
          address: 'Số 2',
          opening_hours: '24/7',
          parent_id: (await platform.core.offices.getByPostcode('10000')).id,
        },
        ACTOR,
      );
      ids['scDn'] = centreDn.id;
      await platform.sync();
      const signedIn = await addSignedInStaff(platform, app, [
        ['hung', ['office_manager'], o.a.id], // Ba Đình, Hà Nội
        ['lan', ['counter_clerk'], o.a.id],
        ['tien', ['postman'], o.a.id],
        ['nam', ['postman'], o.a.id], // disabled below
        ['shop', ['shipper'], o.a.id],
        ['qlt', ['provincial_manager'], hanoi.id],
        ['minh', ['office_manager'], o.b.id], // Thủ Dầu Một, TP. Hồ Chí Minh
        ['tuan', ['postman'], o.b.id],
        ['thu', ['counter_clerk'], o.b.id],
        ['tbc.dn', ['office_manager'], centreDn.id],
      ]);
      Object.assign(ids, signedIn.ids);
      Object.assign(cookies, signedIn.cookies);
      await platform.core.staff.disable(ids['nam']!, 'left the post', ACTOR);
      await fillVault(platform.finance, o.b.id, 10_000_000n);
      ids['lanTill'] = await openTill(platform, {
        office: o.a.id,
        clerk: ids['lan']!,
        name: 'Nguyễn Văn lan',
        checker: ids['hung']!,
      });
      ids['thuTill'] = await openTill(platform, {
        office: o.b.id,
        clerk: ids['thu']!,
        name: 'Nguyễn Văn thu',
        checker: ids['minh']!,
        notes: 20,
      });

      // Three counter parcels from Hà Nội to Thủ Dầu Một: one delivered there with its COD (so the COD is
      // owed by the HCM office), one held there for pick-up, one lying there.
      const accept = async () =>
        (
          await platform.delivery.items.accept(
            PARCEL,
            { office_id: o.a.id, clerk_id: ids['lan']!, till_session_id: ids['lanTill']! },
            ids['lan']!,
          )
        ).id;
      ids['delivered'] = await accept();
      ids['held'] = await accept();
      ids['lying'] = await accept();
      const items = [ids['delivered'], ids['held'], ids['lying']];
      await carry(
        platform,
        items,
        [
          [o.a, o.scHn],
          [o.scHn, o.scHcm],
          [o.scHcm, o.b],
        ],
        ACTOR,
      );
      const round = await platform.delivery.rounds.open(
        { office: o.b.id, postman: ids['tuan']!, items: [ids['delivered']] },
        ids['tuan']!,
      );
      await platform.delivery.rounds.deliver(
        round.id,
        {
          item: ids['delivered'],
          recipient_name: PARCEL.recipient.name,
          signature: 'signature:abc',
          cod_collected: '450000',
        },
        ids['tuan']!,
      );
      await platform.delivery.rounds.close(round.id, '450000', ids['minh']!);
      await platform.delivery.items.scan(
        [{ item: ids['held'], code: 'EDH', office: o.b.id, reason: '11' }],
        ids['minh']!,
      );

      // A third parcel bagged and sent from Ba Đình to the Hà Nội sorting centre.
      const third = await accept();
      const bag = await platform.delivery.transport.closeBag(
        { office: o.a.id, destination: o.scHn.id, items: [third] },
        ACTOR,
      );
      await platform.delivery.transport.dispatch(
        { office: o.a.id, destination: o.scHn.id, bags: [bag.id] },
        ACTOR,
      );
      ids['bag'] = bag.id;

      // A fourth parcel sent on loose (no bag) from Ba Đình towards the Hà Nội sorting centre.
      ids['loose'] = await accept();
      await platform.delivery.items.scan([{ item: ids['loose'], code: 'EMC', office: o.a.id }], ACTOR);

      // This month's pensions in Hà Nội, paid by Ba Đình.
      const { period } = await openFundedMonth(platform, { count: 40, postcode: o.a.postcode });
      ids['period'] = period.id;
      await platform.sync();
    });
    after(async () => {
      await app.close();
      await world.close();
    });

    test('finding 2: a Hà Nội manager cannot remit a counter customer’s COD collected in Hồ Chí Minh', async () => {
      const { o } = world;
      const collection = (await platform.finance.cod.collection(ids['delivered']!))!;
      assert.equal(collection.office_id, o.b.id);
      const payee = collection.payee;
      assert.match(payee, /^sender:/);
      const owedInHcm = accountId(o.b.id, 'cod_payable');
      assert.equal(await balance(owedInHcm), -450_000n);
      const remit = (who: string, office: string) =>
        call(who, 'POST', '/v1/finance/cod-remittances', { payee, through: '2026-11-25', office });

      // Naming his own office (or his province's post) does not reach the COD another office holds.
      await refused(() => remit('hung', o.a.id), 409, 'nothing_to_remit');
      await refused(() => remit('qlt', ids['hanoi']!), 409, 'nothing_to_remit');
      // Naming the office that holds it is outside his reach.
      const out = await refused(() => remit('hung', o.b.id), 403, 'office_out_of_scope');
      assert.equal(out.details?.['permission'], 'ledger.transfer');
      await refused(() => remit('qlt', o.b.id), 403, 'office_out_of_scope');
      assert.equal(await balance(owedInHcm), -450_000n, 'the COD is still owed in Hồ Chí Minh');

      // The office that holds it remits it.
      const ok = await remit('minh', o.b.id);
      assert.equal(ok.status, 201, JSON.stringify(ok.body));
      assert.equal(ok.body['cod_total'], '450000');
      assert.equal(await balance(owedInHcm), 0n);
    });

    test('finding 2, read side: a token limited to one office reads only the COD that office holds', async () => {
      const { o } = world;
      const collection = (await platform.finance.cod.collection(ids['delivered']!))!;
      // Statements are read by auditors (and shippers, their own): an auditor's tokens, one per office.
      const auditor = await platform.core.staff.add(
        {
          username: 'kiem.toan',
          full_name: 'Lê Thị Kiểm',
          cccd: '001085000399',
          phone: '0912345799',
          office_id: ids['hanoi']!,
          roles: ['auditor'],
          password: 'gánh hàng rong qua cầu',
        },
        ACTOR,
      );
      const statement = async (office: string) => {
        const { token } = await platform.core.tokens.issue(
          {
            staff_id: auditor.id,
            name: 'đối soát',
            permissions: ['shipment.read'],
            office_id: office,
            days: 1,
          },
          ACTOR,
        );
        const q = new URLSearchParams({
          payee: collection.payee,
          from: '2026-11-25',
          to: '2026-11-25',
          office,
        });
        const r = await callApi<Json & { collections: Json[]; remittances: Json[] }>(app, {
          method: 'GET',
          url: `/v1/finance/cod-statements?${q}`,
          bearer: token,
        });
        assert.equal(r.status, 200, r.text);
        return r.body;
      };
      // A token limited to Ba Đình (Hà Nội) names its own office and sees nothing held in Hồ Chí Minh.
      const hanoi = await statement(o.a.id);
      assert.deepEqual([hanoi.collections, hanoi.remittances, hanoi['collected']], [[], [], '0']);
      // One limited to the office that holds it sees the collection (and its remittance, if one was made).
      const hcm = await statement(o.b.id);
      assert.deepEqual(
        hcm.collections.map((c) => [c['item_id'], c['office_id'], c['amount']]),
        [[ids['delivered'], o.b.id, '450000']],
      );
      assert.equal(hcm['collected'], '450000');
      assert.equal(hcm.remittances.length, collection.remittance_id === null ? 0 : 1);
    });

    test('finding 4: a home round’s cash goes only to an active member of staff who may pay it out there', async () => {
      const { o } = world;
      const year = 2026;
      const { items } = await platform.finance.pensions.lines({
        period_id: ids['period']!,
        status: 'at_office',
        limit: 500,
        offset: 0,
      });
      const home = items.filter((l) => l.channel === 'TAI_NHA' || year - l.birth_year >= 80);
      assert.ok(home.length >= 2, 'the list has lines for home rounds');
      const vault = accountId(o.a.id, 'vault_cash');
      const cash = await balance(vault);
      const url = `/v1/finance/offices/${o.a.id}/pension-rounds`;
      const give = (who: string, postman: string) =>
        call(who, 'POST', url, { period_id: ids['period'], postman_id: postman, line_ids: [home[0]!.id] });

      for (const [who, postman] of [
        ['hung', 'shop'], // a shipper of his office
        ['hung', 'tuan'], // a postman of another province
        ['hung', 'minh'], // another office's manager
        ['hung', 'qlt'], // his provincial manager
        ['hung', 'nam'], // a postman who has left
        ['qlt', 'tuan'], // the province's manager, to a postman of another province
      ] as const) {
        const body = await refused(() => give(who, ids[postman]!), 422, 'assignee_not_eligible');
        assert.equal(body.details?.['field'], 'postman_id', `${who} → ${postman}`);
        assert.match(String(body.message), /postman_id/);
        assert.ok(String(body.message_vi).length > 0);
      }
      await refused(() => give('hung', 'stf_nobody'), 404, 'staff_not_found');
      assert.equal(await balance(vault), cash, 'the vault advanced nothing');

      // His own postman, active, takes the round; the province's manager may hand one out too.
      const round = await give('hung', ids['tien']!);
      assert.equal(round.status, 201, JSON.stringify(round.body));
      assert.equal(round.body['postman_name'], 'Nguyễn Văn tien');
      assert.equal(await balance(vault), cash - BigInt(home[0]!.amount));
    });

    test('item 7: a token is never scoped to an office its holder does not reach', async () => {
      const { o } = world;
      const issue = (who: string, office: string, permissions = ['staff.read']) =>
        call(who, 'POST', '/v1/tokens', { name: 'báo cáo', permissions, office_id: office, days: 30 });
      for (const [who, office] of [
        ['hung', o.b.id], // another province
        ['hung', ids['hanoi']!], // his own province's post, beyond his office
        ['qlt', o.b.id], // another province
        ['qlt', o.scHn.id], // a national sorting centre in his city
      ] as const) {
        const body = await refused(() => issue(who, office), 422, 'token_scope_too_wide');
        assert.equal(body.details?.['field'], 'office_id', `${who} → ${office}`);
        assert.match(String(body.message), /office_id/);
      }
      assert.equal((await issue('hung', o.a.id)).status, 201);
      assert.equal((await issue('qlt', o.a.id)).status, 201);
    });

    test('items, bags, pick-ups, payouts and transfers of another office are refused (a loose item claimed off its route was the one hole)', async () => {
      const { o } = world;
      // An item lying in Hồ Chí Minh "held for pick-up" at Ba Đình, and scanned there from Ba Đình.
      await refused(
        () =>
          call('hung', 'POST', `/v1/delivery/offices/${o.a.id}/scans`, {
            scans: [{ item: ids['lying'], code: 'EDH', reason: '11' }],
          }),
        409,
        'wrong_office',
      );
      await refused(
        () =>
          call('hung', 'POST', `/v1/delivery/offices/${o.b.id}/scans`, {
            scans: [{ item: ids['lying'], code: 'EDH', reason: '11' }],
          }),
        403,
        'office_out_of_scope',
      );
      // An item on its way from Hà Nội to Hồ Chí Minh "arriving" at a centre off its way, in Đà Nẵng.
      await refused(
        () =>
          call('tbc.dn', 'POST', `/v1/delivery/offices/${ids['scDn']}/scans`, {
            scans: [{ item: ids['loose'], code: 'EDD' }],
          }),
        409,
        'wrong_route',
      );
      // An item held for pick-up in Hồ Chí Minh handed over (its COD into her till) at a Hà Nội counter;
      // and from another clerk's till, even at the same office.
      const pickUp = (who: string) =>
        call(who, 'POST', `/v1/delivery/tills/${ids['lanTill']}/pickups`, {
          item: ids['held'],
          recipient_name: PARCEL.recipient.name,
          signature: 'signature:x',
          cod_collected: '450000',
        });
      await refused(() => pickUp('lan'), 409, 'wrong_office');
      await refused(() => pickUp('hung'), 403, 'not_your_till');
      // A Hà Nội pension line paid from a Hồ Chí Minh till.
      const { items } = await platform.finance.pensions.lines({
        period_id: ids['period']!,
        status: 'at_office',
        limit: 1,
        offset: 0,
      });
      const line = items[0]!;
      await refused(
        () =>
          call('thu', 'POST', `/v1/finance/tills/${ids['thuTill']}/pension-payouts`, {
            line_id: line.id,
            place: 'counter',
            recipient: 'self',
            cccd: line.cccd,
          }),
        403,
        'wrong_province',
      );
      // A manual transfer that names another office's vault, or a postman's COD cash at his own.
      const transfer = (debit: string) =>
        call('hung', 'POST', `/v1/finance/offices/${o.a.id}/transfers`, {
          transfers: [
            {
              id: `probe-${debit}`,
              debit_account_id: debit,
              credit_account_id: accountId(o.a.id, 'settlement'),
              amount: '1',
              code: 900,
            },
          ],
        });
      await refused(() => transfer(accountId(o.b.id, 'vault_cash')), 400, 'invalid_transfer');
      await refused(() => transfer(accountId(o.a.id, 'cod_payable')), 400, 'invalid_transfer');
      // A bag on its way to the Hà Nội sorting centre scanned in at Ba Đình.
      await refused(
        () => call('hung', 'POST', `/v1/delivery/offices/${o.a.id}/bags/${ids['bag']}/receive`),
        409,
        'wrong_office',
      );
    });

    test('an office in a path is named by its id or its postcode alike, and a postcode reaches no further than the id', async () => {
      const { o } = world;
      const byId = await call('hung', 'GET', `/v1/finance/offices/${o.a.id}/accounts`);
      const byPostcode = await call('hung', 'GET', `/v1/finance/offices/${o.a.postcode}/accounts`);
      assert.equal(byId.status, 200, JSON.stringify(byId.body));
      assert.deepEqual(byPostcode.body, byId.body);
      const items = await call('hung', 'GET', `/v1/delivery/offices/${o.a.postcode}/items`);
      assert.equal(items.status, 200, JSON.stringify(items.body));
      // Another office's postcode is refused as its id is, and an unknown postcode is no office at all.
      await refused(
        () => call('hung', 'GET', `/v1/finance/offices/${o.b.postcode}/accounts`),
        403,
        'office_out_of_scope',
      );
      await refused(
        () => call('hung', 'GET', `/v1/finance/offices/${o.b.id}/accounts`),
        403,
        'office_out_of_scope',
      );
      await refused(() => call('hung', 'GET', '/v1/finance/offices/99999/accounts'), 404, 'office_not_found');
    });
  });
}
