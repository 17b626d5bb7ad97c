// Working days of Vietnam's state agencies: Monday to Friday, less the public holidays, their substitutes and
// the Government's swaps, from the table kept in assets/calendar/vn-holidays.json (its README says how it
// was made). A dossier's deadline is counted in these days; a day outside the table is refused, never guessed.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { isRealDay } from './clock.ts';
import { PlatformError } from './errors.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MS_PER_DAY = 86_400_000;

const tableSchema = z.object({
  first_year: z.number().int(),
  last_year: z.number().int(),
  days: z.array(
    z.object({
      day: z.string().regex(DAY),
      name: z.string().min(1),
      kind: z.enum(['holiday', 'substitute', 'swap']),
      basis: z.enum(['announced', 'rule']),
    }),
  ),
});

/** The holiday table: its years and each non-working day's name. */
export interface HolidayTable {
  firstYear: number;
  lastYear: number;
  names: ReadonlyMap<string, string>;
}

/** Reads a holiday table from its JSON text; a malformed table or a day outside its own years fails loudly. */
export function parseHolidayTable(text: string): HolidayTable {
  const t = tableSchema.parse(JSON.parse(text));
  const names = new Map<string, string>();
  for (const d of t.days) {
    const year = Number(d.day.slice(0, 4));
    if (year < t.first_year || year > t.last_year || !isRealDay(d.day) || names.has(d.day))
      throw new Error(
        `holiday table: ${d.day} is not a day of ${t.first_year}–${t.last_year}, or is repeated`,
      );
    names.set(d.day, d.name);
  }
  return { firstYear: t.first_year, lastYear: t.last_year, names };
}

const TABLE = parseHolidayTable(
  readFileSync(new URL('../../assets/calendar/vn-holidays.json', import.meta.url), 'utf8'),
);

/** The day as UTC midnight milliseconds, once it is known to be a real day within the table's years. */
function checked(day: string, table: HolidayTable): number {
  if (typeof day !== 'string' || !DAY.test(day) || !isRealDay(day))
    throw new PlatformError(
      'invalid_text',
      `${JSON.stringify(day)} is not a day: write it as YYYY-MM-DD, e.g. 2026-02-16`,
      `${String(day)} không phải là một ngày: hãy viết dạng năm-tháng-ngày, ví dụ 2026-02-16`,
      { field: 'day', day },
    );
  const year = Number(day.slice(0, 4));
  if (year < table.firstYear || year > table.lastYear)
    throw new PlatformError(
      'invalid_text',
      `Day ${day} is outside the holiday table (${table.firstYear}–${table.lastYear}): working days cannot be counted there until assets/calendar/vn-holidays.json is extended`,
      `Ngày ${day} nằm ngoài bảng ngày nghỉ lễ (${table.firstYear}–${table.lastYear}): chưa thể tính ngày làm việc, hãy báo quản trị hệ thống bổ sung bảng`,
      { field: 'day', day, first_year: table.firstYear, last_year: table.lastYear },
    );
  return Date.parse(`${day}T00:00:00Z`);
}

const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

function working(ms: number, table: HolidayTable): boolean {
  const weekday = new Date(ms).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !table.names.has(dayOf(ms));
}

/** Whether state agencies work on a day (YYYY-MM-DD): Monday to Friday and not a holiday, substitute or swap. */
export function isWorkingDay(day: string, table: HolidayTable = TABLE): boolean {
  return working(checked(day, table), table);
}

/** The name of the holiday (or substitute, or swap) on a day, or null for any other day, weekends included. */
export function holidayName(day: string, table: HolidayTable = TABLE): string | null {
  checked(day, table);
  return table.names.get(day) ?? null;
}

/**
 * The n-th working day after a day (n ≥ 0; n = 0 is the day itself): a deadline of n working days from
 * hand-over. Every day it passes must be within the table's years.
 */
export function addWorkingDays(day: string, n: number, table: HolidayTable = TABLE): string {
  let ms = checked(day, table);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new PlatformError(
      'invalid_text',
      `The number of working days must be a whole number of 0 or more, not ${n}`,
      'Số ngày làm việc phải là số nguyên không âm',
      { field: 'n' },
    );
  for (let left = n; left > 0;) {
    ms += MS_PER_DAY;
    if (working(checked(dayOf(ms), table), table)) left--;
  }
  return dayOf(ms);
}

/**
 * How many working days lie after `from` up to and including `to` (negative when `to` is before `from`):
 * `workingDaysBetween(d, addWorkingDays(d, n)) === n`. How late a dossier is, or how many days it has left.
 */
export function workingDaysBetween(from: string, to: string, table: HolidayTable = TABLE): number {
  const a = checked(from, table);
  const b = checked(to, table);
  if (b < a) return -workingDaysBetween(to, from, table);
  let count = 0;
  for (let ms = a + MS_PER_DAY; ms <= b; ms += MS_PER_DAY) if (working(ms, table)) count++;
  return count;
}
