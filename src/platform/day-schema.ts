// A Vietnam day as an API takes it: YYYY-MM-DD naming a day of the calendar, refused at the edge otherwise.
import { z } from 'zod';
import { isRealDay } from './clock.ts';

/** A day YYYY-MM-DD that exists (2026-02-30 is refused naming the form to use). */
export function dayText() {
  return z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2026-12-08')
    .refine(isRealDay, 'must be a date that exists, such as 2026-12-08');
}
