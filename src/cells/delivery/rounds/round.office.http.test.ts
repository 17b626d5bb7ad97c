// An office manager lists his office's delivery rounds to take them back, on both dialects: the open ones by
// default, the closed or all on asking, a day's only when he names it; never from another office, and a
// postman or clerk cannot list them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { buildApp } from '../../../app.ts';
import type { Server } from '../../../http/server.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { dialectsUnderTest } from '../../../storage/testing.ts';
import { addSignedInStaff, apiCaller } from '../../../testing.ts';
import { CLERK, openDeliveryWorld, PARCEL, type DeliveryWorld } from '../testing.ts';

type RoundJson = {
  id: string;
  postman_id: string;
  status: string;
  cod_expected: string;
  items: Array<{ item: string; outcome: string }>;
};

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`an office's delivery rounds over HTTP on ${dialect}`, { skip }, () => {
    // 25 November 2026, 09:00 in Hà Nội.
    const clock = new ManualClock('2026-11-25T02:00:00.000Z');
    let world: DeliveryWorld;
    let app: Server;
    const cookie: Record<string, string> = {};
    const ids: Record<string, string> = {};
    const call = apiCaller(() => app, cookie);

    /** A parcel taken at office a's counter for a recipient in a's own commune, with the COD given. */
    const localParcel = async (cod: string) =>
      (
        await world.platform.delivery.items.accept(
          { ...PARCEL, recipient: { ...PARCEL.recipient, commune: '00004' }, cod_amount: cod },
          { office_id: world.o.a.id, clerk_id: CLERK, till_session_id: world.till },
          CLERK,
        )
      ).id;

    before(async () => {
      world = await openDeliveryWorld(dialect, clock);
      app = await buildApp(world.platform, pino({ level: 'silent' }));
      const signedIn = await addSignedInStaff(world.platform, app, [
        ['hung', ['office_manager'], world.o.a.id],
        ['binh', ['office_manager'], world.o.b.id],
        ['tuan', ['postman'], world.o.a.id],
        ['lan', ['counter_clerk'], world.o.a.id],
      ]);
      Object.assign(ids, signedIn.ids);
      Object.assign(cookie, signedIn.cookies);
    });
    after(async () => {
      await app.close();
      await world.close();
    });

    test('the manager sees the open rounds with their items and COD; closed ones on asking', async () => {
      const { rounds } = world.platform.delivery;
      const office = world.o.a.id;
      const done = await rounds.open(
        { office, postman: ids['tuan']!, items: [await localParcel('0')] },
        ids['tuan']!,
      );
      await rounds.attempt(done.id, { item: done.items[0]!.item, reason: '11', action: 'A' }, ids['tuan']!);
      await rounds.close(done.id, '0', ids['hung']!);
      const open = await rounds.open(
        { office, postman: ids['tuan']!, items: [await localParcel('450000'), await localParcel('0')] },
        ids['tuan']!,
      );

      const listed = await call('hung', 'GET', `/v1/delivery/offices/${office}/rounds`);
      assert.equal(listed.status, 200, listed.text);
      const items = listed.body['items'] as RoundJson[];
      assert.deepEqual(
        items.map((r) => [r.id, r.status, r.postman_id, r.cod_expected]),
        [[open.id, 'open', ids['tuan'], '450000']],
      );
      assert.deepEqual(
        items[0]!.items.map((i) => i.outcome),
        ['pending', 'pending'],
      );
      const all = await call('hung', 'GET', `/v1/delivery/offices/${office}/rounds?status=all`);
      assert.deepEqual(
        (all.body['items'] as RoundJson[]).map((r) => r.id),
        [done.id, open.id],
      );
      const closed = await call('hung', 'GET', `/v1/delivery/offices/${office}/rounds?status=closed`);
      assert.deepEqual(
        (closed.body['items'] as RoundJson[]).map((r) => r.id),
        [done.id],
      );
      const otherDay = await call(
        'hung',
        'GET',
        `/v1/delivery/offices/${office}/rounds?status=all&day=2026-11-24`,
      );
      assert.deepEqual(otherDay.body['items'], []);
    });

    test('another office’s manager, a postman and a clerk are refused; a bad status or day is a 400', async () => {
      const office = world.o.a.id;
      for (const who of ['binh', 'tuan', 'lan']) {
        const r = await call(who, 'GET', `/v1/delivery/offices/${office}/rounds`);
        assert.equal(r.status, 403, `${who}: ${r.text}`);
      }
      const bad = await call('hung', 'GET', `/v1/delivery/offices/${office}/rounds?status=pending`);
      assert.equal(bad.status, 400);
      const day = await call('hung', 'GET', `/v1/delivery/offices/${office}/rounds?day=25/11/2026`);
      assert.equal(day.status, 400);
    });
  });
}
