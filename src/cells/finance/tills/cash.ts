import { isDomainError } from '../../../platform/errors.ts';
import { formatVnd, parseVnd } from '../../../platform/money.ts';
import { FinanceError } from '../finance-error.ts';

/** The banknotes in circulation, in đồng (the State Bank of Vietnam's polymer and cotton series). */
export const DENOMINATIONS = [
  500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000,
] as const;

/** Counted cash: how many notes of each value, and the total they make. */
export interface CashCount {
  amount: bigint;
  /** Note value (as a string, e.g. "500000") -> count; only values with a count above zero, in order. */
  denominations: Record<string, number>;
}

/**
 * Checks a count of cash: known note values, whole non-negative counts, and a declared total that is what
 * the notes add up to. The error names the note value or the totals, so the clerk knows what to recount.
 */
export function parseCashCount(input: { amount: unknown; denominations: unknown }): CashCount {
  const bad = (what: string, vi: string, details: Record<string, unknown>) =>
    new FinanceError('invalid_cash_count', `Cash count: ${what}`, `Kiểm đếm tiền mặt: ${vi}`, details);
  let declared: bigint;
  try {
    declared = parseVnd(input.amount as string);
  } catch (err) {
    if (!isDomainError(err)) throw err;
    throw bad('amount must be a whole number of đồng, 0 or more', 'tổng tiền phải là số nguyên không âm', {
      field: 'amount',
    });
  }
  if (declared < 0n) throw bad('amount must not be negative', 'tổng tiền không được âm', { field: 'amount' });
  const raw = input.denominations;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw bad('denominations must be an object of note value -> count', 'cần ghi số tờ theo từng mệnh giá', {
      field: 'denominations',
    });
  const out: Record<string, number> = {};
  let total = 0n;
  for (const [value, count] of Object.entries(raw as Record<string, unknown>)) {
    if (!(DENOMINATIONS as readonly number[]).includes(Number(value)) || String(Number(value)) !== value)
      throw bad(
        `${JSON.stringify(value)} is not a banknote value (${DENOMINATIONS.join(', ')})`,
        `mệnh giá ${value} không tồn tại`,
        { field: `denominations.${value}` },
      );
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > 1_000_000)
      throw bad(
        `the count of ${value} notes must be a whole number from 0 to 1,000,000`,
        `số tờ ${value} không hợp lệ`,
        {
          field: `denominations.${value}`,
        },
      );
    if (count > 0) out[value] = count;
    total += BigInt(value) * BigInt(count);
  }
  if (total !== declared)
    throw new FinanceError(
      'denominations_do_not_add_up',
      `The notes add up to ${formatVnd(total)}, not the ${formatVnd(declared)} declared: recount`,
      `Các tờ tiền cộng lại được ${formatVnd(total)}, khác tổng khai báo ${formatVnd(declared)}: hãy đếm lại`,
      { field: 'denominations', counted: total.toString(), declared: declared.toString() },
    );
  const ordered: Record<string, number> = {};
  for (const d of DENOMINATIONS) if (out[String(d)] !== undefined) ordered[String(d)] = out[String(d)]!;
  return { amount: declared, denominations: ordered };
}
