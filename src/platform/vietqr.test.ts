import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crc16, NAPAS_GUID, parseTlv, vietQr, vietQrValid } from './vietqr.ts';

test('CRC-16/CCITT-FALSE of "123456789" is 29B1 (its check value)', () => {
  assert.equal(crc16('123456789'), '29B1');
  assert.equal(crc16(''), 'FFFF');
});

test('a dynamic VietQR for 212,300 ₫ carries every NAPAS field in order and a CRC over everything up to 6304', () => {
  const qr = vietQr({ bin: '970415', account: '113366668888' }, 212_300n, 'BHk3x9a2m1');
  const fields = parseTlv(qr);
  assert.deepEqual(
    fields.map((f) => f.tag),
    ['00', '01', '38', '53', '54', '58', '62', '63'],
  );
  const value = (tag: string) => fields.find((f) => f.tag === tag)!.value;
  assert.equal(value('00'), '01');
  assert.equal(value('01'), '12');
  const merchant = parseTlv(value('38'));
  assert.deepEqual(merchant[0], { tag: '00', value: NAPAS_GUID });
  assert.deepEqual(parseTlv(merchant[1]!.value), [
    { tag: '00', value: '970415' },
    { tag: '01', value: '113366668888' },
  ]);
  assert.deepEqual(merchant[2], { tag: '02', value: 'QRIBFTTA' });
  assert.equal(value('53'), '704');
  assert.equal(value('54'), '212300');
  assert.equal(value('58'), 'VN');
  assert.deepEqual(parseTlv(value('62')), [
    { tag: '05', value: 'BHk3x9a2m1' },
    { tag: '08', value: 'BHk3x9a2m1' },
  ]);
  assert.equal(qr.slice(-8, -4), '6304');
  assert.equal(qr.slice(-4), crc16(qr.slice(0, -4)));
  assert.ok(vietQrValid(qr));
  // One character changed and the CRC no longer matches.
  assert.equal(vietQrValid(qr.replace('212300', '212900')), false);
});

test('a VietQR is refused for a zero amount, a long reference or a malformed BIN', () => {
  const payee = { bin: '970415', account: '113366668888' };
  assert.throws(() => vietQr(payee, 0n, 'REF1'));
  assert.throws(() => vietQr(payee, 1000n, 'x'.repeat(26)));
  assert.throws(() => vietQr({ bin: '97041', account: '1' }, 1000n, 'REF1'));
});
