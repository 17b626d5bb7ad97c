// Browser tests' support: a real server over real storage with the demo loaded (one per test file), and
// Debian's Chromium driven through playwright-core. Never a downloaded browser: /usr/bin/chromium, or
// POSTCORE_CHROMIUM. Under CI=true a missing Chromium fails; elsewhere the tests skip and say why.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { pino } from 'pino';
import { buildApp, openPlatform, type AppOptions, type Platform } from '../../src/app.ts';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../src/cells/core/index.ts';
import type { Server } from '../../src/http/server.ts';
import type { Clock } from '../../src/platform/clock.ts';
import type { Dialect } from '../../src/storage/index.ts';
import { dialectsUnderTest, testPlace, type TestPlace } from '../../src/storage/testing.ts';
import { testConfig } from '../../src/testing-base.ts';
import { startTestVault, type TestVault } from '../../src/testing.ts';
import { WEB_DIST } from '../../src/web/index.ts';

export { DEMO_PASSWORD, DEMO_TOTP_SECRET };

export const CHROMIUM = process.env['POSTCORE_CHROMIUM'] ?? '/usr/bin/chromium';
/** Screenshots of each role's screens, kept as the tests' artefacts (and looked at before a screen is done). */
export const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));

/** The screens a person uses: a counter PC and a mid-range phone. */
export const VIEWPORTS = {
  counter: { width: 1366, height: 768 },
  phone: { width: 390, height: 844 },
} as const;

/** Why browser tests cannot run here (skip reason), or false. With CI=true nothing is skipped: it fails. */
export function browserSkip(): string | false {
  const missing: string[] = [];
  if (!existsSync(CHROMIUM)) missing.push(`no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
  if (!existsSync(join(WEB_DIST, 'index.html'))) missing.push('the web app is not built (npm run build)');
  if (missing.length === 0) return false;
  if (process.env['CI'] === 'true') throw new Error(`browser tests cannot run: ${missing.join('; ')}`);
  console.log(`# skipping browser tests: ${missing.join('; ')}`);
  return missing.join('; ');
}

/** The dialects a browser test runs on: as storage tests, SQLite always and PostgreSQL when it answers. */
export async function webDialects(): Promise<Array<{ dialect: Dialect; skip: string | false }>> {
  const browser = browserSkip();
  return (await dialectsUnderTest()).map((d) => ({ dialect: d.dialect, skip: browser || d.skip }));
}

export interface WebWorld {
  url: string;
  place: TestPlace;
  platform: Platform;
  /** The vault the platform ships to, when the world was opened with `vault: true`. */
  vault?: TestVault;
  app: Server;
  browser: Browser;
  /** Stops the background work, the server, the browser and removes the storage. */
  close(): Promise<void>;
}

/**
 * A server as `postcore serve` runs it (the demo loaded on first start, finance following the other cells
 * every second, checkpoints signed) on a fresh test place, and a Chromium to drive it.
 */
export async function openWebWorld(
  dialect: Dialect,
  o: { clock?: Clock; vault?: boolean; app?: AppOptions } = {},
): Promise<WebWorld> {
  const place: TestPlace = testPlace(dialect);
  const platform = await openPlatform(testConfig(place), {
    demo: true,
    ...(o.clock === undefined ? {} : { clock: o.clock }),
  });
  // With a vault, the server ships to it as `serve --vault` does (its status shows the vault's head and lag).
  const vault =
    o.vault === true ? await startTestVault(platform, `${place.dataDir}-vault`, platform.clock) : undefined;
  const app = await buildApp(platform, pino({ level: 'silent' }), {
    ...(vault === undefined ? {} : { shipper: vault.shipper, vaultUrl: vault.url }),
    ...o.app,
  });
  let syncing = false;
  const timer = setInterval(() => {
    if (syncing) return;
    syncing = true;
    platform
      .sync()
      .then(() => platform.checkpoint())
      .then(() => vault?.shipper.ship())
      .catch(() => undefined)
      .finally(() => (syncing = false));
  }, 500);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
  return {
    url: `http://127.0.0.1:${port}`,
    place,
    platform,
    ...(vault === undefined ? {} : { vault }),
    app,
    browser,
    async close() {
      clearInterval(timer);
      while (syncing) await new Promise((r) => setTimeout(r, 20));
      await browser.close().catch(() => undefined);
      await app.close();
      await vault?.close();
      await platform.close();
      await place.remove();
    },
  };
}

export interface PageOptions {
  viewport?: keyof typeof VIEWPORTS;
  /** The language remembered before the first page opens (the app starts in Vietnamese otherwise). */
  lang?: 'vi' | 'en';
}

/** A fresh browser context (its own cookies: one person) and a page on the server. */
export async function newPage(
  world: WebWorld,
  o: PageOptions = {},
): Promise<{ page: Page; context: BrowserContext }> {
  const context = await world.browser.newContext({
    viewport: VIEWPORTS[o.viewport ?? 'counter'],
    locale: o.lang === 'en' ? 'en-GB' : 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    baseURL: world.url,
  });
  if (o.lang !== undefined) await context.addCookies([{ name: 'lang', value: o.lang, url: world.url }]);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { page, context };
}

/** Signs in through the sign-in page as a person would, with the authenticator's code when asked for. */
export async function signInAs(
  page: Page,
  username: string,
  o: { password?: string; code?: () => string } = {},
): Promise<void> {
  await page.goto('/');
  await page.getByLabel(/Tên đăng nhập|Username/).fill(username);
  await page.getByLabel(/Mật khẩu|Password/).fill(o.password ?? DEMO_PASSWORD);
  await page.getByLabel(/Mật khẩu|Password/).press('Enter');
  if (o.code !== undefined) {
    const field = page.getByLabel(/Mã xác thực|Authenticator code/);
    await field.fill(o.code());
    await field.press('Enter');
  }
  await page.getByTestId('who').waitFor();
}

/** Saves a screenshot as the test's artefact: web/test/screenshots/NAME.png. */
export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(SHOTS, { recursive: true });
  const path = join(SHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/** What the printer stand-in saw: the address of each document sent to print. */
export interface Printer {
  printed: string[];
}

/**
 * Headless Chromium crashes when a frame holding a PDF is printed, so in the tests a frame's print() is the
 * printer's stand-in: it records the document the frame holds (a receipt's or a label's PDF) instead.
 */
export async function standInPrinter(page: Page): Promise<void> {
  await page.addInitScript(() => {
    (window as unknown as Printer).printed = [];
    const own = Object.getOwnPropertyDescriptor(HTMLIFrameElement.prototype, 'contentWindow')!;
    Object.defineProperty(HTMLIFrameElement.prototype, 'contentWindow', {
      get(this: HTMLIFrameElement) {
        const w = own.get!.call(this) as Window | null;
        if (w === null) return w;
        const src = () => new URL(this.src).pathname;
        return new Proxy(w, {
          get(target, k) {
            if (k === 'print') return () => (window as unknown as Printer).printed.push(src());
            const v: unknown = Reflect.get(target, k);
            return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
          },
        });
      },
    });
  });
}
