import type { Readable } from 'node:stream';
import type { Kysely } from '../../../storage/index.ts';
import type { Journal } from '../../../journal/index.ts';
import type { Clock } from '../../../platform/clock.ts';
import { isDomainError } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import { searchKey } from '../../../platform/text.ts';
import type { Attachments, PendingAttachment } from '../../../storage/index.ts';
import { FinanceError } from '../finance-error.ts';
import type { FinanceTables } from '../finance-tables.ts';
import { ListFormatError, type ListContext, type RowProblem } from './pension.csv.ts';
import {
  buildContext,
  defaultSchedule,
  ListRejected,
  periodOpened,
  type pensionEvents,
  type Schedule,
} from './pension.events.ts';
import type { LineState } from './payout.events.ts';
import * as repo from './pension.repository.ts';

/** The largest list file accepted: 2 GiB, ten times a national list. */
export const MAX_LIST_BYTES = 2 * 1024 ** 3;

export interface Period {
  id: string;
  province_code: string;
  months: string[];
  status: 'open' | 'closed';
  opened_at: string;
  closed_at: string | null;
  /** Bank transfers, then commune payment points, then counters, until the close (Vietnam's days). */
  bank_from: string;
  points_from: string;
  counters_from: string;
  close_on: string;
  province_office_id: string | null;
}

export interface PensionList {
  sha256: string;
  period_id: string;
  file_name: string;
  bytes: number;
  line_count: number;
  total: bigint;
  accepted_at: string;
}

export type PensionLine = Omit<
  repo.LineRow,
  'row' | 'birth_year' | 'amount' | 'updated_seq' | 'search_key' | 'status'
> & {
  status: LineState;
  row: number;
  birth_year: number;
  amount: bigint;
};

/** The geography and offices a list is checked against (from the core cell). */
export interface Directory {
  communes: ReadonlyMap<string, string>;
  offices: ReadonlyMap<string, { id: string; province_code: string | null; status: string; type: string }>;
}

export interface ImportInput {
  period_id: string;
  file_name: string;
  /** The envelope: what the agency says the list holds. */
  declared_count: number;
  declared_total: bigint | string;
  source: Readable | AsyncIterable<Uint8Array>;
  /** Told as the import goes: receiving the file, checking its rows, building its lines. */
  onProgress?: (p: { phase: ImportPhase; rows: number }) => void;
}

export type ImportPhase = 'receiving' | 'checking' | 'building';

/** A list import as it goes: its phase and rows so far, then the list or the refusal. */
export interface ImportJob {
  id: string;
  period_id: string;
  file_name: string;
  declared_count: number;
  state: 'running' | 'accepted' | 'refused';
  phase: ImportPhase | 'done';
  rows: number;
  started_at: string;
  finished_at: string | null;
  list: PensionList | null;
  error: { code: string; message: string; message_vi: string; details: Record<string, unknown> } | null;
}

/** Finished jobs are kept for this many imports, for clients polling late. */
const KEPT_JOBS = 200;

export interface Pensions {
  openPeriod(
    input: { province_code: string; months: readonly string[]; schedule?: Partial<Schedule> },
    actor: string,
  ): Promise<Period>;
  getPeriod(id: string): Promise<Period>;
  periods(provinceCode?: string): Promise<Period[]>;
  /**
   * Takes a list from the agency: stored as an attachment named by its SHA-256 and one journal event, its
   * lines built from it. A list with any bad row, or whose count or total is not the declared one, is
   * refused whole with every problem (row, column, what to do), and nothing is written. The same file
   * twice is the same list.
   */
  importList(input: ImportInput, directory: Directory, actor: string): Promise<PensionList>;
  /**
   * The same as a job: resolves with the job when it has finished, or once the file is received and
   * `waitMs` has passed, whichever comes first; the import goes on, and `job(id)` tells how far it is.
   */
  startImport(
    input: Omit<ImportInput, 'onProgress'>,
    directory: Directory,
    actor: string,
    waitMs: number,
  ): Promise<{ job: ImportJob; error: unknown }>;
  job(id: string): ImportJob;
  lists(periodId: string): Promise<PensionList[]>;
  lines(q: {
    period_id: string;
    postcode?: string;
    cccd?: string;
    name?: string;
    status?: string;
    limit: number;
    offset: number;
  }): Promise<{
    items: PensionLine[];
    total: number;
  }>;
}

