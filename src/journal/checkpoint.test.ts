// Signed checkpoints and self-proving receipts on both dialects, and the tamper suite: each way of rewriting
// history after the fact is caught by verify with the check named, and a changed receipt fails offline.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import jsQRModule from 'jsqr';
import QRCode from 'qrcode';
import { ManualClock, type Clock } from '../platform/clock.ts';
import { migrateCell, type CellDatabase } from '../storage/index.ts';
import { dialectsUnderTest, openTestStorage, type TestStorage } from '../storage/testing.ts';
import {
  checkpointMessage,
  createCheckpoints,
  createJournal,
  keyIdOf,
  newSigner,
  proofToQr,
  readPublicKey,
  readReceiptText,
  verifyCell,
  verifyProof,
  type CheckpointCadence,
  type Checkpoints,
  type EventProof,
  type Journal,
  type Signer,
} from './index.ts';
import { readEventsAfter, scanEventsAfter } from './journal.repository.ts';
import { counterAdded, tallyCell, type TallyTables } from './testing.ts';

// jsqr is CommonJS whose module.exports is the function its types call `default`.
const jsQR = jsQRModule as unknown as typeof jsQRModule.default;
const keysOf = (...signers: Signer[]) => new Map(signers.map((s) => [s.keyId, s.publicKey]));
const clone = <T>(x: T): T => structuredClone(x);

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`checkpoints and receipts on ${dialect}`, { skip }, () => {
    const clock = new ManualClock('2026-11-25T03:00:00.000Z');
    const cell = tallyCell();
    const signer = newSigner();
    let t: TestStorage;
    let n = 0;
    let c: CellDatabase<TallyTables>;
    let journal: Journal<TallyTables>;
    let checkpoints: Checkpoints;

    before(async () => {
      t = await openTestStorage(dialect);
    });
    after(() => t.cleanup());

    async function fresh(cadence: CheckpointCadence = { events: 10, seconds: 60 }): Promise<void> {
      n++;
      c = await t.storage.openCell<TallyTables>(`tally${n}`);
      await migrateCell(c, cell.migrations);
      journal = createJournal({ cell, db: c.db, clock });
      checkpoints = createCheckpoints({ cell: 'tally', db: c.db, signer, clock, cadence });
    }
    const add = (count: number, name = 'parcels') =>
      journal.transaction((trx) =>
        journal.appendMany(
          trx,
          counterAdded,
          Array.from({ length: count }, (_, i) => ({
            stream: name,
            actor: 'stf_test',
            payload: { name, by: i + 1 },
          })),
        ),
      );
    const verify = (keys = keysOf(signer), since?: number) =>
      verifyCell({
        cell,
        db: c.db,
        storage: t.storage,
        clock,
        keys,
        ...(since === undefined ? {} : { since }),
      });
    const db = () => c.db;

    test('a checkpoint is cut at the cadence (events or seconds), signed, and extends the one before', async () => {
      await fresh();
      assert.equal(await checkpoints.cut(), undefined, 'nothing to sign in an empty journal');
      await add(3);
      const first = await checkpoints.cut();
      assert.equal(first?.size, 3, 'the first events get a checkpoint at once');
      await add(4);
      assert.equal(await checkpoints.cut(), undefined, '4 new events and 0 s: not due');
      await add(6);
      assert.equal((await checkpoints.cut())?.size, 13, '10 new events: due');
      await add(1);
      clock.advance(61_000);
      const third = await checkpoints.cut();
      assert.equal(third?.size, 14, '60 s later: due');
      assert.equal(third.key_id, signer.keyId);
      assert.equal(third.key_id, keyIdOf(readPublicKey(signer.published().public_key)));
      assert.equal(await checkpoints.cut(true), undefined, 'nothing new: no checkpoint even when forced');
      assert.deepEqual(
        (await checkpoints.list({ after: 0 }, 10)).map((x) => x.size),
        [3, 13, 14],
      );
      assert.deepEqual(
        (await checkpoints.list({ before: 14 }, 1)).map((x) => x.size),
        [13],
      );
      assert.equal((await checkpoints.consistency(3, 14)).length > 0, true);
      const report = await verify();
      assert.equal(report.ok, true, JSON.stringify(report.failures));
      assert.equal(report.checkpoints, 3);
      // --since walks only the newer events, from the checkpoint's signed root.
      const since = await verify(keysOf(signer), 13);
      assert.equal(since.ok, true, JSON.stringify(since.failures));
      assert.equal(since.events, '1');
      assert.equal(since.since, 13);
    });

    test('a checkpoint whose tree does not extend the last one is refused, and nothing is signed', async () => {
      await fresh();
      await add(5);
      await checkpoints.cut(true);
      // Someone rewrites the stored Merkle node over events 1-4 (as a forger of proofs would).
      await db()
        .updateTable('journal_tree')
        .set({ hash: 'ab'.repeat(32) })
        .where('level', '=', 2n)
        .where('idx', '=', 0n)
        .execute();
      await add(5);
      await assert.rejects(checkpoints.cut(true), { code: 'checkpoint_inconsistent' });
      assert.equal((await checkpoints.latest())?.size, 5);
    });

    test('200 receipts at counter speed share a few checkpoints, and each proves its event offline', async () => {
      await fresh({ events: 1000, seconds: 60, proofMs: 200 });
      // Counters writing and printing receipts as fast as they can, 20 at a time, each receipt at once.
      const proofs: EventProof[] = [];
      const started = performance.now();
      for (let round = 0; round < 10; round++)
        proofs.push(
          ...(await Promise.all(
            Array.from({ length: 20 }, async () => {
              const [e] = await add(1);
              return checkpoints.prove(e!.seq);
            }),
          )),
        );
      const seconds = (performance.now() - started) / 1000;
      const cut = (await checkpoints.list({}, 1000)).length;
      assert.equal(proofs.length, 200);
      assert.ok(cut <= Math.ceil(seconds / 0.2) + 2, `${cut} checkpoints in ${seconds.toFixed(1)} s`);
      assert.ok(cut <= 20, `${cut} checkpoints for 200 receipts`);
      for (const p of proofs) assert.equal(verifyProof(p, keysOf(signer)).ok, true);
      assert.equal((await verify()).ok, true);
    });

    // A clock that moves on at every reading, as the wall clock does: a checkpoint signed later is dated later.
    const ticking = (): Clock => {
      let ms = Date.parse('2026-11-25T03:00:00.000Z');
      return { now: () => new Date((ms += 1)) };
    };

    test('receipts cutting for themselves while the cadence cut runs never fail, and every proof verifies', async () => {
      await fresh();
      // A cut reads the clock once it is going to sign, and then signs: between the two no other cut may run.
      const tick = ticking();
      let inFlight = 0;
      let most = 0;
      const own = createCheckpoints({
        cell: 'tally',
        db: db(),
        signer: {
          ...signer,
          sign: (message) => {
            inFlight--;
            return signer.sign(message);
          },
        },
        clock: {
          now: () => {
            most = Math.max(most, ++inFlight);
            return tick.now();
          },
        },
        // Every new event is due, so a cut that reads the clock always signs.
        cadence: { events: 1, seconds: 60, proofMs: 1 },
      });
      let stop = false;
      // serve's background loop, and anyone else forcing a cut, as fast as they can (yielding to timers: on
      // SQLite every query resolves at once, and a loop of them alone would never let a receipt's wait end).
      const cadence = (async () => {
        for (let i = 0; !stop; i++) {
          await own.cut(i % 2 === 0);
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      const proofs = await Promise.all(
        Array.from({ length: 60 }, async () => {
          const [e] = await add(1);
          return own.prove(e!.seq);
        }),
      ).finally(() => (stop = true));
      await cadence;
      assert.equal(most, 1, 'cuts in this process never overlap');
      for (const p of proofs) assert.equal(verifyProof(p, keysOf(signer)).ok, true);
      const report = await verify();
      assert.equal(report.ok, true, JSON.stringify(report.failures));
    });

    test('two checkpointers over one database (two servers) cutting at once both succeed', async () => {
      await fresh();
      const clocked = ticking();
      const [a, b] = [0, 1].map(() => createCheckpoints({ cell: 'tally', db: db(), signer, clock: clocked }));
      for (let round = 0; round < 10; round++) {
        await add(3);
        const made = await Promise.all([a!.cut(true), b!.cut(true), a!.cut(true), b!.cut(true)]);
        const latest = await a!.latest();
        assert.equal(latest?.size, 3 * (round + 1));
        for (const m of made) if (m !== undefined) assert.deepEqual(m, latest, 'one checkpoint of that size');
      }
      const report = await verify();
      assert.equal(report.ok, true, JSON.stringify(report.failures));
    });

    test('a receipt proves its event offline; every changed byte fails with the check named', async () => {
      await fresh();
      await add(20);
      const proof = await checkpoints.prove(7n);
      assert.equal(proof.checkpoint.size, 20, 'no checkpoint covered it: one is cut');
      assert.deepEqual(await checkpoints.prove(7n), proof, 'the same event always gets the same proof');
      await add(15);
      await checkpoints.cut(true);
      const later = await checkpoints.prove(30n);
      assert.equal(later.checkpoint.size, 35);
      const keys = keysOf(signer);
      assert.equal(verifyProof(proof, keys).ok, true);
      assert.equal(verifyProof(later, keys).ok, true);
      // Through JSON (what the API returns) and through the QR text (what the paper carries).
      assert.equal(verifyProof(readReceiptText(JSON.stringify(proof)), keys).ok, true);
      assert.equal(verifyProof(readReceiptText(proofToQr(proof)), keys).ok, true);

      const expect = (p: unknown, check: string) => {
        const r = verifyProof(p, keys);
        assert.equal(r.ok, false);
        assert.equal((r as { check: string }).check, check, (r as { message: string }).message);
      };
      const amount = clone(proof);
      (amount.event.payload as { by: number }).by += 1;
      expect(amount, 'event_hash');
      const path = clone(proof);
      path.path[0] = `${path.path[0]!.slice(0, 63)}${path.path[0]!.endsWith('0') ? '1' : '0'}`;
      expect(path, 'inclusion');
      // A proof for another checkpoint: the path of one tree against another tree's root.
      expect({ ...clone(proof), checkpoint: later.checkpoint }, 'inclusion');
      const other = newSigner();
      const forged = clone(proof);
      forged.checkpoint.key_id = other.keyId;
      forged.checkpoint.signature = other.sign(checkpointMessage(forged.checkpoint));
      expect(forged, 'checkpoint_key');
      const moved = clone(proof);
      moved.checkpoint.at = '2026-11-25T03:00:01.000Z';
      expect(moved, 'checkpoint_signature');
      expect({ ...clone(proof), cell: 'finance' }, 'cell');
      expect({ ...clone(proof), format: 'x' }, 'format');
      // A receipt whose printed facts disagree with its signed event.
      expect({ by: 999, proof }, 'claims');
      assert.equal(verifyProof({ by: (proof.event.payload as { by: number }).by, proof }, keys).ok, true);
      // Cut short, not JSON, empty.
      const qr = proofToQr(proof);
      assert.throws(() => readReceiptText(qr.slice(0, qr.length - 7)), /cut short or changed/);
      assert.throws(() => readReceiptText('{"format": "postcore-pr'), /neither JSON nor/);
      assert.throws(() => readReceiptText(' \n'), /empty/);
    });

    test('the QR text fits one QR code and reads back from its modules', async () => {
      await fresh();
      await add(3000);
      const proof: EventProof = await checkpoints.prove(1234n);
      const text = proofToQr(proof);
      const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
      const size = qr.modules.size;
      const scale = 4;
      const quiet = 4;
      const side = (size + 2 * quiet) * scale;
      const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
      for (let y = 0; y < side; y++)
        for (let x = 0; x < side; x++) {
          const r = Math.floor(y / scale) - quiet;
          const col = Math.floor(x / scale) - quiet;
          if (r >= 0 && col >= 0 && r < size && col < size && qr.modules.get(r, col)) {
            const i = (y * side + x) * 4;
            pixels[i] = pixels[i + 1] = pixels[i + 2] = 0;
          }
        }
      const read = jsQR(pixels, side, side);
      assert.equal(read?.data, text);
      assert.equal(verifyProof(readReceiptText(read.data), keysOf(signer)).ok, true);
    });

    test('verify on worker threads gives the same answer as on one, clean and tampered', async () => {
      await fresh();
      for (const step of [37, 64, 5, 90]) {
        await add(step, step % 2 === 0 ? 'parcels' : 'letters');
        await checkpoints.cut(true);
      }
      const both = async () => {
        const one = await verify();
        const many = await verifyCell({
          cell,
          db: c.db,
          storage: t.storage,
          clock,
          keys: keysOf(signer),
          parallel: { storage: t.config, cell: `tally${n}`, workers: 2, blockBits: 4 },
        });
        const { ms: _a, ...a } = one;
        const { ms: _b, ...b } = many;
        assert.deepEqual(b, a);
        return one;
      };
      // verify's fast read (rows as arrays on SQLite) gives exactly the rows the journal reads.
      const jdb = c.db as never;
      const plain = (rows: object[]) => rows.map((r) => ({ ...r }));
      assert.deepEqual(plain(await scanEventsAfter(jdb, 7n, 50)), plain(await readEventsAfter(jdb, 7n, 50)));
      const clean = await both();
      assert.equal(clean.ok, true, JSON.stringify(clean.failures));
      assert.equal(clean.events, '196');
      // An event changed in the fifth block, and a link broken where two blocks meet.
      await db()
        .updateTable('journal_event')
        .set({ payload: '{"by":7,"name":"letters"}' })
        .where('seq', '=', 70n)
        .execute();
      await db()
        .updateTable('journal_event')
        .set({ prev: 'ee'.repeat(32) })
        .where('seq', '=', 129n)
        .execute();
      const broken = await both();
      assert.deepEqual(
        broken.failures.map((f) => [f.check, f.seq]),
        [
          ['hash', '70'],
          ['checkpoint_root', '101'],
          ['checkpoint_root', '106'],
          ['hash', '129'],
          ['prev', '129'],
          ['checkpoint_root', '196'],
        ],
      );
    });

    // The tamper suite: each is a fresh cell, tampered the way an attacker holding the database would.
    const failedChecks = async (keys = keysOf(signer)) => {
      const r = await verify(keys);
      assert.equal(r.ok, false);
      return r.failures.map((f) => f.check);
    };
    const seeded = async () => {
      await fresh();
      await add(12, 'parcels');
      await add(9, 'letters');
      await checkpoints.cut(true);
      await add(4, 'parcels');
      await checkpoints.cut(true);
    };

    test('tamper: an amount changed in a projection table', async () => {
      await seeded();
      await db().updateTable('tally_counter').set({ value: 1n }).where('name', '=', 'letters').execute();
      assert.deepEqual(await failedChecks(), ['projection']);
    });

    test('tamper: an event payload changed (and its stored hash left)', async () => {
      await seeded();
      await db()
        .updateTable('journal_event')
        .set({ payload: '{"by":99,"name":"letters"}' })
        .where('seq', '=', 15n)
        .execute();
      assert.ok((await failedChecks()).includes('hash'));
    });

    test('tamper: an event rewritten with a recomputed hash chain breaks the signed root', async () => {
      await seeded();
      // The attacker rewrites event 15 and rehashes the whole chain after it, so seq, prev and hash hold.
      const { hashEvent } = await import('./chain.ts');
      const rows = await db().selectFrom('journal_event').selectAll().orderBy('seq').execute();
      let prev = rows[13]!.hash;
      for (const row of rows.slice(14)) {
        const payload = row.seq === 15n ? '{"by":99,"name":"letters"}' : row.payload;
        const hash = hashEvent({ ...row, payload, prev });
        await db()
          .updateTable('journal_event')
          .set({ payload, prev, hash })
          .where('seq', '=', row.seq)
          .execute();
        prev = hash;
      }
      await db().updateTable('journal_head').set({ hash: prev }).execute();
      const checks = await failedChecks();
      assert.ok(checks.includes('checkpoint_root'), checks.join());
      assert.ok(!checks.includes('hash') && !checks.includes('prev'));
    });

    test('tamper: a checkpoint changed', async () => {
      await seeded();
      await db()
        .updateTable('journal_checkpoint')
        .set({ at: '2026-11-24T00:00:00.000Z' })
        .where('size', '=', 21n)
        .execute();
      assert.ok((await failedChecks()).includes('checkpoint_signature'));
    });

    test('tamper: the newest events deleted and the checkpoints re-signed with a new key', async () => {
      await seeded();
      await db().deleteFrom('journal_event').where('seq', '>', 21n).execute();
      const last = await db()
        .selectFrom('journal_event')
        .select('hash')
        .where('seq', '=', 21n)
        .executeTakeFirstOrThrow();
      await db().updateTable('journal_head').set({ seq: 21n, hash: last.hash }).execute();
      await db().deleteFrom('journal_tree').execute();
      await db().deleteFrom('journal_checkpoint').execute();
      const attacker = newSigner();
      await createCheckpoints({
        cell: 'tally',
        db: c.db,
        signer: attacker,
        clock,
        cadence: { events: 1, seconds: 1 },
      }).cut(true);
      const checks = await failedChecks();
      assert.ok(checks.includes('checkpoint_key'), checks.join());
      // The attacker's own key does not help: the post's published key is what verify trusts.
      assert.ok((await failedChecks(keysOf(signer))).includes('checkpoint_key'));
    });

    test('tamper: the newest events deleted, their checkpoint left in place', async () => {
      await seeded();
      await db().deleteFrom('journal_event').where('seq', '>', 21n).execute();
      const last = await db()
        .selectFrom('journal_event')
        .select('hash')
        .where('seq', '=', 21n)
        .executeTakeFirstOrThrow();
      await db().updateTable('journal_head').set({ seq: 21n, hash: last.hash }).execute();
      // The checkpoint over 25 events remains: it is signed and says 4 events are missing.
      const checks = await failedChecks();
      assert.ok(checks.includes('checkpoint_root'), checks.join());
    });

    test('tamper: a stored Merkle node changed (receipts would carry a forged path)', async () => {
      await seeded();
      // The node over events 1-16, which every later root and proof is built on.
      await db()
        .updateTable('journal_tree')
        .set({ hash: 'cd'.repeat(32) })
        .where('level', '=', 4n)
        .where('idx', '=', 0n)
        .execute();
      const checks = await failedChecks();
      assert.ok(checks.includes('checkpoint_consistency') || checks.includes('tree'), checks.join());
    });

    test('no key given: signed checkpoints cannot be checked and verify says so', async () => {
      await seeded();
      assert.ok((await failedChecks(new Map())).includes('checkpoint_key'));
    });
  });
}
