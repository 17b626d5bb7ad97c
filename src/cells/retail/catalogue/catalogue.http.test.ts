// The catalogue's routes in process, on both dialects: reads for anyone signed in; a Hà Nội manager editing
// Hà Nội's products and prices and importing Hà Nội's file; another province's manager, a clerk and anyone on
// national goods refused with nothing written (the journal head unchanged); refusals naming row and column.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { pino } from 'pino';
import { coreAuthorizer } from '../../../access.ts';
import { ERROR_STATUS } from '../../../error-status.ts';
import { HttpError } from '../../../http/errors.ts';
import { buildServer, type Server } from '../../../http/server.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { dialectsUnderTest } from '../../../storage/testing.ts';
import type { Principal, Role } from '../../core/index.ts';
import { openRetailCell, type RetailCellUnderTest } from '../testing.ts';
import { catalogueRoutes, createCatalogue, loadDemoCatalogue, type Catalogue } from './index.ts';
import { XLSX_TYPE } from './catalogue.routes.ts';
import { PROVINCES } from './testing.ts';

const clock = new ManualClock('2026-12-08T02:00:00.000Z');
const who = (id: string, role: Role, provinceCode: string): Principal => ({
  id,
  officeId: `ofc_${provinceCode}`,
  provinceCode,
  roles: [role],
});
const PEOPLE: Record<string, Principal> = {
  admin: who('stf_admin', 'system_admin', '01'),
  qlt01: who('stf_qlt01', 'provincial_manager', '01'),
  qlt48: who('stf_qlt48', 'provincial_manager', '48'),
  clerk: who('stf_clerk', 'counter_clerk', '01'),
};
const OMAI = {
  name_vi: 'Ô mai Hàng Đường hộp quà 500 g',
  name_en: 'Hàng Đường ô mai gift box 500 g',
  unit: 'hộp',
  vat_rate: 10,
  category: 'local_specialities',
  supplier_code: 'NCC-OCOP-BD',
  local_province: '01',
  ocop_stars: 5,
  province_code: '01',
  active: true,
};
const LIST = { province_code: '01', kind: 'list', valid_from: '2027-01-01', valid_to: null, price: '199000' };

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`retail catalogue over HTTP on ${dialect}`, { skip }, () => {
    let c: RetailCellUnderTest;
    let catalogue: Catalogue;
    let app: Server;
    const head = async () => (await c.journal.head()).seq;
    const call = async (
      as: string | null,
      method: 'GET' | 'POST' | 'PUT',
      url: string,
      body?: unknown,
      type?: string,
    ) => {
      const r = await app.inject({
        method,
        url,
        headers: {
          ...(as === null ? {} : { authorization: `Bearer ${as}` }),
          ...(type === undefined ? {} : { 'content-type': type }),
        },
        ...(body === undefined ? {} : { payload: body as string }),
      });
      return { status: r.statusCode, body: r.json<Record<string, unknown>>() };
    };

    before(async () => {
      c = await openRetailCell(dialect, clock);
      catalogue = createCatalogue({ db: c.db, journal: c.journal, clock, provinces: async () => PROVINCES });
      await loadDemoCatalogue(catalogue, 'stf_admin');
      app = await buildServer({
        logger: pino({ level: 'silent' }),
        version: 'test',
        readiness: [],
        routes: [catalogueRoutes(catalogue)],
        authenticate: async ({ bearer }) => {
          const p = PEOPLE[bearer ?? ''];
          if (p === undefined) throw new HttpError('authentication_required', 'sign in', 'đăng nhập');
          return p;
        },
        authorizer: coreAuthorizer,
        errorStatus: ERROR_STATUS,
      });
    });
    after(async () => {
      await app?.close();
      await c?.close();
    });

    test('anyone signed in reads: search without accents, a product, a price list, suppliers', async () => {
      const found = await call('clerk', 'GET', '/v1/retail/products?q=nuoc%20mam%20phu%20quoc&limit=5');
      assert.equal(found.status, 200);
      assert.ok((found.body['items'] as Array<{ code: string }>).some((p) => p.code === 'NM-PQ-KH40'));
      const card = await call('clerk', 'GET', '/v1/retail/products/tra-atiso-dl');
      assert.equal(card.status, 200);
      assert.equal((card.body['product'] as { local_province: string }).local_province, '68');
      const list = await call('clerk', 'GET', '/v1/retail/provinces/79/prices?day=2026-12-10&limit=3');
      assert.equal(list.status, 200);
      assert.equal((list.body['items'] as unknown[]).length, 3);
      assert.ok((list.body['total'] as number) >= 300);
      assert.equal((await call('clerk', 'GET', '/v1/retail/suppliers')).status, 200);
      assert.equal((await call(null, 'GET', '/v1/retail/suppliers')).status, 401);
      const missing = await call('clerk', 'GET', '/v1/retail/products/NOPE-1');
      assert.deepEqual([missing.status, missing.body['code']], [404, 'product_not_found']);
    });

    test('another province’s manager, a clerk, and anyone on national goods are refused; nothing is written', async () => {
      const before = await head();
      const cases: Array<[string, 'PUT' | 'POST', string, unknown, string]> = [
        ['qlt48', 'PUT', '/v1/retail/products/OMAI-HD', OMAI, 'office_out_of_scope'],
        // Moving a Hà Nội product to one's own province is still editing Hà Nội's.
        [
          'qlt48',
          'PUT',
          '/v1/retail/products/OMAI-HD',
          { ...OMAI, province_code: '48' },
          'office_out_of_scope',
        ],
        ['qlt48', 'POST', '/v1/retail/products/OMAI-HD/prices', LIST, 'office_out_of_scope'],
        ['clerk', 'PUT', '/v1/retail/products/OMAI-HD', OMAI, 'permission_missing'],
        ['clerk', 'POST', '/v1/retail/products/OMAI-HD/prices', LIST, 'permission_missing'],
        // Hà Nội's own manager cannot give a Hà Nội product away, nor touch national goods.
        [
          'qlt01',
          'PUT',
          '/v1/retail/products/OMAI-HD',
          { ...OMAI, province_code: '48' },
          'office_out_of_scope',
        ],
        [
          'qlt01',
          'PUT',
          '/v1/retail/products/TEM-5000',
          { ...OMAI, category: 'stamps', province_code: '01' },
          'office_out_of_scope',
        ],
        [
          'admin',
          'PUT',
          '/v1/retail/products/TEM-5000',
          { ...OMAI, province_code: null },
          'permission_missing',
        ],
      ];
      for (const [as, method, url, body, code] of cases) {
        const r = await call(as, method, url, body);
        assert.deepEqual([r.status, r.body['code']], [403, code], `${as} ${method} ${url}`);
      }
      const file = 'ma_hang,ma_tinh,loai,tu_ngay,den_ngay,gia\nOMAI-HD,01,niem_yet,2027-01-01,,1000\n';
      const imp = await call('qlt48', 'POST', '/v1/retail/catalogue?province=01', file, 'text/csv');
      assert.deepEqual([imp.status, imp.body['code']], [403, 'office_out_of_scope']);
      assert.equal(await head(), before);
    });

    test('the Hà Nội manager edits a Hà Nội product and its price; refusals name the field', async () => {
      const saved = await call('qlt01', 'PUT', '/v1/retail/products/omai-hd', { ...OMAI, ocop_stars: 5 });
      assert.equal(saved.status, 200);
      assert.equal(saved.body['ocop_stars'], 5);
      assert.match(saved.body['barcode'] as string, /^2\d{12}$/);
      const priced = await call('qlt01', 'POST', '/v1/retail/products/OMAI-HD/prices', LIST);
      assert.equal(priced.status, 200);
      const lists = (priced.body['prices'] as Array<Record<string, unknown>>).filter(
        (p) => p['province_code'] === '01' && p['kind'] === 'list',
      );
      assert.deepEqual(
        lists.map((p) => [p['valid_from'], p['valid_to']]),
        [
          ['2026-01-01', '2026-12-31'],
          ['2027-01-01', null],
        ],
      );
      const before = await head();
      const bad = await call('qlt01', 'PUT', '/v1/retail/products/OMAI-HD', {
        ...OMAI,
        barcode: '8934588013011',
      });
      assert.deepEqual(
        [bad.status, bad.body['code'], (bad.body['details'] as { field: string }).field],
        [400, 'invalid_barcode', 'barcode'],
      );
      assert.match(bad.body['message_vi'] as string, /mã vạch/);
      const promo = await call('qlt01', 'POST', '/v1/retail/products/QLN-HN-MOCKHOA/prices', {
        ...LIST,
        kind: 'promotion',
        valid_from: '2025-01-01',
        valid_to: '2025-01-05',
      });
      assert.deepEqual(
        [promo.status, (promo.body['details'] as { field: string }).field],
        [400, 'valid_from'],
      );
      const vat = await call('qlt01', 'PUT', '/v1/retail/products/OMAI-HD', { ...OMAI, vat_rate: 7 });
      assert.equal(vat.status, 400);
      assert.equal(await head(), before);
    });

    test('the Hà Nội manager imports Hà Nội’s file (CSV or XLSX); a bad one is refused row by row', async () => {
      const before = await head();
      const bad = await call(
        'qlt01',
        'POST',
        '/v1/retail/catalogue?province=01',
        'ma_hang,ma_tinh,loai,tu_ngay,den_ngay,gia\nCOM-VONG,01,niem_yet,2027-01-01,,-5\nCOM-VONG,48,niem_yet,2027-01-01,,5000\n',
        'text/csv',
      );
      assert.equal(bad.status, 400);
      const problems = (bad.body['details'] as { problems: Array<{ row: number; field: string }> }).problems;
      assert.deepEqual(
        problems.map((p) => `${p.row} ${p.field}`),
        ['2 gia', '3 ma_tinh'],
      );
      assert.equal(await head(), before);
      const book = new ExcelJS.Workbook();
      const sheet = book.addWorksheet('Giá');
      sheet.addRow(['ma_hang', 'ma_tinh', 'loai', 'tu_ngay', 'den_ngay', 'gia']);
      sheet.addRow(['COM-VONG', 1, 'niem_yet', '2027-02-01', '', 125000]);
      const xlsx = Buffer.from(await book.xlsx.writeBuffer());
      const ok = await call(
        'qlt01',
        'POST',
        '/v1/retail/catalogue?province=01&file_name=gia.xlsx',
        xlsx,
        XLSX_TYPE,
      );
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.deepEqual(ok.body['prices'], { added: 1, changed: 1, unchanged: 0 });
      const again = await call(
        'qlt01',
        'POST',
        '/v1/retail/catalogue?province=01&file_name=gia.xlsx',
        xlsx,
        XLSX_TYPE,
      );
      assert.equal(again.body['seq'], null);
    });
  });
}
