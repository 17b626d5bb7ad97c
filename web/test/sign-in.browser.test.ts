// Signing in, as each person does it: the page in Vietnamese, the wrong password, the authenticator's code
// for a privileged account, the lockout and the rate limit shown as the API gives them, and the menu that
// only holds what the person may do.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { totpFor } from '../../src/cells/core/index.ts';
import {
  DEMO_PASSWORD,
  DEMO_TOTP_SECRET,
  newPage,
  openWebWorld,
  shot,
  signInAs,
  webDialects,
  type WebWorld,
} from './browser.ts';

const [sqlite] = await webDialects();

describe('signing in', { skip: sqlite!.skip }, () => {
  let world: WebWorld;
  before(async () => {
    world = await openWebWorld('sqlite');
  });
  after(async () => {
    await world?.close();
  });

  test('a clerk signs in in Vietnamese, lands on the till, and sees only what a clerk may do', async () => {
    const { page, context } = await newPage(world);
    await page.goto('/');
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'vi');
    await shot(page, 'sign-in');
    // A wrong password: the API's words, in Vietnamese, beside the form.
    await page.getByLabel('Tên đăng nhập').fill('gdv.01100');
    await page.getByLabel('Mật khẩu').fill('sai-mat-khau');
    await page.getByLabel('Mật khẩu').press('Enter');
    const error = page.getByTestId('sign-in-error');
    await error.waitFor();
    assert.match(await error.innerText(), /Sai tên đăng nhập hoặc mật khẩu/);
    assert.equal(await error.getAttribute('data-code'), 'sign_in_failed');

    await signInAs(page, 'gdv.01100');
    assert.equal(new URL(page.url()).pathname, '/counter/till');
    const menu = await page.getByRole('navigation', { name: 'Chức năng' }).innerText();
    for (const entry of ['Két quầy', 'Chi trả lương hưu', 'Nhận gửi bưu gửi', 'Phát tại quầy'])
      assert.match(menu, new RegExp(entry));
    for (const entry of ['Duyệt', 'Chuyến phát hôm nay']) assert.doesNotMatch(menu, new RegExp(entry));
    // A typed address to a manager's screen is refused in the page, not merely hidden.
    await page.goto('/counter/approvals');
    assert.match(await page.getByTestId('not-allowed').innerText(), /không có quyền/);

    // English, remembered across a reload and a new sign-in.
    await page.getByTestId('lang-toggle').click();
    await page.getByRole('navigation', { name: 'Menu' }).waitFor();
    await page.reload();
    assert.match(await page.getByRole('navigation', { name: 'Menu' }).innerText(), /Till/);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await page.getByTestId('sign-out').click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await context.close();
  });

  test('an administrator gives the authenticator code after the password and lands on the home page', async () => {
    const { page, context } = await newPage(world);
    await page.goto('/');
    await page.getByLabel('Tên đăng nhập').fill('admin');
    await page.getByLabel('Mật khẩu').fill('buu-dien-demo-2026');
    await page.getByLabel('Mật khẩu').press('Enter');
    const code = page.getByLabel('Mã xác thực (6 số)');
    await code.waitFor();
    await code.fill(totpFor('admin', DEMO_TOTP_SECRET).generate());
    await code.press('Enter');
    await page.getByTestId('who').waitFor();
    assert.equal(new URL(page.url()).pathname, '/home');
    assert.match(await page.getByTestId('home-facts').innerText(), /Quản trị hệ thống/);
    await context.close();
  });

  test('five wrong passwords lock the account, and more tries from one address are slowed down', async () => {
    const { page, context } = await newPage(world);
    await page.goto('/');
    await page.getByLabel('Tên đăng nhập').fill('bt.01100');
    const seen: string[] = [];
    const texts: string[] = [];
    // The sign-in budget is 10 a minute per address: the tests above spent 4 of it.
    for (let i = 0; i < 7; i++) {
      // The sixth try is the right password: the account is locked by then.
      await page.getByLabel('Mật khẩu').fill(i === 5 ? DEMO_PASSWORD : `sai-${i}`);
      const answered = page.waitForResponse((r) => r.url().endsWith('/v1/auth/sign-in'));
      await page.getByLabel('Mật khẩu').press('Enter');
      await answered;
      const error = page.getByTestId('sign-in-error');
      await error.waitFor();
      seen.push((await error.getAttribute('data-code')) ?? '');
      texts.push(await error.innerText());
    }
    assert.deepEqual(seen, [...Array<string>(5).fill('sign_in_failed'), 'account_locked', 'rate_limited']);
    assert.match(texts[5]!, /khóa/);
    assert.match(texts[6]!, /Quá nhiều yêu cầu/);
    await context.close();
  });
});
