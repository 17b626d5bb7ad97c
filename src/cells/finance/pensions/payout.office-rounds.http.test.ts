// An office manager lists his office's home rounds to take their unpaid cash back, on both dialects: the open
// ones by default with their advance and what was paid, the closed or all on asking; never from another
// office, and a postman or clerk cannot list them.
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
  postman_name: string;
  status: string;
  advance: string;
  paid: string;
  line_count: number;
};

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`an office's home rounds over HTTP on ${dialect}`, { skip }, () => {
    // 10 December 2026, 09:00 in Hà Nội.
    const clock = new ManualClock('2026-12-10T02:00:00.000Z');
    let place: TestPlace;
    let platform: Platform;
    let app: Server;
    let office: string;
    let other: string;
    const cookie: Record<string, string> = {};
    const ids: Record<string, string> = {};
    const call = apiCaller(() => app, cookie);

    before(async () => {
      place = testPlace(dialect);
      platform = await openPlatform(testConfig(place), { clock });
      app = await buildApp(platform, pino({ level: 'silent' }));
      const { hanoi } = await openTestHierarchy(platform.core);
      const open = async (name: string, postcode: string) =>
        (
          await platform.core.offices.open(
            {
              type: 'post_office',
              name,
              postcode,
              commune_code: '00004',
              address: 'Số 1',
              opening_hours: '7–19',
              parent_id: hanoi.id,
            },
            'system:test',
          )
        ).id;
      office = await open('Bưu cục Ba Đình', '11100');
      other = await open('Bưu cục Kim Mã', '11200');
      await platform.sync();
      const signedIn = await addSignedInStaff(platform, app, [
        ['hung', ['office_manager'], office],
        ['binh', ['office_manager'], other],
        ['tu.bd', ['postman'], office],
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

    test('the manager sees the open round with its advance; the closed one on asking', async () => {
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
      const give = async (lineIds: string[]) => {
        const r = await call('hung', 'POST', `/v1/finance/offices/${office}/pension-rounds`, {
          period_id: periodId,
          postman_id: ids['tu.bd'],
          line_ids: lineIds,
        });
        assert.equal(r.status, 201, r.text);
        return String(r.body.id);
      };
      const first = await give([lines[0]!.id]);
      const closed = await call('hung', 'POST', `/v1/finance/pension-rounds/${first}/close`, {
        returned: '3000000',
      });
      assert.equal(closed.status, 200, closed.text);
      const second = await give([lines[1]!.id, lines[2]!.id]);

      const listed = await call('hung', 'GET', `/v1/finance/offices/${office}/pension-rounds`);
      assert.equal(listed.status, 200, listed.text);
      assert.deepEqual(
        (listed.body['items'] as RoundJson[]).map((r) => [
          r.id,
          r.status,
          r.postman_id,
          r.advance,
          r.paid,
          r.line_count,
        ]),
        [[second, 'open', ids['tu.bd'], '4300000', '0', 2]],
      );
      const all = await call('hung', 'GET', `/v1/finance/offices/${office}/pension-rounds?status=all`);
      assert.deepEqual(
        (all.body['items'] as RoundJson[]).map((r) => [r.id, r.status]),
        [
          [first, 'closed'],
          [second, 'open'],
        ],
      );
      const done = await call('hung', 'GET', `/v1/finance/offices/${office}/pension-rounds?status=closed`);
      assert.deepEqual(
        (done.body['items'] as RoundJson[]).map((r) => r.id),
        [first],
      );
    });

    test('another office’s manager, a postman and a clerk are refused; a bad status is a 400', async () => {
      for (const who of ['binh', 'tu.bd', 'lan']) {
        const r = await call(who, 'GET', `/v1/finance/offices/${office}/pension-rounds`);
        assert.equal(r.status, 403, `${who}: ${r.text}`);
      }
      const bad = await call('hung', 'GET', `/v1/finance/offices/${office}/pension-rounds?status=paid`);
      assert.equal(bad.status, 400);
    });
  });
}
