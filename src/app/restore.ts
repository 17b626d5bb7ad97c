// Carrying out an approved restore under the running server: the cell's database is replaced by the verified
// copy `postcore restore --into` made, the replaced data is kept as evidence, and the security cell records it.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Incidents } from '../cells/security/index.ts';
import type { Config } from '../config.ts';
import type { Consumer, JournalTables } from '../journal/index.ts';
import type { Clock } from '../platform/clock.ts';
import { ResilienceError } from '../resilience/resilience-error.ts';
import type { RestoreReport } from '../resilience/restore.ts';
import { readRestoreProgress } from '../resilience/restore-progress.ts';
import type { Storage } from '../storage/index.ts';
import { RESTORES_DIR, type AppliedRestore, type OpenCell, type RestoreProgressView } from './platform.ts';

export interface RestoreDeps {
  config: Config;
  clock: Clock;
  storage: Storage;
  security: Incidents;
  cells: ReadonlyArray<OpenCell<JournalTables>>;
  /** The followers of other cells, by the cell each follows and the cell it writes: a restore may leave one ahead. */
  followers: ReadonlyArray<readonly [source: string, target: string, consumer: Pick<Consumer, 'position'>]>;
  /** Tells the platform's listeners that a cell's database was replaced. */
  replaced(cell: string): void;
}

/** Platform.applyRestore: see there. */
export async function applyRestore(
  deps: RestoreDeps,
  requestId: string,
  name: string,
  actor: string,
): Promise<AppliedRestore> {
  const { config, clock, storage, security, cells } = deps;
  const req = await security.restorable(requestId);
  const cell = req.cell!;
  const invalid = (why: string) =>
    new ResilienceError(
      'restore_source_invalid',
      `Cannot carry out ${requestId} from ${RESTORES_DIR}/${name}: ${why}; nothing was changed`,
      'Bản khôi phục không dùng được; chưa thay đổi gì',
      { request_id: requestId, name },
    );
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/.test(name))
    throw invalid('the name must be a directory name under restores/ (letters, digits, . _ -)');
  const dir = join(config.dataDir, RESTORES_DIR, name);
  const reportFile = join(dir, 'restore-report.json');
  if (!existsSync(reportFile))
    throw invalid(`there is no restore report: run postcore restore --cell ${cell} --into ${dir} first`);
  const text = readFileSync(reportFile, 'utf8');
  const report = JSON.parse(text) as RestoreReport;
  const restored = report.cells?.find((c) => c.cell === cell);
  if (report.ok !== true || restored?.verify.ok !== true)
    throw invalid(`the report does not show cell ${cell} restored and verified`);
  const open = cells.find((c) => c.definition.name === cell)!;
  const stamp = clock.now().toISOString().replace(/\D/g, '').slice(0, 14);
  const source = storage.restoredSource(cell, dir, report.schema_prefix ?? null);
  if (source === undefined) throw invalid(`${cell}.sqlite is not there (taken already?)`);
  const keep = storage.replacedName(cell, stamp);
  await storage.replaceCell(cell, source, keep);
  deps.replaced(cell);
  const head = (await open.journal.head()).seq;
  await security.restoreApplied(
    {
      request_id: requestId,
      cell,
      head_seq: head.toString(),
      report_sha256: createHash('sha256').update(text).digest('hex'),
      kept: keep,
    },
    actor,
  );
  const consumersAhead: AppliedRestore['consumers_ahead'] = [];
  for (const [source, target, consumer] of deps.followers) {
    if (source !== cell) continue;
    const position = await consumer.position();
    if (position > head)
      consumersAhead.push({
        consumer: target,
        position: position.toString(),
        head_seq: head.toString(),
      });
  }
  return {
    request_id: requestId,
    cell,
    head_seq: head.toString(),
    kept: keep,
    report_sha256: createHash('sha256').update(text).digest('hex'),
    consumers_ahead: consumersAhead,
  };
}

/** Platform.restoreProgress: see there. */
export async function restoreProgress(
  deps: Pick<RestoreDeps, 'config' | 'security'>,
  requestId: string,
): Promise<RestoreProgressView> {
  const req = await deps.security.getRequest(requestId);
  const dir = join(deps.config.dataDir, RESTORES_DIR);
  const found = req.kind === 'restore' ? readRestoreProgress(dir, requestId) : undefined;
  if (found === undefined)
    return {
      request_id: requestId,
      state: 'not_started',
      name: null,
      cells: req.cell === null ? [] : [req.cell],
      target: req.target,
      started_at: null,
      updated_at: null,
      phases: [],
      error: null,
      report: null,
      report_text: null,
    };
  const { name, progress: p } = found;
  const read = (file: string) => {
    const path = join(dir, name, file);
    return p.state === 'done' && existsSync(path) ? readFileSync(path, 'utf8') : null;
  };
  const json = read('restore-report.json');
  return {
    request_id: requestId,
    state: p.state,
    name,
    cells: p.cells,
    target: p.target,
    started_at: p.started_at,
    updated_at: p.updated_at,
    phases: p.phases,
    error: p.error,
    report: json === null ? null : (JSON.parse(json) as Record<string, unknown>),
    report_text: read('restore-report.txt'),
  };
}
