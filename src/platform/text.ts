import { PlatformError } from './errors.ts';

const WHITESPACE_RUN = /\s+/gu;
const COMBINING_MARK = /\p{M}/gu;
// Zero-width spaces, joiners, soft hyphens and BOMs arrive in pasted text and would silently break matching.
const FORMAT_CHAR = /\p{Cf}/gu;
// Tabs and newlines are whitespace and get collapsed; other control characters (NUL above all, which
// PostgreSQL text refuses) only ever arrive by accident.
const CONTROL_CHAR = /\p{Cc}/u;

/**
 * Canonical single-line form for storing Vietnamese text: NFC (so the same visible word is the same bytes),
 * trimmed, whitespace runs collapsed. Throws `invalid_text` on lone surrogates or control characters, which
 * would otherwise fail much later, in canonical JSON or in the database.
 */
export function nfc(s: string): string {
  const out = s.normalize('NFC').trim().replace(WHITESPACE_RUN, ' ');
  if (!out.isWellFormed() || CONTROL_CHAR.test(out)) {
    throw new PlatformError(
      'invalid_text',
      'Text contains invalid characters (control characters or broken Unicode); retype it instead of pasting it.',
      'Văn bản chứa ký tự không hợp lệ (ký tự điều khiển hoặc lỗi mã Unicode); hãy gõ lại thay vì dán vào.',
    );
  }
  return out;
}

/** Accent- and case-insensitive key, so "Hòa", "Hoà", "HÒA" and "hoa" find each other. */
export function searchKey(s: string): string {
  // Lowercasing before NFD lets marks produced by case mapping (e.g. 'İ' → 'i̇') be stripped too; đ has no
  // decomposition, so it needs its own mapping (Đ is already đ after lowercasing).
  return nfc(s)
    .toLowerCase()
    .normalize('NFD')
    .replace(COMBINING_MARK, '')
    .replace(FORMAT_CHAR, '')
    .replaceAll('đ', 'd')
    .replace(WHITESPACE_RUN, ' ')
    .trim();
}

/** Words of a search query as keys, for matching each word independently. */
export function searchTokens(q: string): string[] {
  return searchKey(q)
    .split(' ')
    .filter((t) => t !== '');
}
