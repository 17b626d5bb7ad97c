// Test support for the whole platform: a configuration over a fresh test place.
import { join } from 'node:path';
import type { Config } from './config.ts';
import type { TestPlace } from './storage/testing.ts';

/** The configuration `loadConfig` would give for a test place, quiet and without the demo. */
export function testConfig(place: TestPlace, overrides: Partial<Config> = {}): Config {
  return {
    demo: false,
    storage: place.config,
    dataDir: place.dataDir,
    secretKeyFile: join(place.dataDir, 'keys', 'secret-box.key'),
    port: 8080,
    host: '127.0.0.1',
    logLevel: 'silent',
    ...overrides,
  };
}

// Other cells' tests reach the core cell's test fixtures through here, not past its index.
export { DIVISIONS, NAMES, openTestHierarchy } from './cells/core/testing.ts';
export { deliveryConsumer } from './cells/finance/index.ts';
export { fillVault } from './cells/finance/testing.ts';
