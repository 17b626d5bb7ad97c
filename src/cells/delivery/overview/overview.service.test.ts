// The managers' parcel overview on both dialects: an item accepted at one office and carried to another moves
// each office's counts of the day (accepted, departed, arrived) and of now (lying there, on its way), and
// another day counts none of it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../../../platform/clock.ts';
import { dialectsUnderTest } from '../../../storage/testing.ts';
import { carry, CLERK, MANAGER, openDeliveryWorld, PARCEL, type DeliveryWorld } from '../testing.ts';

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`the parcel overview on ${dialect}`, { skip }, () => {
    // 25 November 2026, 09:00 in Hà Nội.
    const clock = new ManualClock('2026-11-25T02:00:00.000Z');
    let world: DeliveryWorld;
    before(async () => {
      world = await openDeliveryWorld(dialect, clock);
    });
    after(async () => {
      await world?.close();
    });

    test('each office’s day and what it holds follow an item from acceptance to its delivery office', async () => {
      const { platform, o, till } = world;
      const at = { office_id: o.a.id, clerk_id: CLERK, till_session_id: till };
      const offices = [o.a, o.b].map((x) => ({ id: x.id, postcode: x.postcode, name: x.name }));
      const overview = () => platform.delivery.overviews.overview(offices, '2026-11-25');
      const row = async (id: string) => (await overview()).offices.find((r) => r.office_id === id)!;

      const before = await overview();
      assert.equal(before.totals.accepted, 0);
      const first = await platform.delivery.items.accept(PARCEL, at, CLERK);
      await platform.delivery.items.accept(PARCEL, at, CLERK);
      const a = await row(o.a.id);
      assert.equal(a.accepted, 2);
      assert.equal(a.now_at_office, 2);
      assert.equal((await row(o.b.id)).now_coming, 0);

      // One goes out towards Thủ Dầu Một: it has left a, and b expects it until it arrives.
      await carry(platform, [first.id], [[o.a, o.scHn]], MANAGER);
      const aAfter = await row(o.a.id);
      assert.equal(aAfter.departed, 1);
      assert.equal(aAfter.now_at_office, 1);
      assert.equal((await row(o.b.id)).now_coming, 1);
      await carry(
        platform,
        [first.id],
        [
          [o.scHn, o.scHcm],
          [o.scHcm, o.b],
        ],
        MANAGER,
      );
      const b = await row(o.b.id);
      assert.equal(b.arrived, 1);
      assert.equal(b.now_at_office, 1);
      assert.equal(b.now_coming, 0);
      const all = await overview();
      assert.equal(all.totals.accepted, 2);
      assert.equal(all.totals.now_at_office, 2);

      // Another day's counts hold none of today's events; what lies where is the same.
      const next = (await platform.delivery.overviews.overview(offices, '2026-11-26')).offices;
      assert.equal(
        next.reduce((n, r) => n + r.accepted + r.departed + r.arrived, 0),
        0,
      );
      assert.equal(
        next.reduce((n, r) => n + r.now_at_office, 0),
        2,
      );
    });
  });
}
