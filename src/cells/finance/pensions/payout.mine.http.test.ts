// A postman finds the pensions he carries on his phone, on both dialects: his open home rounds with their
// lines, and the day's closed ones when he names the day; never another postman's.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { buildApp, openPlatform, type Platform } from '../../../app.ts';
import type { Server } from '../../../http/server.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { dialectsUnderTest, testPlace, type TestPlace } from '../../../storage/testing.ts';
import { addSignedInStaff, apiCaller, openTestHierarchy, testConfig } from '../../../testing.ts';
import { openHomeMonth } from './home-round.testing.ts';

type RoundJson = {
  id: string;
  postman_id: string;
  status: string;
  advance: string;
  lines: Array<{ id: string; full_name: string; status: string }>;
};

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`a postman's own home rounds over HTTP on ${dialect}`, { skip }, () => {
    // 10 December 2026, 09:00 in Hà Nội.
    const clock = new ManualClock('2026-12-10T02:00:00.000Z');
    let place: TestPlace;
    let platform: Platform;
    let app: Server;
    let office: string;
    const cookie: Record<string, string> = {};
    const ids: Record<string, string> = {};
    const call = apiCaller(() => app, cookie);

    before(async () => {
      place = testPlace(dialect);
      platform = await openPlatform(testConfig(place), { clock });
      app = await buildApp(platform, pino({ level: 'silent' }));
      const { hanoi } = await openTestHierarchy(platform.core);
      office = (
        await platform.core.offices.open(
          {
            type: 'post_office',
            name: 'Bưu cục Ba Đình',
            postcode: '11100',
            commune_code: '00004',
            address: 'Số 1',
            opening_hours: '7–19',
            parent_id: hanoi.id,
          },
          'system:test',
        )
      ).id;
      await platform.sync();
      const signedIn = await addSignedInStaff(platform, app, [
        ['hung', ['office_manager'], office],
        ['tu.bd', ['postman'], office],
        ['nam', ['postman'], office],
        ['lan', ['counter_clerk'], office],
      ]);
      Object.assign(ids, signedIn.ids);
      Object.assign(cookie, signedIn.cookies);
    });
    after(async () => {
      await app.close();
      await platform.close();
      await place.remove();
    });

    test('he sees his open round with its lines, then the closed one of the day; not his colleague’s', async () => {
      const { periodId, lines } = await openHomeMonth(platform, {
        province: '01',
        postcode: '11100',
        commune: '00004',
        office,
        people: [
          { cccd: '001032000101', name: 'Nguyễn Văn An', birth_year: 1932, amount: 3_000_000n },
          { cccd: '001035000102', name: 'Trần Thị Bình', birth_year: 1935, amount: 2_500_000n },
          { cccd: '001036000103', name: 'Lê Văn Cường', birth_year: 1936, amount: 1_800_000n },
        ],
      });
      assert.equal(lines.length, 3);
      const give = async (postman: string, line: string) => {
        const r = await call('hung', 'POST', `/v1/finance/offices/${office}/pension-rounds`, {
          period_id: periodId,
          postman_id: ids[postman],
          line_ids: [line],
        });
        assert.equal(r.status, 201, r.text);
        return String(r.body.id);
      };
      const first = await give('tu.bd', lines[0]!.id);
      const closed = await call('hung', 'POST', `/v1/finance/pension-rounds/${first}/close`, {
        returned: '3000000',
      });
      assert.equal(closed.status, 200, closed.text);
      const second = await give('tu.bd', lines[1]!.id);
      await give('nam', lines[2]!.id);

      const today = await call('tu.bd', 'GET', '/v1/finance/pension-rounds/mine?day=2026-12-10');
      assert.equal(today.status, 200, today.text);
      const items = today.body['items'] as RoundJson[];
      assert.deepEqual(
        items.map((r) => [r.id, r.status]),
        [
          [second, 'open'],
          [first, 'closed'],
        ],
      );
      assert.equal(items[0]!.advance, '2500000');
      assert.deepEqual(
        items[0]!.lines.map((l) => [l.full_name, l.status]),
        [['Trần Thị Bình', 'on_round']],
      );
      const openOnly = await call('tu.bd', 'GET', '/v1/finance/pension-rounds/mine');
      assert.deepEqual(
        (openOnly.body['items'] as RoundJson[]).map((r) => r.id),
        [second],
      );
      const colleague = await call('nam', 'GET', '/v1/finance/pension-rounds/mine?day=2026-12-10');
      assert.deepEqual(
        (colleague.body['items'] as RoundJson[]).map((r) => r.lines[0]!.full_name),
        ['Lê Văn Cường'],
      );
      // A clerk pays at the counter, not on a round: he has none, and sees an empty list.
      const clerk = await call('lan', 'GET', '/v1/finance/pension-rounds/mine');
      assert.deepEqual([clerk.status, clerk.body['items']], [200, []]);
      const bad = await call('tu.bd', 'GET', '/v1/finance/pension-rounds/mine?day=hôm-nay');
      assert.equal(bad.status, 400);
    });
  });
}
