import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PlatformError } from './errors.ts';
import { maskName, maskPhone, nameText, nfc, searchKey, searchTokens, withoutMarks } from './text.ts';

// Written with escapes so the test does not depend on how this file was saved.
const HOA_NFD = 'Ho\u0300a Bi\u0300nh'; // 'Hòa Bình' decomposed
const HOA_OLD = 'H\u00f2a B\u00ecnh'; // 'Hòa': tone mark on the o (old style), precomposed
const HOA_NEW = 'Ho\u00e0 B\u00ecnh'; // 'Hoà': tone mark on the a (new style), precomposed

test('nfc composes, trims and collapses whitespace', () => {
  assert.equal(nfc(HOA_NFD), HOA_OLD);
  assert.equal(nfc(HOA_NFD).length, 8);
  assert.equal(nfc('  Đà\u00a0\u00a0Nẵng \t\n '), 'Đà Nẵng');
  assert.equal(nfc('Tha\u0300nh pho\u0302\u0301  Hô\u0300 Chi\u0301 Minh'), 'Thành phố Hồ Chí Minh');
  assert.equal(nfc(''), '');
});

test('Hòa and Hoà differ even after nfc, but share a search key', () => {
  assert.notEqual(nfc(HOA_OLD), nfc(HOA_NEW));
  assert.equal(searchKey(HOA_OLD), 'hoa binh');
  assert.equal(searchKey(HOA_NEW), 'hoa binh');
  assert.equal(searchKey(HOA_NFD), 'hoa binh');
  assert.equal(searchKey('HÒA BÌNH'), 'hoa binh');
  assert.equal(searchKey('hoa binh'), 'hoa binh');
});

test('searchKey maps đ/Đ, strips every Vietnamese mark and lowercases', () => {
  assert.equal(searchKey('Đà Nẵng'), 'da nang');
  assert.equal(searchKey('ĐẮK LẮK'), 'dak lak');
  assert.equal(searchKey('Thừa Thiên Huế'), 'thua thien hue');
  assert.equal(searchKey('  Thành phố   Hồ Chí Minh '), 'thanh pho ho chi minh');
  assert.equal(searchKey('Quảng Ngãi, Bà Rịa–Vũng Tàu'), 'quang ngai, ba ria–vung tau');
  assert.equal(searchKey('ơ ư ă â ê ô ỹ ỵ'), 'o u a a e o y y');
});

test('searchKey ignores zero-width characters that arrive with pasted text', () => {
  assert.equal(searchKey('Hà\u200bNội'), 'hanoi');
  assert.equal(searchKey('\ufeffHà Nội'), 'ha noi');
  assert.equal(searchKey('Hà \u200b Nội'), 'ha noi');
});

test('searchTokens splits a query into keys and drops empties', () => {
  assert.deepEqual(searchTokens('  Nguyễn   Văn  ĐỨC '), ['nguyen', 'van', 'duc']);
  assert.deepEqual(searchTokens(''), []);
  assert.deepEqual(searchTokens(' \t '), []);
});

test('text with control characters or lone surrogates is refused with invalid_text', () => {
  for (const bad of ['Hà\u0000Nội', 'a\u0007b', 'x\ud800', '\udc00y', 'a\u007fb']) {
    const isInvalidText = (err: unknown) =>
      err instanceof PlatformError && err.code === 'invalid_text' && err.messageVi.includes('hãy gõ lại');
    assert.throws(() => nfc(bad), isInvalidText, JSON.stringify(bad));
    assert.throws(() => searchKey(bad), isInvalidText, JSON.stringify(bad));
  }
  // Tabs and newlines are whitespace, not control characters to refuse.
  assert.equal(nfc('a\tb\r\nc'), 'a b c');
});

test('nameText refuses direction marks and other invisible format characters, naming them', () => {
  for (const [bad, code] of [
    ['Nguyễn \u202eVăn An', 'U+202E'],
    ['An\u200e', 'U+200E'],
    ['\u2066Bình\u2069', 'U+2066, U+2069'],
    ['Ho\u200bà', 'U+200B'],
    ['Lan\u200d', 'U+200D'],
    ['\ufeffHoa', 'U+FEFF'],
    ['Mai\u2060', 'U+2060'],
    ['Hà\u061cNội', 'U+061C'],
    ['Thu\u00adỷ', 'U+00AD'],
  ] as const) {
    assert.throws(
      () => nameText(bad),
      (e: unknown) =>
        e instanceof PlatformError &&
        e.code === 'invalid_text' &&
        e.message.startsWith(`contains the invisible character ${code} `) &&
        e.messageVi.includes(code),
      bad,
    );
  }
  assert.throws(() => nameText('a\u0000b'), /contains control characters/);
  assert.equal(nameText('  Nguyễn  Văn An '), 'Nguyễn Văn An');
});

test('masks leave strangers initials and the last three digits, never the whole name or number', () => {
  assert.equal(maskName('Nguyễn Văn An'), 'N. V. A.');
  assert.equal(maskName('  đặng   thị  Ánh '), 'Đ. T. Á.');
  assert.equal(maskPhone('0912345678'), '•••••••678');
  assert.ok(!maskPhone('+84912345678').includes('912345'));
});

test('withoutMarks keeps case and drops every mark, đ and Đ included', () => {
  assert.equal(
    withoutMarks('Nguyễn Văn Đức, Ủy ban nhân dân Phường Ba Đình'),
    'Nguyen Van Duc, Uy ban nhan dan Phuong Ba Dinh',
  );
  assert.equal(withoutMarks(HOA_NFD), 'Hoa Binh');
  assert.equal(searchKey('HÒA Đức'), 'hoa duc');
});
