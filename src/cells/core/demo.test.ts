// The demo on first start: the whole network, its staff, and the README's sign-ins.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { verifyCell } from '../../journal/index.ts';
import { ManualClock } from '../../platform/clock.ts';
import type { CellDatabase } from '../../storage/index.ts';
import { dialectsUnderTest, type TestStorage } from '../../storage/testing.ts';
import { coreCell, DEMO_PASSWORD, DEMO_TOTP_SECRET, type Core, type CoreTables } from './index.ts';
import { totpFor } from './sign-in/sign-in.service.ts';
import { DIVISIONS, NAMES, openTestCore } from './testing.ts';

const clock = new ManualClock('2026-11-25T01:00:00.000Z');
const divisions = DIVISIONS;

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`the demo network on ${dialect}`, { skip }, () => {
    let t: TestStorage;
    let cell: CellDatabase<CoreTables>;
    let core: Core;

    before(async () => {
      ({ t, cell, core } = await openTestCore(dialect, clock, true));
    });
    after(async () => {
      await t.cleanup();
    });

    test('one post office per commune under its provincial post, three sorting centres, their staff, once', async () => {
      const demo = { divisions, names: NAMES };
      // The corporation's 3, 3 per provincial post, 3 per post office, a shipper per province, 1 per centre.
      const staff = 3 + 34 * 3 + 3321 * 3 + 34 + 3;
      assert.deepEqual(await core.loadDemo(demo, 'system:demo'), { offices: 1 + 34 + 3321 + 3, staff });
      assert.deepEqual(await core.loadDemo(demo, 'system:demo'), { offices: 0, staff: 0 });
      const count = async (q: Partial<Parameters<Core['offices']['list']>[0]>) =>
        (await core.offices.list({ limit: 1, offset: 0, ...q })).total;
      assert.equal(await count({ type: 'post_office' }), 3321);
      assert.equal(await count({ type: 'provincial_post' }), 34);
      assert.equal(await count({ type: 'sorting_centre' }), 3);
      assert.equal(await count({ type: 'corporation' }), 1);
      const hanoiPost = (
        await core.offices.list({ type: 'provincial_post', province: '01', limit: 1, offset: 0 })
      ).items[0]!;
      assert.equal(hanoiPost.postcode, '01000');
      assert.equal(await count({ parent: hanoiPost.id }), 126);
      const ward = (await core.offices.list({ type: 'post_office', commune: '00004', limit: 1, offset: 0 }))
        .items[0]!;
      assert.deepEqual(
        [ward.name, ward.postcode, ward.phone],
        ['Bưu cục Phường Ba Đình', '01100', ward.phone],
      );
      assert.match(ward.phone!, /^\+8424\d{8}$/);
      const report = await verifyCell({ cell: coreCell, db: cell.db, storage: t.storage, clock });
      assert.equal(report.ok, true, JSON.stringify(report.failures));
      assert.equal(report.events, String(34 + 3359 + staff + 2));

      // The README's demo sign-ins.
      assert.equal((await core.staff.list({ limit: 1, offset: 0 })).total, staff);
      const clerk = await core.signIn.signIn('gdv.01100', DEMO_PASSWORD);
      assert.equal(clerk.staff.office_id, ward.id);
      assert.deepEqual(clerk.staff.roles, ['counter_clerk']);
      for (const [username, role] of [
        ['tbc.01100', 'office_manager'],
        ['bt.01100', 'postman'],
        ['qlt.01', 'provincial_manager'],
        ['bhxh.01', 'social_insurance_officer'],
        ['hcc.01', 'agency_officer'],
        ['shop.01', 'shipper'],
        ['auditor', 'auditor'],
      ] as const)
        assert.deepEqual((await core.signIn.signIn(username, DEMO_PASSWORD)).staff.roles, [role]);
      const code = totpFor('admin', DEMO_TOTP_SECRET).generate({ timestamp: clock.now().getTime() });
      assert.deepEqual((await core.signIn.signIn('admin', DEMO_PASSWORD, code)).staff.roles, [
        'system_admin',
      ]);
      await assert.rejects(core.signIn.signIn('security', DEMO_PASSWORD), { code: 'second_factor_required' });
      // Every CCCD of the post's own staff is well-formed and unique, and the names are realistic.
      const all = await core.staff.list({ limit: 20_000, offset: 0 });
      const cccds = all.items.flatMap((s) => (s.cccd === null ? [] : [s.cccd]));
      assert.equal(new Set(cccds).size, staff - 34 * 3);
      const nguyen = all.items.filter((s) => s.full_name.startsWith('Nguyễn ')).length;
      assert.ok(nguyen > staff * 0.3 && nguyen < staff * 0.45, `${nguyen} Nguyễn`);
    });
  });
}
