// A dossier's result on the postman's round, on a phone: the result item is marked as one only the citizen or
// their representative may take, the postman must type the receiver's CCCD (12 digits, checked in the page);
// a CCCD that is not the citizen's is refused by the API and shown in the page with nothing delivered; the
// citizen's own CCCD delivers it, and the dossier follows to result_delivered.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Staff } from '../../src/cells/core/index.ts';
import { openTill } from '../../src/cells/delivery/testing.ts';
import { receiveVaultCash } from '../../src/cells/finance/index.ts';
import { allDocuments } from '../../src/cells/services/testing.ts';
import { newPage, openWebWorld, shot, signInAs, webDialects, type WebWorld } from './browser.ts';

const AGENCY = 'H01.UBND.X00004';
const CITIZEN = {
  name: 'Trần Thị Mai',
  cccd: '001186054321',
  phone: '0912345678',
  address: 'Số 21 phố Đội Cấn',
  commune: '00004',
};
/** A second citizen, whose result waits at the counter after nobody was home. */
const NEIGHBOUR = { ...CITIZEN, name: 'Lê Thị Hà', cccd: '001190067890', phone: '0912888999' };
/** A real CCCD, but someone else's: the API must refuse to hand the result to its holder. */
const STRANGER = '001090011223';
/** The doorstep photo the postman takes as proof (a 1×1 PNG). */
const PHOTO = {
  name: 'cua-nha.png',
  mimeType: 'image/png',
  buffer: Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
    'base64',
  ),
};

