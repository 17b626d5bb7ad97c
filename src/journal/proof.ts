// A receipt that proves itself: the event, its audit path, and the signed checkpoint that covers it.
// Checking one needs nothing but the post's public key: no database, no server, no network.
import type { KeyObject } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';
import base45 from 'base45';
import { z } from 'zod';
import { canonicalJson } from '../platform/canonical-json.ts';
import { hashEvent } from './chain.ts';
import type { JournalEvent } from './journal-event.ts';
import { checkSignature, type Checkpoint } from './checkpoint-signature.ts';
import { verifyInclusion } from './merkle.ts';
import { eventLeaf } from './tree.ts';

export const PROOF_FORMAT = 'postcore-proof/1';
/** The prefix of a proof printed as a QR code: base45 (RFC 9285) of the zlib-deflated JSON. */
export const QR_PREFIX = 'PC1:';

export interface EventProof {
  format: typeof PROOF_FORMAT;
  cell: string;
  /** The event as stored, its payload as JSON: everything its hash covers, and the hash. */
  event: Omit<JournalEvent, 'seq'> & { seq: string };
  /** The audit path of leaf seq − 1 in the checkpoint's tree, hex. */
  path: string[];
  checkpoint: Checkpoint;
}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 hex digits');
export const eventProofSchema = z.strictObject({
  format: z.literal(PROOF_FORMAT),
  cell: z.string().min(1),
  event: z.strictObject({
    seq: z.string().regex(/^[1-9]\d{0,15}$/, 'must be a positive whole number'),
    id: z.string(),
    type: z.string(),
    stream: z.string(),
    at: z.string(),
    actor: z.string(),
    office: z.string().nullable(),
    payload: z.unknown(),
    prev: hex64,
    hash: hex64,
  }),
  path: z.array(hex64).max(64),
  checkpoint: z.strictObject({
    cell: z.string(),
    size: z.number().int().positive(),
    root: hex64,
    at: z.string(),
    key_id: z.string(),
    signature: z.string(),
  }),
});

export type ProofCheck =
  'format' | 'event_hash' | 'cell' | 'inclusion' | 'checkpoint_key' | 'checkpoint_signature' | 'claims';

export type ProofResult = { ok: true; proof: EventProof } | { ok: false; check: ProofCheck; message: string };

const failed = (check: ProofCheck, message: string): ProofResult => ({ ok: false, check, message });
const isScalar = (v: unknown): v is string | number | boolean =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/**
 * Checks a receipt offline against the post's key(s): the event's content against its hash, the hash's leaf
 * against the checkpoint's root through the audit path, the checkpoint's signature, and, when the proof came
 * inside a receipt, that every field the receipt states and the event also holds says the same.
 */
export function verifyProof(input: unknown, keys: ReadonlyMap<string, KeyObject>): ProofResult {
  const outer = input !== null && typeof input === 'object' && 'proof' in input ? input : undefined;
  const parsed = eventProofSchema.safeParse(outer === undefined ? input : outer.proof);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return failed(
      'format',
      `not a postcore receipt: ${issue.path.join('.') || 'the top level'} ${issue.message}`,
    );
  }
  const proof = parsed.data;
  const { event, checkpoint } = proof;
  const recomputed = hashEvent({ ...event, seq: BigInt(event.seq), payload: canonicalJson(event.payload) });
  if (recomputed !== event.hash)
    return failed(
      'event_hash',
      `event ${proof.cell} ${event.seq} (${event.type}) does not match its hash: a field of the event was changed`,
    );
  if (checkpoint.cell !== proof.cell)
    return failed(
      'cell',
      `the event is from cell ${proof.cell} but the checkpoint is for cell ${checkpoint.cell}`,
    );
  const index = Number(event.seq) - 1;
  if (
    index >= checkpoint.size ||
    !verifyInclusion(
      index,
      checkpoint.size,
      eventLeaf(event.hash),
      proof.path.map((h) => Buffer.from(h, 'hex')),
      Buffer.from(checkpoint.root, 'hex'),
    )
  )
    return failed(
      'inclusion',
      `the audit path does not lead from event ${event.seq} to the root of checkpoint ${checkpoint.cell}@${checkpoint.size}`,
    );
  const bad = checkSignature(checkpoint, keys);
  if (bad !== undefined) return failed(bad.check, bad.message);
  if (outer !== undefined) {
    const payload = (event.payload ?? {}) as Record<string, unknown>;
    for (const [k, v] of Object.entries(outer)) {
      if (k === 'proof' || !isScalar(v)) continue;
      const proven = k === 'seq' ? event.seq : payload[k];
      if (isScalar(proven) && String(proven) !== String(v))
        return failed(
          'claims',
          `the receipt says ${k} is ${JSON.stringify(v)} but the signed event says ${JSON.stringify(proven)}`,
        );
    }
  }
  return { ok: true, proof };
}

/** The text a receipt's QR code holds: the proof, deflated and in base45 so that QR alphanumeric mode fits it. */
export function proofToQr(proof: EventProof): string {
  return QR_PREFIX + base45.encode(deflateSync(JSON.stringify(proof), { level: 9 }));
}

const BASE45 = /^[0-9A-Z $%*+\-./:]*$/;

/**
 * Reads a receipt as a file holds it: the JSON of an API receipt or of a bare proof, or the text of its QR
 * code. Throws an Error saying what is wrong with the text.
 */
export function readReceiptText(text: string): unknown {
  const t = text.trim();
  if (t.startsWith(QR_PREFIX)) {
    const body = t.slice(QR_PREFIX.length);
    if (!BASE45.test(body) || body.length % 3 === 1)
      throw new Error('the QR text is not base45: it was cut short or changed');
    let json: string;
    try {
      json = inflateSync(base45.decode(body)).toString('utf8');
    } catch {
      throw new Error('the QR text does not inflate: it was cut short or changed');
    }
    return JSON.parse(json) as unknown;
  }
  if (t === '') throw new Error('the file is empty');
  try {
    return JSON.parse(t) as unknown;
  } catch (err) {
    throw new Error(
      `the file is neither JSON nor a receipt's QR text (${QR_PREFIX}…): ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}