export interface PensionsDeps {
  clock: Clock;
  db: Kysely<FinanceTables>;
  journal: Journal<FinanceTables>;
  attachments: Attachments;
  events: ReturnType<typeof pensionEvents>;
}

function toPeriod(r: repo.PeriodRow): Period {
  const months = JSON.parse(r.months) as string[];
  const d = defaultSchedule(months);
  return {
    ...r,
    months,
    status: r.status as Period['status'],
    bank_from: r.bank_from ?? d.bank_from,
    points_from: r.points_from ?? d.points_from,
    counters_from: r.counters_from ?? d.counters_from,
    close_on: r.close_on ?? d.close_on,
  };
}

const SCHEDULE_ORDER = ['bank_from', 'points_from', 'counters_from', 'close_on'] as const;

/** A period's schedule: the usual one where not given; real dates, in order. */
function checkSchedule(months: readonly string[], given: Partial<Schedule> | undefined): Schedule {
  const schedule = { ...defaultSchedule(months), ...given };
  let previous = '';
  for (const k of SCHEDULE_ORDER) {
    const v = schedule[k];
    const d = new Date(`${v}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v)
      throw new FinanceError(
        'invalid_period',
        `schedule.${k} must be a date YYYY-MM-DD`,
        `Lịch chi trả: ${k} phải là ngày dạng năm-tháng-ngày`,
        {
          field: `schedule.${k}`,
        },
      );
    if (v < previous)
      throw new FinanceError(
        'invalid_period',
        `schedule.${k} (${v}) comes before the step before it (${previous}): bank transfers, points, counters, close`,
        'Lịch chi trả phải theo thứ tự: chuyển khoản, điểm chi trả, quầy, đóng kỳ',
        { field: `schedule.${k}` },
      );
    previous = v;
  }
  return schedule;
}
function toList(r: repo.ListRow): PensionList {
  return { ...r, bytes: Number(r.bytes), line_count: Number(r.line_count), total: BigInt(r.total) };
}
export function toLine(r: repo.LineRow): PensionLine {
  const { search_key: _k, updated_seq: _s, ...rest } = r;
  return {
    ...rest,
    status: r.status as LineState,
    row: Number(r.row),
    birth_year: Number(r.birth_year),
    amount: BigInt(r.amount),
  };
}

const rejected = (problems: RowProblem[], count: number) =>
  new FinanceError(
    'pension_list_rejected',
    `The list is refused: ${count} problem${count === 1 ? '' : 's'}, first at row ${problems[0]?.row ?? 0} (${problems[0]?.field ?? ''}: ${problems[0]?.message ?? ''}); nothing was imported`,
    `Danh sách bị từ chối: có ${count} lỗi, đầu tiên ở dòng ${problems[0]?.row ?? 0} (${problems[0]?.field ?? ''}: ${problems[0]?.message_vi ?? ''}); chưa có dòng nào được nhập`,
    { problem_count: count, problems },
  );

/** Creates the pension payment module of the finance cell. */
export function createPensions(deps: PensionsDeps): Pensions {
  const { db, journal, attachments, events, clock } = deps;
  const jobs = new Map<string, ImportJob>();
  const requirePeriod = async (trx: Kysely<FinanceTables>, id: string) => {
    const row = await repo.findPeriod(trx, id);
    if (row === undefined)
      throw new FinanceError(
        'period_not_found',
        `No payment period has id ${JSON.stringify(id)}`,
        `Không có kỳ chi trả ${id}`,
        { id },
      );
    return toPeriod(row);
  };
  const api: Pensions = {
    async openPeriod(input, actor) {
      const months = [...input.months];
      const badMonth = months.find((m) => !/^\d{4}-(0[1-9]|1[0-2])$/.test(m));
      if (months.length < 1 || months.length > 3 || badMonth !== undefined)
        throw new FinanceError(
          'invalid_period',
          'months must be 1 to 3 months as YYYY-MM',
          'Kỳ chi trả gồm 1–3 tháng dạng năm-tháng',
          { field: 'months' },
        );
      for (let i = 1; i < months.length; i++) {
        const [y, m] = months[i - 1]!.split('-').map(Number) as [number, number];
        const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
        if (months[i] !== next)
          throw new FinanceError(
            'invalid_period',
            'the months of a period must follow each other',
            'Các tháng của một kỳ phải liên tiếp',
            { field: 'months' },
          );
      }
      if (!/^\d{2}$/.test(input.province_code))
        throw new FinanceError(
          'invalid_period',
          'province_code must be 2 digits',
          'Mã tỉnh phải có 2 chữ số',
          { field: 'province_code' },
        );
      const schedule = checkSchedule(months, input.schedule);
      const id = `per_${months.join('_')}_${input.province_code}`;
      return journal.transaction(async (trx) => {
        await journal.lock(trx);
        const existing = await repo.findPeriod(trx, id);
        if (existing !== undefined) return toPeriod(existing);
        // A month belongs to one period of a province: overlapping periods would let a line be paid twice.
        for (const other of await repo.findPeriods(trx, input.province_code)) {
          const shared = (JSON.parse(other.months) as string[]).filter((m) => months.includes(m));
          if (shared.length > 0)
            throw new FinanceError(
              'invalid_period',
              `Month ${shared[0]} is already in period ${other.id} of province ${input.province_code}`,
              `Tháng ${shared[0]} đã thuộc kỳ chi trả ${other.id} của tỉnh này`,
              { field: 'months', period: other.id },
            );
        }
        await journal.append(trx, periodOpened, {
          stream: id,
          actor,
          office: null,
          payload: { id, province_code: input.province_code, months, schedule },
        });
        return requirePeriod(trx, id);
      });
    },
    getPeriod: (id) => requirePeriod(db, id),
    async periods(provinceCode) {
      return (await repo.findPeriods(db, provinceCode)).map(toPeriod);
    },
    async importList(input, directory, actor) {
      const period = await requirePeriod(db, input.period_id);
      if (period.status !== 'open')
        throw new FinanceError('period_closed', `Period ${period.id} is closed`, 'Kỳ chi trả đã đóng', {
          id: period.id,
        });
      if (!Number.isInteger(input.declared_count) || input.declared_count < 1)
        throw new FinanceError(
          'invalid_period',
          'declared_count must be a whole number above 0',
          'Số dòng khai báo phải là số nguyên dương',
          { field: 'declared_count' },
        );
      const declaredTotal = String(input.declared_total);
      if (!/^[1-9]\d{0,18}$/.test(declaredTotal))
        throw new FinanceError(
          'invalid_period',
          'declared_total must be a whole number of đồng above 0',
          'Tổng tiền khai báo phải là số nguyên dương',
          { field: 'declared_total' },
        );
      const periodStart = `${period.months[0]}-01`;
      const year = Number(period.months[0]!.slice(0, 4));
      const progress = (phase: ImportPhase, rows: number) => input.onProgress?.({ phase, rows });
      progress('receiving', 0);
      let pending: PendingAttachment | undefined = await attachments.receive(input.source, MAX_LIST_BYTES);
      const pendingSha = pending.sha256;
      try {
        // One pass, inside the transaction: every row's form and references (the geography and offices of
        // today, which replay does not re-check), the envelope and duplicates, while the lines are built.
        // Any problem throws, and the transaction leaves nothing behind; the file is kept only on success.
        const ctx: Partial<ListContext> = {
          communes: directory.communes,
          offices: directory.offices,
          province: period.province_code,
        };
        const sha256 = pending.sha256;
        const bytes = pending.bytes;
        if (bytes === 0) throw new ListFormatError('The file is empty', 'Tệp trống');
        return await journal.transaction(async (trx) => {
          await journal.lock(trx);
          const existing = await repo.findList(trx, period.id, sha256);
          if (existing !== undefined) return toList(existing);
          progress('building', 0);
          buildContext.set(sha256, {
            path: pending!.path,
            ctx,
            progress: (rows) => progress('building', rows),
          });
          await journal.append(trx, events.listAccepted, {
            stream: period.id,
            actor,
            office: null,
            payload: {
              period_id: period.id,
              sha256,
              file_name: input.file_name.slice(0, 200),
              bytes,
              declared_count: input.declared_count,
              declared_total: declaredTotal,
              period_start: periodStart,
              year,
            },
          });
          // Its lines are built: the file joins the store before the transaction commits.
          pending!.keep();
          pending = undefined;
          return toList((await repo.findList(trx, period.id, sha256))!);
        });
      } catch (err) {
        if (err instanceof ListRejected) throw rejected(err.problems, err.count);
        if (err instanceof ListFormatError)
          throw new FinanceError(
            'invalid_list_file',
            `${err.message}; nothing was imported`,
            `${err.messageVi}; chưa có dòng nào được nhập`,
            { field: 'file' },
          );
        throw err;
      } finally {
        pending?.discard();
        buildContext.delete(pendingSha);
      }
    },
    async startImport(input, directory, actor, waitMs) {
      const job: ImportJob = {
        id: newId('job'),
        period_id: input.period_id,
        file_name: input.file_name,
        declared_count: input.declared_count,
        state: 'running',
        phase: 'receiving',
        rows: 0,
        started_at: clock.now().toISOString(),
        finished_at: null,
        list: null,
        error: null,
      };
      jobs.set(job.id, job);
      for (const [id, j] of jobs) {
        if (jobs.size <= KEPT_JOBS) break;
        if (j.state !== 'running') jobs.delete(id);
      }
      let received: () => void = () => undefined;
      const receivedOnce = new Promise<void>((resolve) => (received = resolve));
      let error: unknown = null;
      const done = api
        .importList(
          {
            ...input,
            onProgress: ({ phase, rows }) => {
              job.phase = phase;
              job.rows = rows;
              if (phase !== 'receiving') received();
            },
          },
          directory,
          actor,
        )
        .then(
          (list) => {
            Object.assign(job, { state: 'accepted', phase: 'done', rows: list.line_count, list });
          },
          (err: unknown) => {
            error = err;
            job.state = 'refused';
            job.phase = 'done';
            job.error = isDomainError(err)
              ? {
                  code: err.code,
                  message: err.message,
                  message_vi: err.messageVi,
                  details: err.details ?? {},
                }
              : {
                  code: 'internal',
                  message: 'The import failed',
                  message_vi: 'Nhập danh sách bị lỗi',
                  details: {},
                };
          },
        )
        .finally(() => {
          job.finished_at = clock.now().toISOString();
        });
      await Promise.race([
        done,
        receivedOnce.then(() => Promise.race([done, new Promise((r) => setTimeout(r, waitMs).unref())])),
      ]);
      return { job: { ...job }, error };
    },
    job(id) {
      const j = jobs.get(id);
      if (j === undefined)
        throw new FinanceError(
          'job_not_found',
          `No import job has id ${JSON.stringify(id)} (jobs are kept until the server restarts)`,
          'Không tìm thấy lượt nhập danh sách này',
          { id },
        );
      return { ...j };
    },
    async lists(periodId) {
      return (await repo.findLists(db, periodId)).map(toList);
    },
    async lines(q) {
      const nameKey = q.name === undefined ? undefined : searchKey(q.name).replace(/[^a-z0-9 ]/g, '');
      const { rows, total } = await repo.findLines(db, {
        periodId: q.period_id,
        ...(q.postcode === undefined ? {} : { postcode: q.postcode }),
        ...(q.cccd === undefined ? {} : { cccd: q.cccd }),
        ...(nameKey === undefined ? {} : { nameKey }),
        ...(q.status === undefined ? {} : { status: q.status }),
        limit: q.limit,
        offset: q.offset,
      });
      return { items: rows.map(toLine), total: Number(total) };
    },
  };
  return api;
}
