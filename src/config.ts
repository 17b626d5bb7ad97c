import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DomainError } from './platform/errors.ts';
import { parseDatabaseUrl, type StorageConfig } from './storage/index.ts';

export type ConfigErrorCode = 'invalid_config';

/** A setting in the environment or on the command line that cannot be used. */
export class ConfigError extends DomainError<ConfigErrorCode> {
  readonly cell = 'config';
}

export interface Config {
  storage: StorageConfig;
  port: number;
  host: string;
  logLevel: string;
  /** Open the demo network on first start (POSTCORE_DEMO, default true; false for a real post). */
  demo: boolean;
  /** The server's own files (keys), whichever database holds the cells: POSTCORE_DATA_DIR, default ./data. */
  dataDir: string;
  /** The key that seals second-factor secrets: POSTCORE_SECRET_KEY_FILE, default <dataDir>/keys/secret-box.key. */
  secretKeyFile: string;
  /** The Ed25519 key that signs checkpoints: POSTCORE_CHECKPOINT_KEY_FILE, default <dataDir>/keys/checkpoint.key. */
  checkpointKeyFile: string;
  /** A checkpoint after this many new events or seconds: POSTCORE_CHECKPOINT_EVENTS (1000), _SECONDS (60). */
  checkpointCadence: { events: number; seconds: number };
  /** Where the cells ship their journals and snapshots (POSTCORE_VAULT_URL); absent: no shipping. */
  vault?: VaultConfig;
  /** Detection runs every this many seconds in `serve` (POSTCORE_DETECT_SECONDS, default 5; 0: off). */
  detectSeconds?: number;
  /** On a drill's own platform, the drill's workspace, whose timeline it serves (POSTCORE_DRILL_WORKSPACE). */
  drillWorkspace?: string;
  /** The post's bank account that counter sales paid by VietQR go to (POSTCORE_VIETQR_BIN, _ACCOUNT). */
  vietqr?: { bin: string; account: string };
}

export interface VaultConfig {
  url: string;
  /** The vault's append token (POSTCORE_VAULT_TOKEN, or the file POSTCORE_VAULT_TOKEN_FILE). */
  token: string;
  /** The backup public key, PEM (POSTCORE_BACKUP_PUBLIC_KEY_FILE): everything shipped is sealed to it. */
  backupPublicKey: string;
  backupPublicKeyFile: string;
  /** Answer a pension payout only once the vault holds its event (POSTCORE_VAULT_CONFIRM_PAYOUTS). */
  confirmPayouts: boolean;
  /**
   * Answer every write of every cell (a scan, an acceptance, a payout) only once the vault holds the cell's
   * events up to it (POSTCORE_VAULT_CONFIRM_WRITES): nothing answered can be lost with the server.
   */
  confirmWrites: boolean;
  /** How long a payout waits for the vault before it answers 503 vault_not_acknowledged (ms). */
  confirmTimeoutMs: number;
  /** A snapshot after this many events or seconds: POSTCORE_SNAPSHOT_EVENTS (100000), _SECONDS (21600). */
  snapshotEvery: { events: number; seconds: number };
}

/** One environment variable postcore reads: what it sets and what holds when it is unset. */
export interface Setting {
  name: string;
  /** What holds when the variable is unset, as an operator would write it. */
  default: string;
  meaning: string;
  /** The settings are grouped so in docs/configuration.md. */
  group: 'Storage' | 'Server' | 'Keys' | 'Checkpoints' | 'Vault and shipping' | 'Detection' | 'Debugging';
}

/**
 * Every environment variable postcore reads, in the order docs/configuration.md shows them (the page is
 * generated from this table by `npm run docs`; a test fails when a variable that loadConfig reads is missing).
 */
