// A clerk at the counter of 01100 takes in public-administration dossiers: the procedure found without
// accents ("khai sinh"), the checklist ticked, the citizen, the seal, both signatures and the catalogue's
// fees; the code, the receipt whose QR proof checks against the post's key, and the list to print. A dossier
// short of a document is recorded as incomplete and completed later from its page. Bad input (a CCCD of the
// wrong form, a missing or malformed seal) is refused in Vietnamese in the page, and nothing is written.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { checkReceiptText, type PublishedKey } from '../src/public/receipt-verify.ts';
import { newPage, openWebWorld, shot, signInAs, webDialects, type WebWorld } from './browser.ts';
import { fillCitizen, sign } from './dossier-fixtures.ts';
import { demoCounter, openClerkTill, type Counter } from './fixtures.ts';

const BIRTH = '1.001193.000.00.00.H01';
const CCCD = '001090012345';

interface Catalogued {
  documents: Array<{ key: string; name: string }>;
  agency_fee: string;
  agency_charge: string;
  send_tariff: string;
  return_tariff: string;
}

/** `1.234.567 ₫`, as the page writes money. */
const vnd = (v: bigint) => `${v.toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.')} ₫`;

/** From the list's "new dossier" to the birth registration chosen, searched for without accents. */
async function chooseBirth(page: Page): Promise<void> {
  await page.getByTestId('procedure-search').fill('khai sinh');
  const option = page.getByTestId('procedure-option').filter({ hasText: 'Đăng ký khai sinh' }).first();
  await option.waitFor();
  await option.click();
  await page.getByTestId('chosen-procedure').waitFor();
  await page.getByTestId('wizard-next').click();
  await page.getByTestId('checklist').waitFor();
}

