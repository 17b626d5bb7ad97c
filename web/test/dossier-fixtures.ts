// What the dossier browser tests share: a signature drawn on a pad as a finger would, and the citizen's part
// of the intake wizard filled in (a Ba Đình address, the commune chosen from its list without accents).
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

/**
 * A stroke across a signature pad, as a finger would draw it: the citizen's or the clerk's at the counter,
 * or the only pad shown (the receiver's, on the round).
 */
export async function sign(page: Page, who?: 'citizen' | 'clerk'): Promise<void> {
  const pad = (who === undefined ? page : page.getByTestId(`sig-${who}`)).getByTestId('signature-pad');
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + 20, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++)
    await page.mouse.move(box.x + 20 + i * 25, box.y + box.height / 2 + (i % 2 === 0 ? 15 : -15));
  await page.mouse.up();
  assert.equal(await pad.getAttribute('data-inked'), 'yes');
}

/** The citizen Nguyễn Thị Lan of Ba Đình, with the CCCD given. */
export async function fillCitizen(page: Page, cccd: string): Promise<void> {
  await page.getByTestId('citizen-cccd').fill(cccd);
  await page.getByTestId('citizen-name').fill('Nguyễn Thị Lan');
  await page.getByTestId('citizen-phone').fill('0912345678');
  await page.getByTestId('citizen-address').fill('Số 5 phố Đội Cấn');
  await page.getByTestId('citizen-commune').fill('ba dinh');
  await page.getByTestId('citizen-commune-option').first().waitFor();
  await page.getByTestId('citizen-commune').press('Enter');
  assert.match(await page.getByTestId('citizen-commune').inputValue(), /Ba Đình/);
}