export const SETTINGS: readonly Setting[] = [
  {
    group: 'Storage',
    name: 'POSTCORE_DATA_DIR',
    default: './data',
    meaning:
      "The server's own files (keys, attachments, evidence) and, on SQLite, one database file per cell. Relative paths are taken from the working directory.",
  },
  {
    group: 'Storage',
    name: 'POSTCORE_DATABASE_URL',
    default: 'unset: SQLite under the data directory',
    meaning:
      'A postgres:// URL: every cell becomes its own schema on this PostgreSQL server instead of a SQLite file.',
  },
  {
    group: 'Storage',
    name: 'POSTCORE_SCHEMA_PREFIX',
    default: 'empty',
    meaning:
      "On PostgreSQL, a prefix for the cells' schema names (a-z, 0-9 and _, at most 20), so that several posts can share one database.",
  },
  {
    group: 'Server',
    name: 'PORT',
    default: '8080',
    meaning: 'The port `postcore serve` listens on (1 to 65535); `serve --port` overrides it.',
  },
  {
    group: 'Server',
    name: 'HOST',
    default: '127.0.0.1',
    meaning: 'The interface `postcore serve` listens on; `0.0.0.0` to serve other machines.',
  },
  {
    group: 'Server',
    name: 'POSTCORE_LOG_LEVEL',
    default: 'info',
    meaning:
      'How much the server (and `postcore vault serve`) logs: fatal, error, warn, info, debug, trace or silent.',
  },
  {
    group: 'Server',
    name: 'POSTCORE_VIETQR_BIN',
    default: '970415',
    meaning:
      "The NAPAS BIN (6 digits) of the bank holding the post's account that counter sales paid by VietQR are transferred to; set it, and POSTCORE_VIETQR_ACCOUNT, for a real post (the default is a demo account).",
  },
  {
    group: 'Server',
    name: 'POSTCORE_VIETQR_ACCOUNT',
    default: '113000000000',
    meaning:
      "The post's account number at that bank (1 to 19 letters or digits), shown in every sale's VietQR.",
  },
  {
    group: 'Server',
    name: 'POSTCORE_DEMO',
    default: 'true',
    meaning:
      'Open the demo network and staff (with published passwords) on first start; `false` for a real post, which also makes `postcore demo --reset` refuse to delete it.',
  },
  {
    group: 'Keys',
    name: 'POSTCORE_SECRET_KEY_FILE',
    default: '<data dir>/keys/secret-box.key',
    meaning: 'The key that seals second-factor secrets before they are journaled.',
  },
  {
    group: 'Keys',
    name: 'POSTCORE_CHECKPOINT_KEY_FILE',
    default: '<data dir>/keys/checkpoint.key',
    meaning: "The Ed25519 key that signs each cell's checkpoints.",
  },
  {
    group: 'Checkpoints',
    name: 'POSTCORE_CHECKPOINT_EVENTS',
    default: '1000',
    meaning: 'A cell signs a checkpoint after this many new events (1 to 10,000,000)…',
  },
  {
    group: 'Checkpoints',
    name: 'POSTCORE_CHECKPOINT_SECONDS',
    default: '60',
    meaning: '…or after this many seconds with new events (1 to 86,400), whichever comes first.',
  },
  {
    group: 'Vault and shipping',
    name: 'POSTCORE_VAULT_URL',
    default: 'unset: nothing is shipped',
    meaning:
      "The backup vault (an http(s) URL such as http://vault.internal:8090): every cell ships its journal and snapshots there. When set, the vault's append token and the backup public key must be given too.",
  },
  {
    group: 'Vault and shipping',
    name: 'POSTCORE_VAULT_TOKEN',
    default: 'unset',
    meaning:
      "The vault's append token (pcva_…), never its restore token; or give it in a file with POSTCORE_VAULT_TOKEN_FILE.",
  },
  {
    group: 'Vault and shipping',
    name: 'POSTCORE_VAULT_TOKEN_FILE',
    default: 'unset',
    meaning: 'A file holding the append token, read when POSTCORE_VAULT_TOKEN is unset.',
  },
  {
    group: 'Vault and shipping',
    name: 'POSTCORE_BACKUP_PUBLIC_KEY_FILE',
    default: 'unset',
    meaning:
      'The backup public key (PEM, from `postcore keys backup`): everything shipped is sealed to it, so the server cannot read its own backups.',
  },
  {
    group: 'Vault and shipping',
    name: 'POSTCORE_VAULT_CONFIRM_PAYOUTS',
    default: 'false',
    meaning: 'Answer a pension payout only once the vault holds its event.',
  },
  {
    group: 'Vault and shipping',
    name: 'POSTCORE_VAULT_CONFIRM_WRITES',
    default: 'false',
    meaning:
      "Answer every write of every cell only once the vault holds the cell's events up to it: nothing answered can be lost with the server.",
  },
  {
    group: 'Vault and shipping',
    name: 'POSTCORE_VAULT_CONFIRM_MS',
    default: '5000',
    meaning:
      'How long a confirmed write waits for the vault before it answers 503 vault_not_acknowledged (1 to 600,000 ms).',
  },
  {
    group: 'Vault and shipping',
    name: 'POSTCORE_SNAPSHOT_EVENTS',
    default: '100000',
    meaning: "A snapshot of a cell's database is shipped after this many events…",
  },
  {
    group: 'Vault and shipping',
    name: 'POSTCORE_SNAPSHOT_SECONDS',
    default: '21600',
    meaning: '…or after this many seconds (at most 30 days), whichever comes first.',
  },
  {
    group: 'Detection',
    name: 'POSTCORE_DETECT_SECONDS',
    default: '5',
    meaning:
      '`postcore serve` runs every detection check this often (0 to 3600 seconds; 0 turns detection off). A finding that leaves no doubt isolates its cell.',
  },
  {
    group: 'Detection',
    name: 'POSTCORE_DRILL_WORKSPACE',
    default: 'unset',
    meaning:
      "Set by `postcore drill ransomware` on the platform it starts: the drill's workspace, whose timeline and report that platform shows its officers at /v1/drills (and refuses to start another drill). Unset: /v1/drills lists the drills started from the console, under the data directory's drills/.",
  },
  {
    group: 'Debugging',
    name: 'POSTCORE_DEBUG',
    default: 'unset',
    meaning: 'Set to anything: a command that fails unexpectedly prints its stack trace too.',
  },
];

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function parsePort(raw: string, source: string): number {
  const port = /^\d{1,5}$/.test(raw) ? Number(raw) : NaN;
  if (!(port >= 1 && port <= 65535)) {
    throw new ConfigError(
      'invalid_config',
      `${source} must be a port number from 1 to 65535 (got ${JSON.stringify(raw)})`,
      `${source} phải là số cổng từ 1 đến 65535`,
    );
  }
  return port;
}