for (const { dialect, skip } of await webDialects())
  describe(`a dossier's result delivered on the round, on ${dialect}`, { skip }, () => {
    let world: WebWorld;
    let dossier: string;
    let resultItem: string;
    let roundId: string;
    let heldDossier: string;
    let heldItem: string;

    before(async () => {
      world = await openWebWorld(dialect);
      const { platform } = world;
      const office = await platform.core.offices.getByPostcode('01100');
      const staff = async (u: string): Promise<Staff> => (await platform.core.staff.findForSignIn(u))!;
      const [postman, clerk, boss, officer] = await Promise.all(
        ['bt.01100', 'gdv.01100', 'tbc.01100', 'hcc.01'].map(staff),
      );
      await receiveVaultCash(platform.finance, office.id, 500_000n, 'system:test', `cash-in:${office.id}:dr`);
      const till = await openTill(platform, {
        office: office.id,
        clerk: clerk!.id,
        name: clerk!.full_name,
        checker: boss!.id,
      });
      const p = (
        await platform.services.catalogue.search({ agency: AGENCY, limit: 50, offset: 0 })
      ).items.find((x) => x.agency_fee + x.agency_charge > 0n)!;
      const onRound = async (item: string) =>
        (
          await platform.delivery.rounds.open(
            { office: office.id, postman: postman!.id, items: [item] },
            boss!.id,
          )
        ).id;
      /**
       * Intake at gdv.01100's till of a procedure of the ward's committee, sent and its result brought back: the
       * leg to the committee delivered on a round of its own, the committee's decisions, the result collected
       * and put on a new round of bt.01100's.
       */
      const resultOnRound = async (citizen: typeof CITIZEN, seal: string) => {
        const taken = await platform.services.dossiers.intake(
          {
            procedure: p.code,
            service: 'both',
            citizen,
            documents: allDocuments(p),
            seal,
            fees: {
              agency: String(p.agency_fee + p.agency_charge),
              post: String(p.send_tariff + p.return_tariff),
            },
            signatures: { citizen: 'signature:dr-cit', clerk: 'signature:dr-clk' },
          },
          { office_id: office.id, clerk_id: clerk!.id, till_session_id: till },
        );
        await platform.sync();
        const leg = (await platform.services.dossiers.get(taken.id)).legs.at(-1)!.item_id!;
        const first = await onRound(leg);
        await platform.delivery.rounds.deliver(
          first,
          { item: leg, recipient_name: 'Văn thư UBND phường Ba Đình', signature: 'signature:dr-agency' },
          postman!.id,
        );
        await platform.delivery.rounds.close(first, 0, boss!.id);
        await platform.sync();
        const acting = { id: officer!.id, agency: AGENCY };
        await platform.services.dossiers.decide(taken.id, { status: 'received' }, acting);
        await platform.services.dossiers.decide(taken.id, { status: 'done' }, acting);
        await platform.services.dossiers.collectResult(taken.id, { office_id: office.id, actor: boss!.id });
        await platform.sync();
        const d = await platform.services.dossiers.get(taken.id);
        assert.equal(d.state, 'result_collected');
        const item = d.legs.at(-1)!.item_id!;
        assert.notEqual(item, leg);
        return { dossier: taken.id, item, round: await onRound(item) };
      };
      ({ dossier, item: resultItem, round: roundId } = await resultOnRound(CITIZEN, 'NP-DR-0001'));
      // The neighbour was not home: her result is held at 01100 for her to collect at the counter.
      const held = await resultOnRound(NEIGHBOUR, 'NP-DR-0002');
      ({ dossier: heldDossier, item: heldItem } = held);
      await platform.delivery.rounds.attempt(
        held.round,
        { item: heldItem, reason: '11', action: 'B' },
        postman!.id,
      );
      await platform.delivery.rounds.close(held.round, 0, boss!.id);
      assert.equal((await platform.delivery.items.get(heldItem)).status, 'held');
    });
    after(async () => {
      await world?.close();
    });

    test('bt.01100 is refused a stranger’s CCCD, then hands the result to the citizen on hers', async () => {
      const { platform } = world;
      const { page, context } = await newPage(world, { viewport: 'phone' });
      await signInAs(page, 'bt.01100');
      const stop = page.getByTestId(`parcel-${resultItem}`);
      await stop.waitFor();
      assert.match(await page.getByTestId(`restricted-${resultItem}`).innerText(), /Kết quả hồ sơ/);
      await stop.scrollIntoViewIfNeeded();
      await shot(page, 'dossier-round-list');

      await stop.click();
      assert.equal(
        await page.getByTestId('item-restricted').innerText(),
        'Kết quả hồ sơ — chỉ giao tận tay công dân hoặc người được ủy quyền',
      );
      await page.getByTestId('photo').setInputFiles(PHOTO);
      const delivered = async () =>
        (await platform.delivery.items.events(resultItem)).filter((e) => e.code === 'EMI').length;

      // No CCCD, then one digit short: the page says so and sends nothing.
      let sent = 0;
      page.on('request', (r) => {
        if (r.url().endsWith(`/v1/delivery/rounds/${roundId}/deliveries`)) sent++;
      });
      await page.getByTestId('deliver').click();
      await page.getByText('CCCD gồm đúng 12 chữ số.').waitFor();
      await page.getByTestId('receiver-cccd').fill(CITIZEN.cccd.slice(1));
      await page.getByTestId('deliver').click();
      await page.getByText('CCCD gồm đúng 12 chữ số.').waitFor();
      assert.equal(sent, 0, 'a malformed CCCD never leaves the phone');

      // A stranger's CCCD: refused by the API, shown in the page, the result still out for delivery.
      await page.getByTestId('receiver-cccd').fill(STRANGER);
      await page.getByTestId('deliver').click();
      const refusal = page.getByTestId('deliver-refusal');
      await refusal.waitFor();
      assert.equal(sent, 1);
      assert.equal(
        await page.getByTestId('deliver-refusal-error').getAttribute('data-code'),
        'receiver_not_allowed',
      );
      assert.match(await refusal.innerText(), /chỉ được giao cho chính công dân hoặc người được uỷ quyền/);
      assert.match(await refusal.innerText(), /Không giao bưu gửi\. Đối chiếu lại thẻ CCCD/);
      assert.equal(await delivered(), 0);
      assert.equal((await platform.delivery.items.get(resultItem)).status, 'out_for_delivery');
      await refusal.scrollIntoViewIfNeeded();
      await shot(page, 'dossier-round-refused');

      // The citizen's own CCCD: delivered, and the dossier follows.
      await page.getByTestId('receiver-cccd').fill(CITIZEN.cccd);
      await page.getByTestId('deliver').click();
      assert.match(
        await page.getByTestId('item-done').innerText(),
        new RegExp(`Đã phát ${resultItem} cho ${CITIZEN.name}`),
      );
      assert.equal(await delivered(), 1);
      await shot(page, 'dossier-round-delivered');
      await platform.sync();
      assert.equal((await platform.services.dossiers.get(dossier)).state, 'result_delivered');

      // In English after the toggle: the list marks it too.
      await page.getByTestId('back').click();
      await page.getByTestId('lang-toggle').click();
      await page.getByText('Today’s round').or(page.getByText("Today's round")).first().waitFor();
      assert.equal(
        await page.getByTestId(`restricted-${resultItem}`).innerText(),
        'Dossier result — in person, CCCD needed',
      );
      assert.match(await stop.innerText(), /Delivered/);
      await stop.scrollIntoViewIfNeeded();
      await shot(page, 'dossier-round-en');
      await context.close();
    });

    test('gdv.01100 hands a held result over at the counter only on the citizen’s CCCD', async () => {
      const { platform } = world;
      const { page, context } = await newPage(world);
      await signInAs(page, 'gdv.01100');
      await page.goto('/counter/pickup');
      await page.getByTestId('till-open').waitFor();
      await page.getByTestId('pickup-scan').fill(heldItem);
      await page.getByTestId('pickup-scan').press('Enter');
      await page.getByTestId('pickup-form').waitFor();
      assert.equal(
        await page.getByTestId('pickup-restricted').innerText(),
        'Kết quả hồ sơ — chỉ giao tận tay công dân hoặc người được ủy quyền',
      );
      assert.equal(await page.getByTestId('pickup-name').inputValue(), NEIGHBOUR.name);
      await page.getByTestId('pickup-checked').check();
      const delivered = async () =>
        (await platform.delivery.items.events(heldItem)).filter((e) => e.code === 'EMI').length;

      // An old 9-digit ID card does for a parcel, not for a result: the page asks for the CCCD.
      await page.getByTestId('pickup-id-number').fill('012345678');
      await page.getByTestId('pickup-submit').click();
      await page.getByText('CCCD gồm đúng 12 chữ số').waitFor();

      // A stranger's CCCD: refused, nothing handed over.
      await page.getByTestId('pickup-id-number').fill(STRANGER);
      await page.getByTestId('pickup-submit').click();
      const refusal = page.getByTestId('pickup-error');
      await refusal.waitFor();
      assert.equal(await refusal.getAttribute('data-code'), 'receiver_not_allowed');
      assert.match(await refusal.innerText(), /số CCCD này không phải của họ/);
      assert.equal(await delivered(), 0);
      assert.equal((await platform.delivery.items.get(heldItem)).status, 'held');
      await shot(page, 'dossier-pickup-refused');

      await page.getByTestId('pickup-id-number').fill(NEIGHBOUR.cccd);
      await page.getByTestId('pickup-submit').click();
      assert.match(
        await page.getByTestId('pickup-done').innerText(),
        new RegExp(`Đã giao ${heldItem} cho ${NEIGHBOUR.name}`),
      );
      assert.equal(await delivered(), 1);
      await platform.sync();
      assert.equal((await platform.services.dossiers.get(heldDossier)).state, 'result_delivered');
      await context.close();
    });
  });
