// A checkpoint as signed: the text its signature covers and the check of that signature, which proofs and
// checkpoints both use.
import type { KeyObject } from 'node:crypto';
import { verifySignature } from './signing.ts';

/** A cell's signed tree head. */
export interface Checkpoint {
  cell: string;
  size: number;
  /** The RFC 6962 root of the first `size` events' hashes, hex. */
  root: string;
  at: string;
  key_id: string;
  /** Ed25519 over checkpointMessage(), base64. */
  signature: string;
}

/** The bytes a checkpoint's signature covers: a short text anyone can rebuild from the checkpoint. */
export function checkpointMessage(c: Pick<Checkpoint, 'cell' | 'size' | 'root' | 'at'>): Buffer {
  return Buffer.from(
    `postcore checkpoint v1\ncell ${c.cell}\nsize ${c.size}\nroot ${c.root}\ntime ${c.at}\n`,
    'utf8',
  );
}

export type CheckpointCheck = 'checkpoint_key' | 'checkpoint_signature';

/** Why a checkpoint's signature does not hold under the trusted keys (by id), or undefined if it does. */
export function checkSignature(
  c: Checkpoint,
  keys: ReadonlyMap<string, KeyObject>,
): { check: CheckpointCheck; message: string } | undefined {
  const key = keys.get(c.key_id);
  if (key === undefined)
    return {
      check: 'checkpoint_key',
      message: `checkpoint ${c.cell}@${c.size} is signed by key ${c.key_id}, which is not the post's key (${[...keys.keys()].join(', ') || 'none given'})`,
    };
  if (!verifySignature(key, checkpointMessage(c), c.signature))
    return {
      check: 'checkpoint_signature',
      message: `checkpoint ${c.cell}@${c.size} does not carry a valid signature by key ${c.key_id} (its size, root or time was changed, or it was never signed)`,
    };
  return undefined;
}
