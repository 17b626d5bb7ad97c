// Delivery over HTTP on both dialects, each step by the person who does it: a shipper uploads a CSV, a
// clerk takes a parcel at her till and prints its label, items are scanned, bagged and sent, a postman
// delivers with COD, his manager counts the cash, anyone tracks the parcel (masked), the shipper reads its
// statement and the province remits. Bad input and the wrong person are refused with a clear code.
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { buildApp, type Platform } from '../../app.ts';
import { addSignedInStaff, apiCaller, callApi } from '../../testing.ts';
import type { Server } from '../../http/server.ts';
import { ManualClock } from '../../platform/clock.ts';
import { dialectsUnderTest } from '../../storage/testing.ts';
import { accountId } from '../finance/index.ts';
import { SHIPMENT_COLUMNS } from './index.ts';
import { carry, openDeliveryWorld, openTill, PARCEL, type DeliveryWorld } from './testing.ts';

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`delivery over HTTP on ${dialect}`, { skip }, () => {
    const clock = new ManualClock('2026-11-25T02:00:00.000Z');
    let world: DeliveryWorld;
    let platform: Platform;
    let app: Server;
    const cookie: Record<string, string> = {};
    const ids: Record<string, string> = {};

    const call = apiCaller(() => app, cookie);

    before(async () => {
      world = await openDeliveryWorld(dialect, clock);
      platform = world.platform;
      app = await buildApp(platform, pino({ level: 'silent' }));
      const { o } = world;
      const signedIn = await addSignedInStaff(platform, app, [
        ['lan', ['counter_clerk'], o.a.id],
        ['hung', ['office_manager'], o.a.id],
        ['tuan', ['postman'], o.b.id],
        ['minh', ['office_manager'], o.b.id],
        ['shop', ['shipper'], o.a.id],
        ['shop2', ['shipper'], o.a.id],
        ['province', ['provincial_manager'], (await platform.core.offices.getByPostcode('01000')).id],
      ]);
      Object.assign(ids, signedIn.ids);
      Object.assign(cookie, signedIn.cookies);
      ids['till'] = await openTill(platform, {
        office: o.a.id,
        clerk: ids['lan']!,
        name: 'Nguyễn Văn lan',
        checker: ids['hung']!,
      });
    });
    after(async () => {
      await app.close();
      await world.close();
    });

    test('a shipper’s CSV: a bad line is named; the good file makes items once', async () => {
      const row = (key: string, phone: string, cod: string) =>
        [
          key,
          'ecommerce',
          'Shop Hoa Sen',
          '0912345678',
          'Số 3 Kim Mã',
          '00004',
          'Lê Văn Hùng',
          phone,
          'Số 45 Yersin',
          '25747',
          '800',
          '20',
          '15',
          '10',
          '',
          cod,
        ].join(',');
      const header = SHIPMENT_COLUMNS.join(',');
      const bad = await call(
        'shop',
        'POST',
        '/v1/delivery/shipments',
        [header, row('S-1', '0987654321', '350000'), row('S-2', '12345', '0')].join('\n'),
        'text/csv',
      );
      assert.equal(bad.status, 400);
      assert.equal(bad.body.code, 'invalid_item');
      assert.match(String(bad.body.message), /^Row 3: recipient\.phone/, 'the line of the file');
      assert.match(String(bad.body.message_vi), /^Dòng 3: Số điện thoại người nhận không hợp lệ/);
      const wrongHeader = await call(
        'shop',
        'POST',
        '/v1/delivery/shipments',
        'key,service\nS-1,ems',
        'text/csv',
      );
      assert.equal(wrongHeader.status, 400);
      assert.match(String(wrongHeader.body.message), /missing sender_name/);
      const good = [header, row('S-1', '0987654321', '350000'), row('S-2', '0987654322', '0')].join('\n');
      const made = await call('shop', 'POST', '/v1/delivery/shipments', good, 'text/csv');
      assert.equal(made.status, 201, JSON.stringify(made.body));
      assert.equal(made.body['created'], 2);
      const items = made.body['items'] as Array<{ id: string; fee: string }>;
      ids['s1'] = items[0]!.id;
      ids['s2'] = items[1]!.id;
      const again = await call('shop', 'POST', '/v1/delivery/shipments', good, 'text/csv');
      assert.equal(again.body['created'], 0);
      assert.deepEqual(
        (again.body['items'] as Array<{ id: string }>).map((i) => i.id),
        [ids['s1'], ids['s2']],
      );
      const json = await call('shop', 'POST', '/v1/delivery/shipments', {
        items: [{ ...PARCEL, key: 'J-1' }],
      });
      assert.equal(json.status, 201);
      const clerkTries = await call('lan', 'POST', '/v1/delivery/shipments', { items: [PARCEL] });
      assert.equal(clerkTries.status, 403);
      const mine = await call('shop', 'GET', '/v1/delivery/shipper/items?status=announced');
      assert.equal(mine.status, 200);
      assert.equal(mine.body['total'], 3);
      const one = await call('shop', 'GET', `/v1/delivery/shipper/items/${ids['s1']}`);
      assert.equal(one.status, 200);
      assert.equal(one.body['shipper_key'], 'S-1');
      const notYours = await call('shop2', 'GET', `/v1/delivery/shipper/items/${ids['s1']}`);
      assert.equal(notYours.status, 404);
      assert.equal((await call('shop2', 'GET', '/v1/delivery/shipper/items')).body['total'], 0);
      const label = await call('shop', 'GET', `/v1/delivery/shipper/items/${ids['s1']}/label.pdf`);
      assert.equal(label.type, 'application/pdf');
      assert.equal(
        (await call('shop2', 'GET', `/v1/delivery/shipper/items/${ids['s1']}/label.pdf`)).status,
        404,
      );
    });

    test('an invisible direction character in a name or an address is refused, naming the field and row', async () => {
      const url = `/v1/delivery/tills/${ids['till']}/items`;
      const flipped = await call('lan', 'POST', url, {
        ...PARCEL,
        recipient: { ...PARCEL.recipient, name: 'Lê Văn \u202eHùng' },
      });
      assert.deepEqual([flipped.status, flipped.body.code], [400, 'invalid_item']);
      assert.equal((flipped.body['details'] as { field?: string }).field, 'recipient.name');
      assert.match(String(flipped.body.message), /^recipient\.name contains the invisible character U\+202E/);
      assert.match(String(flipped.body.message_vi), /^Tên người nhận chứa ký tự ẩn U\+202E/);
      const zeroWidth = await call('lan', 'POST', url, {
        ...PARCEL,
        sender: { ...PARCEL.sender, address: 'Số 3\u200b Kim Mã' },
      });
      assert.equal((zeroWidth.body['details'] as { field?: string }).field, 'sender.address');
      const header = SHIPMENT_COLUMNS.join(',');
      const csv = await call(
        'shop',
        'POST',
        '/v1/delivery/shipments',
        `${header}\nR-1,ecommerce,Shop \u2067Hoa Sen\u2069,0912345678,Số 3 Kim Mã,00004,Lê Văn Hùng,0987654321,Số 45 Yersin,25747,800,20,15,10,,0`,
        'text/csv',
      );
      assert.deepEqual([csv.status, csv.body.code], [400, 'invalid_item']);
      assert.match(
        String(csv.body.message),
        /^Row 2: sender\.name contains the invisible character U\+2067, U\+2069/,
      );
      assert.match(String(csv.body.message_vi), /^Dòng 2: /);
    });

    test('an anonymous upload is refused before its body is read; a signed-in one past the limit is 413', async () => {
      // 20 MB handed over as it is asked for: read before sign-in is checked, all of it would be in memory.
      let pulled = 0;
      const body = Readable.from(
        (function* () {
          for (let i = 0; i < 320; i++) {
            pulled += 65_536;
            yield Buffer.alloc(65_536, 'a');
          }
        })(),
      );
      const anonymous = await callApi(app, {
        method: 'POST',
        url: '/v1/delivery/shipments',
        type: 'text/csv',
        key: null,
        payload: body,
      });
      body.destroy();
      assert.equal(anonymous.status, 401);
      assert.equal(anonymous.body.code, 'authentication_required');
      assert.ok(pulled < 1024 * 1024, `${pulled} bytes were read from an anonymous upload`);
      const tooBig = await call(
        'shop',
        'POST',
        '/v1/delivery/shipments',
        'x'.repeat(20 * 1024 * 1024 + 1),
        'text/csv',
      );
      assert.equal(tooBig.status, 413);
      assert.equal(tooBig.body.code, 'body_too_large');
      assert.match(String(tooBig.body.message), /20 MB/);
      assert.ok(String(tooBig.body.message_vi).length > 0);
    });

    test('a clerk accepts at her till, the fee lands in it, and the label and receipt print', async () => {
      const url = `/v1/delivery/tills/${ids['till']}/items`;
      const bad = await call('lan', 'POST', url, { ...PARCEL, weight_g: -3 });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.code, 'invalid_item');
      assert.equal((bad.body['details'] as { field?: string }).field, 'weight_g');
      const notHers = await call('hung', 'POST', url, PARCEL);
      assert.equal(notHers.status, 403);
      const before = (
        await platform.finance.ledger.getAccount(accountId(world.o.a.id, 'till_cash', ids['lan']))
      ).debits_posted;
      const r = await call('lan', 'POST', url, PARCEL);
      assert.equal(r.status, 201, JSON.stringify(r.body));
      ids['parcel'] = r.body.id!;
      assert.equal(r.body['fee'], '73000');
      const after = (
        await platform.finance.ledger.getAccount(accountId(world.o.a.id, 'till_cash', ids['lan']))
      ).debits_posted;
      assert.equal(after - before, 73_000n, 'the route let finance catch up');
      for (const doc of ['label.pdf', 'receipt.pdf']) {
        const pdf = await call('lan', 'GET', `/v1/delivery/items/${ids['parcel']}/${doc}`);
        assert.equal(pdf.status, 200);
        assert.equal(pdf.type, 'application/pdf');
        assert.equal(pdf.raw.subarray(0, 5).toString(), '%PDF-');
      }
      const quote = await call('shop', 'POST', '/v1/delivery/quotes', PARCEL);
      assert.equal(quote.body['fee'], '73000');
    });

    test('scanned, bagged and sent; a bag scanned at the wrong office is refused', async () => {
      const { o } = world;
      const posted = await call('lan', 'POST', `/v1/delivery/offices/${o.a.id}/scans`, {
        scans: [ids['s1'], ids['s2'], ids['s1']].map((item) => ({ item, code: 'EMA' })),
      });
      assert.deepEqual(posted.body, { recorded: 2, duplicates: 1 });
      const badDigit = await call('lan', 'POST', `/v1/delivery/offices/${o.a.id}/scans`, {
        scans: [{ item: ids['s1']!.slice(0, 10) + ((Number(ids['s1']![10]) + 1) % 10) + 'VN', code: 'EDH' }],
      });
      assert.equal(badDigit.status, 400);
      assert.equal(badDigit.body.code, 'invalid_scan');
      const items = [ids['parcel']!, ids['s1']!];
      const bag = await call('lan', 'POST', `/v1/delivery/offices/${o.a.id}/bags`, {
        destination: o.scHn.id,
        items,
      });
      assert.equal(bag.status, 201, JSON.stringify(bag.body));
      const dispatch = await call('lan', 'POST', `/v1/delivery/offices/${o.a.id}/dispatches`, {
        destination: o.scHn.id,
        bags: [bag.body.id],
      });
      assert.equal(dispatch.status, 201);
      const wrong = await call('minh', 'POST', `/v1/delivery/offices/${o.b.id}/bags/${bag.body.id}/receive`);
      assert.equal(wrong.status, 409);
      assert.equal(wrong.body.code, 'wrong_office');
      await platform.delivery.transport.receiveBag(String(bag.body.id), o.scHn.id, 'system:test');
      await carry(platform, items, [[o.scHn, o.scHcm]], 'system:test');
      const last = await platform.delivery.transport.closeBag(
        { office: o.scHcm.id, destination: o.b.id, items },
        'system:test',
      );
      await platform.delivery.transport.dispatch(
        { office: o.scHcm.id, destination: o.b.id, bags: [last.id] },
        'system:test',
      );
      const received = await call('minh', 'POST', `/v1/delivery/offices/${o.b.id}/bags/${last.id}/receive`);
      assert.equal(received.status, 200);
      assert.equal(received.body['duplicate'], false);
    });

    test('the postman delivers with COD; his manager counts; the shipper reads its statement; the province remits', async () => {
      const { o } = world;
      const round = await call('tuan', 'POST', `/v1/delivery/offices/${o.b.id}/rounds`, {
        items: [ids['s1']],
      });
      assert.equal(round.status, 201, JSON.stringify(round.body));
      assert.equal(round.body['cod_expected'], '350000');
      const rid = String(round.body.id);
      const short = await call('tuan', 'POST', `/v1/delivery/rounds/${rid}/deliveries`, {
        item: ids['s1'],
        recipient_name: 'Lê Văn Hùng',
        signature: 'signature:abc',
        cod_collected: '300000',
      });
      assert.equal(short.status, 409);
      assert.equal(short.body.code, 'cod_mismatch');
      const ok = await call('tuan', 'POST', `/v1/delivery/rounds/${rid}/deliveries`, {
        item: ids['s1'],
        recipient_name: 'Lê Văn Hùng',
        signature: 'signature:abc',
        cod_collected: '350000',
      });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.equal(ok.body['status'], 'delivered');
      const self = await call('tuan', 'POST', `/v1/delivery/rounds/${rid}/close`, { counted: '350000' });
      assert.equal(self.status, 403, 'a postman has no till.approve');
      const closed = await call('minh', 'POST', `/v1/delivery/rounds/${rid}/close`, { counted: '350000' });
      assert.equal(closed.status, 200, JSON.stringify(closed.body));

      const q = `/v1/finance/cod-statements?payee=${ids['shop']}&from=2026-11-25&to=2026-11-25`;
      const statement = await call('shop', 'GET', q);
      assert.equal(statement.status, 200, JSON.stringify(statement.body));
      assert.equal(statement.body['collected'], '350000');
      assert.equal(statement.body['outstanding'], '350000');
      const nosy = await call('shop2', 'GET', q);
      assert.equal(nosy.status, 403);
      const rem = await call('province', 'POST', '/v1/finance/cod-remittances', {
        payee: ids['shop'],
        through: '2026-11-25',
      });
      assert.equal(rem.status, 201, JSON.stringify(rem.body));
      assert.equal(rem.body['cod_total'], '350000');
      assert.equal(BigInt(String(rem.body['net'])), 350_000n - BigInt(String(rem.body['fees'])));
      const twice = await call('province', 'POST', '/v1/finance/cod-remittances', {
        payee: ids['shop'],
        through: '2026-11-25',
      });
      assert.equal(twice.status, 409);
      assert.equal(twice.body.code, 'nothing_to_remit');
    });

    test('anyone can track a parcel without signing in; nothing personal shows', async () => {
      const t = await call(null, 'GET', `/v1/track/${ids['s1']}`);
      assert.equal(t.status, 200);
      assert.equal(t.body['status'], 'delivered');
      const text = JSON.stringify(t.body);
      for (const secret of ['Lê Văn Hùng', '0987654321', '+84987654321', 'Yersin', 'Shop Hoa Sen'])
        assert.equal(text.includes(secret), false, `leaks ${secret}`);
      const unknown = await call(null, 'GET', '/v1/track/EE000000005VN');
      assert.equal(unknown.status, 404);
      const malformed = await call(null, 'GET', '/v1/track/EE000000006VN');
      assert.equal(malformed.status, 400);
      assert.equal(malformed.body.code, 'invalid_s10');
      for (const report of await platform.verify())
        assert.equal(report.ok, true, `${report.cell}: ${JSON.stringify(report.failures)}`);
    });

    // Last: it leaves delivery read-only.
    test('in read-only mode a quote, which writes nothing, is still answered; an acceptance is not', async () => {
      await platform.security.restrict(
        'delivery',
        { mode: 'read-only', reason: 'Kiểm tra chế độ chỉ đọc' },
        'system:test',
      );
      const quote = await call('shop', 'POST', '/v1/delivery/quotes', PARCEL);
      assert.equal(quote.status, 200, JSON.stringify(quote.body));
      assert.equal(quote.body['fee'], '73000');
      const accept = await call('lan', 'POST', `/v1/delivery/tills/${ids['till']}/items`, PARCEL);
      assert.deepEqual([accept.status, accept.body.code], [503, 'cell_read_only']);
    });
  });
}
