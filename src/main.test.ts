import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SHIPMENT_COLUMNS } from './cells/delivery/index.ts';
import { vietnamDay } from './cells/finance/index.ts';
import { dialectsUnderTest, testPlace, type TestPlace } from './storage/testing.ts';
import { placeEnv as envFor, postcore } from './testing.ts';

// The commands that only read (verify naming tampering, and reading a post that is not there or has no
// keys): main-read.test.ts.
describe('postcore CLI: bad configuration is one clear line and a non-zero exit', () => {
  const expectOneLine = (r: ReturnType<typeof postcore>, pattern: RegExp) => {
    assert.equal(r.code, 1);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, pattern);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  };
  test('a malformed POSTCORE_DATABASE_URL', () => {
    expectOneLine(
      postcore(['migrate'], { POSTCORE_DATABASE_URL: 'not a url' }),
      /^postcore: POSTCORE_DATABASE_URL/,
    );
    expectOneLine(
      postcore(['migrate'], { POSTCORE_DATABASE_URL: 'mysql://x@h/db' }),
      /must start with postgres/,
    );
  });
  test('an unreachable PostgreSQL', () => {
    expectOneLine(
      postcore(['migrate'], { POSTCORE_DATABASE_URL: 'postgres://postgres@127.0.0.1:1/test' }),
      /^postcore: PostgreSQL at 127\.0\.0\.1:1\/test cannot be reached \(ECONNREFUSED\)/,
    );
  });
  test('an unwritable data dir', () => {
    expectOneLine(
      postcore(['migrate'], { POSTCORE_DATA_DIR: '/etc/hostname/data' }),
      /Data directory .* is not writable/,
    );
  });
  test('verify on a data dir or schema that holds no cell fails and creates nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'postcore-empty-'));
    try {
      expectOneLine(
        postcore(['verify'], { POSTCORE_DATA_DIR: join(dir, 'typo') }),
        /There is no database for cell core at .*typo: point POSTCORE_DATA_DIR at the post's data dir/,
      );
      assert.equal(existsSync(join(dir, 'typo')), false, 'not even the directory');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  test('a bad port or cell name', () => {
    expectOneLine(
      postcore(['serve', '--port', 'eighty'], { POSTCORE_DATA_DIR: '/tmp/x' }),
      /--port must be a port/,
    );
    expectOneLine(
      postcore(['serve'], { POSTCORE_DATA_DIR: '/tmp/x', POSTCORE_DEMO: 'yes' }),
      /POSTCORE_DEMO must be true or false/,
    );
    expectOneLine(
      postcore(['verify', '--cell', 'parcels'], { POSTCORE_DATA_DIR: '/tmp/x' }),
      /Unknown cell "parcels"/,
    );
  });
});

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`postcore demo, staff and token commands on ${dialect}`, { skip }, () => {
    let place: TestPlace;
    let env: Record<string, string>;
    before(() => {
      place = testPlace(dialect);
      env = envFor(place);
    });
    after(async () => {
      await place.remove();
    });
    const PASSWORD = 'mật khẩu rất dài của Lan\n';
    const add = [
      'staff',
      'add',
      '--username',
      'lan.clerk',
      '--name',
      'Nguyễn Thị Lan',
      '--cccd',
      '001185012345',
    ];
    const rest = ['--phone', '0912345678', '--office', '01100', '--roles', 'counter_clerk'];

    test('the demo loads once; accounts are added, listed and disabled; tokens are issued once and revoked', () => {
      const demo = postcore(['demo'], env);
      assert.equal(demo.code, 0, demo.stderr);
      assert.match(demo.stdout, /3359 offices, 10105 staff/);
      assert.match(postcore(['demo'], env).stdout, /3359 offices, 10105 staff/, 'a second run adds nothing');

      // Bad input: one line naming what is wrong, exit 1, nothing written.
      const bad: [string[], string, RegExp][] = [
        [
          [...add, '--phone', '0212345678', '--office', '01100', '--roles', 'counter_clerk'],
          PASSWORD,
          /not a Vietnamese mobile number/,
        ],
        [[...add, ...rest], 'short\n', /password is shorter than 12 characters/],
        [
          [...add, '--phone', '0912345678', '--office', '99999', '--roles', 'counter_clerk'],
          PASSWORD,
          /No office has postcode "99999"/,
        ],
        [
          [...add, '--phone', '0912345678', '--office', '01100', '--roles', 'king'],
          PASSWORD,
          /unknown role "king"/,
        ],
      ];
      for (const [args, input, message] of bad) {
        const r = postcore(args, env, input);
        assert.equal(r.code, 1, r.stdout);
        assert.match(r.stderr, message);
        assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      }
      assert.match(postcore(['staff', 'list', '--office', '01100'], env).stdout, /^4 of 4$/m);

      const added = postcore([...add, ...rest], env, PASSWORD);
      assert.equal(added.code, 0, added.stderr);
      assert.match(
        added.stdout,
        /^added lan\.clerk \(stf_[0-9a-f]{32}\) at 01100 Bưu cục Phường Ba Đình: counter_clerk$/m,
      );
      const listed = JSON.parse(postcore(['staff', 'list', '--office', '01100', '--json'], env).stdout) as {
        items: { username: string }[];
        total: number;
      };
      assert.equal(listed.total, 5);
      assert.ok(listed.items.some((s) => s.username === 'lan.clerk'));

      const token = postcore(
        [
          'token',
          'create',
          '--username',
          'lan.clerk',
          '--name',
          'máy quầy',
          '--permissions',
          'pension.pay',
          '--office',
          '01100',
          '--days',
          '30',
        ],
        env,
      );
      assert.equal(token.code, 0, token.stderr);
      const [id, secret] = token.stdout
        .trim()
        .split('\n')
        .map((l) => l.split(' ')[0]);
      assert.match(id!, /^tok_/);
      assert.match(secret!, /^pct_/);
      const wide = postcore(
        ['token', 'create', '--username', 'lan.clerk', '--name', 'x', '--permissions', 'keys.manage'],
        env,
      );
      assert.equal(wide.code, 1);
      assert.match(wide.stderr, /cannot carry permissions its holder lacks: keys\.manage/);
      const revoked = postcore(['token', 'revoke', id!, '--reason', 'Đổi máy'], env);
      assert.equal(revoked.code, 0, revoked.stderr);
      assert.match(revoked.stdout, /^revoked tok_/);

      const disabled = postcore(['staff', 'disable', 'lan.clerk', '--reason', 'Nghỉ việc'], env);
      assert.equal(disabled.code, 0, disabled.stderr);
      assert.match(postcore(['staff', 'list', '--status', 'disabled'], env).stdout, /lan\.clerk\s+disabled/);

      // The finance cell followed the demo: every commune's post office has its vault, with the demo's float
      // (150 million đ at 01150; 01100's day, with its pensions and parcels, is the demo's own).
      const fund = [
        'finance',
        'transfer',
        '--office',
        '01150',
        '--id',
        'cash-in-1',
        '--debit',
        'vault_cash',
        '--credit',
        'settlement',
      ];
      assert.match(postcore([...fund, '--amount', '80000000'], env).stdout, /^created cash-in-1$/m);
      assert.match(postcore([...fund, '--amount', '80000000'], env).stdout, /^exists cash-in-1$/m);
      const different = postcore([...fund, '--amount', '80000001'], env);
      assert.equal(different.code, 1);
      assert.match(different.stderr, /exists_with_different_amount/);
      const fraction = postcore([...fund.slice(0, 5), 'x', ...fund.slice(6), '--amount', '1.5'], env);
      assert.match(fraction.stderr, /amount_invalid/);
      // The CLI runs on the real clock: today in Vietnam.
      const today = vietnamDay(new Date());
      const tb = postcore(['finance', 'trial-balance', '--office', '01150', '--day', today], env);
      assert.equal(tb.code, 0, tb.stderr);
      const sums = /^total\s+([\d.]+) ₫\s+([\d.]+) ₫\s+balanced$/m.exec(tb.stdout);
      assert.ok(sums !== null, tb.stdout);
      assert.equal(sums[1], sums[2]);
      assert.match(tb.stdout, /^1012\s+230\.000\.000 ₫\s+0 ₫/m);
      const badDay = postcore(['finance', 'trial-balance', '--office', '01150', '--day', '2026-02-30'], env);
      assert.equal(badDay.code, 1);
      assert.match(badDay.stderr, /must be a date that exists/);
      assert.match(
        postcore(['finance', 'cash-position', '--office', '01150'], env).stdout,
        /^total\s+230\.000\.000 ₫$/m,
      );

      // Last month's pensions for Hà Nội, from the synthetic list to the close: its whole schedule is past.
      const [y, m] = today.split('-').map(Number) as [number, number];
      const month = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
      const file = join(place.dataDir, 'ds.csv');
      const wrote = postcore(['demo', 'pensions', '--count', '300', '--month', month, '--out', file], env);
      assert.equal(wrote.code, 0, wrote.stderr);
      const [, count, total] = /--count (\d+) --total (\d+)/.exec(wrote.stdout)!;
      const periodId = postcore(
        ['pensions', 'open-period', '--province', '01', '--months', month],
        env,
      ).stdout.trim();
      const imported = postcore(
        ['pensions', 'import', file, '--period', periodId, '--count', count!, '--total', total!],
        env,
      );
      assert.equal(imported.code, 0, imported.stderr);
      const sha = /sha256 ([0-9a-f]{64})/.exec(imported.stdout)![1]!;
      const funded = postcore(
        ['pensions', 'fund', '--period', periodId, '--list', sha, '--reference', 'UNC-1'],
        env,
      );
      assert.equal(funded.code, 0, funded.stderr);
      assert.match(funded.stdout, /^funded [\d.]+ ₫ to \d+ offices$/m);
      assert.match(
        postcore(['pensions', 'bank-run', '--period', periodId], env).stdout,
        /^paid \d+ lines by bank/m,
      );
      const badStop = postcore(
        [
          'pensions',
          'stop',
          '--period',
          periodId,
          '--cccd',
          '001045000001',
          '--reason',
          'death',
          '--reference',
          'BG-1',
          '--date',
          today,
        ],
        env,
      );
      assert.equal(badStop.code, 1);
      assert.match(badStop.stderr, /has no line for CCCD 001045000001/);
      const closed = postcore(['pensions', 'close', '--period', periodId], env);
      assert.equal(closed.code, 0, closed.stderr);
      const rec = postcore(['pensions', 'reconcile', '--period', periodId], env);
      assert.equal(rec.code, 0, rec.stdout + rec.stderr);
      assert.match(rec.stdout, new RegExp(`^envelope\\s+${count}\\s`, 'm'));
      assert.match(rec.stdout, /^balanced to the đồng$/m);

      const verify = postcore(['verify'], env);
      assert.equal(verify.code, 0, verify.stdout + verify.stderr);
      assert.match(verify.stdout, /^finance: ok — \d+ events/m);
    });

    test('a shipper’s file announced twice from the CLI, its rows without keys, makes its items once', () => {
      const dir = mkdtempSync(join(tmpdir(), 'postcore-announce-'));
      try {
        const row = '00004,Lê Văn Hùng,0987654321,Số 45 Yersin,25747,800,20,15,10,,350000';
        const file = join(dir, 'don-hang.csv');
        writeFileSync(
          file,
          [SHIPMENT_COLUMNS.join(','), `,ecommerce,Shop Hoa Sen,0912345678,Số 3 Kim Mã,${row}`].join('\n'),
        );
        const first = postcore(['delivery', 'announce', file, '--shipper', 'shop.01'], env);
        assert.equal(first.code, 0, first.stderr);
        assert.match(first.stderr, /^1 new, 0 already announced$/m);
        const again = postcore(['delivery', 'announce', file, '--shipper', 'shop.01'], env);
        assert.equal(again.code, 0, again.stderr);
        assert.match(again.stderr, /^0 new, 1 already announced$/m);
        assert.equal(again.stdout.split('\t')[0], first.stdout.split('\t')[0], 'the same item');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
