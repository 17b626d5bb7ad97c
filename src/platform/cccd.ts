import { PlatformError } from './errors.ts';

/**
 * Province codes that CCCD numbers carry: the 63 provinces of birth registration before the July 2025
 * merger (cards issued before it keep them; the 34 provinces after it each kept one of these codes).
 */
export const CCCD_PROVINCE_CODES: readonly string[] =
  '01,02,04,06,08,10,11,12,14,15,17,19,20,22,24,25,26,27,30,31,33,34,35,36,37,38,40,42,44,45,46,48,49,51,52,54,56,58,60,62,64,66,67,68,70,72,74,75,77,79,80,82,83,84,86,87,89,91,92,93,94,95,96'.split(
    ',',
  );
const CCCD_PROVINCES = new Set(CCCD_PROVINCE_CODES);

export interface Cccd {
  /** The 12 digits. */
  number: string;
  /** The province of birth registration, as its 2-digit code (`01` Hà Nội, `79` TP. Hồ Chí Minh). */
  province: string;
  sex: 'male' | 'female';
  birthYear: number;
}

function refuse(input: string, what: string, vi: string): PlatformError {
  return new PlatformError(
    'invalid_cccd',
    `CCCD ${JSON.stringify(input.slice(0, 20))} ${what}: it is 12 digits, PPP G YY NNNNNN (province, century and sex, year of birth, serial)`,
    `Số CCCD không hợp lệ: ${vi}. Số CCCD gồm 12 chữ số, hãy kiểm tra lại trên thẻ`,
    { input: input.slice(0, 20) },
  );
}

/**
 * Parses a citizen identity number (CCCD): 12 digits `PPP G YY NNNNNN`, G 0/1 male/female born 1900–1999,
 * 2/3 2000–2099, 4/5 2100–2199. There is no check digit, so the form is all that can be checked; a birth
 * year after `currentYear` is refused.
 */
export function parseCccd(input: string, currentYear: number): Cccd {
  const number = typeof input === 'string' ? input.replace(/[\s.]/g, '') : '';
  if (!/^\d{12}$/.test(number)) throw refuse(String(input), 'is not 12 digits', 'phải gồm đúng 12 chữ số');
  const ppp = number.slice(0, 3);
  if (ppp[0] !== '0' || !CCCD_PROVINCES.has(ppp.slice(1)))
    throw refuse(number, `has no province code ${ppp}`, `mã tỉnh ${ppp} không tồn tại`);
  const g = Number(number[3]);
  if (g > 5)
    throw refuse(
      number,
      `has century and sex digit ${g} (0 to 5)`,
      `chữ số thế kỷ và giới tính ${g} không hợp lệ`,
    );
  const birthYear = 1900 + Math.floor(g / 2) * 100 + Number(number.slice(4, 6));
  if (birthYear > currentYear)
    throw refuse(number, `says born in ${birthYear}, after ${currentYear}`, `năm sinh ${birthYear} chưa tới`);
  return { number, province: ppp.slice(1), sex: g % 2 === 0 ? 'male' : 'female', birthYear };
}
