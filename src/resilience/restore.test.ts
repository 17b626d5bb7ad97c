import assert from 'node:assert/strict';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { pino } from 'pino';
import {
  createCheckpoints,
  createJournal,
  digestTables,
  loadOrCreateSigner,
  type Checkpoints,
  type Journal,
} from '../journal/index.ts';
import { counterAdded, tallyCell, type TallyTables } from '../journal/testing.ts';
import { ManualClock } from '../platform/clock.ts';
import { migrateCell, type CellDatabase } from '../storage/index.ts';
import { dialectsUnderTest, openTestStorage, testPlace, type TestStorage } from '../storage/testing.ts';
import { restoreFromVault, type RestorePlace, type RestoreTarget } from './restore.ts';
import { newBackupKeyPair, readBackupPrivateKey, readBackupPublicKey } from './seal.ts';
import { createShipper, serverFiles, type Shipper } from './shipping.ts';
import { createVaultClient, type VaultClient } from './vault-client.ts';
import { buildVaultServer, openVault } from './vault/index.ts';

const cell = tallyCell();

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`shipping to the vault and restoring from it on ${dialect}`, { skip }, () => {
    const clock = new ManualClock('2026-12-04T02:00:00Z');
    const backup = newBackupKeyPair();
    const privateKey = readBackupPrivateKey(backup.privatePem, 'backup.key');
    let vaultDir: string;
    let app: Awaited<ReturnType<typeof buildVaultServer>>;
    let appendClient: VaultClient;
    let restoreClient: VaultClient;
    let source: TestStorage;
    let db: CellDatabase<TallyTables>;
    let journal: Journal<TallyTables>;
    let checkpoints: Checkpoints;
    let shipper: Shipper;
    const places: Array<() => Promise<void>> = [];
    /** seq -> the time of the event at that seq, and the counters' values after it. */
    const history: Array<{ seq: bigint; at: string; values: Record<string, bigint> }> = [];

    const add = async (n: number) => {
      for (let i = 0; i < n; i++) {
        clock.advance(1000);
        const name = `c${i % 7}`;
        const e = await journal.transaction((trx) =>
          journal.append(trx, counterAdded, { stream: name, actor: 'test', payload: { name, by: i + 1 } }),
        );
        const values = { ...(history.at(-1)?.values ?? {}) };
        values[name] = (values[name] ?? 0n) + BigInt(i + 1);
        history.push({ seq: e.seq, at: e.at, values });
      }
    };
    const place = (): RestorePlace => {
      const p = testPlace(dialect);
      places.push(() => p.remove());
      const dir = join(p.dataDir, 'restored');
      return p.config.dialect === 'sqlite'
        ? { dialect: 'sqlite', dataDir: dir }
        : { dialect: 'postgres', dataDir: dir, url: p.config.url, schemaPrefix: p.config.schemaPrefix ?? '' };
    };
    const restore = (into: RestorePlace, target: RestoreTarget, key = privateKey) =>
      restoreFromVault({
        vault: restoreClient,
        key,
        cells: ['tally'],
        definitions: () => [cell],
        into,
        target,
        clock,
      });
    const counters = async (into: RestorePlace) => {
      const { createStorage } = await import('../storage/index.ts');
      const s = await createStorage(
        into.dialect === 'sqlite'
          ? { dialect: 'sqlite', dataDir: into.dataDir }
          : { dialect: 'postgres', url: into.url, schemaPrefix: into.schemaPrefix },
      );
      try {
        const c = await s.openCell<TallyTables>('tally', { create: false });
        const rows = await c.db.selectFrom('tally_counter').select(['name', 'value']).execute();
        return Object.fromEntries(rows.map((r) => [r.name, r.value]));
      } finally {
        await s.close();
      }
    };

    before(async () => {
      vaultDir = mkdtempSync(join(tmpdir(), 'postcore-vault-'));
      const vault = openVault({ dir: vaultDir, clock });
      const appendToken = vault.tokens.issue('append', 30, clock.now()).token;
      const restoreToken = vault.tokens.issue('restore', 30, clock.now()).token;
      app = await buildVaultServer(vault, pino({ level: 'silent' }), 'test');
      const url = await app.listen({ port: 0, host: '127.0.0.1' });
      appendClient = createVaultClient({ url, token: appendToken });
      restoreClient = createVaultClient({ url, token: restoreToken });
      source = await openTestStorage(dialect);
      db = await source.storage.openCell<TallyTables>('tally');
      await migrateCell(db, cell.migrations);
      journal = createJournal({ cell, db: db.db, clock });
      const signer = loadOrCreateSigner(join(source.dataDir, 'keys', 'checkpoint.key'));
      checkpoints = createCheckpoints({
        cell: 'tally',
        db: db.db,
        signer,
        clock,
        cadence: { events: 20, seconds: 3600 },
      });
      shipper = createShipper({
        vault: appendClient,
        recipient: readBackupPublicKey(backup.publicPem, 'backup.pub'),
        cells: [{ name: 'tally', database: db as unknown as CellDatabase<unknown>, journal, checkpoints }],
        files: () =>
          serverFiles(source.dataDir, [
            { name: 'keys/checkpoint.key', path: join(source.dataDir, 'keys', 'checkpoint.key') },
            { name: 'keys/checkpoint.key.pub', path: join(source.dataDir, 'keys', 'checkpoint.key.pub') },
          ]),
        clock,
        checkpointKey: () => signer.published(),
        snapshotEvery: { events: 40, seconds: 3600 },
        segmentEvents: 15,
        onError: (c, err) => {
          throw err;
        },
      });
      await add(10);
      await shipper.ship(); // the first snapshot, at seq 10
      for (let round = 0; round < 5; round++) {
        await add(23);
        await checkpoints.cut();
        await shipper.ship();
      }
      await checkpoints.cut(true);
      await shipper.ship();
    });
    after(async () => {
      await app?.close();
      await source?.cleanup();
      for (const p of places) await p();
      rmSync(vaultDir, { recursive: true, force: true });
    });

    test('the vault acknowledges every event; /status shows no lag; the sealed objects show no plaintext', async () => {
      const [status] = await shipper.status();
      assert.equal(status?.head_seq, '125');
      assert.equal(status?.acked_seq, '125');
      assert.equal(status?.lag_events, '0');
      assert.equal(status?.witnessed_size, 125);
      assert.ok((status?.last_snapshot_seq ?? 0) > 10, 'a later snapshot was taken');
      const objects = join(vaultDir, 'objects');
      for (const prefix of readdirSync(objects))
        for (const name of readdirSync(join(objects, prefix))) {
          const bytes = readFileSync(join(objects, prefix, name));
          assert.equal(bytes.includes(Buffer.from('tally.counter.added')), false);
          assert.equal(bytes.includes(Buffer.from('PRIVATE KEY')), false);
        }
    });

    test('a restore to the latest event rebuilds the cell to the same tables, verified and witnessed', async () => {
      const [status0] = await shipper.status();
      const into = place();
      const report = await restore(into, { latest: true });
      const [c] = report.cells;
      assert.equal(c?.head_seq, '125');
      assert.equal(c?.events_not_restored, 0);
      assert.equal(c?.verify.ok, true);
      assert.equal(c?.witnessed?.size, 125);
      // Every checkpoint comes back, those cut after the last snapshot too (the vault holds them): the shipper
      // and detection compare the newest countersigned one with the restored cell's own.
      const cut = await checkpoints.list({}, 1000);
      assert.ok(
        cut.some((x) => x.size > (status0?.last_snapshot_seq ?? 0)),
        'checkpoints after the snapshot',
      );
      assert.equal(c?.verify.checkpoints, cut.length, 'every checkpoint restored and checked');
      assert.equal(c?.digest, (await digestTables(db.db, cell.projections)).digest);
      assert.deepEqual(await counters(into), history.at(-1)?.values);
      assert.ok(existsSync(join(into.dataDir, 'restore-report.json')));
      assert.match(
        readFileSync(join(into.dataDir, 'restore-report.txt'), 'utf8'),
        /tally: head seq 125 .* \(RPO\)/,
      );
      assert.ok(existsSync(join(into.dataDir, 'keys', 'checkpoint.key')), 'the server keys come back too');
    });

    test('a restore to a seq and to a time stops exactly there', async () => {
      for (const seq of [10n, 37n, 90n]) {
        const into = place();
        const report = await restore(into, { seq });
        assert.equal(report.cells[0]?.head_seq, seq.toString());
        assert.equal(report.cells[0]?.events_not_restored, 125 - Number(seq));
        assert.deepEqual(await counters(into), history[Number(seq) - 1]?.values);
      }
      const at = history[70]!.at; // the event at seq 71
      const into = place();
      const report = await restore(into, { at });
      assert.equal(report.cells[0]?.head_seq, '71');
      assert.equal(report.cells[0]?.last_event_at, at);
      assert.deepEqual(await counters(into), history[70]?.values);
    });

    test('bad targets and keys are refused and leave nothing behind', async () => {
      const into = place();
      await assert.rejects(restore(into, { seq: 5n }), {
        code: 'restore_before_first_snapshot',
        message: /before cell tally's first snapshot in the vault \(seq 10/,
      });
      await assert.rejects(restore(into, { seq: 500n }), {
        code: 'restore_target_invalid',
        message: /events up to seq 125 in the vault, not 500/,
      });
      await assert.rejects(restore(into, { at: 'yesterday' }), { code: 'restore_target_invalid' });
      const other = readBackupPrivateKey(newBackupKeyPair().privatePem, 'other.key');
      await assert.rejects(restore(into, { latest: true }, other), { code: 'seal_wrong_key' });
      assert.equal(existsSync(into.dataDir), false, 'no half-restored data dir');
      const parent = join(into.dataDir, '..');
      assert.deepEqual(
        readdirSync(parent).filter((n) => n.includes('restoring')),
        [],
        'no staging dir left',
      );
      const done = place();
      await restore(done, { latest: true });
      await assert.rejects(restore(done, { latest: true }), { code: 'restore_destination_exists' });
    });

    test('a damaged object in the vault or a snapshot that disagrees with its journal fails the restore', async () => {
      // A byte flipped in the newest segment on the vault's disk.
      const entries = await restoreClient.entries();
      const seg = entries.filter((e) => e.kind === 'segment').at(-1)!;
      const object = seg.body['object'] as string;
      const path = join(vaultDir, 'objects', object.slice(0, 2), object);
      const original = readFileSync(path);
      const bad = Buffer.from(original);
      bad[bad.length - 5] = bad[bad.length - 5]! ^ 1;
      chmodSync(path, 0o644);
      writeFileSync(path, bad);
      try {
        const into = place();
        await assert.rejects(restore(into, { latest: true }), {
          code: 'restore_source_invalid',
          message: /came back with hash [0-9a-f]{64}: the vault's copy is damaged/,
        });
        assert.equal(existsSync(into.dataDir), false);
      } finally {
        writeFileSync(path, original);
        chmodSync(path, 0o444);
      }
      // A projection changed behind the journal's back, then a snapshot: the restore's verify catches it.
      await sql`update tally_counter set value = value + 1 where name = 'c3'`.execute(db.db);
      try {
        await add(40);
        await shipper.ship();
        const into = place();
        await assert.rejects(restore(into, { latest: true }), {
          code: 'restore_verify_failed',
          message: /fails verify at seq \d+ \[projection\] table tally_counter/,
        });
        assert.equal(existsSync(into.dataDir), false);
        // An earlier point, before that snapshot, still restores.
        const earlier = place();
        assert.equal((await restore(earlier, { seq: 125n })).cells[0]?.head_seq, '125');
      } finally {
        await sql`update tally_counter set value = value - 1 where name = 'c3'`.execute(db.db);
      }
    });
  });
}
