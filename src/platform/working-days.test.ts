import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isDomainError } from './errors.ts';
import {
  addWorkingDays,
  holidayName,
  isWorkingDay,
  parseHolidayTable,
  workingDaysBetween,
} from './working-days.ts';

test('weekdays work; Saturdays, Sundays and holidays do not', () => {
  assert.equal(isWorkingDay('2026-12-07'), true); // a Monday
  assert.equal(isWorkingDay('2026-12-12'), false); // a Saturday
  assert.equal(isWorkingDay('2026-12-13'), false); // a Sunday
  assert.equal(isWorkingDay('2026-02-13'), true); // the Friday before Tết
  for (const d of ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20'])
    assert.equal(isWorkingDay(d), false, d);
  assert.equal(isWorkingDay('2026-02-23'), true);
});

test('five working days across Tết 2026 end ten days later', () => {
  // Thursday 12/02: Friday 13 is the first; Tết closes 16–20; then 23, 24, 25, 26.
  assert.equal(addWorkingDays('2026-02-12', 5), '2026-02-26');
  assert.equal(addWorkingDays('2026-02-12', 1), '2026-02-13');
  assert.equal(addWorkingDays('2026-02-13', 1), '2026-02-23');
  assert.equal(addWorkingDays('2026-02-14', 0), '2026-02-14');
  assert.equal(workingDaysBetween('2026-02-12', '2026-02-26'), 5);
  assert.equal(workingDaysBetween('2026-02-26', '2026-02-12'), -5);
  assert.equal(workingDaysBetween('2026-02-16', '2026-02-20'), 0);
});

test('announced swaps and substitutes count as days off', () => {
  // 2024: Monday 29/04 swapped for Saturday 04/05, then 30/04 and 01/05.
  assert.equal(addWorkingDays('2024-04-26', 3), '2024-05-06');
  // 2025: Friday 02/05 swapped for Saturday 26/04.
  assert.equal(addWorkingDays('2025-04-29', 1), '2025-05-05');
  // 2026: Friday 02/01 swapped for Saturday 10/01, which stays a day off here (no Saturday is worked).
  assert.equal(isWorkingDay('2026-01-02'), false);
  assert.equal(isWorkingDay('2026-01-10'), false);
  // Hùng Kings' day 2026 is a Sunday: Monday 27/04 is off in its place.
  assert.equal(holidayName('2026-04-26'), 'Giỗ Tổ Hùng Vương (10/3 âm lịch)');
  assert.equal(holidayName('2026-04-27'), 'Nghỉ bù Giỗ Tổ Hùng Vương');
  assert.equal(addWorkingDays('2026-04-24', 2), '2026-04-29');
  assert.equal(holidayName('2026-04-28'), null);
  assert.equal(holidayName('2026-09-02'), 'Quốc khánh (2/9)');
});

test('later years follow the rule: Tết 2027 on a Saturday, 30/04/2028 on a Sunday', () => {
  // Tết 2027 (06/02, a Saturday): Friday 05 and Monday 08, Tuesday 09 off, the weekend's two days on 10 and 11.
  for (const d of ['2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11'])
    assert.equal(isWorkingDay(d), false, d);
  assert.equal(addWorkingDays('2027-02-04', 1), '2027-02-12');
  assert.match(holidayName('2027-02-06')!, /mùng 1 tháng Giêng/);
  assert.equal(isWorkingDay('2028-05-02'), false);
  assert.equal(holidayName('2028-09-04'), 'Nghỉ bù Quốc khánh (2/9)');
  assert.equal(holidayName('2029-04-23'), 'Giỗ Tổ Hùng Vương (10/3 âm lịch)');
  assert.equal(holidayName('2030-02-03'), 'Tết Nguyên đán (mùng 1 tháng Giêng)');
});

test('every year closes agencies on 11 weekdays by law, and 12 in the years with a swap', () => {
  for (const [year, expected] of [
    [2024, 12],
    [2025, 12],
    [2026, 12],
    [2027, 11],
    [2028, 11],
    [2029, 11],
    [2030, 11],
  ] as const) {
    let off = 0;
    for (let ms = Date.UTC(year, 0, 1); ms < Date.UTC(year + 1, 0, 1); ms += 86_400_000) {
      const d = new Date(ms);
      const day = d.toISOString().slice(0, 10);
      if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6 && !isWorkingDay(day)) off++;
    }
    assert.equal(off, expected, String(year));
  }
});

test('a day outside the table or not a day at all is refused by name', () => {
  const refused = (f: () => unknown, day: string) =>
    assert.throws(f, (err: unknown) => {
      assert.ok(isDomainError(err));
      assert.equal(err.cell, 'platform');
      assert.equal(err.details?.['day'], day);
      assert.ok(err.message.includes(day) && err.messageVi.includes(day), err.message);
      return true;
    });
  refused(() => isWorkingDay('2023-12-29'), '2023-12-29');
  refused(() => holidayName('2031-01-01'), '2031-01-01');
  // Counting runs off the table's end: the first day past it is named.
  refused(() => addWorkingDays('2030-12-30', 5), '2031-01-01');
  refused(() => workingDaysBetween('2030-12-01', '2031-02-01'), '2031-02-01');
  refused(() => isWorkingDay('2026-02-30'), '2026-02-30');
  refused(() => isWorkingDay('16/02/2026'), '16/02/2026');
  assert.throws(() => addWorkingDays('2026-02-12', -1), /whole number/);
  assert.throws(() => addWorkingDays('2026-02-12', 1.5), /whole number/);
});

test('a table with a repeated day or a day outside its years does not load', () => {
  const table = (days: string[]) =>
    JSON.stringify({
      first_year: 2026,
      last_year: 2026,
      days: days.map((day) => ({ day, name: 'x', kind: 'holiday', basis: 'rule' })),
    });
  assert.equal(parseHolidayTable(table(['2026-01-01'])).names.size, 1);
  assert.throws(() => parseHolidayTable(table(['2026-01-01', '2026-01-01'])), /repeated/);
  assert.throws(() => parseHolidayTable(table(['2027-01-01'])), /2026–2026/);
  const small = parseHolidayTable(table(['2026-12-07']));
  assert.equal(isWorkingDay('2026-12-07', small), false);
  assert.equal(addWorkingDays('2026-12-04', 1, small), '2026-12-08');
});
