// Access benchmarks (issue 4): what the gate costs each request, and what a sign-in costs, each against a
// baseline doing the irreducible part of the same work in the same run.
//   authenticate: a bearer token turned into a principal (hash the secret, find the token, its holder and
//     the holder's office) and authorize()d at an office; baseline: the token row found by the hash of the
//     secret with one raw prepared statement (node:sqlite) or one raw query (pg) — the least any lookup does.
//   sign-in: password (scrypt N=2^15) checked and a core.auth.signed_in event journaled; baseline: the
//     scrypt derivation alone, with the same parameters.
import { randomBytes, scrypt } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import pg from 'pg';
import { authorize, type Core } from '../src/cells/core/index.ts';
import { openTestCore, openTestHierarchy } from '../src/cells/core/testing.ts';
import { systemClock } from '../src/platform/clock.ts';
import { sha256Hex } from '../src/platform/hash.ts';
import { postgresUnavailableReason, TEST_DATABASE_URL, type TestStorage } from '../src/storage/testing.ts';
import type { Dialect } from '../src/storage/index.ts';
import { rate, type BenchContext, type BenchSuite } from './harness.ts';

const PASSWORD = 'gánh hàng rong qua cầu';

async function setUp(
  dialect: Dialect,
): Promise<{ t: TestStorage; core: Core; bearer: string; officeId: string }> {
  const { t, core } = await openTestCore(dialect, systemClock, true);
  const { hanoi } = await openTestHierarchy(core);
  const manager = await core.staff.add(
    {
      username: 'bench.manager',
      full_name: 'Nguyễn Văn An',
      cccd: '001085000001',
      phone: '0912345678',
      office_id: hanoi.id,
      roles: ['office_manager'],
      password: PASSWORD,
    },
    'system:bench',
  );
  const { token } = await core.tokens.issue(
    { staff_id: manager.id, name: 'bench', permissions: ['staff.read'], office_id: null, days: 1 },
    'system:bench',
  );
  return { t, core, bearer: token, officeId: hanoi.id };
}

async function benchAuthenticate(ctx: BenchContext, dialect: Dialect): Promise<void> {
  if (dialect === 'postgres') {
    const reason = await postgresUnavailableReason();
    if (reason !== undefined) return ctx.note(`skipped: ${reason}`);
  }
  const { t, core, bearer, officeId } = await setUp(dialect);
  const n = ctx.size(5_000, 100);
  const target = { officeId, provinceCode: '01' };
  const secretHash = sha256Hex(bearer.slice(4));
  let baseline: (hash: string) => Promise<unknown>;
  let closeBaseline: () => Promise<void>;
  if (dialect === 'sqlite') {
    const db = new DatabaseSync(join(t.place, 'core.sqlite'), { readOnly: true });
    const stmt = db.prepare('select * from api_token where secret_hash = ?');
    baseline = (h) => Promise.resolve(stmt.get(h));
    closeBaseline = () => Promise.resolve(db.close());
    ctx.note('baseline: SELECT * FROM api_token WHERE secret_hash = ? by one node:sqlite prepared statement');
  } else {
    const client = new pg.Client({
      connectionString: TEST_DATABASE_URL,
      options: `-c search_path=${t.place}core`,
    });
    await client.connect();
    baseline = (h) =>
      client.query({ name: 'tok', text: 'select * from api_token where secret_hash = $1', values: [h] });
    closeBaseline = () => client.end();
    ctx.note('baseline: the same SELECT as a named prepared query on one raw pg client');
  }
  ctx.note(
    'postcore: sha256 of the secret, token, holder and office by Kysely, then authorize() at an office',
  );
  try {
    const subjectRuns: number[] = [];
    const baselineRuns: number[] = [];
    for (let r = 0; r < ctx.repeats; r++) {
      subjectRuns.push(
        await rate(n, async () => {
          for (let i = 0; i < n; i++) {
            const p = await core.principals.authenticate({ bearer });
            if (!authorize(p, 'staff.read', target).allowed) throw new Error('bench token refused');
          }
        }),
      );
      baselineRuns.push(
        await rate(n, async () => {
          for (let i = 0; i < n; i++)
            if ((await baseline(secretHash)) === undefined) throw new Error('no row');
        }),
      );
    }
    ctx.report({
      case: 'bearer token + authorize',
      events: n,
      subjectRuns,
      baseline: 'one raw token lookup',
      baselineRuns,
    });
  } finally {
    await closeBaseline();
    await t.cleanup();
  }
}

async function benchSignIn(ctx: BenchContext): Promise<void> {
  const { t, core } = await setUp('sqlite');
  const n = ctx.size(40, 4);
  const salt = randomBytes(16);
  ctx.note('sign-ins one after another on SQLite; scrypt N=2^15 r=8 p=1 on both sides');
  try {
    const subjectRuns: number[] = [];
    const baselineRuns: number[] = [];
    for (let r = 0; r < ctx.repeats; r++) {
      subjectRuns.push(
        await rate(n, async () => {
          for (let i = 0; i < n; i++) await core.signIn.signIn('bench.manager', PASSWORD);
        }),
      );
      baselineRuns.push(
        await rate(n, async () => {
          for (let i = 0; i < n; i++)
            await new Promise<void>((resolve, reject) =>
              scrypt(PASSWORD, salt, 32, { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }, (err) =>
                err ? reject(err) : resolve(),
              ),
            );
        }),
      );
    }
    ctx.report({
      case: 'password sign-in',
      events: n,
      subjectRuns,
      baseline: 'crypto.scrypt alone',
      baselineRuns,
    });
  } finally {
    await t.cleanup();
  }
}

export const suite: BenchSuite = {
  name: 'access',
  sections: [
    { name: 'auth-sqlite', run: (ctx) => benchAuthenticate(ctx, 'sqlite') },
    { name: 'auth-postgres', run: (ctx) => benchAuthenticate(ctx, 'postgres') },
    { name: 'sign-in', run: benchSignIn },
  ],
};
