// A receipt's proof checked where its holder is, with nothing but the post's public key: what
// src/journal/proof.ts readReceiptText + verifyProof do on the server, written again for the browser's own
// WebCrypto and DecompressionStream (no Node Buffer, no zlib, no library) so that the script stays a few KB.
// Node has the same globals, so the server's tests run this very module against verifyProof.

/** The checks, in the order they run: the first that fails is the one named. */
export type Check =
  | 'qr'
  | 'format'
  | 'event_hash'
  | 'cell'
  | 'inclusion'
  | 'checkpoint_key'
  | 'checkpoint_signature'
  | 'claims';

export interface ProofEvent {
  seq: string;
  id: string;
  type: string;
  stream: string;
  at: string;
  actor: string;
  office: string | null;
  payload: unknown;
  prev: string;
  hash: string;
}

export interface Checkpoint {
  cell: string;
  size: number;
  root: string;
  at: string;
  key_id: string;
  signature: string;
}

export interface Proof {
  format: 'postcore-proof/1';
  cell: string;
  event: ProofEvent;
  path: string[];
  checkpoint: Checkpoint;
}

/** The post's key as GET /v1/checkpoints/key publishes it (the fields the check needs). */
export interface PublishedKey {
  key_id: string;
  /** The raw 32-byte Ed25519 key, base64. */
  public_key: string;
}

export type Verdict = { ok: true; proof: Proof } | { ok: false; check: Check; message: string };

export const QR_PREFIX = 'PC1:';
const B45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

/** RFC 9285 base45: three characters for two bytes, two for the last odd byte. Throws on anything else. */
export function base45Decode(text: string): Uint8Array {
  if (text.length % 3 === 1) throw new Error('base45 text cannot have a length of 3n + 1');
  const out = new Uint8Array(Math.floor(text.length / 3) * 2 + (text.length % 3 === 2 ? 1 : 0));
  let o = 0;
  for (let i = 0; i < text.length; i += 3) {
    const group = text.slice(i, i + 3);
    let n = 0;
    for (let j = group.length - 1; j >= 0; j--) {
      const v = B45.indexOf(group[j]!);
      if (v < 0) throw new Error(`"${group[j]}" is not a base45 character`);
      n = n * 45 + v;
    }
    if (group.length === 3) {
      if (n > 0xffff) throw new Error('a base45 group is out of range');
      out[o++] = n >> 8;
      out[o++] = n & 0xff;
    } else {
      if (n > 0xff) throw new Error('the last base45 group is out of range');
      out[o++] = n;
    }
  }
  return out;
}

/** zlib (RFC 1950) inflate, which the Compression Streams standard calls 'deflate'. */
async function inflate(bytes: Uint8Array): Promise<string> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate'));
  return new TextDecoder('utf-8', { fatal: true }).decode(await new Response(stream).arrayBuffer());
}

/** Why the text is not a receipt, as a check that failed. */
export class ReceiptTextError extends Error {
  readonly check: 'qr' | 'format';
  constructor(check: 'qr' | 'format', message: string) {
    super(message);
    this.check = check;
  }
}

/** A receipt as its holder has it: a QR code's text (PC1:…) or the JSON of a receipt or of a bare proof. */
export async function readReceiptText(text: string): Promise<unknown> {
  const t = text.trim();
  if (t.startsWith(QR_PREFIX)) {
    let bytes: Uint8Array;
    try {
      bytes = base45Decode(t.slice(QR_PREFIX.length));
    } catch {
      throw new ReceiptTextError('qr', 'the QR text is not base45: it was cut short or changed');
    }
    let json: string;
    try {
      json = await inflate(bytes);
    } catch {
      throw new ReceiptTextError('qr', 'the QR text does not inflate: it was cut short or changed');
    }
    return parse(json, 'qr');
  }
  if (t === '') throw new ReceiptTextError('format', 'the text is empty');
  return parse(t, 'format');
}

