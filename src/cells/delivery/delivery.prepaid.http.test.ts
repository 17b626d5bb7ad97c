// A citizen's result restricted to her, over HTTP on both dialects: staff see it as prepaid and restricted,
// the postman's phone and the counter send the receiver's CCCD, and anyone else is refused with a 403 that
// tells them, in Vietnamese, to check the card and not hand the item over.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { buildApp } from '../../app.ts';
import type { Server } from '../../http/server.ts';
import { ManualClock } from '../../platform/clock.ts';
import { dialectsUnderTest } from '../../storage/testing.ts';
import { addSignedInStaff, apiCaller } from '../../testing.ts';
import type { PrepaidInput } from './index.ts';
import { openDeliveryWorld, openTill, type DeliveryWorld } from './testing.ts';

const CITIZEN = '001203012345';
const STRANGER = '001190000777';

/** A result for a citizen in Ba Đình, sent from the Ba Đình office itself: ready to go out from there. */
const RESULT: PrepaidInput = {
  service: 'registered',
  sender: { name: 'UBND phường Ba Đình', phone: '02438234567', address: 'Số 1 Đội Cấn', commune: '00004' },
  recipient: { name: 'Lê Thị Hoa', phone: '0987654321', address: 'Số 8 Kim Mã', commune: '00004' },
  weight_g: 150,
  length_cm: 32,
  width_cm: 23,
  height_cm: 1,
  restricted_to: [{ cccd: CITIZEN }],
};

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`a restricted result delivered over HTTP on ${dialect}`, { skip }, () => {
    // 25 November 2026, 09:00 in Hà Nội.
    const clock = new ManualClock('2026-11-25T02:00:00.000Z');
    let world: DeliveryWorld;
    let app: Server;
    const cookie: Record<string, string> = {};
    const ids: Record<string, string> = {};
    const call = apiCaller(() => app, cookie);

    before(async () => {
      world = await openDeliveryWorld(dialect, clock);
      app = await buildApp(world.platform, pino({ level: 'silent' }));
      const signedIn = await addSignedInStaff(world.platform, app, [
        ['tuan', ['postman'], world.o.a.id],
        ['lan', ['counter_clerk'], world.o.a.id],
        ['hung', ['office_manager'], world.o.a.id],
      ]);
      Object.assign(ids, signedIn.ids);
      Object.assign(cookie, signedIn.cookies);
      const at = { office_id: world.o.a.id, actor: 'system:test' };
      const items = world.platform.delivery.items;
      ids['door'] = (await items.acceptPrepaid(RESULT, at, { owner: 'services', key: 'hs:HS1:back' })).id;
      ids['desk'] = (await items.acceptPrepaid(RESULT, at, { owner: 'services', key: 'hs:HS2:back' })).id;
    });
    after(async () => {
      await app.close();
      await world.close();
    });

    test('staff see it prepaid and restricted, never whose CCCD it wants', async () => {
      const r = await call('lan', 'GET', `/v1/delivery/items/${ids['door']}`);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body['paid_by'], 'prepaid');
      assert.equal(r.body['fee'], '0');
      assert.equal(r.body['restricted'], true);
      assert.equal(r.text.includes(CITIZEN), false);
    });

    test('at the door: a stranger’s CCCD is a 403, a malformed one a 400 naming it; the citizen’s is taken', async () => {
      const round = await call('tuan', 'POST', `/v1/delivery/offices/${world.o.a.id}/rounds`, {
        items: [ids['door'], ids['desk']],
      });
      assert.equal(round.status, 201, round.text);
      const url = `/v1/delivery/rounds/${round.body['id'] as string}/deliveries`;
      const proof = { item: ids['door'], recipient_name: 'Lê Thị Hoa', signature: 'signature:s-1' };
      const stranger = await call('tuan', 'POST', url, { ...proof, receiver_cccd: STRANGER });
      assert.equal(stranger.status, 403, stranger.text);
      assert.equal(stranger.body.code, 'receiver_not_allowed');
      assert.match(stranger.body['message_vi'] as string, /người được uỷ quyền.*kiểm tra CCCD/);
      const malformed = await call('tuan', 'POST', url, { ...proof, receiver_cccd: '0012-0301' });
      assert.deepEqual([malformed.status, malformed.body.code], [400, 'invalid_delivery']);
      assert.match(malformed.body['message'] as string, /^receiver_cccd /);
      const ok = await call('tuan', 'POST', url, { ...proof, receiver_cccd: CITIZEN });
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.body['status'], 'delivered');
      const failed = await call(
        'tuan',
        'POST',
        `/v1/delivery/rounds/${round.body['id'] as string}/attempts`,
        {
          item: ids['desk'],
          reason: '11',
          action: 'B',
        },
      );
      assert.equal(failed.status, 200, failed.text);
    });

    test('at the counter: the clerk sends the CCCD with the pick-up', async () => {
      const till = await openTill(world.platform, {
        office: world.o.a.id,
        clerk: ids['lan']!,
        name: 'Nguyễn Thu Lan',
        checker: ids['hung']!,
      });
      const url = `/v1/delivery/tills/${till}/pickups`;
      const proof = { item: ids['desk'], recipient_name: 'Lê Thị Hoa', signature: 'signature:s-2' };
      const none = await call('lan', 'POST', url, proof);
      assert.deepEqual([none.status, none.body.code], [400, 'invalid_delivery']);
      const stranger = await call('lan', 'POST', url, { ...proof, receiver_cccd: STRANGER });
      assert.deepEqual([stranger.status, stranger.body.code], [403, 'receiver_not_allowed']);
      const ok = await call('lan', 'POST', url, { ...proof, receiver_cccd: CITIZEN });
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.body['status'], 'delivered');
    });
  });
}
