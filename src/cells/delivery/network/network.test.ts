import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { buildNetwork, neighbours, regionOf, zoneBetween, type NetworkOffice } from './network.ts';
import { quote, volumetricGrams } from './tariff.ts';

const DIVISIONS = JSON.parse(
  readFileSync(new URL('../../../../assets/geo/divisions-2025.json', import.meta.url), 'utf8'),
) as Array<{ code: number }>;
const CODES = DIVISIONS.map((p) => p.code.toString().padStart(2, '0'));

test('the neighbours file names the 34 provinces, each border both ways, none with itself', () => {
  for (const p of CODES) {
    assert.ok(neighbours(p).length > 0, `${p} has neighbours`);
    for (const n of neighbours(p)) {
      assert.ok(CODES.includes(n), `${p} names unknown ${n}`);
      assert.notEqual(n, p);
      assert.ok(neighbours(n).includes(p), `${p}–${n} is listed one way only`);
    }
  }
});

test('zones: the same province, a neighbour, the rest of the country', () => {
  assert.equal(zoneBetween('01', '01'), 'local');
  assert.equal(zoneBetween('01', '24'), 'neighbouring', 'Hà Nội – Bắc Ninh');
  assert.equal(zoneBetween('79', '75'), 'neighbouring', 'TP. Hồ Chí Minh – Đồng Nai');
  assert.equal(zoneBetween('01', '79'), 'national');
  assert.equal(zoneBetween('96', '01'), 'national');
  assert.deepEqual(['01', '38', '40', '66', '68', '96'].map(regionOf), [
    'north',
    'north',
    'centre',
    'centre',
    'south',
    'south',
  ]);
});

test('routes go through the sorting centre of each region, and nowhere when an item is home', () => {
  const o = (id: string, type: string, province: string, commune: string): NetworkOffice => ({
    id,
    type,
    name: id,
    postcode: '00000',
    province_code: province,
    commune_code: commune,
  });
  const offices = [
    o('hn', 'post_office', '01', '00004'),
    o('hn2', 'post_office', '01', '00008'),
    o('schn', 'sorting_centre', '01', '00010'),
    o('schcm', 'sorting_centre', '79', '25750'),
    o('hcm', 'post_office', '79', '25747'),
    o('hcmpost', 'provincial_post', '79', '25747'),
  ];
  const net = buildNetwork({
    communes: new Map([
      ['00004', '01'],
      ['00008', '01'],
      ['00010', '01'],
      ['25747', '79'],
      ['25750', '79'],
      ['26734', '79'],
    ]),
    offices: new Map(offices.map((x) => [x.id, x])),
  });
  assert.deepEqual(net.route('hn', 'hcm'), ['hn', 'schn', 'schcm', 'hcm']);
  assert.deepEqual(net.route('hn', 'hn2'), ['hn', 'schn', 'hn2']);
  assert.deepEqual(net.route('schcm', 'hcm'), ['schcm', 'hcm']);
  assert.equal(net.nextHop('hn', 'hcm'), 'schn');
  assert.equal(net.nextHop('hcm', 'hcm'), undefined);
  assert.equal(net.deliveryOffice('25747').id, 'hcm');
  assert.equal(
    net.deliveryOffice('26734').id,
    'hcmpost',
    'no post office in the commune: the provincial post',
  );
  assert.throws(() => net.deliveryOffice('99999'), { code: 'commune_not_found' });
  assert.throws(() => net.office('nope'), { code: 'office_not_found' });
});

test('tariff: bands, steps beyond the last band, volumetric weight, insurance and COD fees', () => {
  const base = { length_cm: 5, width_cm: 5, height_cm: 5, insured_value: 0n, cod_amount: 0n };
  assert.equal(volumetricGrams(60, 40, 40), 16_000);
  assert.equal(quote({ ...base, service: 'ems', zone: 'local', weight_g: 100 }).postage, 13_000n);
  assert.equal(quote({ ...base, service: 'ems', zone: 'local', weight_g: 101 }).postage, 15_000n);
  // 2,600 g national EMS: the 2 kg price and two started 500 g steps.
  assert.equal(
    quote({ ...base, service: 'ems', zone: 'national', weight_g: 2_600 }).postage,
    76_000n + 2n * 12_000n,
  );
  // A light but bulky parcel is priced by its volume; a letter never is.
  const bulky = quote({
    ...base,
    service: 'parcel',
    zone: 'neighbouring',
    weight_g: 800,
    length_cm: 60,
    width_cm: 40,
    height_cm: 40,
  });
  assert.equal(bulky.charged_g, 16_000);
  assert.equal(bulky.postage, 48_000n + 11n * 5_000n);
  assert.equal(
    quote({
      ...base,
      service: 'letter',
      zone: 'national',
      weight_g: 20,
      length_cm: 30,
      width_cm: 30,
      height_cm: 5,
    }).charged_g,
    20,
  );
  const insured = quote({
    ...base,
    service: 'ems',
    zone: 'local',
    weight_g: 100,
    insured_value: 5_000_000n,
    cod_amount: 2_345_678n,
  });
  assert.equal(insured.insurance_fee, 50_000n);
  assert.equal(insured.cod_fee, 24_000n, '1% rounded up to the thousand');
  assert.equal(insured.fee, 13_000n + 50_000n + 24_000n);
  assert.equal(
    quote({ ...base, service: 'ems', zone: 'local', weight_g: 100, insured_value: 100_000n }).insurance_fee,
    15_000n,
    'the minimum',
  );
  assert.throws(() => quote({ ...base, service: 'letter', zone: 'local', weight_g: 2_001 }), {
    code: 'no_tariff',
  });
});
