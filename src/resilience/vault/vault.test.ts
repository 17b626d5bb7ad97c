import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import {
  checkpointMessage,
  consistencyProof,
  leafHash,
  newSigner,
  treeRoot,
  type Checkpoint,
  type Signer,
} from '../../journal/index.ts';
import { ManualClock } from '../../platform/clock.ts';
import { createVaultClient, type VaultClient } from '../vault-client.ts';
import { buildVaultServer, openVault, witnessMessage, type Vault } from './index.ts';
import { verifySignature } from '../../journal/signing.ts';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const leaves = Array.from({ length: 20 }, (_, i) => leafHash(Buffer.from(`event ${i}`)));

function checkpointOf(signer: Signer, cell: string, size: number, at: string): Checkpoint {
  const root = treeRoot(leaves, size).toString('hex');
  return {
    cell,
    size,
    root,
    at,
    key_id: signer.keyId,
    signature: signer.sign(checkpointMessage({ cell, size, root, at })),
  };
}

describe('the vault: write-once objects, two kinds of token, a hash-chained log and a witness', () => {
  const clock = new ManualClock('2026-12-04T03:00:00Z');
  let dir: string;
  let vault: Vault;
  let app: Awaited<ReturnType<typeof buildVaultServer>>;
  let url: string;
  let append: VaultClient;
  let restore: VaultClient;
  let appendToken: string;
  const platformKey = newSigner();

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'postcore-vault-'));
    vault = openVault({ dir, clock });
    appendToken = vault.tokens.issue('append', 30, clock.now()).token;
    const restoreToken = vault.tokens.issue('restore', 30, clock.now()).token;
    app = await buildVaultServer(vault, pino({ level: 'silent' }), 'test');
    url = await app.listen({ port: 0, host: '127.0.0.1' });
    append = createVaultClient({ url, token: appendToken });
    restore = createVaultClient({ url, token: restoreToken });
  });
  after(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('an object is stored once under its SHA-256; a wrong hash or different bytes under a name are refused', async () => {
    const body = randomBytes(5000);
    assert.deepEqual(await append.putObject(sha(body), body), {
      sha256: sha(body),
      bytes: 5000,
      created: true,
    });
    assert.equal((await append.putObject(sha(body), body)).created, false);
    const other = randomBytes(5000);
    await assert.rejects(append.putObject(sha(body), other), {
      code: 'vault_hash_mismatch',
      message:
        /\(422\): The object sent as [0-9a-f]{64} hashes to [0-9a-f]{64} \(5000 bytes\).*never replaced; nothing was stored/,
    });
    const path = join(dir, 'objects', sha(body).slice(0, 2), sha(body));
    assert.deepEqual(readFileSync(path), body, 'the first bytes are still there');
    await assert.rejects(append.putObject('not-a-hash', body), { code: 'vault_entry_invalid' });
  });

  test('the append token cannot read, list or delete; the restore token cannot write; nobody deletes', async () => {
    const body = randomBytes(100);
    await append.putObject(sha(body), body);
    await assert.rejects(append.download(sha(body), join(dir, 'x')), {
      code: 'vault_forbidden',
      message: /An append token cannot read objects: that needs the restore token/,
    });
    await assert.rejects(append.entries(), { code: 'vault_forbidden' });
    await assert.rejects(restore.putObject(sha(body), body), {
      code: 'vault_forbidden',
      message: /A restore token cannot store objects: that needs the append token/,
    });
    for (const token of [appendToken, undefined]) {
      const res = await fetch(`${url}/v1/objects/${sha(body)}`, {
        method: 'DELETE',
        headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
      });
      assert.equal(res.status, 403);
      assert.match(((await res.json()) as { message: string }).message, /never deletes or replaces anything/);
    }
    const out = join(dir, 'restored');
    await restore.download(sha(body), out);
    assert.deepEqual(readFileSync(out), body);
  });

  test('unknown and expired tokens are refused with what to do', async () => {
    const stranger = createVaultClient({ url, token: 'pcva_nothing' });
    await assert.rejects(stranger.acks(), {
      code: 'vault_unauthorized',
      message: /not one the vault issued/,
    });
    const short = vault.tokens.issue('append', 1, clock.now()).token;
    clock.advance(2 * 86_400_000);
    try {
      await assert.rejects(createVaultClient({ url, token: short }).acks(), {
        code: 'vault_token_expired',
        message: /expired at .*: issue a new one with postcore vault token/,
      });
    } finally {
      clock.advance(-2 * 86_400_000);
    }
    const res = await fetch(`${url}/v1/acks`);
    assert.equal(res.status, 401);
  });

  test('segments must follow a snapshot and each other; acknowledgements say how far the vault holds', async () => {
    const blob = randomBytes(64);
    await append.putObject(sha(blob), blob);
    const seg = (from: number, to: number) => ({
      kind: 'segment' as const,
      cell: 'finance',
      object: sha(blob),
      from,
      to,
      first_at: '2026-12-04T03:00:00.000Z',
      last_at: '2026-12-04T03:00:01.000Z',
      last_hash: 'a'.repeat(64),
    });
    await assert.rejects(append.addEntry(seg(1, 5)), {
      code: 'vault_segment_gap',
      message: /holds no snapshot of cell finance yet: ship a snapshot first/,
    });
    await append.addEntry({
      kind: 'snapshot',
      cell: 'finance',
      object: sha(blob),
      seq: 3,
      at: null,
      dialect: 'sqlite',
    });
    await assert.rejects(append.addEntry(seg(5, 9)), {
      code: 'vault_segment_gap',
      message:
        /Segment 5-9 of cell finance does not follow what the vault holds \(up to seq 3\): ship from seq 4/,
    });
    assert.equal((await append.addEntry(seg(4, 9))).acked?.seq, 9);
    assert.equal(
      (await append.addEntry(seg(4, 9))).entry,
      0,
      'a segment sent again is acknowledged, not logged twice',
    );
    await assert.rejects(append.addEntry({ ...seg(10, 12), object: 'b'.repeat(64) }), {
      code: 'vault_object_missing',
      message: /PUT \/v1\/objects\/b{64} first/,
    });
    await assert.rejects(
      append.addEntry({
        kind: 'snapshot',
        cell: 'finance',
        object: sha(blob),
        seq: 50,
        at: null,
        dialect: 'sqlite',
      }),
      { code: 'vault_segment_gap', message: /ahead of the events the vault holds/ },
    );
    const acks = await append.acks();
    assert.equal(acks.cells['finance']?.seq, 9);
    assert.equal(acks.cells['finance']?.first_snapshot, 3);
  });

  test('the witness countersigns checkpoints that extend the last one, under the pinned key only', async () => {
    const blob = randomBytes(32);
    await append.putObject(sha(blob), blob);
    await append.addEntry({
      kind: 'snapshot',
      cell: 'core',
      object: sha(blob),
      seq: 0,
      at: null,
      dialect: 'sqlite',
    });
    await append.addEntry({
      kind: 'segment',
      cell: 'core',
      object: sha(blob),
      from: 1,
      to: 12,
      first_at: '2026-12-04T03:00:00.000Z',
      last_at: '2026-12-04T03:00:00.000Z',
      last_hash: 'c'.repeat(64),
    });
    const pub = platformKey.published().public_key;
    const c8 = checkpointOf(platformKey, 'core', 8, '2026-12-04T03:00:00.000Z');
    const first = await append.addEntry({
      kind: 'checkpoint',
      cell: 'core',
      checkpoint: c8,
      public_key: pub,
      consistency: [],
    });
    const witnessKey = await append.witnessKey();
    assert.ok(first.witness);
    const { readPublicKey } = await import('../../journal/index.ts');
    assert.ok(
      verifySignature(readPublicKey(witnessKey.public_key), witnessMessage(c8), first.witness.signature),
    );

    const c12 = checkpointOf(platformKey, 'core', 12, '2026-12-04T03:00:05.000Z');
    const proof = consistencyProof(leaves, 8, 12).map((h) => h.toString('hex'));
    assert.ok(
      (
        await append.addEntry({
          kind: 'checkpoint',
          cell: 'core',
          checkpoint: c12,
          public_key: pub,
          consistency: proof,
        })
      ).witness,
    );

    // A rewritten history: a tree of 16 whose first 12 leaves differ cannot prove it extends 12.
    const forged = { ...c12, size: 12, root: createHash('sha256').update('x').digest('hex') };
    forged.signature = platformKey.sign(checkpointMessage(forged));
    await assert.rejects(
      append.addEntry({
        kind: 'checkpoint',
        cell: 'core',
        checkpoint: forged,
        public_key: pub,
        consistency: [],
      }),
      { code: 'vault_checkpoint_refused', message: /does not extend the checkpoint of 12 events/ },
    );
    const other = newSigner();
    const c12b = checkpointOf(other, 'core', 12, '2026-12-04T03:00:06.000Z');
    await assert.rejects(
      append.addEntry({
        kind: 'checkpoint',
        cell: 'core',
        checkpoint: c12b,
        public_key: other.published().public_key,
        consistency: [],
      }),
      { code: 'vault_checkpoint_refused', message: /the vault pinned the post's checkpoint key/ },
    );
    const c20 = checkpointOf(platformKey, 'core', 20, '2026-12-04T03:00:07.000Z');
    await assert.rejects(
      append.addEntry({
        kind: 'checkpoint',
        cell: 'core',
        checkpoint: c20,
        public_key: pub,
        consistency: [],
      }),
      { code: 'vault_checkpoint_refused', message: /covers 20 events and the vault holds only 12/ },
    );
    const acks = await append.acks();
    assert.equal(acks.cells['core']?.checkpoint?.size, 12);
  });

  test('the log is hash-chained: reopened it gives the same acknowledgements; an edited line stops the vault', async () => {
    const again = openVault({ dir, clock });
    assert.deepEqual(again.acks(), vault.acks());
    const entries = await restore.entries();
    assert.ok(entries.length > 5);
    const copy = mkdtempSync(join(tmpdir(), 'postcore-vault-copy-'));
    try {
      const lines = readFileSync(join(dir, 'log.ndjson'), 'utf8').split('\n');
      lines[2] = lines[2]!.replace(/"bytes":\d+/, '"bytes":1');
      writeFileSync(join(copy, 'log.ndjson'), lines.join('\n'));
      assert.throws(() => openVault({ dir: copy, clock }), {
        code: 'vault_log_broken',
        message: /breaks at entry 3/,
      });
      // A line cut by a crash at the end is not an alteration.
      writeFileSync(join(copy, 'log.ndjson'), readFileSync(join(dir, 'log.ndjson')));
      appendFileSync(join(copy, 'log.ndjson'), '{"seq":');
      assert.equal(openVault({ dir: copy, clock }).entries(0, 1e6).length, entries.length);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
