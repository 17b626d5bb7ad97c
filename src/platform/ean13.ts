// EAN-13 (GS1): twelve digits and a check digit, weights 1 and 3 alternating from the left, the check digit
// bringing the weighted sum to a multiple of ten. A leading 2 is GS1's range for a shop's own codes
// ("restricted circulation"), which the post uses for goods without a maker's barcode.
import { createHash } from 'node:crypto';

/** The check digit of twelve digits. */
export function ean13CheckDigit(first12: string): number {
  if (!/^\d{12}$/.test(first12)) throw new RangeError('an EAN-13 check digit is computed over 12 digits');
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}

/** Whether a text is 13 digits whose last is the check digit of the others. */
export function isEan13(code: string): boolean {
  return /^\d{13}$/.test(code) && ean13CheckDigit(code.slice(0, 12)) === Number(code[12]);
}

/**
 * An in-store EAN-13 (prefix 2) derived from a seed, the same seed always giving the same code: the digits
 * after the 2 come from the seed's SHA-256, and `attempt` (0, 1, …) gives the next candidate when a code is
 * taken.
 */
export function inStoreEan13(seed: string, attempt = 0): string {
  const digest = createHash('sha256').update(`${seed}\u0000${attempt}`).digest();
  const body = (digest.readBigUInt64BE(0) % 100_000_000_000n).toString().padStart(11, '0');
  const first12 = `2${body}`;
  return `${first12}${ean13CheckDigit(first12)}`;
}
