// The security team runs an incident from the console: an officer sees detection's alert on delivery, isolates
// delivery, asks for a restore with her code; a second officer approves it with his; the restore runs offline
// with the private key (as `postcore restore --request` does) while both watch its phases and then read the
// report; the copy is put in place and two officers return delivery to service. Meanwhile a clerk on another
// page keeps paying pensions: told what to do instead for parcels, never interrupted. The auditor sees the same
// console without a button that writes, and the page refuses a write screen typed by hand.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { cellDefinitions } from '../../src/app.ts';
import { totpFor } from '../../src/cells/core/index.ts';
import { readPublicKey } from '../../src/journal/index.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import type { RestorePlace } from '../../src/resilience/restore.ts';
import { restoreWithProgress } from '../../src/resilience/restore-progress.ts';
import { addSecurityOfficers, TEST_PASSWORD } from '../../src/testing.ts';
import { newPage, openWebWorld, shot, signInAs, webDialects, type WebWorld } from './browser.ts';
import { demoCounter, openClerkTill, openCounterMonth, type Counter, type Pensioner } from './fixtures.ts';

const PEOPLE: Pensioner[] = [
  { cccd: '001048990201', name: 'Trần Văn Quý', amount: 5_234_000n },
  { cccd: '001150990202', name: 'Lã Thị Ngọc Diệp', amount: 3_127_500n },
  { cccd: '001041990203', name: 'Phùng Văn Khải', amount: 6_450_000n },
  { cccd: '001153990205', name: 'Mạc Thị Yến', amount: 4_100_000n },
  { cccd: '001044990206', name: 'Đoàn Văn Lực', amount: 3_980_000n },
];

