import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseCccd } from './cccd.ts';
import { createPeople, parseNames } from './people.ts';
import { parseVnPhone } from './phone.ts';

const NAMES = parseNames(
  JSON.parse(readFileSync(new URL('../../assets/people/names.json', import.meta.url), 'utf8')),
);

describe('synthetic people', () => {
  it('are well-formed, unique by CCCD and phone, and the same for the same seed', () => {
    const people = createPeople(NAMES, { seed: 7, year: 2026 });
    const list = Array.from({ length: 5000 }, () => people.next({ minAge: 20, maxAge: 95, province: '01' }));
    for (const p of list) {
      const c = parseCccd(p.cccd, 2026);
      assert.equal(c.sex, p.sex);
      assert.equal(c.birthYear, p.birth_year);
      assert.equal(c.province, '01');
      assert.ok(parseVnPhone(p.phone, 'mobile').startsWith('+84'));
      assert.match(p.full_name, /^\p{Lu}\p{Ll}* \p{Lu}\p{Ll}* \p{Lu}\p{Ll}*$/u);
    }
    assert.equal(new Set(list.map((p) => p.cccd)).size, list.length);
    assert.equal(new Set(list.map((p) => p.phone)).size, list.length);
    const again = createPeople(NAMES, { seed: 7, year: 2026 }).next({
      minAge: 20,
      maxAge: 95,
      province: '01',
    });
    assert.deepEqual(again, list[0]);
  });

  it('stay unique by CCCD and phone at the scale of a national list, without remembering them', () => {
    // Few CCCD prefixes (one province, two birth years): a serial that wrapped would repeat within 300,000.
    const people = createPeople(NAMES, { seed: 5, year: 2026 });
    const cccds = new Set<string>();
    const phones = new Set<string>();
    for (let i = 0; i < 300_000; i++) {
      const p = people.next({ minAge: 60, maxAge: 61, province: '01' });
      cccds.add(p.cccd);
      phones.add(p.phone);
    }
    assert.equal(cccds.size, 300_000);
    assert.equal(phones.size, 300_000);
  });

  it('follow the surname shares: Nguyễn is about two people in five', () => {
    const people = createPeople(NAMES, { seed: 11, year: 2026 });
    let nguyen = 0;
    for (let i = 0; i < 10_000; i++)
      if (people.next({ minAge: 30, maxAge: 60 }).full_name.startsWith('Nguyễn ')) nguyen++;
    const total = NAMES.surnames.reduce((n, [, s]) => n + s, 0);
    const expected = (38.4 / total) * 10_000;
    assert.ok(
      Math.abs(nguyen - expected) < 300,
      `${nguyen} Nguyễn of 10,000, expected about ${Math.round(expected)}`,
    );
  });

  it('refuses a names file of the wrong shape, naming the part', () => {
    assert.throws(() => parseNames({ surnames: [] }), /surnames must be a non-empty list/);
    assert.throws(() => parseNames({ ...NAMES, given: { male: ['An'], female: [] } }), /given\.female/);
    assert.throws(() => parseNames({ ...NAMES, surnames: [['Lê', -1]] }), /surnames\[0\]/);
  });
});
