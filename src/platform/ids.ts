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

/** A new `pay_0190...` id: UUIDv7, so ids sort by creation time (kind to B-tree inserts and to log readers). */
export function newId(prefix: string): string {
  checkPrefix(prefix);
  return `${prefix}_${v7().replaceAll('-', '')}`;
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
