// The pension month the payout tests pay: a province and two offices, its people, and the agency's list.
import assert from 'node:assert/strict';
import { isDomainError } from '../../../platform/errors.ts';
import type { Directory } from './pension.service.ts';

export const AGENCY = 'stf_bhxh';
export const PROVINCE = 'ofc_hanoi';
export const BD = 'ofc_badinh';
export const HK = 'ofc_hoankiem';
export const LAN = 'stf_lan';
export const MINH = 'stf_minh';
export const MANAGER = 'stf_manager';
export const POSTMAN = 'stf_postman';

export const DIRECTORY: Directory = {
  communes: new Map([
    ['00004', '01'],
    ['00008', '01'],
  ]),
  offices: new Map([
    ['10000', { id: PROVINCE, province_code: '01', status: 'open', type: 'provincial_post' }],
    ['01100', { id: BD, province_code: '01', status: 'open', type: 'post_office' }],
    ['01101', { id: HK, province_code: '01', status: 'open', type: 'post_office' }],
  ]),
};
export const HEADER =
  'cccd,ho_ten,nam_sinh,loai,so_tien,ma_xa,ma_buu_cuc,kenh,nguoi_nhan_thay,cccd_nguoi_nhan_thay,uy_quyen_den';
// cccd, name, amount, postcode, channel, proxy
export const ROWS = [
  '001045000001,Nguyễn Văn Bình,1945,LH,5200000,00004,01100,QUAY,,,',
  '001150000002,Trần Thị Hoà,1950,TC,2100000,00008,01101,TAI_NHA,Lê Văn Nam,001085000003,2027-06-30',
  '001148000004,Phạm Thị Lan,1948,LH,7350000,00004,01100,DIEM_CHI,,,',
  '001052000005,Hoàng Văn Đức,1952,LH,6400000,00004,01100,ATM,,,',
  '001040000006,Vũ Văn Tám,1940,LH,4800000,00004,01100,QUAY,,,',
  '001155000007,Đỗ Thị Mai,1955,TC,3000000,00004,01100,TAI_NHA,,,',
  '001047000008,Bùi Văn Hải,1947,LH,5500000,00004,01100,QUAY,Bùi Thị Thu,001180000009,2026-12-09',
  '001046000010,Ngô Văn Lộc,1946,LH,90000000,00004,01100,QUAY,,,',
  '001149000011,Đặng Thị Hạnh,1949,BTXH,1500000,00008,01101,QUAY,,,',
  '001051000012,Lý Văn Sơn,1951,LH,4100000,00004,01100,QUAY,,,',
];
export const TOTAL = ROWS.reduce((s, r) => s + BigInt(r.split(',')[4]!), 0n);
export const FLOAT = { amount: '30000000', denominations: { '500000': 60 } };

/** Refused with this code, a Vietnamese message, and nothing written (the journal's head, `head`, unmoved). */
export function refusedWithoutWriting(head: () => Promise<bigint>) {
  return async (p: Promise<unknown>, code: string) => {
    // Handled at once: a command that fails before its first await must not reject unobserved.
    const outcome = p.then(
      () => assert.fail(`expected ${code}, but it succeeded`),
      (err: unknown) => err,
    );
    const before = await head();
    const err = await outcome;
    assert.ok(isDomainError(err), String(err));
    assert.equal(err.code, code, err.message);
    assert.ok(err.messageVi.length > 0);
    assert.equal(await head(), before, `${code} wrote nothing`);
  };
}
