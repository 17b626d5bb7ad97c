// Every demo role reaches a working home after signing in: the page of their main task, or the home that says
// who and where they are and what they may do; the menu holds only what their permissions allow.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { totpFor } from '../../src/cells/core/index.ts';
import { DEMO_TOTP_SECRET, newPage, openWebWorld, signInAs, webDialects, type WebWorld } from './browser.ts';

const [sqlite] = await webDialects();

// username → where they land, their role's name, and menu entries they must and must not see. The sign-in
// budget is 10 a minute per address: security's code is a second try, the administrator is in sign-in's test.
const PEOPLE = [
  [
    'security',
    '/security',
    'Cán bộ an ninh',
    ['An ninh', 'Xử lý sự cố', 'Diễn tập mã độc'],
    ['Két quầy', 'Duyệt'],
  ],
  [
    'auditor',
    '/home',
    'Kiểm toán viên',
    ['Trang chính', 'An ninh', 'Tổng quan', 'Diễn tập mã độc'],
    ['Két quầy', 'Xử lý sự cố'],
  ],
  ['qlt.01', '/oversight/dashboard', 'Lãnh đạo Bưu điện tỉnh', ['Duyệt', 'Tổng quan'], ['Két quầy']],
  ['bhxh.01', '/home', 'Cán bộ Bảo hiểm xã hội', ['Trang chính'], ['Két quầy', 'Duyệt']],
  ['hcc.01', '/agency', 'Cán bộ cơ quan hành chính', ['Hồ sơ của cơ quan'], ['Két quầy']],
  ['shop.01', '/home', 'Chủ hàng', ['Trang chính'], ['Két quầy', 'Chuyến phát']],
  ['tbc.01100', '/counter/approvals', 'Trưởng bưu cục', ['Duyệt', 'Két quầy'], []],
  ['gdv.01100', '/counter/till', 'Giao dịch viên', ['Két quầy', 'Chi trả lương hưu'], ['Duyệt', 'Diễn tập']],
  ['bt.01100', '/round', 'Bưu tá', ['Chuyến phát hôm nay'], ['Két quầy', 'Duyệt']],
] as const;

describe('each demo role has a home', { skip: sqlite!.skip }, () => {
  let world: WebWorld;
  before(async () => {
    world = await openWebWorld('sqlite');
  });
  after(async () => {
    await world?.close();
  });

  for (const [username, home, roleName, sees, hidden] of PEOPLE)
    test(`${username} signs in and lands on ${home}`, async () => {
      const { page, context } = await newPage(world, {
        viewport: username.startsWith('bt.') ? 'phone' : 'counter',
      });
      await signInAs(
        page,
        username,
        username === 'security' ? { code: () => totpFor(username, DEMO_TOTP_SECRET).generate() } : {},
      );
      assert.equal(new URL(page.url()).pathname, home);
      assert.match(
        await page.getByTestId('who').innerText(),
        new RegExp(`${roleName}.*${username.replace('.', '\\.')}`),
      );
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      const menu = await page.getByRole('navigation', { name: 'Chức năng' }).innerText();
      for (const entry of sees) assert.match(menu, new RegExp(entry), `${username} sees ${entry}`);
      for (const entry of hidden)
        assert.doesNotMatch(menu, new RegExp(entry), `${username} does not see ${entry}`);
      if (home === '/home')
        assert.match(await page.getByTestId('home-facts').innerText(), new RegExp(roleName));
      await context.close();
    });
});
