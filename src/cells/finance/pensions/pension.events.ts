import { z } from 'zod';
import type { Kysely } from 'kysely';
import { defineEvent, type JournalEvent } from '../../../journal/index.ts';
import type { Attachments } from '../../../storage/index.ts';
import type { FinanceTables } from '../finance-tables.ts';
import { checkRow, type ListLine, type RowProblem } from './pension.csv.ts';
import { readAnyListRows } from './pension.xlsx.ts';
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

const CHUNK = 500;

/**
 * Who is watching a list's lines being built (by the list's SHA-256), told the rows done so far: the
 * command that accepted it, for its progress bar and job status. Replay has no one watching.
 */
export const buildProgress = new Map<string, (rows: number) => void>();

const duplicate = (l: ListLine, earlierRow: number): RowProblem => ({
  row: l.row,
  field: 'cccd',
  message: `CCCD ${l.cccd} already has a ${l.benefit} line in this period (${earlierRow > 0 ? `row ${earlierRow}` : 'an earlier row or list'})`,
  message_vi: `Người có CCCD ${l.cccd} đã có dòng ${l.benefit} trong kỳ này${earlierRow > 0 ? ` (dòng ${earlierRow})` : ''}`,
});
const SHOWN = 200;

/**
 * Builds a list's lines from its attachment, streaming, in chunks: the same rows in the same order every
 * time. A person already listed for the benefit in the period (earlier in this list or in another) is a
 * problem; so is a count or total that is not the declared one. Any problem throws ListRejected, which
 * undoes the whole list.
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
  let chunk: ListLine[] = [];
  const flush = async () => {
    if (chunk.length === 0) return;
    // Twice in this chunk: the second is a duplicate; listed before (earlier chunks, earlier lists): the
    // unique index skips it, and a row it skipped is reported.
    const inChunk = new Map<string, number>();
    const rows: repo.LineRow[] = [];
    for (const l of chunk) {
      const key = `${l.cccd}|${l.benefit}`;
      const earlier = inChunk.get(key);
      if (earlier !== undefined) {
        problem(duplicate(l, earlier));
        continue;
      }
      inChunk.set(key, l.row);
      rows.push({
        id: `pl_${p.period_id}_${p.sha256.slice(0, 16)}_${l.row}`,
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
    const inserted = await repo.insertNewLines(db, rows);
    if (inserted.size !== rows.length)
      for (const r of rows)
        if (!inserted.has(r.id))
          problem(
            duplicate(
              chunk.find((l) => BigInt(l.row) === r.row)!,
              0,
            ),
          );
    chunk = [];
  };
  const progress = buildProgress.get(p.sha256);
  for await (const { row, cells } of readAnyListRows(attachments.open(p.sha256))) {
    if (progress !== undefined && (count & 0x3fff) === 0) progress(count);
    const checked = checkRow(row, cells, { periodStart: p.period_start, year: p.year });
    if (Array.isArray(checked)) {
      checked.forEach(problem);
      continue;
    }
    count++;
    total += checked.amount;
    chunk.push(checked);
    if (chunk.length >= CHUNK) await flush();
  }
  await flush();
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
      message: `the lines add up to ${total} đ, not the ${p.declared_total} declared`,
      message_vi: `tổng tiền các dòng là ${total} đ, khác tổng khai báo ${p.declared_total} đ`,
    });
  if (problemCount > 0) throw new ListRejected(problems, problemCount);
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
