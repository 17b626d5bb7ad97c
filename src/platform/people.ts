import { CCCD_PROVINCE_CODES, parseCccd } from './cccd.ts';
import { isDomainError, PlatformError } from './errors.ts';
import { parseVnPhone } from './phone.ts';

/**
 * Synthetic people for the demo, tests and benchmarks: names weighted by their share of the population,
 * CCCD numbers of the right form (province, century and sex, year of birth) but made up, and mobile
 * numbers of the right form. Deterministic for a seed, so a demo is the same every time.
 */
export interface Person {
  full_name: string;
  sex: 'male' | 'female';
  birth_year: number;
  /** 12 digits, unique within one generator, however many people it makes. */
  cccd: string;
  /** 0xxxxxxxxx, a Vietnamese mobile number; unique within one generator. */
  phone: string;
}

export interface Names {
  surnames: readonly (readonly [string, number])[];
  middle: { male: readonly string[]; female: readonly string[] };
  given: { male: readonly string[]; female: readonly string[] };
}

// Mobile prefixes in use (Viettel, Vinaphone, MobiFone, Vietnamobile, Gmobile).
const MOBILE_PREFIXES = [
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '38',
  '39',
  '52',
  '56',
  '58',
  '59',
  '70',
  '76',
  '77',
  '78',
  '79',
  '81',
  '82',
  '83',
  '84',
  '85',
  '86',
  '88',
  '89',
  '90',
  '91',
  '93',
  '94',
  '96',
  '97',
  '98',
];

/** A small, fast, seeded generator (mulberry32): the same seed gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Checks the shape of a names file, naming what is wrong. */
export function parseNames(input: unknown): Names {
  const bad = (what: string) =>
    new PlatformError('invalid_json', `names file: ${what}`, `Tệp tên người không hợp lệ: ${what}`);
  const o = input as Partial<Names> | null;
  if (o === null || typeof o !== 'object') throw bad('is not an object');
  if (!Array.isArray(o.surnames) || o.surnames.length === 0) throw bad('surnames must be a non-empty list');
  for (const [i, s] of o.surnames.entries())
    if (!Array.isArray(s) || typeof s[0] !== 'string' || !(typeof s[1] === 'number' && s[1] > 0))
      throw bad(`surnames[${i}] must be [name, share > 0]`);
  for (const part of ['middle', 'given'] as const)
    for (const sex of ['male', 'female'] as const) {
      const list = o[part]?.[sex];
      if (!Array.isArray(list) || list.length === 0 || list.some((x) => typeof x !== 'string'))
        throw bad(`${part}.${sex} must be a non-empty list of names`);
    }
  return o as Names;
}

export interface PeopleOptions {
  seed: number;
  /** The year "now" is, for ages. */
  year: number;
}

/** A generator of synthetic people. */
export function createPeople(names: Names, options: PeopleOptions) {
  const random = seededRandom(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const total = names.surnames.reduce((n, [, share]) => n + share, 0);
  const surname = (): string => {
    let x = random() * total;
    for (const [name, share] of names.surnames) if ((x -= share) < 0) return name;
    return names.surnames[names.surnames.length - 1]![0];
  };
  // Uniqueness without remembering every person (a national list has millions): each CCCD prefix
  // (province, century and sex, year) and each mobile prefix hands out rising serials from a random start.
  const serials = new Map<string, number>();
  const lines = new Map<string, number>();
  const nextSerial = (
    counters: Map<string, number>,
    key: string,
    start: number,
    limit: number,
  ): number | null => {
    const at = (counters.get(key) ?? Math.floor(random() * start)) + 1 + Math.floor(random() * 7);
    if (at >= limit) return null;
    counters.set(key, at);
    return at;
  };
  return {
    random,
    pick,
    /** A person aged `minAge` to `maxAge`, registered at birth in `province` (a CCCD province code) or anywhere. */
    next(opts: { minAge: number; maxAge: number; province?: string }): Person {
      const sex = random() < 0.5 ? 'male' : 'female';
      const age = opts.minAge + Math.floor(random() * (opts.maxAge - opts.minAge + 1));
      const birthYear = options.year - age;
      let province =
        opts.province !== undefined && CCCD_PROVINCE_CODES.includes(opts.province)
          ? opts.province
          : pick(CCCD_PROVINCE_CODES);
      const century = Math.floor((birthYear - 1900) / 100);
      const g = century * 2 + (sex === 'female' ? 1 : 0);
      const yy = String(birthYear % 100).padStart(2, '0');
      let serial = nextSerial(serials, `${province}${g}${yy}`, 100_000, 1_000_000);
      // A prefix whose million serials are spent: the person was registered in another province.
      while (serial === null) {
        province = pick(CCCD_PROVINCE_CODES);
        serial = nextSerial(serials, `${province}${g}${yy}`, 100_000, 1_000_000);
      }
      const cccd = parseCccd(`0${province}${g}${yy}${String(serial).padStart(6, '0')}`, options.year).number;
      let phone = '';
      // Not every block of a prefix is allocated; the phone library's metadata decides, as at sign-up.
      while (phone === '') {
        const prefix = pick(MOBILE_PREFIXES);
        const n = nextSerial(lines, prefix, 1_000_000, 10_000_000);
        if (n === null) continue;
        const candidate = `0${prefix}${String(n).padStart(7, '0')}`;
        if (isVnMobile(candidate)) phone = candidate;
      }
      return {
        full_name: `${surname()} ${pick(names.middle[sex])} ${pick(names.given[sex])}`,
        sex,
        birth_year: birthYear,
        cccd,
        phone,
      };
    },
  };
}

function isVnMobile(phone: string): boolean {
  try {
    parseVnPhone(phone, 'mobile');
    return true;
  } catch (err) {
    if (isDomainError(err)) return false;
    throw err;
  }
}
