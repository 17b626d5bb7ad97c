// Hardening (issue 20): what the insider-proofing costs where it sits on the hot path.
//   idempotency: a counter payout that records its Idempotency-Key (the key and the request's hash journaled
//     with the payout) against the same payout without one, and a retry under a used key (answered from the
//     record) against the same baseline; both sides through the finance cell on one database.
//   verify: `postcore verify` of the finance cell after those payouts (chain, checkpoints, the replay into a
//     scratch database, and since issue 20 every table read and accounted for) against reading every row of
//     every table of the same cell and nothing else.
import { randomUUID } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import pg from 'pg';
import { openPlatform, type Platform } from '../src/app.ts';
import type { PensionLine } from '../src/cells/finance/index.ts';
import { requestKey } from '../src/journal/index.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { postgresUnavailableReason, testPlace, type TestPlace } from '../src/storage/testing.ts';
import { openPayingCounter, testConfig, type PayingCounter } from '../src/testing.ts';
import { rate, type BenchContext, type BenchSuite } from './harness.ts';

interface Counter {
  platform: Platform;
  counter: PayingCounter;
  /** Every line waiting at the counter; each run takes its own. */
  lines: PensionLine[];
}

async function openCounter(place: TestPlace, count: number): Promise<Counter> {
  // 10 December 2026, 09:00 in Hà Nội: the counters are paying.
  const clock = new ManualClock('2026-12-10T02:00:00.000Z');
  const platform = await openPlatform(testConfig(place), { clock });
  const counter = await openPayingCounter(platform, { count });
  const period = counter.lines[0]!.period_id;
  const lines: PensionLine[] = [];
  for (const status of ['at_office', 'at_point'])
    for (let offset = 0; ; offset += 500) {
      const { items } = await platform.finance.pensions.lines({
        period_id: period,
        status,
        limit: 500,
        offset,
      });
      lines.push(...items);
      if (items.length < 500) break;
    }
  return { platform, counter, lines };
}

function payOne(c: Counter, l: PensionLine, key?: string) {
  const input = {
    line_id: l.id,
    session_id: c.counter.till,
    place: 'counter' as const,
    office_province: '01',
    recipient: 'self' as const,
    cccd: l.cccd,
  };
  const request =
    key === undefined
      ? undefined
      : requestKey(`${c.counter.clerk.id} POST /v1/finance/tills/:id/pension-payouts`, key, input);
  return c.platform.finance.payouts.pay(input, c.counter.clerk.id, request);
}

async function idempotency(ctx: BenchContext, c: Counter): Promise<void> {
  const per = Math.floor(c.lines.length / (2 * ctx.repeats));
  const keyed: number[] = [];
  const retried: number[] = [];
  const plain: number[] = [];
  let next = 0;
  for (let r = 0; r < ctx.repeats; r++) {
    const withKey = c.lines.slice(next, next + per);
    const without = c.lines.slice(next + per, next + 2 * per);
    next += 2 * per;
    const keys = withKey.map(() => randomUUID());
    const first = new Map<string, string>();
    keyed.push(
      await rate(per, async () => {
        for (const [i, l] of withKey.entries()) first.set(l.id, (await payOne(c, l, keys[i])).id);
      }),
    );
    retried.push(
      await rate(per, async () => {
        for (const [i, l] of withKey.entries()) {
          const again = await payOne(c, l, keys[i]);
          if (again.id !== first.get(l.id)) throw new Error(`a retry of ${l.id} made a second receipt`);
        }
      }),
    );
    plain.push(
      await rate(per, async () => {
        for (const l of without) await payOne(c, l);
      }),
    );
  }
  ctx.note(`${per} counter payouts per run and side, one per call, from one till`);
  const baseline = 'the same payout without a key';
  ctx.report({ case: 'payout with a key', events: per, subjectRuns: keyed, baseline, baselineRuns: plain });
  ctx.report({
    case: 'retry under a used key',
    events: per,
    subjectRuns: retried,
    baseline,
    baselineRuns: plain,
  });
}

async function verify(ctx: BenchContext, c: Counter, readAll: () => Promise<number>): Promise<void> {
  const events = Number(
    (await c.platform.cells.find((x) => x.definition.name === 'finance')!.journal.head()).seq,
  );
  const subject: number[] = [];
  const baseline: number[] = [];
  let rows = 0;
  for (let r = 0; r < ctx.repeats; r++) {
    subject.push(
      await rate(events, async () => {
        const [report] = await c.platform.verify({ only: 'finance' });
        if (report === undefined || !report.ok) throw new Error(`verify failed: ${JSON.stringify(report)}`);
      }),
    );
    baseline.push(
      await rate(events, async () => {
        rows = await readAll();
      }),
    );
  }
  ctx.note(
    `the finance cell: ${events.toLocaleString('en-US')} events, ${rows.toLocaleString('en-US')} rows in all its tables`,
  );
  ctx.report({
    case: 'verify finance, every table',
    events,
    subjectRuns: subject,
    baseline: 'SELECT * of every table',
    baselineRuns: baseline,
  });
}

async function benchSqlite(ctx: BenchContext): Promise<void> {
  const place = testPlace('sqlite');
  let c: Counter | undefined;
  try {
    c = await openCounter(place, ctx.size(1_000, 2 * ctx.repeats) * ctx.repeats * 2);
    await idempotency(ctx, c);
    const raw = new DatabaseSync(join(place.dataDir, 'finance.sqlite'), { readOnly: true });
    try {
      const tables = raw
        .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")
        .all()
        .map((t) => String(t['name']));
      await verify(ctx, c, () => {
        let n = 0;
        for (const t of tables) for (const _ of raw.prepare(`select * from "${t}"`).iterate()) n++;
        return Promise.resolve(n);
      });
    } finally {
      raw.close();
    }
  } finally {
    await c?.platform.close();
    await place.remove();
  }
}

async function benchPostgres(ctx: BenchContext): Promise<void> {
  const reason = await postgresUnavailableReason();
  if (reason !== undefined) {
    ctx.note(`skipped: ${reason}`);
    return;
  }
  const place = testPlace('postgres');
  const client = new pg.Client({
    connectionString: place.config.dialect === 'postgres' ? place.config.url : '',
  });
  let c: Counter | undefined;
  try {
    c = await openCounter(place, ctx.size(400, 2 * ctx.repeats) * ctx.repeats * 2);
    await idempotency(ctx, c);
    await client.connect();
    const schema = `${place.place}finance`;
    const { rows: tables } = await client.query<{ tablename: string }>(
      'select tablename from pg_tables where schemaname = $1',
      [schema],
    );
    await verify(ctx, c, async () => {
      let n = 0;
      for (const t of tables)
        n += (await client.query(`select * from "${schema}"."${t.tablename}"`)).rowCount ?? 0;
      return n;
    });
  } finally {
    await client.end().catch(() => undefined);
    await c?.platform.close();
    await place.remove();
  }
}

export const suite: BenchSuite = {
  name: 'hardening',
  sections: [
    { name: 'sqlite', run: benchSqlite },
    { name: 'postgres', run: benchPostgres },
  ],
};
