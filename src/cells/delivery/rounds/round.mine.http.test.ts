// A postman finds his own round on his phone, on both dialects: his open rounds and those of the day he
// names, never another postman's, and nothing outside his office.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { buildApp } from '../../../app.ts';
import type { Server } from '../../../http/server.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { dialectsUnderTest } from '../../../storage/testing.ts';
import { addSignedInStaff, apiCaller, signIn } from '../../../testing.ts';
import { CLERK, openDeliveryWorld, PARCEL, type DeliveryWorld } from '../testing.ts';

type RoundJson = {
  id: string;
  postman_id: string;
  status: string;
  day: string;
  items: Array<{ item: string }>;
};

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`a postman's own rounds over HTTP on ${dialect}`, { skip }, () => {
    // 25 November 2026, 09:00 in Hà Nội.
    const clock = new ManualClock('2026-11-25T02:00:00.000Z');
    let world: DeliveryWorld;
    let app: Server;
    const cookie: Record<string, string> = {};
    const ids: Record<string, string> = {};
    const call = apiCaller(() => app, cookie);

    /** A parcel taken at office a's counter for a recipient in a's own commune: ready to go out from a. */
    const localParcel = async () =>
      (
        await world.platform.delivery.items.accept(
          { ...PARCEL, recipient: { ...PARCEL.recipient, commune: '00004' } },
          { office_id: world.o.a.id, clerk_id: CLERK, till_session_id: world.till },
          CLERK,
        )
      ).id;

    before(async () => {
      world = await openDeliveryWorld(dialect, clock);
      app = await buildApp(world.platform, pino({ level: 'silent' }));
      const signedIn = await addSignedInStaff(world.platform, app, [
        ['tuan', ['postman'], world.o.a.id],
        ['nam', ['postman'], world.o.a.id],
        ['lan', ['counter_clerk'], world.o.a.id],
      ]);
      Object.assign(ids, signedIn.ids);
      Object.assign(cookie, signedIn.cookies);
    });
    after(async () => {
      await app.close();
      await world.close();
    });

    test('he sees his open round first, then today’s closed one, not yesterday’s nor his colleague’s', async () => {
      const { rounds } = world.platform.delivery;
      const office = world.o.a.id;
      // Yesterday's round, closed: not his today.
      const old = await rounds.open(
        { office, postman: ids['tuan']!, items: [await localParcel()] },
        ids['tuan']!,
      );
      await rounds.attempt(old.id, { item: old.items[0]!.item, reason: '11', action: 'A' }, ids['tuan']!);
      await rounds.close(old.id, '0', 'system:test');
      clock.advance(24 * 3600_000);
      // A new day: everyone signs in again.
      for (const who of ['tuan', 'nam', 'lan']) cookie[who] = await signIn(app, who);
      const closedToday = await rounds.open(
        { office, postman: ids['tuan']!, items: [await localParcel()] },
        ids['tuan']!,
      );
      await rounds.attempt(
        closedToday.id,
        { item: closedToday.items[0]!.item, reason: '11', action: 'A' },
        ids['tuan']!,
      );
      await rounds.close(closedToday.id, '0', 'system:test');
      const open = await rounds.open(
        { office, postman: ids['tuan']!, items: [await localParcel(), await localParcel()] },
        ids['tuan']!,
      );
      await rounds.open({ office, postman: ids['nam']!, items: [await localParcel()] }, ids['nam']!);

      const today = await call('tuan', 'GET', '/v1/delivery/rounds/mine?day=2026-11-26');
      assert.equal(today.status, 200, today.text);
      const items = today.body['items'] as RoundJson[];
      assert.deepEqual(
        items.map((r) => [r.id, r.status, r.day]),
        [
          [open.id, 'open', '2026-11-26'],
          [closedToday.id, 'closed', '2026-11-26'],
        ],
      );
      assert.equal(items[0]!.items.length, 2);
      assert.ok(items.every((r) => r.postman_id === ids['tuan']));

      const openOnly = await call('tuan', 'GET', '/v1/delivery/rounds/mine');
      assert.deepEqual(
        (openOnly.body['items'] as RoundJson[]).map((r) => r.id),
        [open.id],
      );
      const colleague = await call('nam', 'GET', '/v1/delivery/rounds/mine?day=2026-11-26');
      assert.equal((colleague.body['items'] as RoundJson[]).length, 1);
      assert.notEqual((colleague.body['items'] as RoundJson[])[0]!.id, open.id);
    });

    test('a clerk has no round to ask for, and a day that is not a day is refused', async () => {
      const clerk = await call('lan', 'GET', '/v1/delivery/rounds/mine');
      assert.deepEqual([clerk.status, clerk.body.code], [403, 'permission_missing']);
      const bad = await call('tuan', 'GET', '/v1/delivery/rounds/mine?day=26/11/2026');
      assert.equal(bad.status, 400);
    });
  });
}