/**
 * Reads the configuration from the environment: the embedded defaults (SQLite under ./data, port 8080)
 * unless POSTCORE_DATABASE_URL selects PostgreSQL.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: { port?: string } = {}): Config {
  const dataDir = resolve(env['POSTCORE_DATA_DIR'] ?? 'data');
  const url = env['POSTCORE_DATABASE_URL'];
  let storage: StorageConfig;
  if (url !== undefined && url !== '') {
    parseDatabaseUrl(url);
    const schemaPrefix = env['POSTCORE_SCHEMA_PREFIX'] ?? '';
    if (!/^[a-z0-9_]{0,20}$/.test(schemaPrefix)) {
      throw new ConfigError(
        'invalid_config',
        `POSTCORE_SCHEMA_PREFIX may hold only a-z, 0-9 and _ (at most 20), got ${JSON.stringify(schemaPrefix)}`,
        'POSTCORE_SCHEMA_PREFIX chỉ được chứa a-z, 0-9 và _',
      );
    }
    storage = { dialect: 'postgres', url, schemaPrefix };
  } else {
    storage = { dialect: 'sqlite', dataDir };
  }
  const logLevel = env['POSTCORE_LOG_LEVEL'] ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(
      'invalid_config',
      `POSTCORE_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got ${JSON.stringify(logLevel)})`,
      'POSTCORE_LOG_LEVEL không hợp lệ',
    );
  }
  const demoText = env['POSTCORE_DEMO'] ?? 'true';
  if (demoText !== 'true' && demoText !== 'false') {
    throw new ConfigError(
      'invalid_config',
      `POSTCORE_DEMO must be true or false (got ${JSON.stringify(demoText)})`,
      'POSTCORE_DEMO phải là true hoặc false',
    );
  }
  const whole = (name: string, fallback: number, max: number, zero = false): number => {
    const raw = env[name] ?? String(fallback);
    const n = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
    const min = zero ? 0 : 1;
    if (!(n >= min && n <= max))
      throw new ConfigError(
        'invalid_config',
        `${name} must be a whole number from ${min} to ${max} (got ${JSON.stringify(raw)})`,
        `${name} phải là số nguyên từ ${min} đến ${max}`,
      );
    return n;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = env[name] ?? String(fallback);
    if (raw !== 'true' && raw !== 'false')
      throw new ConfigError(
        'invalid_config',
        `${name} must be true or false (got ${JSON.stringify(raw)})`,
        `${name} phải là true hoặc false`,
      );
    return raw === 'true';
  };
  const readSetting = (name: string): string => {
    const file = env[name];
    if (file === undefined || file === '')
      throw new ConfigError(
        'invalid_config',
        `POSTCORE_VAULT_URL is set, so ${name} must name a file too`,
        `Thiếu ${name}`,
      );
    try {
      return readFileSync(resolve(file), 'utf8').trim();
    } catch (err) {
      throw new ConfigError(
        'invalid_config',
        `${name} names ${file}, which cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
        `Không đọc được tệp ${file}`,
      );
    }
  };
  const vaultUrl = env['POSTCORE_VAULT_URL'];
  let vault: VaultConfig | undefined;
  if (vaultUrl !== undefined && vaultUrl !== '') {
    if (!/^https?:\/\/[^/\s]+/.test(vaultUrl))
      throw new ConfigError(
        'invalid_config',
        `POSTCORE_VAULT_URL must be an http(s) URL such as http://vault.internal:8090 (got ${JSON.stringify(vaultUrl)})`,
        'POSTCORE_VAULT_URL không hợp lệ',
      );
    const token = env['POSTCORE_VAULT_TOKEN'] ?? readSetting('POSTCORE_VAULT_TOKEN_FILE');
    if (!token.startsWith('pcva_'))
      throw new ConfigError(
        'invalid_config',
        "The platform holds the vault's append token (pcva_…), never its restore token: give the append token",
        'Máy chủ chỉ được giữ mã ghi thêm của kho sao lưu',
      );
    vault = {
      url: vaultUrl,
      token,
      backupPublicKey: readSetting('POSTCORE_BACKUP_PUBLIC_KEY_FILE'),
      backupPublicKeyFile: resolve(env['POSTCORE_BACKUP_PUBLIC_KEY_FILE'] ?? ''),
      confirmPayouts: bool('POSTCORE_VAULT_CONFIRM_PAYOUTS', false),
      confirmWrites: bool('POSTCORE_VAULT_CONFIRM_WRITES', false),
      confirmTimeoutMs: whole('POSTCORE_VAULT_CONFIRM_MS', 5000, 600_000),
      snapshotEvery: {
        events: whole('POSTCORE_SNAPSHOT_EVENTS', 100_000, 100_000_000),
        seconds: whole('POSTCORE_SNAPSHOT_SECONDS', 21_600, 30 * 86_400),
      },
    };
  }
  const vietqr = {
    bin: env['POSTCORE_VIETQR_BIN'] ?? '970415',
    account: env['POSTCORE_VIETQR_ACCOUNT'] ?? '113000000000',
  };
  if (!/^\d{6}$/.test(vietqr.bin) || !/^[0-9A-Za-z]{1,19}$/.test(vietqr.account))
    throw new ConfigError(
      'invalid_config',
      `POSTCORE_VIETQR_BIN must be 6 digits and POSTCORE_VIETQR_ACCOUNT 1 to 19 letters or digits (got ${JSON.stringify(vietqr.bin)}, ${JSON.stringify(vietqr.account)})`,
      'POSTCORE_VIETQR_BIN hoặc POSTCORE_VIETQR_ACCOUNT không hợp lệ',
    );
  return {
    vietqr,
    ...(vault === undefined ? {} : { vault }),
    demo: demoText === 'true',
    checkpointKeyFile: resolve(
      env['POSTCORE_CHECKPOINT_KEY_FILE'] ?? join(dataDir, 'keys', 'checkpoint.key'),
    ),
    checkpointCadence: {
      events: whole('POSTCORE_CHECKPOINT_EVENTS', 1000, 10_000_000),
      seconds: whole('POSTCORE_CHECKPOINT_SECONDS', 60, 86_400),
    },
    dataDir,
    detectSeconds: whole('POSTCORE_DETECT_SECONDS', 5, 3600, true),
    ...(env['POSTCORE_DRILL_WORKSPACE'] === undefined || env['POSTCORE_DRILL_WORKSPACE'] === ''
      ? {}
      : { drillWorkspace: resolve(env['POSTCORE_DRILL_WORKSPACE']) }),
    secretKeyFile: resolve(env['POSTCORE_SECRET_KEY_FILE'] ?? join(dataDir, 'keys', 'secret-box.key')),
    storage,
    port:
      overrides.port !== undefined
        ? parsePort(overrides.port, '--port')
        : parsePort(env['PORT'] ?? '8080', 'PORT'),
    host: env['HOST'] ?? '127.0.0.1',
    logLevel,
  };
}
