// The citizen's dossier look-up page in-process, on both dialects: found with the right phone (the state in
// words, the procedure, the agency, the appointment, the leg's carriage), the same "not found" for a wrong phone
// as for an unknown code, hostile input shown as text, and neither the full name nor the full phone on the page.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { buildApp } from '../../app.ts';
import {
  atTill,
  CITIZEN,
  completeIntake,
  deliverLeg,
  EXTRACT,
  OFFICER,
  openServicesWorld,
  WARD,
  type ServicesWorld,
} from '../../cells/services/testing.ts';
import type { Server } from '../../http/server.ts';
import { ManualClock } from '../../platform/clock.ts';
import { dialectsUnderTest } from '../../storage/testing.ts';

const HOSTILE = '<script>alert("x")</script>';

/** The page's answer below the form: what differs between two look-ups, with the code typed taken out. */
const answerOf = (body: string, code: string) =>
  body.slice(body.indexOf('</form>')).replaceAll(code.toUpperCase(), '«code»');

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`a citizen looks a dossier up on ${dialect}`, { skip }, () => {
    // Monday 7 December 2026, 09:00 in Hà Nội.
    const clock = new ManualClock('2026-12-07T02:00:00.000Z');
    let w: ServicesWorld;
    let app: Server;
    let id: string;
    let n = 0;
    // Each look-up from its own address: the public API's rate limit (30 a minute) is not what is tested here.
    const get = (url: string, lang?: string) =>
      app.inject({
        method: 'GET',
        url,
        remoteAddress: `10.0.${dialect.length}.${++n}`,
        ...(lang === undefined ? {} : { cookies: { lang } }),
      });

    before(async () => {
      w = await openServicesWorld(dialect, clock);
      app = await buildApp(w.platform, pino({ level: 'silent' }));
      const d = await w.platform.services.dossiers.intake(await completeIntake(w, EXTRACT), atTill(w));
      id = d.id;
      await deliverLeg(w.platform, w, id, { name: 'Văn thư UBND phường Ba Đình' });
      await w.platform.services.dossiers.decide(
        id,
        { status: 'received', appointment_day: '2026-12-10' },
        { id: OFFICER, agency: WARD },
      );
      await w.platform.sync();
    });
    after(async () => {
      await app?.close();
      await w?.close();
    });

    test('with the right phone: the state in words, procedure, agency, appointment and the carriage, masked', async () => {
      const r = await get(`/dossier?code=${id.toLowerCase()}&phone=${CITIZEN.phone}`);
      assert.equal(r.statusCode, 200);
      assert.match(r.body, /<html lang="vi">/);
      assert.match(r.body, new RegExp(`data-testid="dossier-result" data-dossier="${id}"`));
      assert.match(r.body, /data-state="received"[^>]*>\s*<strong>Cơ quan đã tiếp nhận<\/strong>/);
      assert.match(r.body, /<dd>Cấp bản sao Trích lục hộ tịch<\/dd>/);
      assert.match(r.body, /<dd>Ủy ban nhân dân Phường Ba Đình<\/dd>/);
      assert.match(r.body, /data-testid="dossier-appointment">\s*10\/12\/2026/);
      assert.match(r.body, /Nhận hồ sơ tại bưu cục/);
      assert.match(r.body, /Giao cho cơ quan/);
      const item = (await w.platform.services.dossiers.get(id)).legs[0]!.item_id!;
      assert.match(r.body, new RegExp(`data-testid="dossier-leg" data-item="${item}"`));
      assert.match(r.body, /<strong>Đã phát<\/strong>/, 'the leg to the agency was delivered');
      assert.match(r.body, /data-testid="dossier-citizen">P\. T\. L\.<\/dd>/, 'Phạm Thị Lan as initials');
      // Neither the citizen's full name nor their phone is anywhere in the page, the form included.
      assert.doesNotMatch(r.body, new RegExp(CITIZEN.name));
      assert.doesNotMatch(r.body, new RegExp(CITIZEN.phone.slice(1)));
      assert.doesNotMatch(r.body, new RegExp(CITIZEN.cccd));
      assert.match(r.body, /href="\/dossier\?code=HS\d+&amp;lang=en"/, 'the toggle keeps the code only');

      const en = await get(`/dossier?code=${id}&phone=${encodeURIComponent('+84912000111')}`, 'en');
      assert.equal(en.statusCode, 200, 'the phone in international form finds it too');
      assert.match(en.body, /<strong>Received by the agency<\/strong>/);
      assert.match(en.body, /Handed over to the agency/);
    });

    test('a wrong phone gets exactly the answer an unknown code gets', async () => {
      const wrongPhone = await get(`/dossier?code=${id}&phone=0912999888`);
      const unknown = `HS11100${'9'.repeat(id.length - 7)}`;
      const unknownCode = await get(`/dossier?code=${unknown}&phone=${CITIZEN.phone}`);
      assert.equal(wrongPhone.statusCode, 404);
      assert.equal(unknownCode.statusCode, 404);
      assert.match(wrongPhone.body, /Không tìm thấy hồ sơ với mã và số điện thoại này/);
      assert.equal(answerOf(wrongPhone.body, id), answerOf(unknownCode.body, unknown));
      assert.doesNotMatch(wrongPhone.body, /data-testid="dossier-result"|Cơ quan đã tiếp nhận/);
      const half = await get(`/dossier?code=${id}`);
      assert.equal(half.statusCode, 400);
      assert.match(half.body, /Hãy nhập cả mã hồ sơ và số điện thoại/);
      const badPhone = await get(`/dossier?code=${id}&phone=12`);
      assert.equal(badPhone.statusCode, 400);
      assert.match(badPhone.body, /Số điện thoại không hợp lệ/);
    });

    test('hostile input is shown as text, never as markup', async () => {
      const r = await get(
        `/dossier?code=${encodeURIComponent(HOSTILE)}&phone=${encodeURIComponent(`"><script>x()</script>`)}`,
      );
      assert.ok([400, 404].includes(r.statusCode), `refused, not ${r.statusCode}`);
      assert.doesNotMatch(r.body, /<script>|<SCRIPT>/i);
      assert.match(r.body, /value="&lt;SCRIPT&gt;ALERT\(&quot;X&quot;\)&lt;\/SCRIPT&gt;"/);
      assert.doesNotMatch(r.body, /x\(\)/, 'the phone typed is not written back');
      assert.match(String(r.headers['content-security-policy']), /script-src 'self'/);
    });

    test('the look-up is rate limited like the tracking page: the 31st try in a minute from one address is refused', async () => {
      let last = 0;
      for (let i = 0; i < 31; i++)
        last = (
          await app.inject({
            method: 'GET',
            url: `/dossier?code=${id}&phone=0912999${String(i).padStart(3, '0')}`,
            remoteAddress: `10.9.${dialect.length}.1`,
          })
        ).statusCode;
      assert.equal(last, 429);
    });
  });
}
