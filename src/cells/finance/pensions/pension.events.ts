import { z } from 'zod';
import type { Kysely } from '../../../storage/index.ts';
import { defineEvent, type JournalEvent } from '../../../journal/index.ts';
import type { Attachments } from '../../../storage/index.ts';
import type { FinanceTables } from '../finance-tables.ts';
import { formatVnd } from '../../../platform/money.ts';
import type { ListContext, RowProblem } from './pension.csv.ts';
import { checkedRows } from './pension.rows.ts';
import { payoutEvents } from './payout.events.ts';
import * as repo from './pension.repository.ts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const scheduleSchema = z.strictObject({
  bank_from: day,
  points_from: day,
  counters_from: day,
  close_on: day,
});
export type Schedule = z.output<typeof scheduleSchema>;

/**
 * The usual schedule of a period: bank transfers from the 2nd of its first month, commune payment points
 * from the 5th, counters from the 10th, closed on the 25th.
 */
export function defaultSchedule(months: readonly string[]): Schedule {
  const m = months[0]!;
  return {
    bank_from: `${m}-02`,
    points_from: `${m}-05`,
    counters_from: `${m}-10`,
    close_on: `${m}-25`,
  };
}

export const periodOpenedSchema = z.strictObject({
  id: z.string(),
  province_code: z.string().regex(/^\d{2}$/),
  months: z
    .array(z.string().regex(/^\d{4}-\d{2}$/))
    .min(1)
    .max(3),
  schedule: scheduleSchema.optional(),
});

export const periodOpened = defineEvent<FinanceTables, typeof periodOpenedSchema>({
  type: 'finance.pension.period_opened',
  schema: periodOpenedSchema,
  async apply(db, e) {
    await repo.insertPeriod(db, {
      id: e.payload.id,
      province_code: e.payload.province_code,
      months: JSON.stringify(e.payload.months),
      status: 'open',
      opened_at: e.at,
      closed_at: null,
      ...(e.payload.schedule ?? defaultSchedule(e.payload.months)),
      province_office_id: null,
    });
  },
});

export const listAcceptedSchema = z.strictObject({
  period_id: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  file_name: z.string().max(200),
  bytes: z.number().int().positive(),
  declared_count: z.number().int().positive(),
  declared_total: z.string().regex(/^[1-9]\d*$/),
  /** The period's first day and year, so that the rows are read the same way whenever they are replayed. */
  period_start: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  year: z.number().int(),
});
export type ListAccepted = z.output<typeof listAcceptedSchema>;

/** The lines of a list could not be taken: every problem found, the first ones in full. */
export class ListRejected extends Error {
  readonly problems: RowProblem[];
  readonly count: number;
  constructor(problems: RowProblem[], count: number) {
    super(`${count} problems in the list`);
    this.problems = problems;
    this.count = count;
  }
}

/**
 * What the command accepting a list (by its SHA-256) adds to building its lines: the received file, before
 * it joins the store; today's geography and offices, which the rows must name (replay, years later, does
 * not re-check them against a network that has changed); and who watches the rows go by. Replay has none.
 */
export const buildContext = new Map<
  string,
  { path: string; ctx: Partial<ListContext>; progress: (rows: number) => void }
>();

const duplicate = (row: number, cccd: string, benefit: string, earlierRow: number): RowProblem => ({
  row,
  field: 'cccd',
  message: `CCCD ${cccd} already has a ${benefit} line in this period (${earlierRow > 0 ? `row ${earlierRow}` : 'in an earlier list'})`,
  message_vi: `Người có CCCD ${cccd} đã có dòng ${benefit} trong kỳ này${earlierRow > 0 ? ` (dòng ${earlierRow})` : ' (danh sách trước)'}`,
});
const SHOWN = 200;

/** A line's id: its period, person and benefit, which no other line of the period may share. */
export const lineId = (periodId: string, cccd: string, benefit: string) =>
  `pl_${periodId}_${cccd}_${benefit}`;

/**
 * Builds a list's lines from its attachment, streaming, in bounded memory: the same lines every time. The
 * rows are checked one by one and staged in a temporary table; then a person twice in the list, or
 * already listed for the benefit in the period, is found in SQL, and so is a count or total that is not the
 * declared one. Any problem throws ListRejected, which undoes the whole list; otherwise the lines go in
 * at once, in id order, so that the table's indexes are written in order rather than all over.
 */
