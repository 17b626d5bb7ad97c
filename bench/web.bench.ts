// The web app as its people meet it, in Debian's Chromium on this machine: the first render of the public
// tracking page and of the clerk's payout screen, cold (a new browser profile) and warm (the same one again),
// against a page of the same size from a bare node:http server; what each transfers; and a clerk's payout
// done through the screen end to end against the same payouts through the API alone.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { browserSkip, DEMO_PASSWORD, newPage, openWebWorld, type WebWorld } from '../web/test/browser.ts';
import {
  demoCounter,
  openClerkTill,
  openCounterMonth,
  type Counter,
  type Pensioner,
} from '../web/test/fixtures.ts';
import type { BenchContext, BenchSuite } from './harness.ts';

/** A bare page as big as the tracking page, from node:http: the floor of a page load in this browser. */
async function floorServer(bytes: number): Promise<{ url: string; server: Server }> {
  const body = `<!doctype html><html lang="vi"><meta charset="utf-8"><title>floor</title><h1>Trang</h1><p>${'x'.repeat(
    Math.max(0, bytes - 120),
  )}</p></html>`;
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

/** Bytes a page load transferred (HTML, scripts, styles), by the browser's own resource timing. */
async function transferred(page: Page): Promise<{ total: number; js: number }> {
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    const res = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const js = res.filter((r) => r.name.endsWith('.js')).reduce((s, r) => s + r.transferSize, 0);
    return { total: (nav?.transferSize ?? 0) + res.reduce((s, r) => s + r.transferSize, 0), js };
  });
}

interface Shared {
  world: WebWorld;
  track: string;
  session: string;
  period: string;
  till: string;
  counter: Counter;
  pensioners: Pensioner[];
}
let shared: Promise<Shared> | undefined;

