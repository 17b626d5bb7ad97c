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

/**
 * The form of a person's or a place's name or address: nfc, and no invisible format character (Unicode Cf:
 * the direction marks and overrides U+200E/F, U+202A–202E, U+2066–2069, U+061C, the zero-width U+200B–200D,
 * U+2060 and U+FEFF, the soft hyphen...). They print as nothing on a label or a receipt, yet can make a name
 * read as another ("U+202E" turns the rest of the line around). Throws `invalid_text` whose message is the
 * problem as a phrase ("contains ...") for the caller to put after the field's name.
 */
export function nameText(s: string): string {
  let out: string;
  try {
    out = nfc(s);
  } catch {
    throw new PlatformError(
      'invalid_text',
      'contains control characters or broken Unicode: retype it instead of pasting it',
      'chứa ký tự điều khiển hoặc lỗi mã Unicode: hãy gõ lại thay vì dán vào',
    );
  }
  const hidden = s.match(FORMAT_CHAR);
  if (hidden !== null) {
    const codes = [...new Set(hidden)].map(
      (c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`,
    );
    throw new PlatformError(
      'invalid_text',
      `contains the invisible character ${codes.join(', ')} (a direction or formatting mark that can make a name read as another): retype it instead of pasting it`,
      `chứa ký tự ẩn ${codes.join(', ')} (dấu điều khiển hướng chữ hoặc định dạng, có thể làm tên bị đọc sai): hãy gõ lại thay vì dán vào`,
      { characters: codes },
    );
  }
  return out;
}

/**
 * Text without Vietnamese marks, case kept ("Nguyễn Văn Đức" → "Nguyen Van Duc"): what fits a plain-GSM text
 * message, whose accented letters would otherwise cost it most of its length.
 */
export function withoutMarks(s: string): string {
  // đ and Đ have no decomposition, so they need their own mapping.
  return nfc(s)
    .normalize('NFD')
    .replace(COMBINING_MARK, '')
    .replace(FORMAT_CHAR, '')
    .replaceAll('đ', 'd')
    .replaceAll('Đ', 'D')
    .replace(WHITESPACE_RUN, ' ')
    .trim();
}

/** Accent- and case-insensitive key, so "Hòa", "Hoà", "HÒA" and "hoa" find each other. */
export function searchKey(s: string): string {
  // Lowercasing first lets marks produced by case mapping (e.g. 'İ' → 'i̇') be stripped too.
  return withoutMarks(nfc(s).toLowerCase());
}

/** Words of a search query as keys, for matching each word independently. */
export function searchTokens(q: string): string[] {
  return searchKey(q)
    .split(' ')
    .filter((t) => t !== '');
}

/** Masks a name for strangers: initials only (`Nguyễn Văn An` → `N. V. A.`). */
export function maskName(name: string): string {
  return name
    .split(/\s+/)
    .filter((w) => w !== '')
    .map((w) => `${[...w][0]!.toUpperCase()}.`)
    .join(' ');
}

/** Masks a phone number for strangers: the last three digits only. */
export function maskPhone(phone: string): string {
  return `•••••••${phone.slice(-3)}`;
}
