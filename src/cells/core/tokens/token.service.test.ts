import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createJournal, verifyCell } from '../../../journal/index.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { isDomainError } from '../../../platform/errors.ts';
import type { CellDatabase } from '../../../storage/index.ts';
import { dialectsUnderTest, type TestStorage } from '../../../storage/testing.ts';
import {
  authorize,
  coreCell,
  type Core,
  type CoreTables,
  type IssueTokenInput,
  type Staff,
} from '../index.ts';
import { openTestCore, openTestHierarchy } from '../testing.ts';

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`API tokens on ${dialect}`, { skip }, () => {
    const clock = new ManualClock('2026-11-25T01:00:00.000Z');
    let t: TestStorage;
    let cell: CellDatabase<CoreTables>;
    let core: Core;
    let si: Staff;
    let hanoiId: string;

    before(async () => {
      ({ t, cell, core } = await openTestCore(dialect, clock, true));
      const { hanoi } = await openTestHierarchy(core);
      hanoiId = hanoi.id;
      si = await core.staff.add(
        {
          username: 'bhxh.hanoi',
          full_name: 'BHXH Hà Nội',
          cccd: null,
          phone: '0912345678',
          office_id: hanoi.id,
          roles: ['social_insurance_officer'],
          password: 'danh sách chi trả tháng mười một',
        },
        'system:test',
      );
    });
    after(async () => {
      await t.cleanup();
    });

    const request = (over: Partial<IssueTokenInput>): IssueTokenInput => ({
      staff_id: si.id,
      name: 'Gửi danh sách chi trả',
      permissions: ['pension.list.submit'],
      days: 30,
      ...over,
    });
    const head = async () => (await createJournal({ cell: coreCell, db: cell.db, clock }).head()).seq;

    test('a token is shown once, stored as a hash, and narrows its holder', async () => {
      const { token, apiToken } = await core.tokens.issue(request({}), 'stf_admin');
      assert.match(token, /^pct_[\w-]{43}$/);
      const rows = await cell.db.selectFrom('api_token').selectAll().execute();
      assert.ok(rows.every((r) => !token.includes(r.secret_hash) && r.secret_hash.length === 64));
      const who = await core.tokens.authenticate(token);
      assert.equal(who.staff.id, si.id);
      assert.deepEqual(who.token.permissions, ['pension.list.submit']);
      const principal = {
        id: si.id,
        officeId: hanoiId,
        provinceCode: '01',
        roles: si.roles,
        token: { permissions: who.token.permissions, officeId: who.token.office_id },
      };
      const target = { officeId: hanoiId, provinceCode: '01' };
      assert.equal(authorize(principal, 'pension.list.submit', target).allowed, true);
      const read = authorize(principal, 'pension.reconciliation.read', target);
      assert.ok(!read.allowed && read.code === 'token_out_of_scope');
      assert.equal(apiToken.expires_at, new Date(clock.now().getTime() + 30 * 86_400_000).toISOString());
    });

    test('bad requests are refused naming the field, and nothing is written', async () => {
      const before = await head();
      for (const [over, code] of [
        [{ permissions: ['staff.manage'] }, 'token_scope_too_wide'],
        [{ permissions: ['root'] }, 'invalid_token_request'],
        [{ permissions: [] }, 'invalid_token_request'],
        [{ days: 0 }, 'invalid_token_request'],
        [{ days: 366 }, 'invalid_token_request'],
        [{ name: ' ' }, 'invalid_token_request'],
        [{ staff_id: 'stf_00000000000000000000000000000000' }, 'staff_not_found'],
        [{ office_id: 'ofc_00000000000000000000000000000000' }, 'office_not_found'],
      ] as const) {
        await assert.rejects(core.tokens.issue(request(over), 'stf_admin'), (err: unknown) => {
          assert.ok(isDomainError(err));
          assert.equal(err.code, code, JSON.stringify(over));
          return true;
        });
      }
      assert.equal(await head(), before);
    });

    test('a token stops working when it expires, is revoked, or its holder is disabled', async () => {
      const expiring = await core.tokens.issue(request({ days: 1 }), 'stf_admin');
      const revoked = await core.tokens.issue(request({}), 'stf_admin');
      const lasting = await core.tokens.issue(request({}), 'stf_admin');
      await core.tokens.revoke(revoked.apiToken.id, 'Lộ mã trên máy tính dùng chung', 'stf_admin');
      clock.advance(86_400_000 + 1);
      const refused = (token: string) =>
        assert.rejects(
          core.tokens.authenticate(token),
          (err: unknown) => isDomainError(err) && err.code === 'token_invalid',
        );
      await refused(expiring.token);
      await refused(revoked.token);
      await refused('pct_forged-token-that-was-never-issued-0000000');
      await refused('Bearer something');
      assert.equal((await core.tokens.authenticate(lasting.token)).staff.id, si.id);
      await core.staff.disable(si.id, 'Chuyển công tác', 'stf_admin');
      await refused(lasting.token);
      const report = await verifyCell({ cell: coreCell, db: cell.db, storage: t.storage, clock });
      assert.equal(report.ok, true, JSON.stringify(report.failures));
    });
  });
}
