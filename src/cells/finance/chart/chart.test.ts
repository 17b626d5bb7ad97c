import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openPlatform, type Platform } from '../../../app.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { dialectsUnderTest, testPlace, type TestPlace } from '../../../storage/testing.ts';
import { openTestHierarchy, testConfig } from '../../../testing.ts';
import { ACCOUNT_CODES, accountId, OFFICE_KINDS } from './chart.ts';

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`chart of accounts on ${dialect}`, { skip }, () => {
    const clock = new ManualClock('2026-11-25T01:00:00.000Z');
    let place: TestPlace;
    let platform: Platform;

    before(async () => {
      place = testPlace(dialect);
      platform = await openPlatform(testConfig(place), { clock });
    });
    after(async () => {
      await platform.close();
      await place.remove();
    });

    test('each cash-handling office that opens gets its accounts, once, with their limits', async () => {
      const { corporation, hanoi } = await openTestHierarchy(platform.core);
      const office = await platform.core.offices.open(
        {
          type: 'post_office',
          name: 'Bưu cục Ba Đình',
          postcode: '11100',
          commune_code: '00004',
          address: 'Số 1',
          opening_hours: '7:00–19:00',
          parent_id: hanoi.id,
        },
        'system:test',
      );
      assert.equal((await platform.sync()).chart > 0, true);
      assert.deepEqual(
        await platform.sync(),
        {
          chart: 0,
          delivery: 0,
          services: 0,
          retail: 0,
          expired: 0,
          legs: 0,
          followed: 0,
          notices: 0,
          orders: 0,
          ordersFollowed: 0,
        },
        'caught up: nothing applied twice',
      );
      const ledger = platform.finance.ledger;
      const accounts = await ledger.accountsOf({ officeId: office.id });
      assert.deepEqual(
        accounts.map((a) => a.code),
        OFFICE_KINDS.map((k) => ACCOUNT_CODES[k]).sort((a, b) => a - b),
      );
      const vault = await ledger.getAccount(accountId(office.id, 'vault_cash'));
      assert.deepEqual(vault.flags, ['credits_must_not_exceed_debits']);
      assert.match(vault.name, /^Tiền mặt tại két bưu cục — Bưu cục Ba Đình$/);
      assert.deepEqual((await ledger.getAccount(accountId(office.id, 'pensions_payable'))).flags, [
        'debits_must_not_exceed_credits',
      ]);
      // The provincial post keeps accounts too; the corporation does not handle cash.
      assert.equal((await ledger.accountsOf({ officeId: hanoi.id })).length, OFFICE_KINDS.length);
      assert.equal((await ledger.accountsOf({ officeId: corporation.id })).length, 0);
      for (const report of await platform.verify())
        assert.equal(report.ok, true, JSON.stringify(report.failures));
    });
  });
}
