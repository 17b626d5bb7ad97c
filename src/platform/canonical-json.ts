import canonicalize from 'canonicalize';
import { PlatformError } from './errors.ts';

type Path = (string | number)[];

function pathText(path: Path): string {
  return '$' + path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('');
}

function refuse(path: Path, why: string, cause?: unknown): PlatformError {
  const where = pathText(path);
  return new PlatformError(
    'invalid_json',
    `Cannot write canonical JSON: ${why} at ${where}.`,
    'Dữ liệu có giá trị không hợp lệ nên không thể ghi nhận; hãy báo cho bộ phận kỹ thuật.',
    { path: where },
    cause === undefined ? undefined : { cause },
  );
}

// canonicalize silently turns some values into something else: undefined, functions and symbols vanish
// from objects and become null in arrays, a top-level undefined returns undefined instead of a string, and
// Map, Set, typed arrays and class instances become {} or index-keyed objects. A hash over such output
// would not match what the caller meant, so those are refused here, in one pass, before it runs.
function check(value: unknown, path: Path, ancestors: Set<object>): void {
  switch (typeof value) {
    case 'string':
      if (!value.isWellFormed()) throw refuse(path, 'lone surrogate in string');
      return;
    case 'number':
      if (!Number.isFinite(value)) throw refuse(path, `${value} is not a JSON number`);
      return;
    case 'boolean':
      return;
    case 'bigint':
      throw refuse(path, 'bigint is not JSON (write amounts with vndToJson)');
    case 'undefined':
      throw refuse(path, 'undefined is not JSON');
    case 'function':
    case 'symbol':
      throw refuse(path, `a ${typeof value} is not JSON`);
    case 'object':
      break;
  }
  if (value === null) return;
  if (ancestors.has(value)) throw refuse(path, 'circular reference');
  ancestors.add(value);
  const toJSON: unknown = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    // Dates and similar: canonicalize calls toJSON() without arguments, so the check does the same.
    check((toJSON as () => unknown).call(value), path, ancestors);
  } else if (value instanceof Number || value instanceof String || value instanceof Boolean) {
    check(value.valueOf(), path, ancestors);
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      // Holes and undefined would become null: refused rather than guessed at.
      check(value[i], path, ancestors);
      path.pop();
    }
  } else {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      const kind = (value as { constructor?: { name?: unknown } }).constructor?.name;
      throw refuse(path, `${typeof kind === 'string' ? kind : 'non-plain object'} is not plain JSON data`);
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      path.push(key);
      if (!key.isWellFormed()) throw refuse(path, 'lone surrogate in key');
      const member = record[key];
      // An undefined property is omitted, as JSON.stringify does, so optional fields need no special care.
      if (member !== undefined) check(member, path, ancestors);
      path.pop();
    }
  }
  ancestors.delete(value);
}

/**
 * RFC 8785 (JCS) canonical JSON, the input to every journal hash: the same data always gives the same bytes,
 * and anything that is not plain JSON data is refused with `invalid_json` instead of being dropped silently.
 */
export function canonicalJson(value: unknown): string {
  check(value, [], new Set());
  let out: string | undefined;
  try {
    out = canonicalize(value);
  } catch (err) {
    throw refuse([], err instanceof Error ? err.message : String(err), err);
  }
  if (out === undefined) throw refuse([], 'value has no JSON form');
  return out;
}