export async function buildLines(
  db: Kysely<FinanceTables>,
  e: JournalEvent<ListAccepted>,
  attachments: Attachments,
): Promise<void> {
  const p = e.payload;
  const problems: RowProblem[] = [];
  let problemCount = 0;
  const problem = (x: RowProblem) => {
    problemCount++;
    if (problems.length < SHOWN) problems.push(x);
  };
  let count = 0;
  let total = 0n;
  let chunk: repo.LineRow[] = [];
  await repo.createStage(db);
  const flush = async () => {
    await repo.stageLines(db, chunk);
    chunk = [];
  };
  const command = buildContext.get(p.sha256);
  const path = command?.path ?? attachments.pathOf(p.sha256);
  const ctx: ListContext = { ...command?.ctx, periodStart: p.period_start, year: p.year };
  for await (const batch of checkedRows(path, ctx, p.sha256, () => attachments.corrupt(p.sha256))) {
    command?.progress(batch.rows);
    for (const x of batch.problems) problem(x);
    problemCount += batch.problemCount - batch.problems.length;
    for (const l of batch.lines) {
      count++;
      total += l.amount;
      chunk.push({
        id: lineId(p.period_id, l.cccd, l.benefit),
        period_id: p.period_id,
        list_sha256: p.sha256,
        row: BigInt(l.row),
        cccd: l.cccd,
        full_name: l.full_name,
        search_key: l.search_key,
        birth_year: BigInt(l.birth_year),
        benefit: l.benefit,
        amount: l.amount,
        commune_code: l.commune_code,
        office_postcode: l.office_postcode,
        channel: l.channel,
        proxy_name: l.proxy_name,
        proxy_cccd: l.proxy_cccd,
        proxy_until: l.proxy_until,
        status: 'listed',
        updated_seq: e.seq,
        round_id: null,
        receipt_id: null,
        paid_place: null,
        stop_reason: null,
        stop_reference: null,
        return_reason: null,
      });
    }
    await flush();
  }
  await flush();
  const envelope = () => {
    if (count !== p.declared_count)
      problem({
        row: 0,
        field: 'declared_count',
        message: `the list has ${count} lines, not the ${p.declared_count} declared`,
        message_vi: `danh sách có ${count} dòng, khác số khai báo ${p.declared_count}`,
      });
    if (total !== BigInt(p.declared_total))
      problem({
        row: 0,
        field: 'declared_total',
        message: `the lines add up to ${formatVnd(total)}, not the ${formatVnd(BigInt(p.declared_total))} declared`,
        message_vi: `tổng tiền các dòng là ${formatVnd(total)}, khác tổng khai báo ${formatVnd(BigInt(p.declared_total))}`,
      });
  };
  const reject = async () => {
    // Which rows name a person twice, in this list or with an earlier one: asked only of a refused list.
    const twice = await repo.stagedDuplicates(db, SHOWN);
    for (const d of twice.rows) problem(duplicate(d.row, d.cccd, d.benefit, d.first));
    problemCount += twice.more;
    const listed = await repo.stagedAlreadyListed(db, SHOWN);
    for (const d of listed.rows) problem(duplicate(d.row, d.cccd, d.benefit, 0));
    problemCount += listed.more;
    await repo.dropStage(db);
    return new ListRejected(
      problems.sort((a, b) => a.row - b.row),
      problemCount,
    );
  };
  envelope();
  if (problemCount > 0) throw await reject();
  // The primary key is the person and benefit in the period: a line that would be there twice stops the
  // insert, and only then is it worth finding which.
  if (!(await repo.commitStage(db))) throw await reject();
  await repo.insertList(db, {
    sha256: p.sha256,
    period_id: p.period_id,
    file_name: p.file_name,
    bytes: BigInt(p.bytes),
    line_count: BigInt(count),
    total,
    accepted_at: e.at,
    seq: e.seq,
    funded_seq: null,
    funding_reference: null,
  });
}

const made = new WeakMap<Attachments, ReturnType<typeof makePensionEvents>>();

/**
 * The pension events, reading lists from the cell's attachments: one set per store, since the journal
 * knows an event type by the object it registered.
 */
export function pensionEvents(attachments: Attachments): ReturnType<typeof makePensionEvents> {
  let events = made.get(attachments);
  if (events === undefined) {
    events = makePensionEvents(attachments);
    made.set(attachments, events);
  }
  return events;
}

function makePensionEvents(attachments: Attachments) {
  const listAccepted = defineEvent<FinanceTables, typeof listAcceptedSchema>({
    type: 'finance.pension.list_accepted',
    schema: listAcceptedSchema,
    apply: (db, e) => buildLines(db, e, attachments),
  });
  return { periodOpened, listAccepted, all: [periodOpened, listAccepted, ...payoutEvents] };
}
