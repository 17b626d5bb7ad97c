import assert from 'node:assert/strict';
import { test } from 'node:test';
import { vndText } from './vnd-schema.ts';

test('vndText takes whole đồng as text by kind, and refuses leading zeros, signs where not allowed and 20 digits', () => {
  const ok = (kind: Parameters<typeof vndText>[0], s: string) => vndText(kind).safeParse(s).success;
  assert.ok(ok('positive', '1') && !ok('positive', '0') && !ok('positive', '-5'));
  assert.ok(ok('nonNegative', '0') && ok('nonNegative', '1234567') && !ok('nonNegative', '-1'));
  assert.ok(ok('signed', '-1') && ok('signed', '0') && !ok('signed', '-0'));
  for (const kind of ['positive', 'nonNegative', 'signed'] as const) {
    assert.ok(!ok(kind, '007') && !ok(kind, '1.5') && !ok(kind, '1'.repeat(20)) && !ok(kind, ' 1'));
    assert.ok(ok(kind, '9'.repeat(19)));
  }
});
