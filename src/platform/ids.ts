import { randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';
import { PlatformError } from './errors.ts';

const PREFIX = /^[a-z]{2,6}$/;
const HEX32 = /^[0-9a-f]{32}$/;

function checkPrefix(prefix: string): void {
  // A bad prefix is a programming error, not bad input, so it must surface as a 500 rather than a 4xx.
  if (!PREFIX.test(prefix)) {
    throw new TypeError(`Id prefix must be 2-6 lowercase letters, got ${JSON.stringify(prefix)}`);
  }
}

// Random bytes drawn from a 16 KiB pool: uuid's own 256-byte pool refilled every 16 ids cost about 1.5 µs
// per id, a twentieth of a batched journal append (bench/). The monotonic counter within one millisecond
// follows uuid's own v7 (RFC 9562, method 1), which stops keeping state once options are passed.
const pool = new Uint8Array(16 * 1024);
let poolAt = pool.length;
const clockState = { msecs: -Infinity, seq: 0 };
const idBytes = new Uint8Array(16);
const HEX_BYTE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function random16(): Uint8Array {
  if (poolAt + 16 > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  poolAt += 16;
  return pool.subarray(poolAt - 16, poolAt);
}

/** A new `pay_0190...` id: UUIDv7, so ids sort by creation time (kind to B-tree inserts and to log readers). */
export function newId(prefix: string): string {
  checkPrefix(prefix);
  const random = random16();
  const now = Date.now();
  if (now > clockState.msecs) {
    clockState.msecs = now;
    clockState.seq = (random[6]! << 23) | (random[7]! << 16) | (random[8]! << 8) | random[9]!;
  } else {
    clockState.seq = (clockState.seq + 1) | 0;
    if (clockState.seq === 0) clockState.msecs++;
  }
  v7({ random, msecs: clockState.msecs, seq: clockState.seq }, idBytes);
  let hex = '';
  for (const b of idBytes) hex += HEX_BYTE[b]!;
  return `${prefix}_${hex}`;
}

/** Whether `value` is shaped like an id with this prefix; the UUID version is not checked, for readable fixtures. */
export function isId(prefix: string, value: string): boolean {
  checkPrefix(prefix);
  return (
    typeof value === 'string' &&
    value.length === prefix.length + 33 &&
    value.startsWith(`${prefix}_`) &&
    HEX32.test(value.slice(prefix.length + 1))
  );
}

/** Validates an id from outside; ids are never trimmed or lowercased, so a copying mistake is reported. */
export function parseId(prefix: string, value: string): string {
  if (isId(prefix, value)) return value;
  const shown = JSON.stringify(
    typeof value === 'string' && value.length > 60 ? `${value.slice(0, 60)}…` : value,
  );
  throw new PlatformError(
    'invalid_id',
    `Invalid id ${shown}: expected "${prefix}_" followed by 32 lowercase hex characters; copy the id again from its source.`,
    `Mã ${shown} không hợp lệ: mã phải bắt đầu bằng "${prefix}_" và tiếp theo là 32 ký tự 0-9, a-f; hãy sao chép lại mã từ nguồn.`,
    { prefix, value },
  );
}

/**
 * The mark every id the platform derives for itself carries (`fee:EE123456785VN`, `till:mov_…`, `pc:…:refund`)
 * and no caller-chosen id may: the two namespaces cannot meet, so no caller can take a platform id first.
 */
export const SYSTEM_ID_MARK = ':';

/** A key a caller chooses (a manual transfer's id): 1 to 100 letters, digits, `.`, `_` or `-`, the first a letter or digit. */
const CALLER_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** Whether `value` is an id a caller may choose: never one in the platform's namespace (see SYSTEM_ID_MARK). */
export function isCallerKey(value: unknown): value is string {
  return typeof value === 'string' && CALLER_KEY.test(value);
}

/** Whether `value` lies in the platform's own namespace of derived ids. */
export function isSystemId(value: string): boolean {
  return value.includes(SYSTEM_ID_MARK);
}
