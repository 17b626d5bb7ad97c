// The catalogue's routes in process, on SQLite: who may import a file and assign an officer, the file as
// CSV and as XLSX bodies, the refusal naming rows and columns. The principals are given by a stand-in for the
// core cell's sign-in; the check is the core cell's own authorize().
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { pino } from 'pino';
import { coreAuthorizer } from '../../../access.ts';
import { ERROR_STATUS } from '../../../error-status.ts';
import { HttpError } from '../../../http/errors.ts';
import { buildServer, type Server } from '../../../http/server.ts';
import { ManualClock } from '../../../platform/clock.ts';
import type { Principal, Role } from '../../core/index.ts';
import { catalogueRoutes, DEMO_CATALOGUE_FILE, type OfficerAccount } from './index.ts';
import { XLSX_TYPE } from './catalogue.routes.ts';
import { openTestCatalogue, type TestCatalogue } from './testing.ts';

const clock = new ManualClock('2026-12-07T02:00:00.000Z');
const DEMO = readFileSync(DEMO_CATALOGUE_FILE);
const HANOI_FILE = Buffer.from(
  DEMO.toString('utf8')
    .split('\n')
    .filter((l, i) => i === 0 || l.includes('.H01,'))
    .join('\n'),
);

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
  hcc01: who('stf_hcc01', 'agency_officer', '01'),
  clerk: who('stf_clerk', 'counter_clerk', '01'),
};
const ACCOUNTS: Record<string, OfficerAccount> = {
  stf_hcc01: { id: 'stf_hcc01', status: 'active', roles: ['agency_officer'], province_code: '01' },
  stf_clerk: { id: 'stf_clerk', status: 'active', roles: ['counter_clerk'], province_code: '01' },
};
// The services codes are mapped by the cell's wiring; here, the statuses this test expects.
const STATUS = {
  ...ERROR_STATUS,
  invalid_catalogue: 422,
  procedure_not_found: 404,
  agency_not_found: 404,
  not_your_agency: 403,
  officer_not_eligible: 422,
};

