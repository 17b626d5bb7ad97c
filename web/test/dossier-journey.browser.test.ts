// One dossier from intake to the delivery of its result, entirely through the web app, as the people would:
// gdv.01100 takes in an extract of the civil-status register at the counter (found without accents); the
// out leg rides bt.01100's round to Ba Đình's committee, whose clerk signs for it on the postman's phone;
// hcc.01 records "received" then "done"; gdv.01100 collects the result from the dossier's page; the result
// rides bt.01100's next round and is handed over only on the citizen's own CCCD (a stranger's is refused in
// the page); the citizen, with no account, looks it up by code and phone and sees it delivered, under her
// initials. Every state passed is in the dossier's history and every cell verifies.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import type { Staff } from '../../src/cells/core/index.ts';
import type { DossierState } from '../../src/cells/services/index.ts';
import { EXTRACT } from '../../src/cells/services/testing.ts';
import { newPage, openWebWorld, shot, signInAs, webDialects, type WebWorld } from './browser.ts';
import { fillCitizen, sign } from './dossier-fixtures.ts';
import { demoCounter, openClerkTill, type Counter } from './fixtures.ts';

/** The citizen fillCitizen types in: Nguyễn Thị Lan of Ba Đình. */
const CITIZEN = { cccd: '001186023456', phone: '0912345678', name: 'Nguyễn Thị Lan', initials: 'N. T. L.' };
/** A real CCCD, but someone else's: the result must not be handed to its holder. */
const STRANGER = '001090011223';
const WAY: DossierState[] = [
  'accepted',
  'handed_over',
  'received',
  'done',
  'result_collected',
  'result_delivered',
];

interface Person {
  page: Page;
  context: BrowserContext;
}

