// The tables verify does not rebuild from the journal, each checked against what it must agree with.
import type { Kysely, MigrationSet } from '../storage/index.ts';
import type { JournalTables } from './journal-event.ts';
import * as repo from './journal.repository.ts';
import type { VerifyDeps, VerifyFailure } from './verify.types.ts';

/** What the code expects of Kysely's bookkeeping: every migration it knows run once, none it does not, no lock held. */
async function checkBookkeeping(
  db: Kysely<JournalTables>,
  code: MigrationSet,
  seq: string,
): Promise<VerifyFailure[]> {
  const failures: VerifyFailure[] = [];
  const fail = (table: string, key: Record<string, string>, message: string) =>
    failures.push({ check: 'bookkeeping', seq, table, key, message: `${table}: ${message}` });
  const { migrations, locks } = await repo.readMigrationBookkeeping(db);
  const known = Object.keys(code).sort();
  const recorded = migrations.map((m) => m.name);
  for (const name of known.filter((n) => !recorded.includes(n)))
    fail('kysely_migration', { name }, `migration ${name} of the code is not recorded as run`);
  for (const name of recorded.filter((n) => !known.includes(n)))
    fail(
      'kysely_migration',
      { name },
      `migration ${name} is recorded as run but the code has no such migration`,
    );
  let previous = '';
  for (const m of migrations) {
    const at = Date.parse(m.timestamp);
    if (!Number.isFinite(at) || m.timestamp < previous)
      fail(
        'kysely_migration',
        { name: m.name },
        `migration ${m.name} is recorded as run at ${JSON.stringify(m.timestamp)}, not a time after the migration before it`,
      );
    previous = m.timestamp;
  }
  const lock = locks.find((l) => l.id === 'migration_lock');
  if (locks.length !== 1 || lock === undefined || lock.is_locked !== 0)
    fail(
      'kysely_migration_lock',
      { id: lock?.id ?? locks[0]?.id ?? '' },
      `expected one row migration_lock, not locked; found ${JSON.stringify(locks)}`,
    );
  return failures;
}

/**
 * The tables verify does not rebuild: consumer positions against the events they name in their sources,
 * the canaries against what detection planted, Kysely's bookkeeping against the code, and any table the
 * cell does not define, which is itself a finding.
 */
export async function checkOtherTables<DB extends JournalTables>(
  deps: VerifyDeps<DB>,
  db: Kysely<JournalTables>,
  seq: string,
): Promise<VerifyFailure[]> {
  const failures: VerifyFailure[] = [];
  const known = new Set<string>([
    ...JOURNAL_TABLES,
    ...BOOKKEEPING_TABLES,
    ...deps.cell.projections.map((p) => p.table),
  ]);
  for (const table of await repo.listTables(db))
    if (!known.has(table))
      failures.push({
        check: 'unknown_table',
        seq,
        table,
        message: `table ${table} is in cell ${deps.cell.name}'s database but the cell defines no such table (added behind the code)`,
      });
  failures.push(...(await checkBookkeeping(db, deps.cell.migrations, seq)));
  for (const c of await repo.listConsumerPositions(db)) {
    const where = { table: 'journal_consumer', key: { source: c.source } };
    if (c.seq === 0n && c.hash === null) {
      // Nothing applied yet: the row must still name a cell whose journal it follows.
      if (deps.sourceHash !== undefined && (await deps.sourceHash(c.source, 0n)) === undefined)
        failures.push({
          check: 'consumer',
          seq,
          ...where,
          message: `journal_consumer says cell ${deps.cell.name} follows ${c.source}, but there is no such cell`,
        });
      continue;
    }
    // A position kept before consumers recorded hashes (null) is checked for its seq alone.
    const found = deps.sourceHash === undefined ? c.hash : await deps.sourceHash(c.source, c.seq);
    if (c.seq <= 0n || found === undefined || (c.hash !== null && found !== c.hash))
      failures.push({
        check: 'consumer',
        seq,
        ...where,
        message: `journal_consumer says cell ${deps.cell.name} applied ${c.source}'s events up to seq ${c.seq} (hash ${String(c.hash).slice(0, 16)}…), but ${c.source}'s event there ${found === undefined ? 'does not exist' : `has hash ${String(found).slice(0, 16)}…`}`,
      });
  }
  if (deps.canaries !== undefined) {
    const rows = await repo.readCanaries(db);
    const expected = deps.canaries.rows;
    const wrong =
      rows.length === 0 && deps.canaries.planted !== true
        ? []
        : [
            ...expected
              .filter((e) => {
                const r = rows.find((x) => x.name === e.name);
                return r === undefined || (e.value !== undefined && r.value !== e.value);
              })
              .map((e) => e.name),
            ...rows.filter((r) => !expected.some((e) => e.name === r.name)).map((r) => r.name),
          ];
    if (wrong.length > 0)
      failures.push({
        check: 'canary',
        seq,
        table: 'journal_canary',
        key: { name: wrong.join(',') },
        message: `the canary rows of cell ${deps.cell.name} were changed (${wrong.join(', ')}): someone wrote to its database behind the API`,
      });
  }
  return failures;
}

/** The journal's own tables, each checked by verifyJournal or checkOtherTables. */
const JOURNAL_TABLES = [
  'journal_event',
  'journal_head',
  'journal_consumer',
  'journal_tree',
  'journal_checkpoint',
  'journal_canary',
] as const satisfies ReadonlyArray<keyof JournalTables>;
const BOOKKEEPING_TABLES = ['kysely_migration', 'kysely_migration_lock'];
