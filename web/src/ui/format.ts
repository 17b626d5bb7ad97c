// How the app writes what people read: money as `1.234.567 ₫`, dates as dd/mm/yyyy in Vietnam's time, and
// the accent-insensitive key the API's search uses.

/** VND, exactly (a bigint or the API's integer string), with dots between thousands: `1.234.567 ₫`. */
export function vnd(amount: bigint | string | number): string {
  const v = BigInt(amount);
  const neg = v < 0n;
  const digits = (neg ? -v : v).toString();
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${neg ? '−' : ''}${grouped} ₫`;
}

/** A count with dots between thousands, as Vietnamese writes it: `12.345`. */
export function num(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** A share in thousandths as a percentage with one decimal, a comma before it: `48,5 %`. */
export function permille(n: number): string {
  return `${Math.floor(n / 10)},${n % 10} %`;
}

/** Reads a typed amount ("1.234.567", "1234567", "1 234 567 ₫") as a bigint; undefined when it is not one. */
export function parseVnd(text: string): bigint | undefined {
  const t = text.replace(/[\s.₫đ,]/gi, '');
  if (!/^-?\d{1,15}$/.test(t)) return undefined;
  return BigInt(t);
}

const DAY = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
const TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** A day as dd/mm/yyyy (Vietnam time); a bare YYYY-MM-DD is taken as that day. */
export function day(at: string | Date): string {
  if (typeof at === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(at)) {
    const [y, m, d] = at.split('-');
    return `${d}/${m}/${y}`;
  }
  return DAY.format(typeof at === 'string' ? new Date(at) : at);
}

/** A moment as dd/mm/yyyy HH:mm (Vietnam time). */
export function moment(at: string | Date): string {
  const d = typeof at === 'string' ? new Date(at) : at;
  return `${DAY.format(d)} ${TIME.format(d)}`;
}

/** Today in Vietnam as YYYY-MM-DD. */
export function todayVn(now = new Date()): string {
  const [d, m, y] = DAY.format(now).split('/');
  return `${y}-${m}-${d}`;
}

/** The search key: marks stripped after NFD, đ/Đ → d/D, lower case, spaces squeezed. */
export function searchKey(text: string): string {
  return text
    .normalize('NFC')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A typed day read as a Vietnamese reader writes it: dd/mm/yyyy (also with `-` or `.`, one-digit day or month),
 * or an ISO YYYY-MM-DD pasted in; YYYY-MM-DD, or undefined when it is not a day of the calendar (31/02/2027).
 */
export function parseDay(text: string): string | undefined {
  const t = text.trim();
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t) ?? /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (m === null) return undefined;
  const [d, mo, y] = m[1]!.length === 4 ? [m[3]!, m[2]!, m[1]!] : [m[1]!, m[2]!, m[3]!];
  const at = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (at.getUTCDate() !== Number(d) || at.getUTCMonth() !== Number(mo) - 1) return undefined;
  return `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`;
}