for (const { dialect, skip } of await webDialects()) {
  describe(`a clerk takes in administrative dossiers (${dialect})`, { skip }, () => {
    let world: WebWorld;
    let c: Counter;
    let context: BrowserContext;
    let page: Page;
    let birth: Catalogued;
    let keys: PublishedKey[];
    const count = async () =>
      (await world.platform.services.dossiers.list({ office: c.officeId, limit: 1, offset: 0 })).total;

    before(async () => {
      world = await openWebWorld(dialect);
      c = await demoCounter(world, '01');
      assert.equal(c.postcode, '01100');
      // The demo's dossiers were charged into the manager's till: the clerk opens their own.
      await openClerkTill(world, c, 2n);
      ({ page, context } = await newPage(world));
      await signInAs(page, c.clerk.username);
      birth = (await (await page.request.get(`/v1/services/procedures/${BIRTH}`)).json()) as Catalogued;
      keys = [(await (await page.request.get('/v1/checkpoints/key')).json()) as PublishedKey];
    });
    after(async () => {
      await context?.close();
      await world?.close();
    });

    test('the office’s dossiers are listed and filtered by state', async () => {
      await page.getByRole('link', { name: 'Hồ sơ hành chính công' }).click();
      await page.getByTestId('dossier-row').first().waitFor();
      assert.equal(await page.getByTestId('dossier-row').count(), await count());
      await page.getByTestId('filter-state').selectOption('incomplete');
      await page.waitForFunction(() =>
        [...document.querySelectorAll('[data-testid="dossier-row"]')].every(
          (r) => r.getAttribute('data-state') === 'incomplete',
        ),
      );
      const incomplete = await world.platform.services.dossiers.list({
        office: c.officeId,
        state: 'incomplete',
        limit: 50,
        offset: 0,
      });
      assert.ok(incomplete.total > 0);
      assert.equal(await page.getByTestId('dossier-row').count(), incomplete.total);
      await page.getByTestId('filter-state').selectOption('');
      const past = await world.platform.services.dossiers.list({
        office: c.officeId,
        deadline: 'past',
        limit: 50,
        offset: 0,
      });
      await page.getByTestId('filter-deadline').selectOption('past');
      await page
        .getByTestId('dossier-count')
        .filter({ hasText: `${past.total} hồ sơ` })
        .waitFor();
      assert.equal(await page.getByTestId('dossier-row').count(), past.total);
      await page.getByTestId('filter-deadline').selectOption('');
      await page.getByTestId('dossier-row').nth(1).waitFor();
      await shot(page, 'dossier-list');
    });

    test('a complete dossier: found without accents, signed, sealed, charged, its receipt proven', async () => {
      await page.getByTestId('new-dossier').click();
      await chooseBirth(page);
      const fee = BigInt(birth.agency_fee) + BigInt(birth.agency_charge);
      const post = BigInt(birth.send_tariff) + BigInt(birth.return_tariff);
      for (const tick of await page.getByTestId('doc-tick').all()) await tick.check();
      await page.getByTestId('missing-complete').waitFor();
      await shot(page, 'dossier-checklist');
      await page.getByTestId('wizard-next').click();
      await fillCitizen(page, CCCD);
      await shot(page, 'dossier-citizen');
      await page.getByTestId('wizard-next').click();
      assert.equal(await page.getByTestId('fee-agency').innerText(), vnd(fee));
      assert.equal(await page.getByTestId('fee-post').innerText(), vnd(post));
      assert.equal(await page.getByTestId('fee-total').innerText(), vnd(fee + post));
      await page.getByTestId('seal').fill('np-260001');
      await sign(page, 'citizen');
      await sign(page, 'clerk');
      await shot(page, 'dossier-finish');
      await page.getByTestId('dossier-submit').click();

      await page.getByTestId('dossier-done').waitFor();
      const code = await page.getByTestId('dossier-code').innerText();
      assert.match(code, /^HS01100\d{7}$/);
      assert.equal(await page.getByTestId('dossier-state').innerText(), 'Đã tiếp nhận');
      assert.equal(await page.getByTestId('receipt-total').innerText(), vnd(fee + post));
      assert.match(await page.getByTestId('print-procedure').innerText(), /Đăng ký khai sinh/);
      assert.equal(await page.getByTestId('print-doc').count(), birth.documents.length);
      assert.equal(await page.getByTestId('print-seal').innerText(), 'NP-260001');
      assert.match(await page.getByTestId('print-citizen').innerText(), new RegExp(CCCD));
      await page.getByTestId('receipt-qr').waitFor();
      const qr = (await page.getByTestId('receipt-qr').getAttribute('data-text'))!;
      const verdict = await checkReceiptText(qr, keys);
      assert.ok(verdict.ok, JSON.stringify(verdict));
      assert.equal(verdict.proof.event.stream, code);
      await shot(page, 'dossier-done');
      await page.emulateMedia({ media: 'print' });
      assert.equal(await page.locator('.menu').isVisible(), false);
      assert.equal(await page.getByTestId('print-list').isVisible(), true);
      await shot(page, 'dossier-done-print');
      await page.emulateMedia({ media: 'screen' });

      const d = await world.platform.services.dossiers.get(code);
      assert.equal(d.state, 'accepted');
      assert.equal(d.seal_no, 'NP-260001');
      assert.equal(d.citizen.cccd, CCCD);
      assert.equal(d.agency_fee + d.post_fee, fee + post);
      assert.deepEqual(
        d.documents.map((x) => x.key),
        birth.documents.map((x) => x.key),
      );
    });

    test('a dossier short of a document waits as incomplete, then is completed from its page', async () => {
      await page.getByTestId('next-dossier').click();
      await chooseBirth(page);
      const ticks = await page.getByTestId('doc-tick').all();
      for (const tick of ticks.slice(0, -1)) await tick.check();
      const absent = birth.documents.at(-1)!;
      assert.match(await page.getByTestId('missing').innerText(), new RegExp(absent.name));
      await page.getByTestId('wizard-next').click();
      await fillCitizen(page, CCCD);
      await page.getByTestId('wizard-next').click();
      assert.match(await page.getByTestId('missing').innerText(), /CHƯA ĐỦ/);
      assert.equal(await page.getByTestId('dossier-submit').innerText(), 'Ghi nhận hồ sơ chưa đủ');
      await page.getByTestId('dossier-submit').click();

      await page.getByTestId('dossier-done').waitFor();
      const code = await page.getByTestId('dossier-code').innerText();
      assert.equal(await page.getByTestId('dossier-state').innerText(), 'Chưa đủ giấy tờ');
      await page.getByTestId('incomplete-note').waitFor();
      assert.match(await page.getByTestId('print-missing').innerText(), new RegExp(absent.name));
      assert.equal(await page.getByTestId('dossier-receipt').count(), 0);
      await shot(page, 'dossier-incomplete');
      let d = await world.platform.services.dossiers.get(code);
      assert.equal(d.state, 'incomplete');
      assert.deepEqual(d.missing, [absent.key]);
      assert.equal(d.agency_fee + d.post_fee, 0n);

      await page.getByTestId('open-dossier').click();
      const panel = page.getByTestId('complete-panel');
      await panel.waitFor();
      assert.match(await page.getByTestId('detail-missing').innerText(), new RegExp(absent.name));
      assert.equal(await panel.getByTestId('doc-row').count(), 1);
      await panel.getByTestId('doc-tick').check();
      await page.getByTestId('still-missing-complete').waitFor();
      await page.getByTestId('seal').fill('NP-260002');
      await sign(page, 'citizen');
      await sign(page, 'clerk');
      await shot(page, 'dossier-complete-panel');
      await page.getByTestId('complete-submit').click();
      await page.getByTestId('dossier-done').waitFor();
      assert.equal(await page.getByTestId('dossier-state').innerText(), 'Đã tiếp nhận');
      // The list printed now holds every document and names the agency, as at intake.
      assert.equal(await page.getByTestId('print-doc').count(), birth.documents.length);
      assert.match(await page.getByTestId('print-list').innerText(), /Ủy ban nhân dân Phường Ba Đình/);
      assert.equal(await page.getByTestId('print-missing').count(), 0);
      await page.getByTestId('receipt-qr').waitFor();
      d = await world.platform.services.dossiers.get(code);
      assert.equal(d.state, 'accepted');
      assert.equal(d.seal_no, 'NP-260002');
      assert.deepEqual(d.missing, []);
      assert.ok(d.agency_fee + d.post_fee > 0n);
    });

    test('a result only (agency number, no seal, return tariff) is answered once though its first answer is lost', async () => {
      await page.goto('/counter/dossiers/new');
      await page.getByTestId('service-receive').check();
      await page.getByTestId('procedure-search').fill('khai sinh');
      await page.getByTestId('procedure-option').filter({ hasText: 'Đăng ký khai sinh' }).first().click();
      assert.equal(await page.getByTestId('chosen-total').innerText(), vnd(BigInt(birth.return_tariff)));
      await page.getByTestId('wizard-next').click();
      assert.equal(await page.getByTestId('checklist').count(), 0);
      await page.getByTestId('wizard-next').click();
      assert.match(await page.locator('.field.invalid').innerText(), /Cần nhập mục này/);
      await page.getByTestId('agency-ref').fill('UBND-BD-2026-00999');
      await page.getByTestId('wizard-next').click();
      await fillCitizen(page, CCCD);
      await page.getByTestId('wizard-next').click();
      assert.equal(await page.getByTestId('seal').count(), 0);
      assert.equal(await page.getByTestId('fee-agency').innerText(), vnd(0n));
      await sign(page, 'citizen');
      await sign(page, 'clerk');
      // The first answer is lost on the way back: the page sends again under the same Idempotency-Key.
      const before = await count();
      const keys: string[] = [];
      await page.route('**/v1/services/tills/*/dossiers', async (route) => {
        keys.push(route.request().headers()['idempotency-key'] ?? '');
        if (keys.length === 1) {
          await route.fetch();
          await route.abort('failed');
        } else await route.continue();
      });
      await page.getByTestId('dossier-submit').click();
      await page.getByTestId('dossier-done').waitFor();
      await page.unroute('**/v1/services/tills/*/dossiers');
      assert.equal(keys.length, 2);
      assert.equal(keys[0], keys[1]);
      assert.equal(await count(), before + 1);
      assert.equal(await page.getByTestId('dossier-state').innerText(), 'Chờ kết quả');
      assert.equal(await page.getByTestId('receipt-total').innerText(), vnd(BigInt(birth.return_tariff)));
      const d = await world.platform.services.dossiers.get(
        await page.getByTestId('dossier-code').innerText(),
      );
      assert.equal(d.state, 'awaiting_result');
      assert.equal(d.agency_ref, 'UBND-BD-2026-00999');
      assert.equal(d.seal_no, null);
      assert.equal(d.post_fee, BigInt(birth.return_tariff));
    });

    test('the agency’s supplement is taken and a ready result collected, from the dossiers’ pages', async () => {
      const { dossiers } = world.platform.services;
      const waiting = (
        await dossiers.list({ office: c.officeId, state: 'needs_supplement', limit: 1, offset: 0 })
      ).items[0]!;
      const legs = waiting.legs.length;
      await page.goto(`/counter/dossiers/${waiting.id}`);
      const panel = page.getByTestId('supplement-panel');
      await panel.waitFor();
      // Nothing ticked: said in the page, nothing sent.
      await page.getByTestId('supplement-submit').click();
      await panel.getByRole('alert').filter({ hasText: 'Hãy đánh dấu ít nhất một giấy tờ' }).waitFor();
      await panel.getByTestId('doc-tick').first().check();
      await shot(page, 'dossier-supplement');
      await page.getByTestId('supplement-submit').click();
      await page.getByTestId('action-done').waitFor();
      assert.equal(await page.getByTestId('detail-state').innerText(), 'Đang chuyển bổ sung');
      const supplemented = await dossiers.get(waiting.id);
      assert.equal(supplemented.state, 'supplementing');
      assert.equal(supplemented.legs.length, legs + 1);
      assert.equal(supplemented.legs.at(-1)!.kind, 'supplement');

      const ready = (
        await dossiers.list({ office: c.officeId, state: 'done', limit: 50, offset: 0 })
      ).items.find((d) => d.service !== 'send')!;
      await page.goto(`/counter/dossiers/${ready.id}`);
      await page.getByTestId('collect-panel').waitFor();
      await page.getByTestId('collect-submit').click();
      await page.getByTestId('action-done').waitFor();
      assert.equal(await page.getByTestId('detail-state').innerText(), 'Đã nhận kết quả từ cơ quan');
      assert.equal((await dossiers.get(ready.id)).state, 'result_collected');
      await shot(page, 'dossier-collected');
    });

    test('a CCCD of the wrong form and a missing seal are refused in Vietnamese, nothing written', async () => {
      const before = await count();
      await page.goto('/counter/dossiers/new');
      await chooseBirth(page);
      for (const tick of await page.getByTestId('doc-tick').all()) await tick.check();
      await page.getByTestId('wizard-next').click();
      await fillCitizen(page, '12345');
      await page.getByTestId('wizard-next').click();
      // Not twelve digits: said beside the field before anything is sent.
      const cccd = page.getByTestId('citizen').locator('.field.invalid');
      assert.match(await cccd.innerText(), /Số CCCD gồm đúng 12 chữ số/);
      // Twelve digits, but no province 999: the API's refusal, beside the field it names.
      await page.getByTestId('citizen-cccd').fill('999090012345');
      await page.getByTestId('wizard-next').click();
      await page.getByTestId('seal').fill('NP-260003');
      await sign(page, 'citizen');
      await sign(page, 'clerk');
      await page.getByTestId('dossier-submit').click();
      await page.getByTestId('dossier-error').waitFor();
      assert.match(await page.getByTestId('dossier-error').innerText(), /Số CCCD không hợp lệ: mã tỉnh 999/);
      assert.equal(await page.getByTestId('dossier-form').getAttribute('data-step'), 'citizen');
      assert.match(await cccd.innerText(), /Số CCCD không hợp lệ/);
      await shot(page, 'dossier-refused-cccd');
      assert.equal(await count(), before);

      await page.getByTestId('citizen-cccd').fill(CCCD);
      await page.getByTestId('wizard-next').click();
      await sign(page, 'citizen');
      await sign(page, 'clerk');
      // No seal: asked for before anything is sent.
      await page.getByTestId('seal').fill('');
      await page.getByTestId('dossier-submit').click();
      assert.match(await page.locator('.field.invalid').innerText(), /Cần nhập mục này/);
      // A seal too short to be one: the API's refusal, in Vietnamese.
      await page.getByTestId('seal').fill('NP');
      await page.getByTestId('dossier-submit').click();
      await page.getByTestId('dossier-error').waitFor();
      assert.match(await page.getByTestId('dossier-error').innerText(), /Nhập số niêm phong/);
      assert.match(await page.locator('.field.invalid').innerText(), /Nhập số niêm phong/);
      await shot(page, 'dossier-refused-seal');
      assert.equal(await count(), before);
      assert.equal(await page.getByTestId('dossier-done').count(), 0);
    });

    test('a clerk of another office can neither read nor complete 01100’s dossier, even with an open till', async () => {
      const { dossiers } = world.platform.services;
      const waiting = (await dossiers.list({ office: c.officeId, state: 'incomplete', limit: 1, offset: 0 }))
        .items[0]!;
      const other = await demoCounter(world, '79');
      const till = await openClerkTill(world, other, 1n);
      // This clerk reads English: the same screens, its own province's procedures.
      const { page: desk, context: ctx } = await newPage(world, { lang: 'en' });
      try {
        await signInAs(desk, other.clerk.username);
        await desk.goto('/counter/dossiers/new');
        await chooseBirth(desk);
        assert.match(await desk.getByTestId('chosen-procedure').innerText(), /Sài Gòn/);
        assert.match(await desk.getByTestId('checklist').innerText(), /Copies/);
        await shot(desk, 'dossier-checklist-en');
        await desk.goto(`/counter/dossiers/${waiting.id}`);
        const refused = desk.getByTestId('dossier-load-error');
        await refused.waitFor();
        assert.match(await refused.innerText(), /neither your office's nor your agency's/);
        assert.equal(await desk.getByTestId('complete-panel').count(), 0);
        // Straight at the API with the fees and signatures a real completion would send.
        const procedure = (await (
          await desk.request.get(`/v1/services/procedures/${waiting.procedure_code}`)
        ).json()) as Catalogued;
        const r = await desk.request.post(`/v1/services/tills/${till}/dossiers/${waiting.id}/completion`, {
          headers: { 'idempotency-key': crypto.randomUUID() },
          data: {
            documents: procedure.documents
              .filter((x) => waiting.missing.includes(x.key))
              .map((x) => ({ key: x.key, form: 'original', count: 5 })),
            seal: 'NP-999999',
            fees: {
              agency: String(BigInt(procedure.agency_fee) + BigInt(procedure.agency_charge)),
              post: String(BigInt(procedure.send_tariff) + BigInt(procedure.return_tariff)),
            },
            signatures: { citizen: 'signature:forged-1', clerk: 'signature:forged-2' },
          },
        });
        assert.equal(r.status(), 409);
        const refusal = (await r.json()) as { code: string; message_vi: string };
        assert.equal(refusal.code, 'dossier_out_of_order');
        assert.match(refusal.message_vi, /bưu cục khác/);
        const after = await dossiers.get(waiting.id);
        assert.equal(after.state, 'incomplete');
        assert.equal(after.seal_no, null);
      } finally {
        await ctx.close();
      }
    });
  });
}
