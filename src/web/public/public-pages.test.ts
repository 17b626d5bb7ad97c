// The public pages in-process, on both dialects: what a stranger typed and what staff typed both reach the page
// escaped, ids that are malformed, unknown or too many are each named, English comes from the cookie, and the
// browser's receipt check (run here, on Node's own WebCrypto) agrees with the server's verifyProof.
import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { buildApp } from '../../app.ts';
import type { Server } from '../../http/server.ts';
import { keyIdOf, proofToQr, readReceiptText, verifyProof, type EventProof } from '../../journal/index.ts';
import { ManualClock } from '../../platform/clock.ts';
import { dialectsUnderTest } from '../../storage/testing.ts';
import { openDeliveryWorld, openTestOffice, PARCEL, type DeliveryWorld } from '../../testing.ts';
import { checkReceiptText, type PublishedKey } from '../../../web/src/public/receipt-verify.ts';
import { MAX_IDS } from './index.ts';
import { html, raw } from './html.ts';

const HOSTILE = '<script>alert("x")</script>';
const CLERK = 'stf_0190aaaaaaaaaaaaaaaaaaaaaaaaaaaa';

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`the public pages on ${dialect}`, { skip }, () => {
    const clock = new ManualClock('2026-11-25T02:00:00.000Z');
    let world: DeliveryWorld;
    let app: Server;
    let item: string;
    let seq: bigint;
    const get = (url: string, cookie?: string) =>
      app.inject({ method: 'GET', url, ...(cookie === undefined ? {} : { cookies: { lang: cookie } }) });

    before(async () => {
      world = await openDeliveryWorld(dialect, clock);
      app = await buildApp(world.platform, pino({ level: 'silent' }));
      const { platform, o } = world;
      const accepted = await platform.delivery.items.accept(
        { ...PARCEL, recipient: { ...PARCEL.recipient, name: HOSTILE } },
        { office_id: o.a.id, clerk_id: CLERK, till_session_id: world.till },
        CLERK,
      );
      item = accepted.id;
      seq = await platform.delivery.items.acceptedSeq(item);
      await openTestOffice(
        platform.core,
        'post_office',
        `Bưu cục ${HOSTILE}`,
        '11199',
        '00004',
        o.a.parent_id!,
      );
      await platform.sync();
    });
    after(async () => {
      await app?.close();
      await world?.close();
    });

    test('the html template escapes every value and only what is marked as markup passes', () => {
      assert.equal(
        html`<p title="${'"x"'}">${HOSTILE}${raw('<br>')}${[1, '&']}${null}</p>`.text,
        '<p title="&quot;x&quot;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>1&amp;</p>',
      );
    });

    test('a member of the public tracks an item in Vietnamese: its journey, the recipient masked, nothing hostile runs', async () => {
      const r = await get(`/track?id=${item}`);
      assert.equal(r.statusCode, 200);
      assert.match(r.headers['content-type'] as string, /text\/html/);
      assert.match(r.body, /<html lang="vi">/);
      assert.match(r.body, /Đã nhận gửi/);
      assert.match(r.body, /25\/11\/2026 09:00/);
      assert.match(r.body, /Bưu cục Ba Đình \(11100\)/);
      // The recipient's name is masked by the API to its initials, here its first character: escaped.
      assert.match(r.body, /data-testid="item-recipient">&lt;\. · •••••••321/);
      assert.doesNotMatch(r.body, /<script>alert/);
      assert.doesNotMatch(r.body, /Lê Văn Hùng|0987654321/);
    });

    test('a hostile id and a hostile office name are shown as text', async () => {
      const t = await get(`/track?id=${encodeURIComponent(HOSTILE)}`);
      assert.equal(t.statusCode, 200);
      assert.doesNotMatch(t.body, /<script>alert|<SCRIPT>/i);
      assert.match(t.body, /&lt;SCRIPT&gt;ALERT\(&quot;X&quot;\)&lt;\/SCRIPT&gt;/);
      const o = await get('/offices?q=11199');
      assert.equal(o.statusCode, 200);
      assert.match(o.body, /Bưu cục &lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;/);
      assert.doesNotMatch(o.body, /<script>alert/);
      assert.match(String(o.headers['content-security-policy']), /script-src 'self'/);
    });

    test('malformed and unknown ids get a line each saying what is wrong, beside the item found', async () => {
      const r = await get(
        `/track?id=${encodeURIComponent(`${item.toLowerCase()}, EE123456789VN\nEE123456785VN`)}`,
      );
      assert.equal(r.statusCode, 200);
      assert.equal(r.body.match(/data-testid="item"/g)?.length, 1, 'the lower-cased id is found');
      assert.match(
        r.body,
        /data-item="EE123456789VN">\s*<h2>EE123456789VN<\/h2>\s*<p>Mã bưu gửi EE123456789VN không hợp lệ: sai số kiểm tra[^<]*\(invalid_s10\)/,
      );
      assert.match(r.body, /Không tìm thấy bưu gửi EE123456785VN \(item_not_found\)/);
    });

    test('too many ids are refused whole, saying how many may be asked', async () => {
      const ids = Array.from({ length: MAX_IDS + 1 }, (_, i) => `EE${String(i).padStart(8, '0')}0VN`).join(
        ' ',
      );
      const r = await get(`/track?id=${encodeURIComponent(ids)}`);
      assert.equal(r.statusCode, 400);
      assert.match(r.body, /Bạn đã nhập 21 mã; mỗi lần chỉ tra cứu được tối đa 20 mã/);
      assert.doesNotMatch(r.body, /data-testid="item/);
    });

    test('English by the cookie, and by ?lang=en which the cookie then remembers', async () => {
      const r = await get(`/track?id=${item}`, 'en');
      assert.match(r.body, /<html lang="en">/);
      assert.match(r.body, /Posting\/collection/);
      assert.match(r.body, /href="\/track\?id=EE\d{9}VN&amp;lang=vi"/);
      const asked = await get('/offices?q=ba%20dinh&lang=en');
      assert.match(String(asked.headers['set-cookie']), /^lang=en; Path=\//);
      assert.match(asked.body, /Find a post office/);
      assert.match(asked.body, /Phường Ba Đình, Thành phố Hà Nội/);
      const bad = await get('/track?id=EE123456789VN', 'en');
      assert.match(bad.body, /has check digit 9, not 5[^<]*\(invalid_s10\)/);
    });

    test('the office finder: a commune without accents, a postcode, and a word that finds nothing', async () => {
      const byName = await get('/offices?q=ba+dinh');
      assert.match(byName.body, /Phường Ba Đình, Thành phố Hà Nội/);
      assert.match(byName.body, /data-postcode="11100"/);
      const byCode = await get('/offices?q=11100');
      assert.equal(byCode.body.match(/data-testid="office"/g)?.length, 1);
      assert.match(byCode.body, /Bưu cục Ba Đình/);
      assert.match((await get('/offices?q=99999')).body, /Không tìm thấy bưu cục nào cho “99999”/);
      const bad = await get('/offices?q=ba%01dinh');
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /data-testid="offices-error"/);
    });

    test('the browser receipt check agrees with verifyProof on good and tampered proofs', async () => {
      const { platform } = world;
      const proof = await platform.checkpointsOf('delivery').prove(seq);
      const published = platform.checkpointKey();
      const pub = createPublicKey(published.pem);
      const keys = new Map([[keyIdOf(pub), pub]]);
      const browserKeys: PublishedKey[] = [{ key_id: published.key_id, public_key: published.public_key }];
      const payload = proof.event.payload as Record<string, unknown>;
      const edit = (f: (p: EventProof) => void) => {
        const p = structuredClone(proof);
        f(p);
        return JSON.stringify(p);
      };
      const qr = proofToQr(proof);
      const cases: Array<[string, string, PublishedKey[]]> = [
        ['the QR text', qr, browserKeys],
        ['the bare proof', JSON.stringify(proof), browserKeys],
        ['a receipt stating the fee', JSON.stringify({ fee: payload['fee'], proof }), browserKeys],
        ['a receipt stating another fee', JSON.stringify({ fee: '1', proof }), browserKeys],
        [
          'one character of the QR changed',
          qr.slice(0, 40) + (qr[40] === 'A' ? 'B' : 'A') + qr.slice(41),
          browserKeys,
        ],
        ['the QR cut short', qr.slice(0, -2), browserKeys],
        ['not a receipt', '{"hello":1}', browserKeys],
        ['an event field changed', edit((p) => (p.event.actor = 'stf_x')), browserKeys],
        ['a path hash changed', edit((p) => (p.path[0] = '0'.repeat(64))), browserKeys],
        ['the checkpoint of another cell', edit((p) => (p.checkpoint.cell = 'finance')), browserKeys],
        ['the root changed', edit((p) => (p.checkpoint.root = 'a'.repeat(64))), browserKeys],
        ['the time changed', edit((p) => (p.checkpoint.at = '2030-01-01T00:00:00.000Z')), browserKeys],
        [
          'another key',
          JSON.stringify(proof),
          [{ key_id: 'ffffffffffffffff', public_key: published.public_key }],
        ],
      ];
      if (proof.path.length === 0) cases.splice(8, 1);
      for (const [what, text, bk] of cases) {
        let server: string;
        try {
          const r = verifyProof(
            readReceiptText(text),
            bk === browserKeys ? keys : new Map([['ffffffffffffffff', pub]]),
          );
          server = r.ok ? 'ok' : r.check;
        } catch {
          server = text.startsWith('PC1:') ? 'qr' : 'format';
        }
        const browser = await checkReceiptText(text, bk);
        assert.equal(browser.ok ? 'ok' : browser.check, server, what);
      }
      const good = await checkReceiptText(qr, browserKeys);
      assert.equal(good.ok, true);
      const changed = await checkReceiptText(
        edit((p) => (p.event.actor = 'stf_x')),
        browserKeys,
      );
      assert.deepEqual(changed.ok ? 'ok' : changed.check, 'event_hash');
    });

    test('the receipt page carries the key and the check script, and says what to do without JavaScript', async () => {
      const r = await get('/receipt');
      assert.equal(r.statusCode, 200);
      assert.match(r.body, new RegExp(`"key_id":"${world.platform.checkpointKey().key_id}"`));
      assert.match(r.body, /postcore verify-receipt/);
      assert.match(r.body, /<textarea\s+id="receipt-text"/);
    });
  });
}