for (const { dialect, skip } of await webDialects())
  describe(`a dossier from intake to its result delivered, in the browser, on ${dialect}`, { skip }, () => {
    let world: WebWorld;
    let c: Counter;
    let postman: Staff;
    let boss: Staff;
    /** One signed-in context per person, for the whole journey (sign-in is rate limited). */
    let clerk: Person;
    let carrier: Person;
    let officer: Person;
    let code: string;
    const dossier = () => world.platform.services.dossiers.get(code);
    /** bt.01100's round with just this item, opened by the office's manager. */
    const onRound = async (item: string) =>
      (
        await world.platform.delivery.rounds.open(
          { office: c.officeId, postman: postman.id, items: [item] },
          boss.id,
        )
      ).id;
    const delivered = async (item: string) =>
      (await world.platform.delivery.items.events(item)).filter((e) => e.code === 'EMI').length;

    before(async () => {
      world = await openWebWorld(dialect);
      c = await demoCounter(world, '01');
      assert.equal(c.postcode, '01100');
      const staff = async (u: string): Promise<Staff> => (await world.platform.core.staff.findForSignIn(u))!;
      [postman, boss] = await Promise.all([staff('bt.01100'), staff('tbc.01100')]);
      // The demo's dossiers were charged into the manager's till: the clerk opens their own.
      await openClerkTill(world, c, 2n);
      clerk = await newPage(world);
      await signInAs(clerk.page, c.clerk.username);
      carrier = await newPage(world, { viewport: 'phone' });
      await signInAs(carrier.page, 'bt.01100');
      officer = await newPage(world);
      await signInAs(officer.page, 'hcc.01');
    });
    after(async () => {
      for (const p of [clerk, carrier, officer]) await p?.context.close();
      await world?.close();
    });

    test('gdv.01100 takes in a complete extract of the civil-status register, sent and returned by post', async () => {
      const { page } = clerk;
      await page.goto('/counter/dossiers/new');
      await page.getByTestId('service-both').check();
      await page.getByTestId('procedure-search').fill('trich luc');
      const option = page
        .getByTestId('procedure-option')
        .filter({ hasText: 'Cấp bản sao Trích lục hộ tịch' });
      await option.first().waitFor();
      await option.first().click();
      assert.match(await page.getByTestId('chosen-procedure').innerText(), /Trích lục hộ tịch/);
      await page.getByTestId('wizard-next').click();
      await page.getByTestId('checklist').waitFor();
      for (const tick of await page.getByTestId('doc-tick').all()) await tick.check();
      await page.getByTestId('missing-complete').waitFor();
      await page.getByTestId('wizard-next').click();
      await fillCitizen(page, CITIZEN.cccd);
      await page.getByTestId('wizard-next').click();
      await page.getByTestId('seal').fill('NP-270001');
      await sign(page, 'citizen');
      await sign(page, 'clerk');
      await page.getByTestId('dossier-submit').click();
      await page.getByTestId('dossier-done').waitFor();
      code = await page.getByTestId('dossier-code').innerText();
      assert.match(code, /^HS01100\d{7}$/);
      assert.equal(await page.getByTestId('dossier-state').innerText(), 'Đã tiếp nhận');
      await shot(page, 'journey-intake');
      const d = await dossier();
      assert.equal(d.state, 'accepted');
      assert.equal(d.procedure_code, EXTRACT);
      assert.equal(d.service, 'both');
      assert.equal(d.agency_code, 'H01.UBND.X00004');
      assert.equal(d.citizen.cccd, CITIZEN.cccd);
    });

    test('the out leg rides bt.01100’s round and the committee’s clerk signs for it on his phone', async () => {
      const { page } = carrier;
      // The platform's background work, as the server runs it every second: the leg is posted.
      await world.platform.sync();
      const leg = (await dossier()).legs.at(-1)!;
      assert.equal(leg.kind, 'out');
      const item = leg.item_id!;
      const round = await onRound(item);
      await page.goto('/round');
      const stop = page.getByTestId(`parcel-${item}`);
      await stop.waitFor();
      assert.equal(
        await page.getByTestId(`restricted-${item}`).count(),
        0,
        'the out leg is an ordinary item',
      );
      await stop.click();
      await page.getByTestId('deliver-form').waitFor();
      await page.getByTestId('taken-by').fill('Văn thư UBND phường Ba Đình');
      await sign(page);
      await shot(page, 'journey-out-leg-signed');
      await page.getByTestId('deliver').click();
      assert.match(await page.getByTestId('item-done').innerText(), new RegExp(`Đã phát ${item}`));
      assert.equal(await delivered(item), 1);
      await world.platform.delivery.rounds.close(round, 0, boss.id);
      await world.platform.sync();
      assert.equal((await dossier()).state, 'handed_over');
    });

    test('hcc.01 records "received", then "done", at /agency', async () => {
      const { page } = officer;
      await page.goto('/agency');
      await page.getByRole('link', { name: code }).click();
      await page.getByTestId('dossier-facts').waitFor();
      assert.equal(new URL(page.url()).pathname, `/agency/${code}`);
      await page.getByLabel('Đã tiếp nhận', { exact: true }).check();
      await page.getByTestId('decide').click();
      await page.getByTestId('decision-done').filter({ hasText: 'Cơ quan đã tiếp nhận' }).waitFor();
      assert.equal((await dossier()).state, 'received');
      await page.getByLabel('Đã có kết quả', { exact: true }).check();
      await page.getByTestId('decide').click();
      await page.getByTestId('decision-done').filter({ hasText: 'Đã có kết quả' }).waitFor();
      await page.getByTestId('decision-none').waitFor();
      await shot(page, 'journey-agency-done');
      assert.equal((await dossier()).state, 'done');
    });

    test('gdv.01100 collects the result from the dossier’s page', async () => {
      const { page } = clerk;
      await page.goto(`/counter/dossiers/${code}`);
      await page.getByTestId('collect-panel').waitFor();
      await page.getByTestId('collect-submit').click();
      await page.getByTestId('action-done').waitFor();
      assert.equal(await page.getByTestId('detail-state').innerText(), 'Đã nhận kết quả từ cơ quan');
      await shot(page, 'journey-collected');
      assert.equal((await dossier()).state, 'result_collected');
    });

    test('bt.01100 is refused a stranger’s CCCD for the result, then hands it to the citizen on hers', async () => {
      const { page } = carrier;
      await world.platform.sync();
      const d = await dossier();
      const leg = d.legs.at(-1)!;
      assert.equal(leg.kind, 'back');
      const item = leg.item_id!;
      await onRound(item);
      await page.goto('/round');
      const stop = page.getByTestId(`parcel-${item}`);
      await stop.waitFor();
      assert.match(await page.getByTestId(`restricted-${item}`).innerText(), /Kết quả hồ sơ/);
      await stop.click();
      await page.getByTestId('item-restricted').waitFor();
      await sign(page);

      await page.getByTestId('receiver-cccd').fill(STRANGER);
      await page.getByTestId('deliver').click();
      await page.getByTestId('deliver-refusal').waitFor();
      assert.equal(
        await page.getByTestId('deliver-refusal-error').getAttribute('data-code'),
        'receiver_not_allowed',
      );
      await page.getByTestId('deliver-refusal').scrollIntoViewIfNeeded();
      await shot(page, 'journey-result-refused');
      assert.equal(await delivered(item), 0);
      assert.equal((await world.platform.delivery.items.get(item)).status, 'out_for_delivery');

      await page.getByTestId('receiver-cccd').fill(CITIZEN.cccd);
      await page.getByTestId('deliver').click();
      assert.match(
        await page.getByTestId('item-done').innerText(),
        new RegExp(`Đã phát ${item} cho ${CITIZEN.name}`),
      );
      await shot(page, 'journey-result-delivered');
      assert.equal(await delivered(item), 1);
      await world.platform.sync();
      assert.equal((await dossier()).state, 'result_delivered');
    });

    test('the citizen, with no account, sees it delivered under her initials; the history holds every state', async () => {
      const { page, context } = await newPage(world, { viewport: 'phone' });
      try {
        await page.goto(`/dossier?code=${code}&phone=${CITIZEN.phone}`);
        await page.getByTestId('dossier-result').waitFor();
        assert.equal(await page.getByTestId('dossier-state').getAttribute('data-state'), 'result_delivered');
        assert.equal(await page.getByTestId('dossier-state').innerText(), 'Đã trả kết quả');
        assert.equal(await page.getByTestId('dossier-citizen').innerText(), CITIZEN.initials);
        assert.doesNotMatch(await page.locator('main').innerText(), new RegExp(CITIZEN.name));
        assert.ok((await page.getByTestId('dossier-step').count()) >= WAY.length);
        await shot(page, 'journey-citizen');
      } finally {
        await context.close();
      }
      const passed = (await world.platform.services.dossiers.steps(code)).map((s) => s.state);
      for (const s of WAY) assert.ok(passed.includes(s), `the history holds ${s}: ${passed.join(', ')}`);
      // A state can hold over several steps (the leg posted after the intake, after the collection): in order,
      // each once.
      assert.deepEqual(
        passed.filter((s, i) => WAY.includes(s) && passed[i - 1] !== s),
        WAY,
        'in order',
      );
      const reports = await world.platform.verify();
      for (const r of reports) assert.equal(r.ok, true, `${r.cell}: ${JSON.stringify(r)}`);
    });
  });
