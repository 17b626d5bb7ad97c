// The drill on screen, on the demo: the security officer starts a demo-scale ransomware drill from the console and
// watches its timeline fill in, step by step, until delivery is back in service and the report comes (events
// lost 0, the money balanced), then downloads it; the auditor watches the same drill without a start button.
// The drill is the real `postcore drill ransomware --scale demo` on a post of its own under the server's drills/
// (the server's own delivery stays in service throughout), cut to its smoke size (`--size smoke`: 30,000 lines,
// 15 s of traffic before the attack and 10 s after), as the whole demo drill takes about three minutes beside a
// browser on this machine (the attack at 106 s, the report at 151 s).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { totpFor } from '../../src/cells/core/index.ts';
import {
  DEMO_TOTP_SECRET,
  newPage,
  SHOTS,
  openWebWorld,
  shot,
  signInAs,
  webDialects,
  type WebWorld,
} from './browser.ts';

/** The phases shown in the timeline so far. */
const phasesShown = (page: Page) =>
  page.getByTestId('drill-step').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-phase') ?? ''));

/** Waits (polling the page, as a person watching) until `ok` holds of the phases shown; at most `ms`. */
async function watchUntil(page: Page, what: string, ms: number, ok: (phases: string[]) => boolean) {
  const until = Date.now() + ms;
  let seen: string[] = [];
  while (Date.now() < until) {
    seen = await phasesShown(page);
    if (ok(seen)) return seen;
    await page.waitForTimeout(150);
  }
  throw new Error(`${what} was not shown within ${ms / 1000} s; the timeline showed ${seen.join(', ')}`);
}

// One server, on SQLite: the drill runs on a post of its own, on SQLite files whatever the server runs on
// (the routes are tested on both dialects in drills.http.test.ts).
const [sqlite] = await webDialects();

describe('a security officer runs the ransomware drill from the console', { skip: sqlite!.skip }, () => {
  let world: WebWorld;
  before(async () => {
    world = await openWebWorld('sqlite', { app: { drills: { size: 'smoke' } } });
  });
  after(async () => {
    await world?.close();
  });

  test('security starts a demo drill and watches it to the report; the auditor watches read-only', async () => {
    const { page } = await newPage(world);
    await signInAs(page, 'security', { code: () => totpFor('security', DEMO_TOTP_SECRET).generate() });
    await page
      .getByRole('navigation', { name: 'Chức năng' })
      .getByRole('link', { name: 'Diễn tập mã độc' })
      .click();
    await page.getByRole('heading', { name: 'Diễn tập tấn công mã độc' }).waitFor();
    await page.getByTestId('drill-none').waitFor();

    const startedAt = Date.now();
    await page.getByTestId('drill-start').click();
    await page.getByTestId('drill-watch').waitFor();
    assert.equal(await page.getByTestId('drill-status').innerText(), 'Đang chạy');
    assert.equal(await page.getByTestId('drill-start').isDisabled(), true, 'one drill at a time');

    // The auditor, in another browser, watches the same drill and may not start one.
    const auditor = await newPage(world);
    await signInAs(auditor.page, 'auditor');
    await auditor.page.goto('/security/drill');
    await auditor.page.getByTestId('drill-read-only').waitFor();
    assert.equal(await auditor.page.getByTestId('drill-start').count(), 0);
    await auditor.page.getByTestId('drill-step').first().waitFor({ timeout: 60_000 });

    // The world before the night, then the attack and the night's phases as they come.
    await watchUntil(page, 'the attack', 120_000, (p) => p.includes('attack'));
    const attackedAt = Date.now();
    const during = await watchUntil(
      page,
      'detection',
      60_000,
      (p) => p.includes('detection') || p.includes('isolation'),
    );
    // The console during the drill, the timeline partly filled: the whole page, for the README.
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, 'security-drill-during.png'), fullPage: true });
    const back = await watchUntil(page, 'delivery back in service', 60_000, (p) =>
      p.includes('return_to_service'),
    );
    const backAt = Date.now();
    assert.ok(during.length < back.length, 'the timeline filled in step by step');
    for (const phase of [
      'attack',
      'detection',
      'isolation',
      'evidence',
      'restore_approval',
      'restore',
      'verification',
    ])
      assert.ok(back.includes(phase), `${phase} is on the timeline`);
    const attackRow = page.locator('[data-testid="drill-step"][data-phase="attack"]');
    assert.match(await attackRow.innerText(), /03:10:00\s+\+0,0 giây/);
    const backRow = page.locator('[data-testid="drill-step"]', { hasText: 'delivery back in service' });
    assert.match(await backRow.innerText(), /03:10:\d\d\s+\+\d+,\d giây\s+Mở lại dịch vụ/);
    assert.equal(
      await page.locator('[data-phase="return_to_service"][data-done="true"]').count(),
      1,
      'the phases strip shows delivery back in service',
    );
    assert.match(await page.getByTestId('drill-paid-outage').innerText(), /\d+ lượt · [\d.]+ ₫/);
    await shot(page, 'security-drill-back-in-service');
    const auditorRows = await auditor.page.getByTestId('drill-step').count();
    assert.ok(auditorRows >= back.length - 1, 'the auditor sees the same timeline');

    // The reckoning, then the report: nothing lost, the money balanced; downloaded as JSON.
    await page.getByTestId('drill-events-lost').waitFor({ timeout: 150_000 });
    const endedAt = Date.now();
    assert.equal(await page.getByTestId('drill-status').innerText(), 'Đạt');
    assert.equal(await page.getByTestId('drill-events-lost').innerText(), '0');
    assert.equal(await page.getByTestId('drill-money').innerText(), 'Khớp đến từng đồng');
    assert.equal(await page.getByTestId('drill-start').isDisabled(), false);
    const download = page.waitForEvent('download');
    await page.getByTestId('drill-download').click();
    const file = await (await download).path();
    const report = JSON.parse(readFileSync(file, 'utf8')) as {
      format: string;
      ok: boolean;
      events_lost: { total: number };
      data_dir: string;
    };
    assert.equal(report.format, 'postcore-drill/1');
    assert.equal(report.ok, true);
    assert.equal(report.events_lost.total, 0);
    // On a post of its own under the server's drills/, never the server's data.
    assert.ok(report.data_dir.startsWith(join(world.platform.dataDir, 'drills')), report.data_dir);
    assert.ok(existsSync(join(report.data_dir, 'delivery.sqlite')), 'the drill’s own delivery database');
    assert.equal(
      world.platform.security.modeOf('delivery'),
      'normal',
      "the server's own delivery never stopped",
    );
    await shot(page, 'security-drill-report');

    await page.getByTestId('lang-toggle').click();
    await page.getByRole('heading', { name: 'Ransomware drill' }).waitFor();
    assert.equal(await page.getByTestId('drill-status').innerText(), 'Passed');
    assert.equal(await page.getByTestId('drill-money').innerText(), 'Balanced to the đồng');
    assert.match(
      await page.locator('[data-testid="drill-step"][data-phase="attack"]').innerText(),
      /03:10:00\s+\+0\.0 s\s+Attack/,
    );
    await shot(page, 'security-drill-report-en');
    await auditor.context.close();
    console.log(
      `drill from the console: attack after ${((attackedAt - startedAt) / 1000).toFixed(1)} s, back in service after ${((backAt - startedAt) / 1000).toFixed(1)} s, report after ${((endedAt - startedAt) / 1000).toFixed(1)} s`,
    );
  });
});
