// The settings this issue added, read from the environment: good values taken, bad ones refused by name.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from './config.ts';

test('POSTCORE_DETECT_SECONDS: 5 by default, 0 turns detection off, anything else outside 0–3600 is refused', () => {
  assert.equal(loadConfig({ POSTCORE_DATA_DIR: '/tmp/x' }).detectSeconds, 5);
  assert.equal(loadConfig({ POSTCORE_DATA_DIR: '/tmp/x', POSTCORE_DETECT_SECONDS: '0' }).detectSeconds, 0);
  for (const bad of ['-1', '5s', '3601', ''])
    assert.throws(
      () => loadConfig({ POSTCORE_DATA_DIR: '/tmp/x', POSTCORE_DETECT_SECONDS: bad }),
      /POSTCORE_DETECT_SECONDS must be a whole number from 0 to 3600/,
      JSON.stringify(bad),
    );
});
