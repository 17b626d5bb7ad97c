// Days as finance's statements and remittances take them: a Vietnam day (UTC+7) as YYYY-MM-DD, checked at the
// edge and turned into the UTC instants that bound it.
import { FinanceError } from './finance-error.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The instant a Vietnam day begins, in UTC ISO form. */
export const startOfDay = (day: string): string =>
  new Date(Date.parse(`${day}T00:00:00+07:00`)).toISOString();

/** The instant a Vietnam day ends (exclusive), in UTC ISO form. */
export function endOfDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00+07:00`) + 86_400_000).toISOString();
}

/** A real calendar day as YYYY-MM-DD, or invalid_day naming the field. */
export function checkDay(field: string, day: unknown): string {
  if (
    typeof day !== 'string' ||
    !DAY.test(day) ||
    Number.isNaN(Date.parse(`${day}T00:00:00Z`)) ||
    new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day
  )
    throw new FinanceError(
      'invalid_day',
      `${field} must be a real day as YYYY-MM-DD`,
      `${field} phải là ngày dạng YYYY-MM-DD`,
      { field },
    );
  return day;
}
