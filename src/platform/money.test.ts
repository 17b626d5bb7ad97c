import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PlatformError } from './errors.ts';
import { formatVnd, parseVnd, vndFromJson, vndInWords, vndToJson } from './money.ts';

function isInvalidAmount(err: unknown): boolean {
  return err instanceof PlatformError && err.code === 'invalid_amount' && err.cell === 'platform';
}

test('formatVnd groups thousands with dots and ends with " ₫"', () => {
  assert.equal(formatVnd(0n), '0 ₫');
  assert.equal(formatVnd(5n), '5 ₫');
  assert.equal(formatVnd(999n), '999 ₫');
  assert.equal(formatVnd(1000n), '1.000 ₫');
  assert.equal(formatVnd(1234567n), '1.234.567 ₫');
  assert.equal(formatVnd(52500000n), '52.500.000 ₫');
  assert.equal(formatVnd(-1234567n), '-1.234.567 ₫');
  assert.equal(formatVnd(-100n), '-100 ₫');
  assert.equal(formatVnd(9223372036854775807n), '9.223.372.036.854.775.807 ₫');
});

test('parseVnd accepts plain and dot-grouped digits with an optional currency mark', () => {
  const cases: [string, bigint][] = [
    ['0', 0n],
    ['1234567', 1234567n],
    ['1.234.567', 1234567n],
    ['1.000', 1000n],
    ['999', 999n],
    ['12.345', 12345n],
    ['123.456', 123456n],
    ['1.234.567 ₫', 1234567n],
    ['1.234.567₫', 1234567n],
    ['1.234.567đ', 1234567n],
    ['1.234.567 đ', 1234567n],
    ['1.234.567Đ', 1234567n],
    ['1.234.567 VND', 1234567n],
    ['1.234.567 vnd', 1234567n],
    ['1234567VnD', 1234567n],
    ['  1.234.567 ₫  ', 1234567n],
    ['\u00a01.234.567\u00a0₫\u00a0', 1234567n],
    ['\t52.500.000\n', 52500000n],
  ];
  for (const [input, expected] of cases) assert.equal(parseVnd(input), expected, JSON.stringify(input));
});

test('parseVnd reads what Intl vi-VN and formatVnd print (round trip)', () => {
  const intl = new Intl.NumberFormat('vi-VN', { style: 'currency', currency: 'VND' });
  for (const amount of [0n, 7n, 1000n, 1234567n, 52500000n, 9007199254740993n, -1234567n]) {
    assert.equal(parseVnd(formatVnd(amount), { allowNegative: true }), amount);
    assert.equal(parseVnd(vndToJson(amount), { allowNegative: true }), amount);
    assert.equal(vndFromJson(vndToJson(amount)), amount);
    if (amount <= BigInt(Number.MAX_SAFE_INTEGER)) {
      // Intl puts a no-break space before ₫.
      assert.equal(parseVnd(intl.format(amount), { allowNegative: true }), amount);
    }
  }
});

test('parseVnd accepts bigints and safe integers', () => {
  assert.equal(parseVnd(1234567n), 1234567n);
  assert.equal(parseVnd(1234567), 1234567n);
  assert.equal(parseVnd(0), 0n);
  assert.equal(parseVnd(-0), 0n);
  assert.equal(parseVnd(Number.MAX_SAFE_INTEGER), 9007199254740991n);
  assert.equal(parseVnd(-5, { allowNegative: true }), -5n);
});

test('parseVnd refuses malformed amounts with invalid_amount', () => {
  const bad: (string | number)[] = [
    '',
    '   ',
    '1,5',
    '1.5',
    '1.23',
    '12.3456',
    '1234.567',
    '.123',
    '123.',
    '1..234',
    '01.234',
    '0.000',
    '0123',
    '0912345678',
    '--1',
    '- 1',
    '+1',
    '1e6',
    '0x10',
    '1 234 567',
    '1,234,567',
    '₫1000',
    '1000 ₫ ₫',
    '1000 USD',
    '1000 đồng',
    'abc',
    '١٢٣',
    1.5,
    0.1,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    Number.MAX_SAFE_INTEGER + 1,
    1e21,
  ];
  for (const input of bad) {
    assert.throws(() => parseVnd(input, { allowNegative: true }), isInvalidAmount, String(input));
  }
});

test('the error names the input and tells staff what to do, in English and Vietnamese', () => {
  try {
    parseVnd('1,5');
    assert.fail('should throw');
  } catch (err) {
    assert.ok(err instanceof PlatformError);
    assert.equal(err.code, 'invalid_amount');
    assert.match(err.message, /"1,5"/);
    assert.match(err.message, /1\.234\.567/);
    assert.match(err.messageVi, /"1,5"/);
    assert.match(err.messageVi, /hãy nhập số đồng nguyên/);
    assert.deepEqual(err.details, { input: '1,5' });
  }
  try {
    parseVnd('x'.repeat(10_000));
    assert.fail('should throw');
  } catch (err) {
    assert.ok(err instanceof PlatformError);
    assert.ok(err.message.length < 200, 'a huge paste is truncated in the message');
  }
});