describe('services catalogue over HTTP', () => {
  let c: TestCatalogue;
  let app: Server;
  const call = async (
    as: string | null,
    method: 'GET' | 'POST',
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
    c = await openTestCatalogue('sqlite', clock);
    app = await buildServer({
      logger: pino({ level: 'silent' }),
      version: 'test',
      readiness: [],
      routes: [
        catalogueRoutes(c.catalogue, {
          account: async (id) => {
            const a = ACCOUNTS[id];
            if (a === undefined) throw new HttpError('not_found', `no account ${id}`, 'không có');
            return a;
          },
        }),
      ],
      authenticate: async ({ bearer }) => {
        const p = PEOPLE[bearer ?? ''];
        if (p === undefined) throw new HttpError('authentication_required', 'sign in', 'đăng nhập');
        return p;
      },
      authorizer: coreAuthorizer,
      errorStatus: STATUS,
    });
  });
  after(async () => {
    await app.close();
    await c.t.cleanup();
  });

  test('an administrator imports a province’s file; a clerk or another province’s manager may not', async () => {
    const refused = await call('clerk', 'POST', '/v1/services/catalogue?province=01', HANOI_FILE, 'text/csv');
    assert.deepEqual([refused.status, refused.body['code']], [403, 'permission_missing']);
    const elsewhere = await call(
      'qlt48',
      'POST',
      '/v1/services/catalogue?province=01',
      HANOI_FILE,
      'text/csv',
    );
    assert.deepEqual([elsewhere.status, elsewhere.body['code']], [403, 'office_out_of_scope']);
    const anonymous = await call(null, 'POST', '/v1/services/catalogue?province=01', HANOI_FILE, 'text/csv');
    assert.equal(anonymous.status, 401);
    const wrong = await call('qlt01', 'POST', '/v1/services/catalogue?province=01', DEMO, 'text/csv');
    assert.deepEqual([wrong.status, wrong.body['code']], [422, 'invalid_catalogue']);
    assert.match(String(wrong.body['message']), /column ma_tinh: is 48, but this import is for province 01/);
    assert.equal((await c.journal.head()).seq, 0n);
    const ok = await call(
      'qlt01',
      'POST',
      '/v1/services/catalogue?province=01&file_name=hn.csv',
      HANOI_FILE,
      'text/csv',
    );
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.deepEqual([ok.body['seq'], (ok.body['file'] as { name: string }).name], ['1', 'hn.csv']);
    const again = await call('admin', 'POST', '/v1/services/catalogue?province=01', HANOI_FILE, 'text/csv');
    assert.equal(again.body['seq'], null);
  });

  test('the same file as XLSX is the same catalogue; a bad sheet names its row', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Danh mục');
    const rows: string[][] = parse(HANOI_FILE);
    for (const row of rows) sheet.addRow(row);
    const xlsx = Buffer.from(await book.xlsx.writeBuffer());
    const same = await call('admin', 'POST', '/v1/services/catalogue?province=01', xlsx, XLSX_TYPE);
    assert.deepEqual([same.status, same.body['seq']], [200, null]);
    sheet.getRow(3).getCell(13).value = '12,5';
    const bad = await call(
      'admin',
      'POST',
      '/v1/services/catalogue?province=01',
      Buffer.from(await book.xlsx.writeBuffer()),
      XLSX_TYPE,
    );
    assert.deepEqual([bad.status, bad.body['code']], [422, 'invalid_catalogue']);
    assert.deepEqual((bad.body['details'] as { problems: unknown[] }).problems, [
      {
        row: 3,
        field: 'le_phi',
        message: 'must be a whole number of đồng, 0 or more, without separators (e.g. 200000)',
        message_vi: 'lệ phí phải là số đồng nguyên, không có dấu chấm hay phẩy (ví dụ 200000)',
      },
    ]);
  });

  test('signed-in staff search the catalogue and read a procedure', async () => {
    assert.equal((await call(null, 'GET', '/v1/services/procedures?q=khai%20sinh')).status, 401);
    const found = await call('clerk', 'GET', '/v1/services/procedures?q=ly%20lich%20tu%20phap');
    assert.equal(found.status, 200);
    const items = found.body['items'] as Array<Record<string, unknown>>;
    assert.deepEqual(
      items.map((p) => [p['code'], p['agency_charge'], p['agency_name']]),
      [
        ['2.000488.000.00.00.H01', '200000', 'Sở Tư pháp thành phố Hà Nội'],
        ['2.000505.000.00.00.H01', '200000', 'Sở Tư pháp thành phố Hà Nội'],
      ],
    );
    const one = await call('hcc01', 'GET', '/v1/services/procedures/1.002809.000.00.00.H01');
    assert.deepEqual([one.body['agency_fee'], one.body['deadline_days']], ['135000', 5]);
    assert.equal((await call('clerk', 'GET', '/v1/services/procedures/1.000000.000.00.00.H01')).status, 404);
    const agencies = await call('clerk', 'GET', '/v1/services/agencies?province=01');
    assert.ok((agencies.body['items'] as unknown[]).length >= 5);
  });

  test('a provincial manager assigns an agency officer, who then imports only their agency’s procedures', async () => {
    const url = '/v1/services/agencies/H01.STP/officers';
    assert.equal(
      (await call('qlt48', 'POST', url, { staff_id: 'stf_hcc01' }, 'application/json')).status,
      403,
    );
    assert.equal(
      (await call('hcc01', 'POST', url, { staff_id: 'stf_hcc01' }, 'application/json')).status,
      403,
    );
    const clerk = await call('qlt01', 'POST', url, { staff_id: 'stf_clerk' }, 'application/json');
    assert.deepEqual([clerk.status, clerk.body['code']], [422, 'officer_not_eligible']);
    const before = await call('hcc01', 'POST', '/v1/services/catalogue?province=01', HANOI_FILE, 'text/csv');
    assert.deepEqual([before.status, before.body['code']], [403, 'not_your_agency']);
    const done = await call('qlt01', 'POST', url, { staff_id: 'stf_hcc01' }, 'application/json');
    assert.deepEqual([done.status, (done.body['agency'] as { code: string }).code], [200, 'H01.STP']);
    const all = await call('hcc01', 'POST', '/v1/services/catalogue?province=01', HANOI_FILE, 'text/csv');
    assert.deepEqual([all.status, all.body['code']], [422, 'invalid_catalogue']);
    assert.match(String(all.body['message_vi']), /bạn chỉ được nạp thủ tục của cơ quan H01\.STP/);
    const own = Buffer.from(
      HANOI_FILE.toString('utf8')
        .split('\n')
        .filter((l, i) => i === 0 || l.includes(',H01.STP,'))
        .join('\n')
        .replaceAll(',200000,35000,30000,10,', ',200000,35000,30000,12,'),
    );
    const mine = await call('hcc01', 'POST', '/v1/services/catalogue?province=01', own, 'text/csv');
    assert.deepEqual([mine.status, (mine.body['procedures'] as { changed: number }).changed], [200, 2]);
  });
});
