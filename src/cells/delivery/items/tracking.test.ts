import assert from 'node:assert/strict';
import { test } from 'node:test';
import { legalSequence, MAX_ATTEMPTS, transition, type ItemState, type Scan } from './tracking.ts';

const start: ItemState = {
  status: 'at_office',
  location: 'A',
  target: 'B',
  origin: 'A',
  returning: false,
  attempts: 0,
  last: { code: 'EMA', office: 'A' },
};

function run(scans: Scan[], from = start): ItemState {
  let s = from;
  for (const scan of scans) {
    const r = transition(s, scan);
    assert.ok(r.ok, `${scan.code} at ${scan.office}: ${r.ok ? '' : r.en}`);
    s = r.state;
  }
  return s;
}

const at = (code: Scan['code'], office: string, extra: Partial<Scan> = {}): Scan => ({
  code,
  office,
  centre: office.startsWith('SC'),
  ...extra,
});

test('the legal journey: posted, through a centre, out, delivered', () => {
  const s = run([
    at('EMC', 'A'),
    at('EDD', 'SC'),
    at('EDE', 'SC'),
    at('EMG', 'B'),
    at('EDG', 'B'),
    at('EMI', 'B'),
  ]);
  assert.equal(s.status, 'delivered');
});

test('out of order is refused with the reason; a repeat of the last scan is a duplicate', () => {
  const refuse = (s: ItemState, scan: Scan) => {
    const r = transition(s, scan);
    assert.equal(r.ok, false, `${scan.code} should be refused`);
  };
  refuse(start, at('EMI', 'A'));
  refuse(start, at('EDG', 'A'));
  refuse(start, at('EMG', 'B'));
  const moving = run([at('EMC', 'A')]);
  refuse(moving, at('EMG', 'C'));
  refuse(moving, at('EDE', 'SC'));
  const r = transition(moving, at('EMC', 'A'));
  assert.ok(r.ok && r.duplicate);
  const arrived = run([at('EMG', 'B')], moving);
  refuse(arrived, at('EMC', 'B'));
  refuse(run([at('EDG', 'B')], arrived), at('EMH', 'B', { reason: '42', action: 'A' }));
  refuse(run([at('EDG', 'B')], arrived), at('EMH', 'B', { reason: '11', action: 'Z' }));
});

test(`after ${MAX_ATTEMPTS} failed attempts the item must go back to its sender, and is returned there`, () => {
  let s = run([at('EMC', 'A'), at('EMG', 'B')]);
  for (let i = 1; i < MAX_ATTEMPTS; i++)
    s = run([at('EDG', 'B'), at('EMH', 'B', { reason: '11', action: 'A' })], s);
  const out = run([at('EDG', 'B')], s);
  assert.equal(transition(out, at('EMH', 'B', { reason: '11', action: 'A' })).ok, false);
  s = run([at('EMH', 'B', { reason: '11', action: 'C' })], out);
  assert.equal(s.returning, true);
  assert.equal(s.target, 'A');
  s = run([at('EMC', 'B'), at('EMG', 'A'), at('EDH', 'A'), at('EMI', 'A')], s);
  assert.equal(s.status, 'returned');
});

test('verify’s check of a stored sequence names the first wrong event', () => {
  const e = (code: string, office: string) => ({
    code,
    office,
    centre: office.startsWith('SC'),
    reason: null,
    action: null,
  });
  assert.equal(legalSequence('A', 'B', [e('EMA', 'A'), e('EMC', 'A'), e('EMG', 'B')], false), undefined);
  assert.match(legalSequence('A', 'B', [e('EMA', 'A'), e('EMI', 'A')], false)!, /event 2 \(EMI at A\)/);
  assert.match(legalSequence('A', 'B', [e('EMC', 'A')], false)!, /event 1 is EMC, not EMA/);
  assert.match(legalSequence('A', 'B', [e('EMA', 'A'), e('EMC', 'A'), e('EMC', 'A')], false)!, /repeats/);
  assert.equal(
    legalSequence('A', 'B', [e('EMA', 'A'), e('EMC', 'A')], true),
    undefined,
    'an announced item posted by a scan',
  );
});
