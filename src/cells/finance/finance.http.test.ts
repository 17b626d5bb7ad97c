// The finance API end to end on both dialects: a manager funds the vault, a clerk opens, moves and counts
// up a till with a colleague as checker, the manager closes it; reports; refusals by role, office and input.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { pino } from 'pino';
import { buildApp, openPlatform, type Platform } from '../../app.ts';
import type { Server } from '../../http/server.ts';
import { ManualClock } from '../../platform/clock.ts';
import { dialectsUnderTest, testPlace, type TestPlace } from '../../storage/testing.ts';
import { callApi, openTestHierarchy, testConfig } from '../../testing.ts';
import { accountId } from './index.ts';

const PASSWORD = 'gánh hàng rong qua cầu';

/** The fields these tests read from the answers. */
interface Body {
  code?: string;
  message?: string;
  message_vi?: string;
  results?: Array<{ result: string }>;
  session?: { id: string; status: string; cash: string };
  movement?: { id: string };
  status?: string;
  cash?: string;
  variance?: string;
  vault?: string;
  total?: string;
  balanced?: boolean;
  total_debits?: string;
  total_credits?: string;
  lines?: Array<{ code: number; debit_balance: string }>;
  takings?: Array<{ kind: string; count: number; cash_in: string; cash_out: string }>;
}

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`finance API on ${dialect}`, { skip }, () => {
    const clock = new ManualClock('2026-11-25T01:00:00.000Z');
    let place: TestPlace;
    let platform: Platform;
    let app: Server;
    let office: string;
    let other: string;
    const cookie: Record<string, string> = {};

    /** A request as a signed-in person; a write carries a fresh key, as the web app sends. */
    const call = (method: 'GET' | 'POST', url: string, who: string, payload?: unknown) =>
      callApi<Body>(app, { method, url, cookie: cookie[who]!, payload });

    before(async () => {
      place = testPlace(dialect);
      platform = await openPlatform(testConfig(place), { clock });
      app = await buildApp(platform, pino({ level: 'silent' }));
      const { hanoi } = await openTestHierarchy(platform.core);
      const open = (name: string, postcode: string) =>
        platform.core.offices.open(
          {
            type: 'post_office',
            name,
            postcode,
            commune_code: '00004',
            address: 'Số 1',
            opening_hours: '7:00–19:00',
            parent_id: hanoi.id,
          },
          'system:test',
        );
      office = (await open('Bưu cục Ba Đình', '11100')).id;
      other = (await open('Bưu cục Hoàn Kiếm', '11200')).id;
      await platform.sync();
      let n = 0;
      for (const [username, roles, at] of [
        ['lan', ['counter_clerk'], office],
        ['mai', ['counter_clerk'], office],
        ['hung', ['office_manager'], office],
        ['tuan', ['counter_clerk'], other],
      ] as const) {
        n++;
        await platform.core.staff.add(
          {
            username: `${username}.bd`,
            full_name: `Nguyễn Văn ${username}`,
            cccd: `00108500010${n}`,
            phone: `091234560${n}`,
            office_id: at,
            roles: [...roles],
            password: PASSWORD,
          },
          'system:test',
        );
        const r = await callApi(app, {
          method: 'POST',
          url: '/v1/auth/sign-in',
          payload: { username: `${username}.bd`, password: PASSWORD },
        });
        cookie[username] = r.cookie!;
      }
    });
    after(async () => {
      await app.close();
      await platform.close();
      await place.remove();
    });

    test('the day of a till, over HTTP', async () => {
      // The manager brings 50,000,000 into the vault from head office.
      const fund = await call('POST', `/v1/finance/offices/${office}/transfers`, 'hung', {
        transfers: [
          {
            id: 'cash-in-1',
            debit_account_id: accountId(office, 'vault_cash'),
            credit_account_id: accountId(office, 'settlement'),
            amount: '50000000',
            code: 900,
          },
        ],
      });
      assert.equal(fund.status, 200, JSON.stringify(fund.body));
      assert.equal(fund.body.results![0]!.result, 'created');
      // A clerk cannot move the office's money by hand; a manager cannot touch another office's accounts.
      const clerk = await call('POST', `/v1/finance/offices/${office}/transfers`, 'lan', {
        transfers: [{ id: 'x', amount: '1', code: 1 }],
      });
      assert.deepEqual([clerk.status, clerk.body.code], [403, 'permission_missing']);
      const elsewhere = await call('POST', `/v1/finance/offices/${other}/transfers`, 'hung', {
        transfers: [{ id: 'x', amount: '1', code: 1 }],
      });
      assert.deepEqual([elsewhere.status, elsewhere.body.code], [403, 'office_out_of_scope']);
      const overdraw = await call('POST', `/v1/finance/offices/${office}/transfers`, 'hung', {
        transfers: [
          {
            id: 'too-much',
            debit_account_id: accountId(office, 'settlement'),
            credit_account_id: accountId(office, 'vault_cash'),
            amount: '50000001',
            code: 900,
          },
        ],
      });
      assert.deepEqual([overdraw.status, overdraw.body.results![0]!.result], [422, 'exceeds_debits']);

      // Lan opens her till; the float's count must add up.
      const bad = await call('POST', `/v1/finance/offices/${office}/tills`, 'lan', {
        amount: '2000000',
        denominations: { '500000': 3 },
      });
      assert.deepEqual([bad.status, bad.body.code], [400, 'denominations_do_not_add_up']);
      assert.match(String(bad.body.message_vi), /đếm lại/);
      const opened = await call('POST', `/v1/finance/offices/${office}/tills`, 'lan', {
        amount: '2000000',
        denominations: { '500000': 4 },
      });
      assert.equal(opened.status, 201, JSON.stringify(opened.body));
      const session = opened.body.session!;
      assert.equal(session.status, 'opening');
      const mine = await call('POST', `/v1/finance/moves/${opened.body.movement!.id}/decision`, 'lan', {
        confirm: true,
      });
      assert.deepEqual([mine.status, mine.body.code], [403, 'same_person']);
      const stranger = await call('POST', `/v1/finance/moves/${opened.body.movement!.id}/decision`, 'tuan', {
        confirm: true,
      });
      assert.deepEqual([stranger.status, stranger.body.code], [403, 'office_out_of_scope']);
      const ok = await call('POST', `/v1/finance/moves/${opened.body.movement!.id}/decision`, 'mai', {
        confirm: true,
      });
      assert.equal(ok.status, 200);
      const live = (await call('GET', `/v1/finance/tills/${session.id}`, 'lan')).body;
      assert.equal(live.session!.cash, '2000000');
      // The clerk reads the session's cash by kind: so far only the float from the vault.
      assert.deepEqual(live.takings, [{ kind: 'vault', count: 1, cash_in: '2000000', cash_out: '0' }]);

      // Cash-up short by 70,000: above the threshold, so Mai cannot close it; Hùng, the manager, can.
      const up = await call('POST', `/v1/finance/tills/${session.id}/cash-up`, 'lan', {
        amount: '1930000',
        denominations: { '500000': 3, '200000': 2, '10000': 3 },
        reason: 'Thiếu chưa rõ lý do',
      });
      assert.equal(up.status, 200, JSON.stringify(up.body));
      assert.equal(up.body.variance, '-70000');
      const byMai = await call('POST', `/v1/finance/tills/${session.id}/close`, 'mai');
      assert.deepEqual([byMai.status, byMai.body.code], [403, 'variance_needs_manager']);
      const closed = await call('POST', `/v1/finance/tills/${session.id}/close`, 'hung');
      assert.deepEqual([closed.status, closed.body.status, closed.body.cash], [200, 'closed', '0']);
      assert.deepEqual((await call('GET', `/v1/finance/tills/${session.id}`, 'lan')).body.takings, [
        { kind: 'vault', count: 3, cash_in: '2000000', cash_out: '2000000' },
      ]);

      const position = await call('GET', `/v1/finance/offices/${office}/cash-position`, 'hung');
      assert.deepEqual([position.body.vault, position.body.total], ['49930000', '49930000']);
      const tb = await call('GET', `/v1/finance/offices/${office}/trial-balance?day=2026-11-25`, 'hung');
      assert.equal(tb.status, 200);
      assert.equal(tb.body.balanced, true);
      assert.equal(tb.body.total_debits, tb.body.total_credits);
      const overShort = tb.body.lines!.find((l) => l.code === 5011)!;
      assert.equal(overShort.debit_balance, '70000');
      const csv = await call('GET', `/v1/finance/offices/${office}/trial-balance.csv?day=2026-11-25`, 'hung');
      assert.match(csv.type, /text\/csv/);
      assert.ok(csv.text.startsWith('\uFEFFMã TK,Tên tài khoản'));
      assert.match(csv.text, /5011,Thừa thiếu quỹ — Bưu cục Ba Đình,0,70000,0,70000,0/);
      const moves = await call('GET', `/v1/finance/tills/${session.id}/moves.csv`, 'lan');
      assert.match(moves.text, /Két → quầy,2000000/);
      const positionCsv = await call('GET', `/v1/finance/offices/${office}/cash-position.csv`, 'hung');
      assert.match(positionCsv.text, /Két bưu cục,,49930000,/);
      assert.match(positionCsv.text, /Tổng cộng,,49930000,/);
      for (const url of [
        `/v1/finance/offices/${office}/trial-balance.pdf?day=2026-11-25`,
        `/v1/finance/tills/${session.id}/report.pdf`,
        `/v1/finance/offices/${office}/cash-position.pdf`,
      ]) {
        const res = await call('GET', url, 'hung');
        assert.equal(res.status, 200, url);
        assert.equal(res.type, 'application/pdf');
        assert.equal(res.raw.subarray(0, 5).toString(), '%PDF-');
        assert.ok(res.raw.includes('DejaVuSans'));
        if (process.env['POSTCORE_KEEP_PDF'] !== undefined)
          writeFileSync(
            `${process.env['POSTCORE_KEEP_PDF']}/${url.split('/').pop()!.split('?')[0]}`,
            res.raw,
          );
      }
      // A clerk does not read the office's books.
      assert.equal(
        (await call('GET', `/v1/finance/offices/${office}/trial-balance?day=2026-11-25`, 'lan')).status,
        403,
      );
      const badDay = await call('GET', `/v1/finance/offices/${office}/trial-balance?day=25-11-2026`, 'hung');
      assert.deepEqual([badDay.status, badDay.body.code], [400, 'invalid_request']);
    });

    test('a retried till request with the same Idempotency-Key gets the first answer; a different body is refused', async () => {
      const post = (url: string, key: string, payload: object) =>
        callApi(app, { method: 'POST', url, cookie: cookie['mai']!, key, payload });
      const float = { amount: '1000000', denominations: { '500000': 2 } };
      const a = await post(`/v1/finance/offices/${office}/tills`, 'open-1', float);
      const b = await post(`/v1/finance/offices/${office}/tills`, 'open-1', float);
      assert.deepEqual([a.status, b.status], [201, 201]);
      const first = a.body as unknown as { session: { id: string }; movement: { id: string } };
      assert.deepEqual(b.body, a.body);
      const other = await post(`/v1/finance/offices/${office}/tills`, 'open-1', {
        amount: '500000',
        denominations: { '500000': 1 },
      });
      assert.deepEqual([other.status, other.body.code], [422, 'idempotency_key_reused']);
      await call('POST', `/v1/finance/moves/${first.movement.id}/decision`, 'lan', { confirm: true });
      const move = { direction: 'to_till', amount: '500000', denominations: { '500000': 1 } };
      const m1 = await post(`/v1/finance/tills/${first.session.id}/moves`, 'move-1', move);
      const m2 = await post(`/v1/finance/tills/${first.session.id}/moves`, 'move-1', move);
      assert.equal(m1.body.id, m2.body.id);
      const { movements } = await platform.finance.reports.tillReport(first.session.id);
      assert.equal(movements.filter((m) => m.status === 'pending').length, 1, 'one pending move, not two');
    });

    test('hand-made transfers stay within the office and off the tills', async () => {
      const vaultA = accountId(office, 'vault_cash');
      // Another office's hold, which office A's manager must not void.
      const [held] = await platform.finance.ledger.createTransfers(
        [
          {
            id: 'b-hold',
            debit_account_id: accountId(other, 'settlement'),
            credit_account_id: accountId(other, 'fee_revenue'),
            amount: 5n,
            code: 900,
            flags: ['pending'],
          },
        ],
        'system:test',
      );
      assert.equal(held!.result, 'created');
      const seq = (await platform.cells[1]!.journal.head()).seq;
      const lan = (await platform.core.staff.findForSignIn('lan.bd'))!.id;
      const cases: [object, RegExp][] = [
        [
          { id: 'v1', pending_id: 'b-hold', code: 900, flags: ['void_pending_transfer'] },
          /belongs to another office/,
        ],
        [
          {
            id: 'v2',
            debit_account_id: accountId(office, 'till_cash', lan),
            credit_account_id: vaultA,
            amount: '1',
            code: 900,
          },
          /moves only through its own commands/,
        ],
        [
          {
            id: 'v3',
            debit_account_id: accountId(office, 'over_short'),
            credit_account_id: vaultA,
            amount: '1',
            code: 900,
          },
          /moves only through its own commands/,
        ],
        [
          {
            id: 'till:x:return',
            debit_account_id: vaultA,
            credit_account_id: accountId(office, 'settlement'),
            amount: '1',
            code: 900,
          },
          /ids with ":" are the platform's own/,
        ],
        [
          {
            id: 'v4',
            debit_account_id: vaultA,
            credit_account_id: accountId(office, 'settlement'),
            amount: '1',
            code: 101,
          },
          /the tills' own/,
        ],
      ];
      for (const [t, message] of cases) {
        const r = await call('POST', `/v1/finance/offices/${office}/transfers`, 'hung', { transfers: [t] });
        assert.deepEqual([r.status, r.body.code], [400, 'invalid_transfer'], JSON.stringify(t));
        assert.match(String((r.body as { message?: string }).message), message);
      }
      assert.equal((await platform.cells[1]!.journal.head()).seq, seq, 'nothing written');
      assert.equal((await platform.finance.ledger.getTransfer('b-hold')).state, 'pending');
    });

    test('verify passes on both cells after it all, and catches a balance edited by hand', async () => {
      for (const r of await platform.verify())
        assert.equal(r.ok, true, `${r.cell}: ${JSON.stringify(r.failures)}`);
      const cell = platform.cells.find((c) => c.definition.name === 'finance')!;
      await sql`update ledger_account set credits_posted = credits_posted + 1 where id = ${accountId(office, 'vault_cash')}`.execute(
        cell.database.db,
      );
      const [report] = await platform.verify({ only: 'finance' });
      assert.equal(report!.ok, false);
      const checks = report!.failures.map((f) => f.check);
      assert.ok(checks.includes('invariant') && checks.includes('projection'), checks.join(','));
      assert.ok(
        report!.failures.some((f) => /posted debits \(\d+\) do not equal posted credits/.test(f.message)),
      );
    });
  });
}
