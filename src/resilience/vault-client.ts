// The platform's and the restore's side of the vault's HTTP API.
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ResilienceError, type ResilienceErrorCode } from './resilience-error.ts';
import type { CellAck, EntryRequest, LogEntry, Witness } from './vault/index.ts';
import type { PublishedKey } from '../journal/index.ts';

export interface EntryAnswer {
  entry: number;
  acked: CellAck | null;
  witness?: Witness;
}

export interface VaultClient {
  readonly url: string;
  putObject(sha256: string, body: Buffer | { path: string }): Promise<{ created: boolean; bytes: number }>;
  addEntry(entry: EntryRequest): Promise<EntryAnswer>;
  acks(): Promise<{ cells: Record<string, CellAck>; files: Record<string, string>; witness_key_id: string }>;
  /** The whole log, page by page (restore token). */
  entries(): Promise<LogEntry[]>;
  /** Downloads an object to a file (restore token). */
  download(sha256: string, path: string): Promise<void>;
  witnessKey(): Promise<PublishedKey>;
}

const KNOWN: ReadonlySet<string> = new Set<ResilienceErrorCode>([
  'vault_unauthorized',
  'vault_token_expired',
  'vault_forbidden',
  'vault_hash_mismatch',
  'vault_object_missing',
  'vault_entry_invalid',
  'vault_segment_gap',
  'vault_checkpoint_refused',
  'vault_log_broken',
]);

/** A client for the vault at `url` holding `token` (append for the platform, restore for a restore). */
export function createVaultClient(options: { url: string; token: string; timeoutMs?: number }): VaultClient {
  const base = options.url.replace(/\/+$/, '');
  const timeout = options.timeoutMs ?? 30_000;
  const headers = { authorization: `Bearer ${options.token}` };

  const call = async (method: string, path: string, init: RequestInit = {}): Promise<Response> => {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        ...init,
        method,
        headers: { ...headers, ...(init.headers as Record<string, string> | undefined) },
        signal: AbortSignal.timeout(init.body instanceof ReadableStream ? timeout * 100 : timeout),
      });
    } catch (err) {
      const detail =
        err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
      throw new ResilienceError(
        'vault_unreachable',
        `The vault at ${base} cannot be reached (${detail}): check POSTCORE_VAULT_URL and that the vault is running`,
        'Không kết nối được kho sao lưu',
        { url: base, detail },
      );
    }
    if (res.ok) return res;
    let body: { code?: string; message?: string; message_vi?: string; details?: Record<string, unknown> } =
      {};
    try {
      body = (await res.json()) as typeof body;
    } catch {
      // not JSON: the status says enough
    }
    const code =
      body.code !== undefined && KNOWN.has(body.code)
        ? (body.code as ResilienceErrorCode)
        : 'vault_entry_invalid';
    throw new ResilienceError(
      code,
      `The vault refused ${method} ${path} (${res.status}): ${body.message ?? res.statusText}`,
      body.message_vi ?? 'Kho sao lưu từ chối yêu cầu',
      body.details,
    );
  };

  return {
    url: base,
    async putObject(sha256, body) {
      const init: RequestInit & { duplex?: 'half' } = Buffer.isBuffer(body)
        ? { body: new Blob([new Uint8Array(body)]) }
        : {
            body: Readable.toWeb(createReadStream(body.path, { highWaterMark: 1 << 20 })) as ReadableStream,
            duplex: 'half',
            headers: { 'content-length': String(statSync(body.path).size) },
          };
      const res = await call('PUT', `/v1/objects/${sha256}`, {
        ...init,
        headers: { 'content-type': 'application/octet-stream', ...(init.headers as Record<string, string>) },
      });
      return (await res.json()) as { created: boolean; bytes: number };
    },
    async addEntry(entry) {
      const res = await call('POST', '/v1/entries', {
        body: JSON.stringify(entry),
        headers: { 'content-type': 'application/json' },
      });
      return (await res.json()) as EntryAnswer;
    },
    async acks() {
      return (await (await call('GET', '/v1/acks')).json()) as Awaited<ReturnType<VaultClient['acks']>>;
    },
    async entries() {
      const all: LogEntry[] = [];
      for (;;) {
        const res = await call('GET', `/v1/entries?after=${all.length}&limit=10000`);
        const page = ((await res.json()) as { entries: LogEntry[] }).entries;
        all.push(...page);
        if (page.length < 10000) return all;
      }
    },
    async download(sha256, path) {
      const res = await call('GET', `/v1/objects/${sha256}`);
      if (res.body === null) throw new Error('empty body');
      await pipeline(Readable.fromWeb(res.body as never), createWriteStream(path, { mode: 0o600 }));
    },
    async witnessKey() {
      return (await (await call('GET', '/v1/witness/key')).json()) as PublishedKey;
    },
  };
}