function parse(json: string, check: 'qr' | 'format'): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch (err) {
    throw new ReceiptTextError(check, `not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** RFC 8785 canonical JSON: keys in UTF-16 code-unit order, strings and numbers as ECMAScript writes them. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`${v} is not JSON`);
    const s = JSON.stringify(v) as string | undefined;
    if (s === undefined) throw new Error(`a ${typeof v} is not JSON`);
    return s;
  }
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

/** What an event's hash covers: every field but the hash, as src/journal/chain.ts hashInput writes it. */
export function hashInput(e: ProofEvent): string {
  return (
    `{"actor":${JSON.stringify(e.actor)},"at":${JSON.stringify(e.at)},"id":${JSON.stringify(e.id)},` +
    `"office":${e.office === null ? 'null' : JSON.stringify(e.office)},"payload":${canonicalJson(e.payload)},` +
    `"prev":${JSON.stringify(e.prev)},"seq":${e.seq},"stream":${JSON.stringify(e.stream)},` +
    `"type":${JSON.stringify(e.type)}}`
  );
}

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;

async function sha256(...parts: Uint8Array[]): Promise<Uint8Array> {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return new Uint8Array(await subtle().digest('SHA-256', all));
}

export const hexOf = (b: Uint8Array): string =>
  Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
export const fromHex = (h: string): Uint8Array =>
  Uint8Array.from(h.match(/../g) ?? [], (x) => Number.parseInt(x, 16));

/** RFC 6962 leaf hash of an event hash: SHA-256(0x00 ‖ hash). */
export const eventLeaf = (eventHash: string): Promise<Uint8Array> =>
  sha256(Uint8Array.of(0), fromHex(eventHash));
const nodeHash = (l: Uint8Array, r: Uint8Array) => sha256(Uint8Array.of(1), l, r);

/** RFC 9162 2.1.3.2, as src/journal/merkle.ts verifyInclusion: the audit path leads from the leaf to the root. */
export async function verifyInclusion(
  index: number,
  size: number,
  leaf: Uint8Array,
  path: readonly Uint8Array[],
  root: Uint8Array,
): Promise<boolean> {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  let fn = BigInt(index);
  let sn = BigInt(size - 1);
  let r = leaf;
  for (const p of path) {
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      r = await nodeHash(p, r);
      if ((fn & 1n) === 0n)
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
    } else r = await nodeHash(r, p);
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && hexOf(r) === hexOf(root);
}

/** The text a checkpoint's signature covers (src/journal/checkpoint-signature.ts checkpointMessage). */
export const checkpointMessage = (c: Checkpoint): string =>
  `postcore checkpoint v1\ncell ${c.cell}\nsize ${c.size}\nroot ${c.root}\ntime ${c.at}\n`;

/** Base64 that is exactly canonical, or undefined (as signing.ts's verifySignature accepts it). */
function base64(text: string): Uint8Array | undefined {
  try {
    const b = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
    return btoa(String.fromCharCode(...b)) === text ? b : undefined;
  } catch {
    return undefined;
  }
}

const HEX64 = /^[0-9a-f]{64}$/;
const isObj = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';

/** The first thing that keeps `v` from being a proof (as proof.ts's strict schema), or undefined. */
function formatProblem(v: unknown): string | undefined {
  const exact = (o: Record<string, unknown>, keys: string[], where: string) => {
    const extra = Object.keys(o).find((k) => !keys.includes(k));
    return extra === undefined ? undefined : `${where} has an unknown field ${extra}`;
  };
  if (!isObj(v)) return 'the top level is not an object';
  const top = exact(v, ['format', 'cell', 'event', 'path', 'checkpoint'], 'the proof');
  if (top !== undefined) return top;
  if (v['format'] !== 'postcore-proof/1') return 'format is not postcore-proof/1';
  if (!isStr(v['cell']) || v['cell'] === '') return 'cell is missing';
  const e = v['event'];
  if (!isObj(e)) return 'event is missing';
  const ef = exact(
    e,
    ['seq', 'id', 'type', 'stream', 'at', 'actor', 'office', 'payload', 'prev', 'hash'],
    'event',
  );
  if (ef !== undefined) return ef;
  if (!isStr(e['seq']) || !/^[1-9]\d{0,15}$/.test(e['seq']))
    return 'event.seq is not a positive whole number';
  for (const k of ['id', 'type', 'stream', 'at', 'actor']) if (!isStr(e[k])) return `event.${k} is not text`;
  if (e['office'] !== null && !isStr(e['office'])) return 'event.office is not text';
  if (!('payload' in e)) return 'event.payload is missing';
  for (const k of ['prev', 'hash'])
    if (!isStr(e[k]) || !HEX64.test(e[k])) return `event.${k} is not 64 hex digits`;
  const p = v['path'];
  if (!Array.isArray(p) || p.length > 64 || !p.every((h) => isStr(h) && HEX64.test(h)))
    return 'path is not a list of hashes';
  const c = v['checkpoint'];
  if (!isObj(c)) return 'checkpoint is missing';
  const cf = exact(c, ['cell', 'size', 'root', 'at', 'key_id', 'signature'], 'checkpoint');
  if (cf !== undefined) return cf;
  for (const k of ['cell', 'at', 'key_id', 'signature'])
    if (!isStr(c[k])) return `checkpoint.${k} is not text`;
  if (!Number.isSafeInteger(c['size']) || (c['size'] as number) <= 0)
    return 'checkpoint.size is not a positive integer';
  if (!isStr(c['root']) || !HEX64.test(c['root'])) return 'checkpoint.root is not 64 hex digits';
  return undefined;
}

const isScalar = (v: unknown): v is string | number | boolean =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/**
 * Checks a receipt (or a bare proof) against the post's keys: the event against its hash, its leaf against
 * the checkpoint's root through the audit path, the checkpoint's Ed25519 signature, and what the receipt
 * states against the signed event.
 */
export async function verifyProof(input: unknown, keys: readonly PublishedKey[]): Promise<Verdict> {
  const fail = (check: Check, message: string): Verdict => ({ ok: false, check, message });
  const outer = isObj(input) && 'proof' in input ? input : undefined;
  const candidate = outer === undefined ? input : outer['proof'];
  const problem = formatProblem(candidate);
  if (problem !== undefined) return fail('format', `not a postcore receipt: ${problem}`);
  const proof = candidate as Proof;
  const { event, checkpoint } = proof;
  let recomputed: string;
  try {
    recomputed = hexOf(await sha256(new TextEncoder().encode(hashInput(event))));
  } catch (err) {
    return fail('format', `not a postcore receipt: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (recomputed !== event.hash)
    return fail('event_hash', `event ${proof.cell} ${event.seq} (${event.type}) does not match its hash`);
  if (checkpoint.cell !== proof.cell)
    return fail(
      'cell',
      `the event is from cell ${proof.cell} but the checkpoint is for cell ${checkpoint.cell}`,
    );
  const index = Number(event.seq) - 1;
  if (
    index >= checkpoint.size ||
    !(await verifyInclusion(
      index,
      checkpoint.size,
      await eventLeaf(event.hash),
      proof.path.map(fromHex),
      fromHex(checkpoint.root),
    ))
  )
    return fail(
      'inclusion',
      `the audit path does not lead from event ${event.seq} to checkpoint ${checkpoint.cell}@${checkpoint.size}`,
    );
  const key = keys.find((k) => k.key_id === checkpoint.key_id);
  if (key === undefined)
    return fail(
      'checkpoint_key',
      `checkpoint ${checkpoint.cell}@${checkpoint.size} is signed by key ${checkpoint.key_id}, not the post's`,
    );
  const sig = base64(checkpoint.signature);
  const raw = base64(key.public_key);
  let valid = false;
  if (sig?.length === 64 && raw?.length === 32) {
    const k = await subtle().importKey('raw', raw as BufferSource, { name: 'Ed25519' }, false, ['verify']);
    valid = await subtle().verify(
      'Ed25519',
      k,
      sig as BufferSource,
      new TextEncoder().encode(checkpointMessage(checkpoint)),
    );
  }
  if (!valid)
    return fail(
      'checkpoint_signature',
      `checkpoint ${checkpoint.cell}@${checkpoint.size} does not carry a valid signature by key ${checkpoint.key_id}`,
    );
  if (outer !== undefined) {
    const payload = isObj(event.payload) ? event.payload : {};
    for (const [k, v] of Object.entries(outer)) {
      if (k === 'proof' || !isScalar(v)) continue;
      const proven = k === 'seq' ? event.seq : payload[k];
      if (isScalar(proven) && String(proven) !== String(v))
        return fail(
          'claims',
          `the receipt says ${k} is ${JSON.stringify(v)} but the signed event says ${JSON.stringify(proven)}`,
        );
    }
  }
  return { ok: true, proof };
}

/** readReceiptText then verifyProof: the whole check of a text as the page is given it. */
export async function checkReceiptText(text: string, keys: readonly PublishedKey[]): Promise<Verdict> {
  let input: unknown;
  try {
    input = await readReceiptText(text);
  } catch (err) {
    if (err instanceof ReceiptTextError) return { ok: false, check: err.check, message: err.message };
    throw err;
  }
  return verifyProof(input, keys);
}
