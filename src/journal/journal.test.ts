import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { canonicalJson } from '../platform/canonical-json.ts';
import { ManualClock } from '../platform/clock.ts';
import { migrateCell, type CellDatabase } from '../storage/index.ts';
import { dialectsUnderTest, type TestStorage } from '../storage/testing.ts';
import {
  createConsumer,
  createJournal,
  GENESIS_HASH,
  hashInput,
  JournalError,
  type Journal,
  type JournalEvent,
} from './index.ts';
import { freshTallies } from './testing-tally.ts';
import { counterAdded, tallyCell, type TallyTables } from './testing.ts';

// Verify against writers on another connection and against tampering: journal-verify.test.ts.
const clock = new ManualClock('2026-11-25T03:10:00.000Z');
const cell = tallyCell();

for (const { dialect, skip } of await dialectsUnderTest()) {
  describe(`journal on ${dialect}`, { skip }, () => {
    let t: TestStorage;
    let c: CellDatabase<TallyTables>;
    let journal: Journal<TallyTables>;
    let n: number;
    const tallies = freshTallies(dialect, cell, clock);
    // Each test gets a fresh cell database so that tampering in one cannot leak into another.
    async function fresh(): Promise<void> {
      ({ t, c, journal, n } = await tallies.fresh());
    }
    const { add, verify, count } = tallies;

    test('append chains events: gapless seq, prev links, hash over the canonical JSON', async () => {
      await fresh();
      const a = await add('parcels', 2);
      clock.advance(1000);
      const b = await add('parcels', 3);
      assert.equal(a.seq, 1n);
      assert.equal(b.seq, 2n);
      assert.equal(a.prev, GENESIS_HASH);
      assert.equal(b.prev, a.hash);
      assert.match(a.id, /^evt_[0-9a-f]{32}$/);
      assert.equal(Date.parse(b.at) - Date.parse(a.at), 1000);
      // The fast hash input is exactly RFC 8785 over every field but the hash.
      const { hash: _h, ...rest } = b;
      assert.equal(
        hashInput({ ...rest, payload: canonicalJson(b.payload) }),
        canonicalJson({ ...rest, seq: Number(b.seq) }),
      );
      const row = await c.db.selectFrom('tally_counter').selectAll().executeTakeFirstOrThrow();
      assert.deepEqual({ ...row }, { name: 'parcels', value: 5n, updated_seq: 2n });
      assert.deepEqual(await journal.head(), { seq: 2n, hash: b.hash });
    });

    test('a payload that fails its schema is refused, naming the field, and nothing is written', async () => {
      await fresh();
      await add('letters', 1);
      await assert.rejects(
        journal.transaction(async (trx) => {
          await journal.append(trx, counterAdded, {
            stream: 'x',
            actor: 'stf_test',
            payload: { name: 'letters', by: 4 },
          });
          await journal.append(trx, counterAdded, {
            stream: 'x',
            actor: 'stf_test',
            payload: { name: 'letters', by: 1.5 },
          });
        }),
        (err: unknown) =>
          err instanceof JournalError && err.code === 'invalid_payload' && /payload\.by/.test(err.message),
      );
      assert.equal(await count(c.db), 1n);
      const row = await c.db.selectFrom('tally_counter').selectAll().executeTakeFirstOrThrow();
      assert.equal(row.value, 1n);
      assert.equal((await journal.head()).seq, 1n);
    });

    test('an unknown event type is refused and nothing is written', async () => {
      await fresh();
      await assert.rejects(
        journal.transaction((trx) =>
          journal.appendByName(trx, 'tally.counter.exploded', { stream: 's', actor: 'a', payload: {} }),
        ),
        (err: unknown) => err instanceof JournalError && err.code === 'unknown_event_type',
      );
      await assert.rejects(
        journal.transaction((trx) =>
          journal.append(
            trx,
            { ...counterAdded },
            { stream: 's', actor: 'a', payload: { name: 'a', by: 1 } },
          ),
        ),
        (err: unknown) => err instanceof JournalError && err.code === 'unknown_event_type',
      );
      await assert.rejects(
        journal.transaction((trx) =>
          journal.append(trx, counterAdded, { stream: '', actor: 'a', payload: { name: 'a', by: 1 } }),
        ),
        (err: unknown) =>
          err instanceof JournalError && err.code === 'invalid_event' && /stream/.test(err.message),
      );
      assert.equal(await count(c.db), 0n);
    });

    test('appendMany writes a batch with one chain and verify replays it to the same digest', async () => {
      await fresh();
      const drafts = Array.from({ length: 2500 }, (_, i) => ({
        stream: `c${i % 7}`,
        actor: 'stf_bulk',
        office: '10000',
        payload: { name: `c${i % 7}`, by: i + 1 },
      }));
      const events = await journal.transaction((trx) => journal.appendMany(trx, counterAdded, drafts));
      assert.equal(events.length, 2500);
      assert.equal(events.at(-1)!.seq, 2500n);
      const report = await verify();
      assert.deepEqual(report.failures, []);
      assert.equal(report.ok, true);
      assert.equal(report.events, '2500');
      const total = await c.db
        .selectFrom('tally_counter')
        .select((eb) => eb.fn.sum<bigint>('value').as('s'))
        .executeTakeFirstOrThrow();
      assert.equal(BigInt(total.s), (2500n * 2501n) / 2n);
    });

    test('importEvents takes events in any key order and refuses one that does not extend the chain', async () => {
      await fresh();
      for (let i = 1; i <= 5; i++) await add(`k${i % 2}`, i);
      const events = await journal.readAfter(0n, 100);
      const source = c;
      await fresh();
      // Keys reversed, as events parsed from another program's JSON may come.
      const reordered = events.map((e) => Object.fromEntries(Object.entries(e).reverse()) as typeof e);
      await journal.transaction((trx) => journal.importEvents(trx, reordered.slice(0, 3)));
      const forged = { ...reordered[4]!, seq: 4n };
      await assert.rejects(
        journal.transaction((trx) => journal.importEvents(trx, [forged])),
        (err: unknown) =>
          err instanceof JournalError && err.code === 'replay_failed' && /seq 4/.test(err.message),
      );
      await journal.transaction((trx) => journal.importEvents(trx, reordered.slice(3)));
      assert.deepEqual(await journal.head(), { seq: 5n, hash: events[4]!.hash });
      const rows = async (db: Kysely<TallyTables>) =>
        (await db.selectFrom('tally_counter').selectAll().orderBy('name').execute()).map((r) => ({ ...r }));
      assert.deepEqual(await rows(c.db), await rows(source.db));
      assert.equal((await verify()).ok, true);
    });

    test('stream, actor and office must be well-formed text without control characters', async () => {
      await fresh();
      for (const draft of [
        { stream: 'parcel\ud800', actor: 'a' },
        { stream: 's', actor: 'stf\u0000' },
        { stream: 's', actor: 'a', office: '10000\n' },
      ]) {
        await assert.rejects(
          journal.transaction((trx) =>
            journal.append(trx, counterAdded, { ...draft, payload: { name: 'a', by: 1 } }),
          ),
          (err: unknown) => err instanceof JournalError && err.code === 'invalid_event',
        );
      }
      assert.equal(await count(c.db), 0n);
    });

    test('a row outside the chain (seq zero or negative) is refused by the database', async () => {
      await fresh();
      await add('a', 1);
      await assert.rejects(
        sql`insert into journal_event (seq, id, type, stream, at, actor, office, payload, prev, hash)
          select 0, 'evt_x', type, stream, at, actor, office, payload, prev, hash from journal_event where seq = 1`.execute(
          c.db,
        ),
      );
      assert.equal((await verify()).ok, true);
    });

    test(
      'several processes writing one cell with read-then-write commands queue instead of failing',
      {
        skip:
          dialect === 'sqlite'
            ? false
            : 'PostgreSQL row locks already queue; the risk is SQLite deferred BEGIN',
      },
      async () => {
        await fresh();
        const writer = fileURLToPath(new URL('./testing-writer.ts', import.meta.url));
        const run = () =>
          new Promise<number | null>((resolve) => {
            const p = spawn(process.execPath, [writer, t.place, `tally${n}`, '60'], {
              stdio: ['ignore', 'ignore', 'inherit'],
            });
            p.on('exit', resolve);
          });
        assert.deepEqual(await Promise.all([run(), run(), run()]), [0, 0, 0]);
        const r = await verify();
        assert.equal(r.ok, true, JSON.stringify(r.failures));
        assert.equal(r.headSeq, '180');
      },
    );

    test('concurrent commands queue on the head: the chain stays gapless', async () => {
      await fresh();
      await Promise.all(Array.from({ length: 20 }, (_, i) => add(`k${i % 3}`, 1)));
      const report = await verify();
      assert.equal(report.ok, true, JSON.stringify(report.failures));
      assert.equal(report.headSeq, '20');
    });

    test('group commit: commands asked for together share a commit; one that fails is undone alone', async () => {
      await fresh();
      const grouped = createJournal({ cell, db: c.db, clock, groupCommit: { max: 8 } });
      const transactions = new Set<object>();
      const told: Array<[number, boolean]> = [];
      const results = await Promise.allSettled(
        Array.from({ length: 30 }, (_, i) =>
          grouped.transaction(async (trx) => {
            transactions.add(trx);
            await grouped.afterTransaction(trx, async (committed) => {
              told.push([i, committed]);
            });
            const e = await grouped.append(trx, counterAdded, {
              stream: `k${i % 3}`,
              actor: 'stf_test',
              payload: { name: `k${i % 3}`, by: i + 1 },
            });
            // Every seventh fails after writing its event and its projection: both must be undone.
            if (i % 7 === 3) throw new Error(`command ${i} refused`);
            return e.seq;
          }),
        ),
      );
      const failed = [3, 10, 17, 24];
      assert.deepEqual(
        results.flatMap((r, i) => (r.status === 'rejected' ? [i] : [])),
        failed,
      );
      assert.ok(transactions.size < 30, `${transactions.size} commits for 30 commands: they were grouped`);
      const seqs = results
        .flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))
        .sort((a, b) => (a < b ? -1 : 1));
      assert.deepEqual(
        seqs,
        Array.from({ length: 26 }, (_, k) => BigInt(k + 1)),
        'the committed ones are gapless',
      );
      assert.deepEqual(
        told.sort((a, b) => a[0] - b[0]),
        Array.from({ length: 30 }, (_, i) => [i, !failed.includes(i)]),
        'each told whether it committed',
      );
      const rows = await c.db.selectFrom('tally_counter').select(['name', 'value']).orderBy('name').execute();
      const expected = (k: number) =>
        Array.from({ length: 30 }, (_, i) => i).filter((i) => i % 3 === k && !failed.includes(i));
      assert.deepEqual(
        rows.map((r) => [r.name, BigInt(r.value)]),
        [0, 1, 2].map((k) => [`k${k}`, BigInt(expected(k).reduce((a, b) => a + b + 1, 0))]),
      );
      const report = await verify();
      assert.equal(report.ok, true, JSON.stringify(report.failures));
      assert.equal(report.headSeq, '26');
      // Alone, a command runs as without grouping.
      assert.equal(await grouped.transaction(async () => 'alone'), 'alone');
    });

    test('a consumer applies another cell’s events exactly once, even when a batch fails', async () => {
      await fresh();
      const auditDef = tallyCell('audit');
      const audit = await t.storage.openCell<TallyTables>(`audit${n}`);
      await migrateCell(audit, auditDef.migrations);
      const auditJournal = createJournal({ cell: auditDef, db: audit.db, clock });
      const auditAdded = auditDef.events[0]!;
      let failOn: bigint | undefined;
      const consumer = createConsumer({
        source: journal,
        target: auditJournal,
        clock,
        batchSize: 4,
        async handle(trx, e) {
          if (e.seq === failOn) throw new Error('crash while applying');
          const p = e.payload as { name: string; by: number };
          await auditJournal.append(trx, auditAdded, { stream: p.name, actor: 'sys_consumer', payload: p });
        },
      });
      for (let i = 1; i <= 10; i++) await add('seen', i);
      failOn = 6n;
      assert.equal(await consumer.runOnce(), 4);
      await assert.rejects(consumer.runOnce(), /crash while applying/);
      assert.equal(await consumer.position(), 4n);
      failOn = undefined;
      assert.equal(await consumer.drain(), 6);
      assert.equal(await consumer.drain(), 0);
      assert.equal(await consumer.position(), 10n);
      const row = await audit.db.selectFrom('tally_counter').selectAll().executeTakeFirstOrThrow();
      assert.equal(row.value, 55n);
      assert.equal((await auditJournal.head()).seq, 10n);

      // A source that sends events again (a retried batch, a replayed stream) changes nothing; one that
      // skips an event is refused, since what it skipped would be lost.
      const handle = async (trx: Kysely<TallyTables>, e: JournalEvent) => {
        const p = e.payload as { name: string; by: number };
        await auditJournal.append(trx, auditAdded, { stream: p.name, actor: 'sys_consumer', payload: p });
      };
      await add('seen', 11);
      const resending = createConsumer({
        source: {
          cell: journal.cell,
          readAfter: (after, limit) => journal.readAfter(after > 3n ? after - 3n : 0n, limit),
        },
        target: auditJournal,
        clock,
        batchSize: 4,
        handle,
      });
      assert.equal(await resending.drain(), 1, 'only seq 11 is new');
      assert.equal(await resending.drain(), 0);
      await add('seen', 12);
      await add('seen', 13);
      const skipping = createConsumer({
        source: {
          cell: journal.cell,
          readAfter: async (after, limit) =>
            (await journal.readAfter(after, limit)).filter((_e, i) => i !== 1),
        },
        target: auditJournal,
        clock,
        handle,
      });
      await assert.rejects(skipping.drain(), (err: JournalError) => err.code === 'consumer_out_of_order');
      assert.equal(await consumer.position(), 11n);
      const after = await audit.db.selectFrom('tally_counter').selectAll().executeTakeFirstOrThrow();
      assert.equal(after.value, 66n);

      // A source restored to before what was applied, or grown other events at the same seqs since: the
      // consumer stops and says so, rather than skipping the new events as if it had applied them.
      assert.equal(await consumer.drain(), 2);
      const wentBack = createConsumer({
        source: {
          cell: journal.cell,
          readAfter: async (a, l) => (await journal.readAfter(a, l)).filter((e) => e.seq < 12n),
        },
        target: auditJournal,
        clock,
        handle,
      });
      await assert.rejects(
        wentBack.drain(),
        (err: JournalError) => err.code === 'consumer_diverged' && /ends before it/.test(err.message),
      );
      const rewritten = createConsumer({
        source: {
          cell: journal.cell,
          readAfter: async (a, l) =>
            (await journal.readAfter(a, l)).map((e) => (e.seq === 13n ? { ...e, hash: 'f'.repeat(64) } : e)),
        },
        target: auditJournal,
        clock,
        handle,
      });
      await add('seen', 14);
      await assert.rejects(
        rewritten.drain(),
        (err: JournalError) => err.code === 'consumer_diverged' && /another event there/.test(err.message),
      );
      assert.equal(await consumer.position(), 13n, 'nothing applied by the refusals');
    });
  });
}
