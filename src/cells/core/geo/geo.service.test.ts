import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../../../platform/clock.ts';
import { createJournal, verifyCell } from '../../../journal/index.ts';
import type { CellDatabase } from '../../../storage/index.ts';
import { dialectsUnderTest, type TestStorage } from '../../../storage/testing.ts';
import { DIVISIONS, openTestCore } from '../testing.ts';
import { CoreError, coreCell, type Core, type CoreTables } from '../index.ts';
import { provinceLoaded, provinceSchema } from './index.ts';
import { sql } from 'kysely';

const divisions = DIVISIONS;
const clock = new ManualClock('2026-11-25T01:00:00.000Z');

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`core geography on ${dialect}`, { skip }, () => {
    let t: TestStorage;
    let cell: CellDatabase<CoreTables>;
    let core: Core;

    before(async () => {
      ({ t, cell, core } = await openTestCore(dialect, clock, false));
    });
    after(async () => {
      await t.cleanup();
    });

    test('a malformed divisions file is refused whole, naming the row and field', async () => {
      const bad = structuredClone(divisions) as Array<{ communes: Array<{ name: unknown; code: unknown }> }>;
      bad[2]!.communes[4]!.name = 42;
      await assert.rejects(core.geo.loadDivisions(bad, 'test'), (err: unknown) => {
        assert.ok(err instanceof CoreError);
        assert.equal(err.code, 'invalid_geography');
        assert.match(err.message, /province row 3, commune row 5, field name/);
        return true;
      });
      const dup = structuredClone(divisions) as Array<{ communes: Array<{ code: number }> }>;
      dup[1]!.communes[0]!.code = dup[0]!.communes[0]!.code;
      await assert.rejects(core.geo.loadDivisions(dup, 'test'), /commune code 00004 appears twice/);
      assert.equal(await core.geo.isLoaded(), false);
      assert.equal((await core.geo.listProvinces()).length, 0);
    });

    test('loads 34 provinces and 3,321 communes through the journal, once', async () => {
      const r = await core.geo.loadDivisions(divisions, 'system:test');
      assert.deepEqual(r, { provinces: 34, communes: 3321, loaded: true });
      const again = await core.geo.loadDivisions(divisions, 'system:test');
      assert.equal(again.loaded, false);
      const provinces = await core.geo.listProvinces();
      assert.equal(provinces.length, 34);
      assert.equal(
        provinces.reduce((n, p) => n + p.commune_count, 0),
        3321,
      );
      assert.deepEqual(provinces[0], {
        code: '01',
        name: 'Thành phố Hà Nội',
        type: 'thành phố trung ương',
        phone_code: '024',
        commune_count: 126,
      });
      const report = await verifyCell({ cell: coreCell, db: cell.db, storage: t.storage, clock });
      assert.equal(report.ok, true, JSON.stringify(report.failures));
      assert.equal(report.events, '34');
    });

    test('whether the geography is loaded is decided by the journal, not by the tables', async () => {
      await sql`delete from geo_commune where province_code = '96'`.execute(cell.db);
      await sql`delete from geo_province where code = '96'`.execute(cell.db);
      const head = await createJournal({ cell: coreCell, db: cell.db, clock }).head();
      assert.deepEqual(await core.geo.loadDivisions(divisions, 'system:test'), {
        provinces: 0,
        communes: 0,
        loaded: false,
      });
      assert.deepEqual(await createJournal({ cell: coreCell, db: cell.db, clock }).head(), head);
      const report = await verifyCell({ cell: coreCell, db: cell.db, storage: t.storage, clock });
      assert.equal(report.ok, false);
      assert.deepEqual(
        report.failures.map((f) => [f.check, f.table, f.key]),
        [
          ['projection', 'geo_province', { code: '96' }],
          ['projection', 'geo_commune', { code: report.failures[1]!.key!['code']! }],
        ],
      );
      // Put the rows back the way the journal says, so the tests after this one see the whole country.
      const event = (await createJournal({ cell: coreCell, db: cell.db, clock }).readAfter(0n, 100)).find(
        (e) => (e.payload as { code: number }).code === 96,
      )!;
      await provinceLoaded.apply(cell.db, { ...event, payload: provinceSchema.parse(event.payload) });
      assert.equal((await verifyCell({ cell: coreCell, db: cell.db, storage: t.storage, clock })).ok, true);
    });

    test('search is accent- and case-insensitive and both tone placements match', async () => {
      const codes = async (q: string) =>
        (await core.geo.searchCommunes({ q, limit: 500, offset: 0 })).items.map((c) => c.code);
      const plain = await codes('hoa binh');
      assert.ok(plain.length >= 2);
      assert.ok(plain.includes('04795'));
      assert.deepEqual(await codes('Hoà Bình'), plain);
      assert.deepEqual(await codes('Hòa Bình'), plain);
      assert.deepEqual(await codes('HÒA BÌNH'), plain);
      // Every word must start a word of the name, and whole-phrase matches come first.
      const hb = (await core.geo.searchCommunes({ q: 'hoa binh', limit: 500, offset: 0 })).items.map(
        (c) => c.name,
      );
      assert.ok(hb.every((n) => /Hòa|Hoà/.test(n) && /Bình/.test(n)));
      assert.ok(hb.indexOf('Phường Bình Hòa') > hb.lastIndexOf('Phường Hòa Bình'));
      const bh = await core.geo.searchCommunes({ q: 'binh hoa', limit: 3, offset: 0 });
      assert.match(bh.items[0]!.name, /Bình Hòa/);
      assert.equal((await core.geo.searchCommunes({ q: 'inh', limit: 5, offset: 0 })).total, 0);
      // A LIKE wildcard in the query is a character, not a pattern.
      assert.equal((await core.geo.searchCommunes({ q: '%', limit: 5, offset: 0 })).total, 0);
    });

    test('communes of a province are paginated and add up', async () => {
      const first = await core.geo.listCommunes('01', { limit: 100, offset: 0 });
      const second = await core.geo.listCommunes('01', { limit: 100, offset: 100 });
      assert.equal(first.total, 126);
      assert.equal(first.items.length, 100);
      assert.equal(second.items.length, 26);
      assert.equal(first.items[0]!.code, '00004');
      assert.equal(new Set([...first.items, ...second.items].map((c) => c.code)).size, 126);
      const all = await core.geo.searchCommunes({ limit: 1, offset: 0 });
      assert.equal(all.total, 3321);
      await assert.rejects(
        core.geo.listCommunes('03', { limit: 10, offset: 0 }),
        (err: unknown) => err instanceof CoreError && err.code === 'province_not_found',
      );
    });
  });
}
