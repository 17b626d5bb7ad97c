import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createJournal, verifyCell } from '../../../journal/index.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { isDomainError } from '../../../platform/errors.ts';
import { verifyPassword } from '../../../platform/password.ts';
import type { CellDatabase } from '../../../storage/index.ts';
import { dialectsUnderTest, type TestStorage } from '../../../storage/testing.ts';
import { coreCell, type AddStaffInput, type Core, type CoreTables } from '../index.ts';
import { openTestCore, openTestHierarchy } from '../testing.ts';

const clock = new ManualClock('2026-11-25T01:00:00.000Z');

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`core staff on ${dialect}`, { skip }, () => {
    let t: TestStorage;
    let cell: CellDatabase<CoreTables>;
    let core: Core;
    let officeId: string;
    let corporationId: string;

    before(async () => {
      ({ t, cell, core } = await openTestCore(dialect, clock, true));
      const { hanoi, corporation } = await openTestHierarchy(core);
      officeId = hanoi.id;
      corporationId = corporation.id;
    });
    after(async () => {
      await t.cleanup();
    });

    const input = (over: Partial<AddStaffInput>): AddStaffInput => ({
      username: 'lan.nguyen',
      full_name: 'Nguyễn Thị Lan',
      cccd: '001185012345',
      phone: '0912 345 678',
      office_id: officeId,
      roles: ['counter_clerk'],
      password: 'gánh hàng rong qua cầu',
      ...over,
    });
    const head = async () => (await createJournal({ cell: coreCell, db: cell.db, clock }).head()).seq;

    test('adds a clerk; the journal holds the scrypt hash, never the password', async () => {
      const lan = await core.staff.add(input({ username: 'Lan.Nguyen' }), 'stf_admin');
      assert.deepEqual(
        [lan.username, lan.full_name, lan.phone, lan.roles, lan.status, lan.office_id],
        ['lan.nguyen', 'Nguyễn Thị Lan', '+84912345678', ['counter_clerk'], 'active', officeId],
      );
      const events = await createJournal({ cell: coreCell, db: cell.db, clock }).readAfter(0n, 10_000);
      const added = events.find((e) => e.type === 'core.staff.added')!;
      assert.doesNotMatch(JSON.stringify(added.payload), /gánh hàng rong/);
      const account = (await core.staff.findForSignIn('LAN.NGUYEN'))!;
      assert.equal(await verifyPassword('gánh hàng rong qua cầu', account.password_hash), true);
    });

    test('bad input is refused naming the field, and nothing is written', async () => {
      const before = await head();
      const cases: Array<[Partial<AddStaffInput>, string, string | undefined]> = [
        [{ username: 'lan.nguyen', cccd: '001185099999' }, 'username_taken', 'username'],
        [{ username: 'lan2', cccd: '001185012345' }, 'cccd_taken', 'cccd'],
        [{ username: 'lê' }, 'invalid_staff', 'username'],
        [{ username: 'hoa.tran', password: 'short' }, 'weak_password', 'password'],
        [{ username: 'hoa.tran', password: 'hoa.tran is my name' }, 'weak_password', 'password'],
        [{ username: 'hoa.tran', cccd: '00118501234' }, 'invalid_cccd', undefined],
        [{ username: 'hoa.tran', cccd: null }, 'invalid_staff', 'cccd'],
        // A right-to-left override makes "Trần Thị Hoa" print as another name on receipts.
        [
          { username: 'hoa.tran', cccd: '001190000001', full_name: 'Trần \u202eThị Hoa' },
          'invalid_staff',
          'full_name',
        ],
        [
          { username: 'hoa.tran', cccd: '001190000001', full_name: 'Trần Thị\u2066 Hoa' },
          'invalid_staff',
          'full_name',
        ],
        [{ username: 'hoa.tran', cccd: '001190000001', phone: '024 3825 0000' }, 'invalid_phone', undefined],
        [{ username: 'hoa.tran', cccd: '001190000001', roles: [] }, 'invalid_staff', 'roles'],
        [{ username: 'hoa.tran', cccd: '001190000001', roles: ['king'] }, 'invalid_staff', 'roles'],
        [
          { username: 'hoa.tran', cccd: '001190000001', roles: ['counter_clerk', 'shipper'] },
          'invalid_staff',
          'roles',
        ],
        [
          { username: 'hoa.tran', cccd: '001190000001', office_id: 'ofc_00000000000000000000000000000000' },
          'office_not_found',
          undefined,
        ],
      ];
      for (const [over, code, field] of cases) {
        await assert.rejects(core.staff.add(input(over), 'stf_admin'), (err: unknown) => {
          assert.ok(isDomainError(err), String(err));
          assert.equal(err.code, code, `${JSON.stringify(over)}: ${err.message}`);
          if (field !== undefined) assert.equal(err.details?.['field'], field);
          assert.ok(err.messageVi.length > 0);
          return true;
        });
      }
      assert.equal(await head(), before);
    });

    test('a batch is all or nothing, and its errors name the row and the field', async () => {
      const before = await head();
      const ok = (n: number) =>
        input({
          username: `batch.${n}`,
          cccd: `0011850100${String(n).padStart(2, '0')}`,
          phone: `09123400${String(n).padStart(2, '0')}`,
          office_id: corporationId,
        });
      const cases: Array<[AddStaffInput[], string, number, string]> = [
        [[ok(1), ok(2), { ...ok(3), cccd: '12' }], 'invalid_cccd', 3, 'Row 3'],
        [[ok(1), { ...ok(2), username: 'batch.1' }], 'username_taken', 2, 'Row 2'],
        [[ok(1), { ...ok(2), cccd: ok(1).cccd }], 'cccd_taken', 2, 'Row 2'],
        [[ok(1), { ...ok(2), office_id: 'ofc_nope' }], 'office_not_found', 2, 'Row 2'],
        [[ok(1), { ...ok(2), username: 'lan.nguyen' }], 'username_taken', 2, 'Row 2'],
      ];
      for (const [batch, code, row, prefix] of cases)
        await assert.rejects(core.staff.addMany(batch, 'stf_admin'), (err: unknown) => {
          assert.ok(isDomainError(err));
          assert.deepEqual([err.code, err.details?.['row']], [code, row]);
          assert.ok(err.message.startsWith(prefix) && err.messageVi.startsWith(`Dòng ${row}`), err.message);
          return true;
        });
      assert.equal(await head(), before);
      const added = await core.staff.addMany([ok(1), ok(2)], 'stf_admin');
      assert.deepEqual(
        added.map((s) => s.username),
        ['batch.1', 'batch.2'],
      );
    });

    test('a partner needs no CCCD; roles change by event; a disabled account stays, disabled', async () => {
      const shipper = await core.staff.add(
        input({ username: 'shop.hoa', full_name: 'Shop Hoa', cccd: null, roles: ['shipper'] }),
        'stf_admin',
      );
      assert.equal(shipper.cccd, null);
      await assert.rejects(
        core.staff.changeRoles(shipper.id, ['counter_clerk'], 'stf_admin'),
        /partner account/,
      );
      const lan = (await core.staff.findForSignIn('lan.nguyen'))!;
      const promoted = await core.staff.changeRoles(lan.id, ['office_manager', 'counter_clerk'], 'stf_admin');
      assert.deepEqual(promoted.roles, ['counter_clerk', 'office_manager']);
      const disabled = await core.staff.disable(lan.id, 'Nghỉ hưu', 'stf_admin');
      assert.deepEqual([disabled.status, disabled.disabled_reason], ['disabled', 'Nghỉ hưu']);
      await assert.rejects(
        core.staff.disable(lan.id, 'again', 'stf_admin'),
        (err: unknown) => isDomainError(err) && err.code === 'staff_disabled',
      );
      const list = await core.staff.list({ office: officeId, limit: 10, offset: 0 });
      assert.deepEqual(
        list.items.map((s) => [s.username, s.status]),
        [
          ['lan.nguyen', 'disabled'],
          ['shop.hoa', 'active'],
        ],
      );
      const report = await verifyCell({ cell: coreCell, db: cell.db, storage: t.storage, clock });
      assert.equal(report.ok, true, JSON.stringify(report.failures));
    });
  });
}
