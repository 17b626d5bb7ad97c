// The arithmetic of a receipt, in integers: prices include VAT, so the VAT of each rate is taken out of the
// group's gross once, and shared among its lines so that lines always sum to the totals.

/** At most so many lines in a basket, units on a line, and đồng in a sale. */
export const MAX_LINES = 200;
export const MAX_UNITS = 9_999n;
export const MAX_TOTAL = 1_000_000_000n;
/** Cash handed over may not exceed the total by more than this (a mistyped figure, not a payment). */
export const MAX_CHANGE = 10_000_000n;

/** A basket line once priced: what the customer pays for it, VAT included. */
export interface PricedLine {
  unit_price: bigint;
  quantity: bigint;
  vat_rate: number;
}

export interface VatGroup {
  rate: number;
  /** The gross (VAT included) of the group's lines, and the VAT inside it. */
  amount: bigint;
  vat: bigint;
}

/** VAT inside a gross at a rate, rounded half up: gross × rate ÷ (100 + rate). */
export function vatInside(gross: bigint, rate: number): bigint {
  const r = BigInt(rate);
  const d = 100n + r;
  return (2n * gross * r + d) / (2n * d);
}

/**
 * Each line's amount (unit price × quantity) and VAT, and the VAT per rate: a group's VAT is vatInside(its
 * gross) rounded once; its lines take their share rounded down, the group's last line the rest. So the lines'
 * VAT sums to the groups' and the groups' to the receipt's, to the đồng.
 */
export function priceLines(lines: readonly PricedLine[]): {
  lines: Array<{ amount: bigint; vat: bigint }>;
  groups: VatGroup[];
  total: bigint;
  vat: bigint;
} {
  const amounts = lines.map((l) => l.unit_price * l.quantity);
  const rates = [...new Set(lines.map((l) => l.vat_rate))].sort((a, b) => a - b);
  const vats = amounts.map(() => 0n);
  const groups: VatGroup[] = [];
  for (const rate of rates) {
    const members = lines.flatMap((l, i) => (l.vat_rate === rate ? [i] : []));
    const gross = members.reduce((s, i) => s + amounts[i]!, 0n);
    const vat = vatInside(gross, rate);
    let given = 0n;
    members.forEach((i, k) => {
      const share = k === members.length - 1 ? vat - given : gross === 0n ? 0n : (vat * amounts[i]!) / gross;
      vats[i] = share;
      given += share;
    });
    groups.push({ rate, amount: gross, vat });
  }
  return {
    lines: amounts.map((amount, i) => ({ amount, vat: vats[i]! })),
    groups,
    total: amounts.reduce((s, a) => s + a, 0n),
    vat: groups.reduce((s, g) => s + g.vat, 0n),
  };
}

/**
 * A share of a sold line's VAT or cost for units taken back: pro rata rounded down, and the units that
 * complete the line take whatever of it is left.
 */
export function shareOf(
  whole: bigint,
  sold: bigint,
  already: bigint,
  taken: bigint,
  takenBefore: bigint,
): bigint {
  return takenBefore + taken === sold ? whole - already : (whole * taken) / sold;
}

/** An EAN-13's check digit is right. */
export function ean13Valid(code: string): boolean {
  if (!/^\d{13}$/.test(code)) return false;
  const digits = [...code].map(Number);
  const sum = digits.slice(0, 12).reduce((s, d, i) => s + d * (i % 2 === 0 ? 1 : 3), 0);
  return (10 - (sum % 10)) % 10 === digits[12];
}