/** One server with the demo, a parcel to track, and the session of Quảng Ninh's first clerk: shared by both sections. */
function world(lines: number): Promise<Shared> {
  shared ??= (async () => {
    const w = await openWebWorld('sqlite');
    const parcel = (await w.platform.delivery.items.list({ limit: 1, offset: 0 })).items[0]!;
    const c = await demoCounter(w, '22');
    const pensioners = Array.from({ length: lines }, (_, i) => ({
      cccd: `022${i % 2}40${String(i + 1).padStart(6, '0')}`,
      name: `Người hưởng ${i + 1}`,
      amount: BigInt(2_000_000 + i * 1000),
    }));
    const period = await openCounterMonth(w, c, pensioners);
    const till = await openClerkTill(w, c, BigInt(lines) * 10n);
    const res = await fetch(`${w.url}/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: c.clerk.username, password: DEMO_PASSWORD }),
    });
    const session = /postcore_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1]!;
    return { world: w, track: parcel.id, session, period, till, counter: c, pensioners };
  })();
  return shared;
}

const payoutsPerRun = (ctx: BenchContext) => ctx.size(15, 1);
/** Lines enough for every run of both sides of the payout section. */
const linesNeeded = (ctx: BenchContext) => payoutsPerRun(ctx) * ctx.repeats * 2;

async function signedIn(w: WebWorld, session: string): Promise<{ page: Page; context: BrowserContext }> {
  const p = await newPage(w);
  await p.context.addCookies([{ name: 'postcore_session', value: session, url: w.url }]);
  return p;
}

async function firstRender(ctx: BenchContext): Promise<void> {
  const skip = browserSkip();
  if (skip !== false) return ctx.note(`skipped: ${skip}`);
  const { world: w, track, session } = await world(linesNeeded(ctx));
  const loads = ctx.size(20, 1);
  const floor = await floorServer(5_000);
  try {
    const time = async (
      open: () => Promise<{ page: Page; context: BrowserContext }>,
      url: string,
      ready: (p: Page) => Promise<unknown>,
      warm: boolean,
    ): Promise<{ rate: number; bytes: { total: number; js: number } }> => {
      let bytes = { total: 0, js: 0 };
      let ms = 0;
      const reuse = warm ? await open() : undefined;
      if (reuse !== undefined) {
        await reuse.page.goto(url);
        await ready(reuse.page);
      }
      for (let i = 0; i < loads; i++) {
        const p = reuse ?? (await open());
        const t0 = performance.now();
        await p.page.goto(url);
        await ready(p.page);
        ms += performance.now() - t0;
        if (i === 0) bytes = await transferred(p.page);
        if (reuse === undefined) await p.context.close();
      }
      await reuse?.context.close();
      return { rate: loads / (ms / 1000), bytes };
    };
    const cases = [
      {
        name: 'tracking page',
        open: () => newPage(w, { viewport: 'phone' }),
        url: `${w.url}/track?id=${track}`,
        ready: (p: Page) => p.locator('h1').waitFor(),
      },
      {
        name: 'clerk payout screen',
        open: () => signedIn(w, session),
        url: `${w.url}/counter/payout`,
        ready: (p: Page) => p.getByTestId('payout-search').waitFor(),
      },
    ];
    for (const c of cases)
      for (const warm of [false, true]) {
        const subject: number[] = [];
        const baseline: number[] = [];
        let bytes = { total: 0, js: 0 };
        for (let r = 0; r < ctx.repeats; r++) {
          const s = await time(c.open, c.url, c.ready, warm);
          bytes = s.bytes;
          subject.push(s.rate);
          baseline.push(
            (
              await time(
                () => newPage(w),
                floor.url,
                (p) => p.locator('h1').waitFor(),
                warm,
              )
            ).rate,
          );
        }
        ctx.report({
          case: `${c.name}, ${warm ? 'warm' : 'cold'}`,
          events: loads,
          subjectRuns: subject,
          baseline: 'a 5 KB page from node:http',
          baselineRuns: baseline,
        });
        ctx.note(
          `${c.name} ${warm ? 'warm' : 'cold'}: ${(1000 / subject.sort((a, b) => a - b)[1 % subject.length]!).toFixed(0)} ms to usable, ` +
            `${(bytes.total / 1024).toFixed(1)} KiB transferred, of which JavaScript ${(bytes.js / 1024).toFixed(1)} KiB`,
        );
      }
  } finally {
    floor.server.close();
  }
}

async function payoutThroughUi(ctx: BenchContext): Promise<void> {
  const skip = browserSkip();
  if (skip !== false) return ctx.note(`skipped: ${skip}`);
  const { world: w, session, period, till, counter: c, pensioners } = await world(linesNeeded(ctx));
  try {
    const perRun = payoutsPerRun(ctx);
    const { page, context } = await signedIn(w, session);
    await page.goto(`${w.url}/counter/payout`);
    await page.getByTestId('payout-search').waitFor();
    let next = 0;
    const viaUi = async () => {
      const t0 = performance.now();
      for (let i = 0; i < perRun; i++) {
        const p = pensioners[next++]!;
        await page.getByTestId('payout-search').fill(p.cccd);
        await page.keyboard.press('Enter');
        await page.getByTestId('payout-identity').waitFor();
        await page.keyboard.type(p.cccd);
        await page.keyboard.press('Enter');
        await page.getByTestId('payout-matched').waitFor();
        await page.keyboard.press('Enter');
        await page.getByTestId('payout-receipt').waitFor();
        await page.keyboard.press('n');
        await page.getByTestId('payout-search').waitFor();
      }
      return perRun / ((performance.now() - t0) / 1000);
    };
    const headers = { 'content-type': 'application/json', cookie: `postcore_session=${session}` };
    const viaApi = async () => {
      const t0 = performance.now();
      for (let i = 0; i < perRun; i++) {
        const p = pensioners[next++]!;
        const found = (await (
          await fetch(
            `${w.url}/v1/finance/pension-periods/${period}/lines?office=${c.postcode}&cccd=${p.cccd}`,
            {
              headers,
            },
          )
        ).json()) as { items: Array<{ id: string }> };
        const r = await fetch(`${w.url}/v1/finance/tills/${till}/pension-payouts`, {
          method: 'POST',
          headers: { ...headers, 'idempotency-key': crypto.randomUUID() },
          body: JSON.stringify({
            line_id: found.items[0]!.id,
            place: 'counter',
            recipient: 'self',
            cccd: p.cccd,
          }),
        });
        if (r.status !== 201 && r.status !== 200)
          throw new Error(`payout via the API: ${r.status} ${await r.text()}`);
      }
      return perRun / ((performance.now() - t0) / 1000);
    };
    const subject: number[] = [];
    const baseline: number[] = [];
    for (let r = 0; r < ctx.repeats; r++) {
      subject.push(await viaUi());
      baseline.push(await viaApi());
    }
    await context.close();
    ctx.report({
      case: 'payouts, one by one',
      events: perRun,
      subjectRuns: subject,
      baseline: 'the same payouts via the API alone',
      baselineRuns: baseline,
    });
    const med = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
    ctx.note(
      `through the screen ${(1000 / med(subject)).toFixed(0)} ms a payout (find, check the CCCD, pay, receipt shown, back), ` +
        `the API alone ${(1000 / med(baseline)).toFixed(0)} ms (search, pay): the screen adds ${(1000 / med(subject) - 1000 / med(baseline)).toFixed(0)} ms`,
    );
  } finally {
    await w.close();
    shared = undefined;
  }
}

export const suite: BenchSuite = {
  name: 'app',
  sections: [
    { name: 'first render', run: firstRender },
    { name: 'payout in the UI', run: payoutThroughUi },
  ],
};
