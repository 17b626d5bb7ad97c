import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { PlatformError } from './errors.ts';

export type PhoneKind = 'mobile' | 'any';

/**
 * A Vietnamese phone number, national (`0912 345 678`, `024 3825 0000`) or `+84` form, as E.164
 * (`+84912345678`). Validated against libphonenumber's Vietnamese metadata; `mobile` refuses landlines.
 */
export function parseVnPhone(input: string, kind: PhoneKind = 'any'): string {
  const phone = typeof input === 'string' ? parsePhoneNumberFromString(input, 'VN') : undefined;
  const type = phone?.getType();
  const ok =
    phone !== undefined &&
    phone.isValid() &&
    phone.country === 'VN' &&
    (kind === 'any' || type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE');
  if (!ok) {
    const what = kind === 'mobile' ? 'a Vietnamese mobile number' : 'a Vietnamese phone number';
    throw new PlatformError(
      'invalid_phone',
      `${JSON.stringify(String(input).slice(0, 30))} is not ${what}: write it as 0912345678 or +84912345678`,
      `Số điện thoại không hợp lệ: hãy nhập dạng 0912345678 hoặc +84912345678${kind === 'mobile' ? ' (số di động)' : ''}`,
      { input: String(input).slice(0, 30), kind },
    );
  }
  return phone.number;
}
