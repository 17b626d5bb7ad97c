import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createJournal, verifyCell } from '../../../journal/index.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { newId } from '../../../platform/ids.ts';
import { isDomainError } from '../../../platform/errors.ts';
import type { CellDatabase } from '../../../storage/index.ts';
import { dialectsUnderTest, type TestStorage } from '../../../storage/testing.ts';
import { openTestCore } from '../testing.ts';
import { coreCell, type Core, type CoreTables, type OpenOfficeInput } from '../index.ts';

const clock = new ManualClock('2026-11-25T01:00:00.000Z');

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`core offices on ${dialect}`, { skip }, () => {
    let t: TestStorage;
    let cell: CellDatabase<CoreTables>;
    let core: Core;
    const corp = newId('ofc');
    const hanoi = newId('ofc');

    before(async () => {
      ({ t, cell, core } = await openTestCore(dialect, clock, true));
    });
    after(async () => {
      await t.cleanup();
    });

    const base = (over: Partial<OpenOfficeInput>): OpenOfficeInput => ({
      type: 'post_office',
      name: 'Bưu cục Ba Đình',
      postcode: '11100',
      commune_code: '00004',
      address: '1 Đinh Lễ',
      phone: '024 3825 0000',
      opening_hours: 'T2–T7 07:30–18:00',
      parent_id: hanoi,
      ...over,
    });
    const rejects = async (input: OpenOfficeInput, code: string, field?: string) =>
      assert.rejects(core.offices.open(input, 'stf_manager'), (err: unknown) => {
        assert.ok(isDomainError(err), String(err));
        assert.equal(err.code, code, err.message);
        if (field !== undefined) assert.equal(err.details?.['field'], field, err.message);
        assert.ok(err.messageVi.length > 0);
        return true;
      });

    test('opens the hierarchy in one batch: corporation, provincial post, office, service point', async () => {
      const opened = await core.offices.openMany(
        [
          base({
            id: corp,
            type: 'corporation',
            name: 'Tổng công ty Bưu điện Việt Nam',
            postcode: '10000',
            parent_id: null,
          }),
          base({
            id: hanoi,
            type: 'provincial_post',
            name: 'Bưu điện Thành phố Hà Nội',
            postcode: '10001',
            parent_id: corp,
          }),
        ],
        'system:test',
      );
      assert.deepEqual(
        opened.map((o) => [o.type, o.postcode, o.province_code, o.status, o.phone]),
        [
          ['corporation', '10000', '01', 'open', '+842438250000'],
          ['provincial_post', '10001', '01', 'open', '+842438250000'],
        ],
      );
      const office = await core.offices.open(base({}), 'stf_manager');
      assert.equal(office.parent_id, hanoi);
      const point = await core.offices.open(
        base({
          type: 'service_point',
          name: 'Điểm phục vụ Ngọc Hà',
          postcode: '11101',
          commune_code: '00008',
          parent_id: office.id,
          phone: null,
        }),
        'stf_manager',
      );
      assert.equal(point.commune_code, '00008');
      const list = await core.offices.list({ province: '01', limit: 10, offset: 0 });
      assert.equal(list.total, 4);
      assert.deepEqual(
        (await core.offices.list({ parent: office.id, limit: 10, offset: 0 })).items.map((o) => o.id),
        [point.id],
      );
      // The public office finder looks a postcode up: the one office holding it.
      const byPostcode = await core.offices.list({ postcode: point.postcode, limit: 10, offset: 0 });
      assert.deepEqual([byPostcode.total, byPostcode.items[0]?.id], [1, point.id]);
    });

    test('bad input is refused naming the field, and nothing is written', async () => {
      const before = (await createJournal({ cell: coreCell, db: cell.db, clock }).head()).seq;
      await rejects(base({ postcode: '1110' }), 'invalid_office', 'postcode');
      await rejects(base({ postcode: '11100' }), 'postcode_taken', 'postcode');
      await rejects(base({ postcode: '11102', commune_code: '99999' }), 'commune_not_found', 'commune_code');
      await rejects(base({ postcode: '11102', commune_code: 'abc' }), 'invalid_office', 'commune_code');
      await rejects(base({ postcode: '11102', phone: '0123' }), 'invalid_phone');
      await rejects(base({ postcode: '11102', name: ' ' }), 'invalid_office', 'name');
      await rejects(base({ postcode: '11102', type: 'kiosk' }), 'invalid_office', 'type');
      await rejects(base({ postcode: '11102', parent_id: corp }), 'invalid_office_parent', 'parent_id');
      await rejects(base({ postcode: '11102', parent_id: newId('ofc') }), 'office_not_found');
      // An office of Hà Nội cannot report to another province's post.
      const hue = await core.offices.open(
        base({
          type: 'provincial_post',
          name: 'Bưu điện Thành phố Huế',
          postcode: '53000',
          commune_code: '19753',
          parent_id: corp,
        }),
        'stf_manager',
      );
      await rejects(base({ postcode: '11102', parent_id: hue.id }), 'invalid_office_parent', 'parent_id');
      // A batch with one bad row writes none of its rows.
      await assert.rejects(
        core.offices.openMany([base({ postcode: '11103' }), base({ postcode: '11103' })], 'stf_manager'),
        /row 2: Postcode 11103/,
      );
      assert.equal(
        (await core.offices.list({ limit: 50, offset: 0 })).items.some((o) => o.postcode === '11103'),
        false,
      );
      const afterSeq = (await createJournal({ cell: coreCell, db: cell.db, clock }).head()).seq;
      assert.equal(afterSeq, before + 1n); // only Huế's provincial post
    });

    test('moving and closing are events; a parent with open offices cannot close; postcodes stay taken', async () => {
      const office = (await core.offices.list({ type: 'post_office', limit: 1, offset: 0 })).items[0]!;
      const moved = await core.offices.move(
        office.id,
        { commune_code: '00025', address: '5 Giảng Võ' },
        'stf_manager',
      );
      assert.deepEqual(
        [moved.commune_code, moved.address, moved.postcode],
        ['00025', '5 Giảng Võ', office.postcode],
      );
      await assert.rejects(
        core.offices.move(office.id, { commune_code: '19753', address: 'Huế' }, 'stf_manager'),
        (err: unknown) => isDomainError(err) && err.code === 'invalid_office_parent',
      );
      await assert.rejects(
        core.offices.close(office.id, 'sáp nhập', 'stf_manager'),
        (err: unknown) => isDomainError(err) && err.code === 'office_has_open_children',
      );
      const point = (await core.offices.list({ parent: office.id, limit: 1, offset: 0 })).items[0]!;
      const closed = await core.offices.close(point.id, 'Sáp nhập vào bưu cục', 'stf_manager');
      assert.equal(closed.status, 'closed');
      assert.equal(closed.closed_at, clock.now().toISOString());
      await core.offices.close(office.id, 'Sáp nhập', 'stf_manager');
      await rejects(base({ postcode: point.postcode }), 'postcode_taken', 'postcode');
      await assert.rejects(
        core.offices.close(office.id, 'again', 'stf_manager'),
        (err: unknown) => isDomainError(err) && err.code === 'office_closed',
      );
      const report = await verifyCell({ cell: coreCell, db: cell.db, storage: t.storage, clock });
      assert.equal(report.ok, true, JSON.stringify(report.failures));
    });
  });
}