for (const { dialect, skip } of await webDialects()) {
  describe(`the security team runs an incident from the console on ${dialect}`, { skip }, () => {
    // The server's clock, moved on 30 s before each authenticator code: a code is good once.
    const clock = new ManualClock(new Date().toISOString());
    let world: WebWorld;
    let c: Counter;
    const seeds: Record<string, string> = {};
    let paid = 0;
    let period = '';
    const code = (who: string) => {
      clock.advance(30_000);
      return totpFor(who, seeds[who]!).generate({ timestamp: clock.now().getTime() });
    };

    before(async () => {
      world = await openWebWorld(dialect, { clock, vault: true });
      c = await demoCounter(world, '01');
      await openClerkTill(world, c, 100n);
      period = await openCounterMonth(world, c, PEOPLE);
      const officers = await addSecurityOfficers(world.platform, c.officeId);
      for (const who of ['an.ninh', 'bao.ve'] as const) seeds[who] = officers[who].seed;
      await world.platform.checkpoint(true);
      await world.vault!.shipper.ship();
    });
    after(async () => {
      await world?.close();
    });

    /** The clerk pays the next person at the counter, by CCCD, with the keyboard. */
    async function clerkPays(page: Page): Promise<void> {
      const p = PEOPLE[paid++]!;
      await page.locator('[data-testid="payout-step"][data-step="1"]').waitFor();
      await page.getByTestId('payout-search').fill(p.cccd);
      await page.getByTestId('payout-search').press('Enter');
      await page.locator('[data-testid="payout-step"][data-step="2"]').waitFor();
      await page.getByTestId('payout-identity').fill(p.cccd);
      await page.getByTestId('payout-identity').press('Enter');
      await page.getByTestId('payout-matched').waitFor();
      await page.getByTestId('payout-pay').click();
      await page.locator('[data-testid="payout-step"][data-step="3"]').waitFor();
      assert.match(await page.getByTestId('payout-done').innerText(), new RegExp(p.name));
      await page.keyboard.press('n');
    }
    const officer = async (who: 'an.ninh' | 'bao.ve') => {
      const { page, context } = await newPage(world);
      await signInAs(page, who, { password: TEST_PASSWORD, code: () => code(who) });
      assert.equal(new URL(page.url()).pathname, '/security', 'a security officer lands on the console');
      return { page, context };
    };
    const cellRow = (page: Page, cell: string) =>
      page.locator(`[data-testid="sec-cells"] tr[data-cell="${cell}"]`);
    const request = (page: Page, id: string) => page.locator(`[data-testid="sec-request"][data-id="${id}"]`);

    test('an alert, delivery isolated, restored and reopened by two officers while the clerk keeps paying', async () => {
      const clerk = await newPage(world);
      await signInAs(clerk.page, c.clerk.username);
      await clerk.page.goto('/counter/payout');
      await clerkPays(clerk.page);

      const an = await officer('an.ninh');
      await cellRow(an.page, 'delivery').waitFor();
      assert.equal(await cellRow(an.page, 'delivery').getAttribute('data-mode'), 'normal');
      assert.match(await cellRow(an.page, 'finance').innerText(), /Bình thường/);
      // The vault's acknowledged head is shown beside the cell's own.
      await an.page.waitForFunction(() =>
        /\d/.test(
          document.querySelector('[data-testid="sec-cells"] tr[data-cell="finance"] td:nth-of-type(4)')
            ?.textContent ?? '',
        ),
      );

      // Detection finds delivery's database file rewritten with ciphertext, as its entropy check does.
      await world.platform.security.raise({
        signal: 'file_entropy',
        cell: 'delivery',
        severity: 'critical',
        message: 'delivery.sqlite: 7.99 bits per byte, as encrypted data',
        evidence: { file: 'delivery.sqlite', entropy: 7.99, baseline: 4.1 },
        key: 'delivery.sqlite',
      });
      const alert = an.page.getByTestId('sec-alert').filter({ hasText: 'delivery.sqlite' });
      await alert.waitFor();
      assert.match(await alert.innerText(), /Nghiêm trọng · Bưu chính · file_entropy/);
      assert.match(await alert.innerText(), /Chưa xử lý/);
      await alert.getByText('Chứng cứ kèm theo').click();
      assert.match(await alert.locator('pre').innerText(), /"entropy": 7\.99/);
      await shot(an.page, 'security-alert');

      // Isolated from the console: one officer, at once.
      await an.page.getByRole('link', { name: 'Xử lý sự cố' }).first().click();
      const restrict = an.page.getByTestId('restrict-form');
      await restrict.getByLabel('Lý do').fill('Cảnh báo mã hóa tệp của bưu chính');
      await restrict.getByRole('button', { name: 'Thực hiện ngay' }).click();
      assert.match(await an.page.getByTestId('restricted').innerText(), /Bưu chính.*Cô lập/);
      assert.equal(world.platform.security.modeOf('delivery'), 'isolated');
      assert.equal(world.platform.security.modeOf('finance'), 'normal');

      // Evidence captured into the chain of custody, and the alert acknowledged with what was done.
      const capture = an.page.getByTestId('capture-form');
      await capture.getByLabel('Phân hệ').selectOption('delivery');
      await capture.getByLabel('Lý do').fill('Tệp bưu chính bị mã hóa');
      await capture.getByRole('button', { name: 'Thu thập chứng cứ' }).click();
      assert.match(await an.page.getByTestId('captured').innerText(), /Đã lưu biên bản chứng cứ evd_/);
      await an.page.getByRole('link', { name: 'Chứng cứ' }).click();
      assert.match(await an.page.getByTestId('sec-evidence').innerText(), /Tệp bưu chính bị mã hóa/);
      await an.page.getByRole('link', { name: 'Phân hệ và cảnh báo' }).click();
      await an.page
        .locator('[data-testid="sec-cells"] tr[data-cell="delivery"][data-mode="isolated"]')
        .waitFor();
      await alert.getByLabel('Ghi chú xử lý').fill('Đã cô lập bưu chính, đã thu chứng cứ');
      await alert.getByRole('button', { name: 'Đánh dấu đã xem' }).click();
      await alert
        .getByText(/Đã xem lúc .* — Đã cô lập bưu chính, đã thu chứng cứ\. Người xem: Trần Văn an\.ninh/)
        .waitFor();
      await an.page.getByRole('link', { name: 'Xử lý sự cố' }).first().click();

      // The clerk is told what to do instead, and pays the next pension as before.
      const banner = clerk.page.locator('[data-testid="mode-banner"] [data-cell="delivery"]');
      await banner.waitFor();
      assert.match(await banner.innerText(), /Nhận bưu gửi bằng phiếu giấy, giữ hàng tại bưu cục/);
      assert.match(await banner.innerText(), /Chi trả lương hưu.*vẫn làm bình thường/);
      await clerkPays(clerk.page);
      await shot(clerk.page, 'security-clerk-banner');

      // A restore asked for with her code; she may not approve it herself.
      const ask = an.page.getByTestId('request-form');
      await ask.getByLabel('Lý do').fill('Khôi phục bưu chính từ kho sao lưu');
      await ask.getByLabel('Mã xác thực (6 số)').fill(code('an.ninh'));
      await ask.getByRole('button', { name: 'Gửi đề nghị' }).click();
      const said = await an.page.getByTestId('requested').innerText();
      const id = /(inr_[A-Za-z0-9_-]+)/.exec(said)![1]!;
      await an.page.getByRole('link', { name: 'Yêu cầu hai người' }).click();
      await request(an.page, id).getByTestId('yours').waitFor();
      assert.match(await request(an.page, id).innerText(), /Chờ phê duyệt/);
      // Who may approve: any other officer, named against the asker.
      await request(an.page, id)
        .getByText(/Một cán bộ an ninh khác, không phải Trần Văn an\.ninh \(an\.ninh\)/)
        .waitFor();

      // The second officer approves it with his code; a wrong code is refused in the page first.
      const bao = await officer('bao.ve');
      await bao.page.getByRole('link', { name: 'Yêu cầu hai người' }).click();
      const decide = request(bao.page, id).getByTestId('decide');
      await decide.getByLabel('Lý do quyết định').fill('Đã xem cảnh báo và chứng cứ');
      await decide.getByLabel('Mã xác thực (6 số)').fill('000000');
      await decide.getByRole('button', { name: 'Phê duyệt' }).click();
      const refusal = decide.getByTestId('error');
      await refusal.waitFor();
      assert.equal(await refusal.getAttribute('data-code'), 'second_factor_wrong');
      assert.match(await refusal.innerText(), /Mã xác thực sai/);
      await decide.getByLabel('Mã xác thực (6 số)').fill(code('bao.ve'));
      await decide.getByRole('button', { name: 'Phê duyệt' }).click();
      await request(bao.page, id).locator('[data-testid="restore"][data-state="not_started"]').waitFor();
      assert.match(await request(bao.page, id).innerText(), /postcore restore --request inr_/);

      // The key holder restores delivery offline from a remote vault (each object a moment away) into the
      // server's restores/ (a slow link: each object takes seconds); both officers watch the phases come in.
      const into: RestorePlace =
        world.place.config.dialect === 'sqlite'
          ? { dialect: 'sqlite', dataDir: join(world.place.dataDir, 'restores', 'delivery-1') }
          : {
              dialect: 'postgres',
              dataDir: join(world.place.dataDir, 'restores', 'delivery-1'),
              url: world.place.config.url,
              schemaPrefix: `${world.place.config.schemaPrefix ?? ''}r1_`,
            };
      const remote = world.vault!.restore;
      const running = restoreWithProgress(
        {
          vault: {
            ...remote,
            download: async (sha, path) => {
              await new Promise((r) => setTimeout(r, 6_000));
              return remote.download(sha, path);
            },
          },
          key: world.vault!.key,
          cells: ['delivery'],
          definitions: cellDefinitions,
          into,
          target: { latest: true },
          clock,
          checkpointKeys: [readPublicKey(world.platform.checkpointKey().pem)],
        },
        id,
      );
      await an.page.reload();
      for (const page of [an.page, bao.page])
        await request(page, id)
          .locator('[data-testid="restore"][data-state="running"] li[data-phase]')
          .first()
          .waitFor();
      assert.match(await request(an.page, id).getByTestId('restore').innerText(), /Đang khôi phục…/);
      await shot(an.page, 'security-restore-running');
      const report = await running;
      for (const page of [an.page, bao.page]) {
        const panel = request(page, id).locator('[data-testid="restore"][data-state="done"]');
        await panel.getByTestId('restore-report').waitFor();
        const phases = await panel
          .locator('li[data-phase]')
          .evaluateAll((li) => li.map((l) => l.getAttribute('data-phase')));
        assert.deepEqual(phases, ['vault_log', 'files', 'snapshot', 'segments', 'verified', 'placed']);
        assert.match(await panel.getByTestId('rto').innerText(), new RegExp(`^${report.rto_seconds} s`));
        assert.match(await panel.innerText(), new RegExp(`đầu chuỗi số ${report.cells[0]!.head_seq}`));
      }
      await shot(bao.page, 'security-restore-report');
      const [download] = await Promise.all([
        bao.page.waitForEvent('download'),
        request(bao.page, id).getByRole('button', { name: 'Tải báo cáo (JSON)' }).click(),
      ]);
      const saved = JSON.parse(readFileSync(await download.path(), 'utf8')) as typeof report;
      assert.equal(saved.cells[0]!.head_seq, report.cells[0]!.head_seq);
      assert.equal(saved.rto_seconds, report.rto_seconds);
      await clerkPays(clerk.page);

      // The verified copy goes in; delivery stays isolated until two officers reopen it.
      await request(an.page, id).getByRole('button', { name: 'Đưa bản khôi phục vào hoạt động' }).click();
      await request(an.page, id).getByTestId('restore-applied').waitFor();
      assert.equal(world.platform.security.modeOf('delivery'), 'isolated');

      await an.page.getByRole('link', { name: 'Xử lý sự cố' }).first().click();
      const reopen = an.page.getByTestId('request-form');
      await reopen.getByLabel('Loại đề nghị').selectOption('set_mode');
      await reopen.getByLabel('Đưa về chế độ').selectOption('normal');
      await reopen.getByLabel('Lý do').fill('Đã khôi phục và kiểm tra xong');
      await reopen.getByLabel('Mã xác thực (6 số)').fill(code('an.ninh'));
      await reopen.getByRole('button', { name: 'Gửi đề nghị' }).click();
      const reopenId = /(inr_[A-Za-z0-9_-]+)/.exec(await an.page.getByTestId('requested').innerText())![1]!;
      const decideReopen = request(bao.page, reopenId).getByTestId('decide');
      await decideReopen.waitFor();
      await decideReopen.getByLabel('Lý do quyết định').fill('Báo cáo khôi phục khớp');
      await decideReopen.getByLabel('Mã xác thực (6 số)').fill(code('bao.ve'));
      await decideReopen.getByRole('button', { name: 'Phê duyệt' }).click();
      // An approved return to service takes effect at once: the request is carried out.
      await bao.page
        .locator(`[data-testid="sec-request"][data-id="${reopenId}"][data-status="done"]`)
        .waitFor();
      assert.equal(world.platform.security.modeOf('delivery'), 'normal');

      await an.page.getByRole('link', { name: 'Phân hệ và cảnh báo' }).click();
      await an.page
        .locator('[data-testid="sec-cells"] tr[data-cell="delivery"][data-mode="normal"]')
        .waitFor();
      await an.page.locator('[data-testid="mode-banner"]').waitFor({ state: 'detached' });
      await shot(an.page, 'security-console-reopened');

      // The clerk's banner is gone; the fourth pension paid; every payout is in the ledger.
      await clerk.page.locator('[data-testid="mode-banner"]').waitFor({ state: 'detached' });
      await clerkPays(clerk.page);
      const lines = await world.platform.finance.pensions.lines({
        period_id: period,
        status: 'paid',
        limit: 10,
        offset: 0,
      });
      assert.equal(paid, 4);
      assert.equal(lines.total, paid, 'every pension the clerk paid is in the ledger');
      for (const p of [clerk, an, bao]) await p.context.close();
    });

    test('the auditor sees the console without a button that writes; a write screen is refused', async () => {
      await world.platform.checkpoint(true);
      const { page, context } = await newPage(world);
      await signInAs(page, 'auditor');
      await page.goto('/security');
      await page.getByTestId('read-only-note').waitFor();
      await page.getByTestId('sec-alert').first().waitFor();
      await cellRow(page, 'delivery').waitFor();
      assert.equal(await page.getByRole('link', { name: 'Xử lý sự cố' }).count(), 0);
      assert.equal(await page.getByRole('button', { name: 'Đánh dấu đã xem' }).count(), 0);
      await page.getByRole('link', { name: 'Yêu cầu hai người' }).click();
      await page.getByTestId('sec-request').first().waitFor();
      await page.getByTestId('restore-report').first().waitFor();
      assert.equal(await page.getByTestId('decide').count(), 0);
      assert.equal(await page.getByRole('button', { name: /Phê duyệt|Đưa bản khôi phục/ }).count(), 0);
      // The report is still the auditor's to read and download.
      assert.equal((await page.getByRole('button', { name: 'Tải báo cáo (JSON)' }).count()) > 0, true);

      // A write screen typed by hand is refused in the page; the API refuses the write itself too.
      await page.goto('/security/respond');
      assert.match(await page.getByTestId('not-allowed').innerText(), /không có quyền/);
      const refused = await page.evaluate(async () => {
        const r = await fetch('/v1/incidents/cells/retail/restrict', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ mode: 'isolated', reason: 'Kiểm toán thử' }),
        });
        return r.status;
      });
      assert.equal(refused, 403);
      assert.equal(world.platform.security.modeOf('retail'), 'normal');

      // Checkpoint history and consistency, checked in the browser, and in English.
      await page.goto('/security/checkpoints');
      await page.getByTestId('checkpoint-cell').selectOption('finance');
      await page.getByTestId('sec-checkpoints').waitFor();
      await page.getByTestId('consistency').getByRole('button', { name: 'Kiểm tra tính nhất quán' }).click();
      const verdict = page.getByTestId('consistency-verdict');
      await verdict.waitFor();
      assert.equal(await verdict.getAttribute('data-ok'), 'true');
      assert.match(await verdict.innerText(), /Nhất quán/);
      assert.equal(await page.getByTestId('receipt-link').getAttribute('href'), '/receipt');
      await page.getByTestId('lang-toggle').click();
      await page.getByRole('heading', { name: 'Security console' }).waitFor();
      await page.getByTestId('consistency').getByRole('button', { name: 'Check consistency' }).click();
      assert.match(await page.getByTestId('consistency-verdict').innerText(), /Consistent/);
      await shot(page, 'security-auditor-checkpoints-en');
      await page.getByRole('link', { name: 'Two-person requests' }).click();
      await page.getByTestId('restore-report').first().waitFor();
      await shot(page, 'security-auditor-requests-en');
      await context.close();
    });
  });
}