test('negatives are refused by default and allowed on request', () => {
  for (const input of ['-1', '-1.234.567 ₫', -1, -1n]) {
    assert.throws(
      () => parseVnd(input),
      (err: unknown) => isInvalidAmount(err) && (err as PlatformError).messageVi.includes('không được âm'),
      String(input),
    );
  }
  assert.equal(parseVnd('-1.234.567 ₫', { allowNegative: true }), -1234567n);
  assert.equal(parseVnd('-1', { allowNegative: true }), -1n);
  assert.equal(parseVnd(-1n, { allowNegative: true }), -1n);
});

test('zero is allowed by default and refused on request', () => {
  assert.equal(parseVnd('0 ₫'), 0n);
  assert.equal(parseVnd('-0'), 0n);
  for (const input of ['0', '0 ₫', '-0', 0, 0n]) {
    assert.throws(
      () => parseVnd(input, { allowZero: false }),
      (err: unknown) => isInvalidAmount(err) && (err as PlatformError).messageVi.includes('lớn hơn 0'),
      String(input),
    );
  }
  assert.equal(parseVnd('1', { allowZero: false }), 1n);
});

test('amounts beyond SQL BIGINT are refused', () => {
  assert.equal(parseVnd('9223372036854775807'), 9223372036854775807n);
  assert.equal(parseVnd('-9.223.372.036.854.775.808', { allowNegative: true }), -9223372036854775808n);
  assert.throws(() => parseVnd('9223372036854775808'), isInvalidAmount);
  assert.throws(() => parseVnd(2n ** 63n), isInvalidAmount);
  assert.throws(() => parseVnd(-(2n ** 63n) - 1n, { allowNegative: true }), isInvalidAmount);
  assert.throws(() => vndFromJson('9223372036854775808'), isInvalidAmount);
});

test('vndToJson writes a plain decimal string', () => {
  assert.equal(vndToJson(0n), '0');
  assert.equal(vndToJson(1234567n), '1234567');
  assert.equal(vndToJson(-1234567n), '-1234567');
  assert.equal(vndToJson(9007199254740993n), '9007199254740993');
});

test('vndFromJson accepts only the strict decimal form', () => {
  assert.equal(vndFromJson('0'), 0n);
  assert.equal(vndFromJson('-0'), 0n);
  assert.equal(vndFromJson('1234567'), 1234567n);
  assert.equal(vndFromJson('-1234567'), -1234567n);
  assert.equal(vndFromJson('9007199254740993'), 9007199254740993n);
  for (const bad of [
    '',
    ' 1',
    '1 ',
    '01',
    '00',
    '+1',
    '--1',
    '1.000',
    '1.234.567',
    '1 ₫',
    '1e3',
    '0x10',
    '1.5',
    '-',
  ]) {
    assert.throws(() => vndFromJson(bad), isInvalidAmount, JSON.stringify(bad));
  }
});

test('vndInWords reads amounts as Vietnamese receipts write them', () => {
  const cases: Array<[bigint, string]> = [
    [0n, 'Không đồng'],
    [5n, 'Năm đồng'],
    [10n, 'Mười đồng'],
    [15n, 'Mười lăm đồng'],
    [21n, 'Hai mươi mốt đồng'],
    [24n, 'Hai mươi tư đồng'],
    [55n, 'Năm mươi lăm đồng'],
    [105n, 'Một trăm linh năm đồng'],
    [110n, 'Một trăm mười đồng'],
    [1_000n, 'Một nghìn đồng'],
    [1_000_000n, 'Một triệu đồng'],
    [1_005_000n, 'Một triệu không trăm linh năm nghìn đồng'],
    [2_100_000n, 'Hai triệu một trăm nghìn đồng'],
    [5_200_000n, 'Năm triệu hai trăm nghìn đồng'],
    [7_350_000n, 'Bảy triệu ba trăm năm mươi nghìn đồng'],
    [12_000_015n, 'Mười hai triệu không trăm mười lăm đồng'],
    [1_000_000_000n, 'Một tỷ đồng'],
    [1_000_000_001n, 'Một tỷ không trăm linh một đồng'],
    [18_000_000_000_000n, 'Mười tám nghìn tỷ đồng'],
    [-50_000n, 'Âm năm mươi nghìn đồng'],
  ];
  for (const [n, text] of cases) assert.equal(vndInWords(n), text, String(n));
});
