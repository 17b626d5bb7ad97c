/** Where code gets "now" from, so tests and replays can pin time instead of reading the wall clock. */
export interface Clock {
  now(): Date;
}

/** The wall clock, for production wiring only; domain code receives a Clock. */
export const systemClock: Clock = {
  now: () => new Date(),
};

function toMillis(d: Date | string): number {
  const ms = (typeof d === 'string' ? new Date(d) : d).getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`ManualClock: invalid date ${String(d)}`);
  return ms;
}

/** A clock that moves only when told, for deterministic tests and drills. */
export class ManualClock implements Clock {
  // Milliseconds rather than a Date, so callers mutating a returned Date cannot move the clock.
  #ms: number;

  constructor(start: Date | string) {
    this.#ms = toMillis(start);
  }

  /** A fresh Date each call; see #ms. */
  now(): Date {
    return new Date(this.#ms);
  }

  /** Jumps to an absolute time; going backwards is allowed to test clock skew. */
  set(d: Date | string): void {
    this.#ms = toMillis(d);
  }

  /** Moves the clock by `ms` milliseconds (may be negative). */
  advance(ms: number): void {
    if (!Number.isFinite(ms)) throw new RangeError(`ManualClock: cannot advance by ${ms}`);
    this.#ms = toMillis(new Date(this.#ms + ms));
  }
}

/** UTC ISO 8601 with milliseconds, the one timestamp form stored in journals and payloads. */
export function isoTime(clock: Clock): string {
  return clock.now().toISOString();
}

/** The day in Vietnam (UTC+7) for an instant, YYYY-MM-DD: the business day of tills and rounds. */
export function vietnamDay(at: Date): string {
  return new Date(at.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}

/** Whether YYYY-MM-DD names a day of the calendar (2026-02-30 does not). */
export function isRealDay(day: string): boolean {
  const ms = Date.parse(`${day}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === day;
}

/** The UTC instants (ISO 8601) a Vietnam day YYYY-MM-DD starts and ends: [from, to). */
export function vietnamDayBounds(day: string): { from: string; to: string } {
  const from = Date.parse(`${day}T00:00:00+07:00`);
  return { from: new Date(from).toISOString(), to: new Date(from + 86_400_000).toISOString() };
}

/** An instant as staff read it in Vietnam: `08:15 ngày 10/12/2026`. */
export function vietnamTime(iso: string): string {
  const t = new Date(Date.parse(iso) + 7 * 3_600_000).toISOString();
  return `${t.slice(11, 16)} ngày ${t.slice(8, 10)}/${t.slice(5, 7)}/${t.slice(0, 4)}`;
}
