import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { PlatformError } from './errors.ts';

// scrypt with N = 2^15, r = 8, p = 1 (OWASP's minimum for scrypt): about 50 ms and 32 MiB per hash here.
const PARAMS = { N: 32768, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function derive(
  password: string,
  salt: Buffer,
  params: { N: number; r: number; p: number },
): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 128 * params.N * params.r * 2 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/** A password hash to store: `scrypt$N$r$p$salt$key`, salt and key in base64url. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** Whether a password matches a stored hash, compared in constant time; false for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > 2 ** 20) return false;
  const key = Buffer.from(parts[5]!, 'base64url');
  const derived = await derive(password, Buffer.from(parts[4]!, 'base64url'), { N, r, p });
  return key.length === derived.length && timingSafeEqual(key, derived);
}

const COMMON = new Set([
  'password',
  'matkhau',
  '123456789012',
  'qwertyuiopas',
  'vietnampost',
  'buudien',
  'admin',
]);

/**
 * Refuses a weak password: shorter than 12 characters, containing the username, one repeated character,
 * or built on a well-known password. Length is what makes a password strong (NIST SP 800-63B).
 */
export function checkPasswordStrength(password: string, username: string): void {
  const lower = password.toLowerCase();
  const problem =
    password.length < 12
      ? ['is shorter than 12 characters', 'phải có ít nhất 12 ký tự']
      : password.length > 200
        ? ['is longer than 200 characters', 'không được dài quá 200 ký tự']
        : username.length >= 3 && lower.includes(username.toLowerCase())
          ? ['contains the username', 'không được chứa tên đăng nhập']
          : new Set(password).size < 4
            ? ['repeats too few characters', 'quá ít ký tự khác nhau']
            : [...COMMON].some((c) => lower.includes(c))
              ? ['is built on a well-known password', 'dựa trên mật khẩu phổ biến']
              : undefined;
  if (problem !== undefined) {
    throw new PlatformError(
      'weak_password',
      `The password ${problem[0]}: choose a longer passphrase of your own`,
      `Mật khẩu ${problem[1]}: hãy chọn một cụm từ dài do bạn tự đặt`,
      { field: 'password' },
    );
  }
}
