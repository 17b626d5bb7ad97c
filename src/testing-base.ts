// The lowest layer of the platform's test support, which a cell's fixtures may build on without going
// through src/testing.ts (which gathers every cell's fixtures, theirs included): a test place's
// configuration, and the other cells' fixtures those fixtures need.
import { join } from 'node:path';
import type { Config } from './config.ts';
import type { TestPlace } from './storage/testing.ts';

export { openTestHierarchy, openTestOffice } from './cells/core/testing.ts';
export { fillVault } from './cells/finance/testing.ts';

/** The configuration `loadConfig` would give for a test place, quiet and without the demo. */
export function testConfig(place: TestPlace, overrides: Partial<Config> = {}): Config {
  return {
    demo: false,
    storage: place.config,
    dataDir: place.dataDir,
    secretKeyFile: join(place.dataDir, 'keys', 'secret-box.key'),
    checkpointKeyFile: join(place.dataDir, 'keys', 'checkpoint.key'),
    checkpointCadence: { events: 1000, seconds: 60 },
    port: 8080,
    host: '127.0.0.1',
    logLevel: 'silent',
    ...overrides,
  };
}
