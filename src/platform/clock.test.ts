import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock, isoTime, systemClock } from './clock.ts';

test('ManualClock starts where told and moves only when told', () => {
  const clock = new ManualClock('2026-11-24T12:00:00.000Z');
  assert.equal(isoTime(clock), '2026-11-24T12:00:00.000Z');
  assert.equal(isoTime(clock), '2026-11-24T12:00:00.000Z');
  clock.advance(1500);
  assert.equal(isoTime(clock), '2026-11-24T12:00:01.500Z');
  clock.advance(-60_000);
  assert.equal(isoTime(clock), '2026-11-24T11:59:01.500Z');
  clock.set(new Date(Date.UTC(2027, 0, 1)));
  assert.equal(isoTime(clock), '2027-01-01T00:00:00.000Z');
});

test('ManualClock accepts a Date and is not moved by mutating what it returned', () => {
  const start = new Date('2026-06-01T00:00:00Z');
  const clock = new ManualClock(start);
  start.setUTCFullYear(2000);
  const now = clock.now();
  now.setUTCFullYear(1999);
  assert.equal(isoTime(clock), '2026-06-01T00:00:00.000Z');
});

test('isoTime is UTC even for an offset input', () => {
  assert.equal(isoTime(new ManualClock('2026-11-24T19:00:00+07:00')), '2026-11-24T12:00:00.000Z');
});

test('ManualClock refuses invalid times instead of returning Invalid Date', () => {
  assert.throws(() => new ManualClock('not a date'), RangeError);
  const clock = new ManualClock('2026-01-01T00:00:00Z');
  assert.throws(() => clock.set('2026-13-45'), RangeError);
  assert.throws(() => clock.advance(Number.NaN), RangeError);
  assert.throws(() => clock.advance(Number.POSITIVE_INFINITY), RangeError);
  assert.equal(isoTime(clock), '2026-01-01T00:00:00.000Z');
});

test('systemClock reads the wall clock', () => {
  const before = Date.now();
  const t = systemClock.now().getTime();
  assert.ok(t >= before && t <= Date.now());
  assert.match(isoTime(systemClock), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
});
