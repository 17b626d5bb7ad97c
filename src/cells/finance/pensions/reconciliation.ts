import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { Kysely } from '../../../storage/index.ts';
import { formatVnd } from '../../../platform/money.ts';
import { renderPdf, table } from '../../../platform/pdf.ts';
import type { FinanceTables } from '../finance-tables.ts';
import { findTransfers } from '../ledger/index.ts';
import { OUTSTANDING } from './payout.events.ts';
import * as repo from './payout.repository.ts';
import * as listRepo from './pension.repository.ts';

export interface ReconciliationRow {
  office_postcode: string;
  channel: string;
  state: string;
  /** Why a returned line went back (not_collected, not_funded, death, emigration, suspension); else ''. */
  reason: string;
  count: number;
  amount: bigint;
}

/** A period's lines by office, channel and state, and whether they balance to what the agency declared. */
export interface Reconciliation {
  period_id: string;
  province_code: string;
  months: string[];
  status: 'open' | 'closed';
  /** What the agency's lists declared, together. */
  envelope: { lists: number; count: number; total: bigint };
  rows: ReconciliationRow[];
  by_state: Array<{ state: string; count: number; amount: bigint }>;
  lines_count: number;
  lines_total: bigint;
  /** What the receipts of the period add up to: must be the paid (and recovery) lines' sum. */
  paid_in_receipts: bigint;
  balanced: boolean;
  /** Each check that does not hold, in words; empty when balanced. */
  problems: string[];
}

const STATE_VI: Record<string, string> = {
  listed: 'Chưa có kinh phí',
  funded: 'Chờ chuyển khoản',
  at_point: 'Chờ chi tại điểm',
  at_office: 'Chờ chi tại bưu cục',
  on_round: 'Bưu tá đang chi',
  paid: 'Đã chi trả',
  returned: 'Hoàn trả BHXH',
  suspended: 'Tạm dừng',
  recovery: 'Thu hồi',
};
const REASON_VI: Record<string, string> = {
  '': '',
  not_collected: 'Không đến nhận',
  not_funded: 'Chưa nhận kinh phí',
  death: 'Từ trần',
  emigration: 'Xuất cảnh',
  suspension: 'Tạm dừng hưởng',
};

/** Builds a period's reconciliation from its lines, lists and receipts. */
export async function reconcile(db: Kysely<FinanceTables>, periodId: string, period: listRepo.PeriodRow) {
  const lists = await listRepo.findLists(db, periodId);
  const envelope = {
    lists: lists.length,
    count: lists.reduce((n, l) => n + Number(l.line_count), 0),
    total: lists.reduce((t, l) => t + BigInt(l.total), 0n),
  };
  const rows: ReconciliationRow[] = (await repo.reconciliationRows(db, periodId)).map((r) => ({
    office_postcode: r.office_postcode,
    channel: r.channel,
    state: r.status,
    reason: r.reason,
    count: Number(r.n),
    amount: BigInt(r.amount),
  }));
  const states = new Map<string, { count: number; amount: bigint }>();
  for (const r of rows) {
    const s = states.get(r.state) ?? { count: 0, amount: 0n };
    states.set(r.state, { count: s.count + r.count, amount: s.amount + r.amount });
  }
  const by_state = [...states].map(([state, v]) => ({ state, ...v }));
  const lines_count = rows.reduce((n, r) => n + r.count, 0);
  const lines_total = rows.reduce((t, r) => t + r.amount, 0n);
  const paid = (states.get('paid')?.amount ?? 0n) + (states.get('recovery')?.amount ?? 0n);
  const receipts = await repo.sumPayouts(db, periodId);
  const paid_in_receipts = BigInt(receipts?.amount ?? 0);
  const problems: string[] = [];
  if (lines_count !== envelope.count)
    problems.push(`the lines number ${lines_count}, the lists declared ${envelope.count}`);
  if (lines_total !== envelope.total)
    problems.push(`the lines add up to ${lines_total}, the lists declared ${envelope.total}`);
  if (paid !== paid_in_receipts)
    problems.push(`paid lines add up to ${paid} but their receipts to ${paid_in_receipts}`);
  if (period.status === 'closed') {
    const left = by_state.filter((s) => s.state === 'listed' || OUTSTANDING.includes(s.state as never));
    if (left.length > 0)
      problems.push(`the period is closed but ${left.map((s) => `${s.count} ${s.state}`).join(', ')} remain`);
    // What went back to the agency through the ledger is exactly the funded lines returned.
    const [refund] = await findTransfers(db, [`pc:${periodId}:refund`]);
    const returnedFunded = rows
      .filter((r) => r.state === 'returned' && r.reason !== 'not_funded')
      .reduce((t, r) => t + r.amount, 0n);
    if (BigInt(refund?.amount ?? 0) !== returnedFunded)
      problems.push(
        `the refund to the agency is ${refund?.amount ?? 0} but returned funded lines add up to ${returnedFunded}`,
      );
  }
  const r: Reconciliation = {
    period_id: periodId,
    province_code: period.province_code,
    months: JSON.parse(period.months) as string[],
    status: period.status as Reconciliation['status'],
    envelope,
    rows,
    by_state,
    lines_count,
    lines_total,
    paid_in_receipts,
    balanced: problems.length === 0,
    problems,
  };
  return r;
}

const COLUMNS = ['Mã bưu cục', 'Kênh', 'Trạng thái', 'Lý do hoàn trả', 'Số dòng', 'Số tiền (đồng)'];
const rowCells = (r: ReconciliationRow) => [
  r.office_postcode,
  r.channel,
  STATE_VI[r.state] ?? r.state,
  REASON_VI[r.reason] ?? r.reason,
];

/** The reconciliation as CSV (UTF-8 with a BOM): one row per office, channel, state and reason, then the totals. */
export function reconciliationCsv(r: Reconciliation): Promise<string> {
  const rows = r.rows.map((x) => [...rowCells(x), String(x.count), String(x.amount)]);
  for (const s of r.by_state)
    rows.push(['Tổng', '', STATE_VI[s.state] ?? s.state, '', String(s.count), String(s.amount)]);
  rows.push(['Tổng cộng', '', '', '', String(r.lines_count), String(r.lines_total)]);
  rows.push(['Khai báo của BHXH', '', '', '', String(r.envelope.count), String(r.envelope.total)]);
  rows.push(['Khớp', '', r.balanced ? 'Có' : `Không: ${r.problems.join('; ')}`, '', '', '']);
  return Promise.resolve(`\uFEFF${stringify(rows, { header: true, columns: COLUMNS })}`);
}

/** The reconciliation as an XLSX workbook: the detail sheet, and a summary sheet against the envelope. */
export async function reconciliationXlsx(r: Reconciliation, at: Date): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'postcore';
  wb.created = at;
  wb.modified = at;
  const detail = wb.addWorksheet('Chi tiết');
  detail.columns = COLUMNS.map((header, i) => ({ header, width: i === 5 ? 20 : 18 }));
  // Amounts go in as numbers only while a spreadsheet can hold them exactly (below 2^53); else as text.
  const cellAmount = (v: bigint) => (v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString());
  for (const x of r.rows) detail.addRow([...rowCells(x), x.count, cellAmount(x.amount)]);
  detail.getRow(1).font = { bold: true };
  detail.getColumn(6).numFmt = '#,##0';
  const summary = wb.addWorksheet('Tổng hợp');
  summary.columns = [
    { header: 'Mục', width: 30 },
    { header: 'Số dòng', width: 12 },
    { header: 'Số tiền (đồng)', width: 22 },
  ];
  summary.addRow([`Kỳ ${r.period_id}`, null, null]);
  for (const s of r.by_state) summary.addRow([STATE_VI[s.state] ?? s.state, s.count, cellAmount(s.amount)]);
  summary.addRow(['Tổng cộng', r.lines_count, cellAmount(r.lines_total)]);
  summary.addRow(['Khai báo của BHXH', r.envelope.count, cellAmount(r.envelope.total)]);
  summary.addRow(['Khớp', r.balanced ? 'Có' : 'Không', r.problems.join('; ')]);
  summary.getRow(1).font = { bold: true };
  summary.getColumn(3).numFmt = '#,##0';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The reconciliation to sign: totals by state against the envelope, then the detail. */
export function reconciliationPdf(r: Reconciliation, at: Date): Promise<Buffer> {
  return renderPdf({ title: `Đối soát chi trả ${r.period_id}`, at }, (doc) => {
    doc.font('bold').fontSize(14).text('BẢNG ĐỐI SOÁT CHI TRẢ LƯƠNG HƯU, TRỢ CẤP BHXH');
    const months = r.months.map((m) => `${m.slice(5)}/${m.slice(0, 4)}`).join(', ');
    doc
      .font('regular')
      .fontSize(10)
      .text(
        `Tỉnh ${r.province_code} — tháng ${months} — kỳ ${r.status === 'closed' ? 'đã đóng' : 'đang chi trả'}`,
      );
    doc.text('Đơn vị tính: đồng').moveDown(0.5);
    table(
      doc,
      [
        { title: 'Mục', width: 250 },
        { title: 'Số dòng', width: 100, align: 'right' },
        { title: 'Số tiền', width: 150, align: 'right' },
      ],
      [
        ...r.by_state.map((s) => [STATE_VI[s.state] ?? s.state, String(s.count), formatVnd(s.amount)]),
        ['Tổng cộng', String(r.lines_count), formatVnd(r.lines_total)],
        ['Khai báo của BHXH', String(r.envelope.count), formatVnd(r.envelope.total)],
      ],
      { fontSize: 9 },
    );
    doc
      .moveDown(0.5)
      .font('bold')
      .fontSize(10)
      .text(r.balanced ? 'Khớp đến từng đồng.' : `KHÔNG KHỚP: ${r.problems.join('; ')}`)
      .moveDown(0.5);
    table(
      doc,
      [
        { title: 'Bưu cục', width: 60 },
        { title: 'Kênh', width: 70 },
        { title: 'Trạng thái', width: 120 },
        { title: 'Lý do', width: 110 },
        { title: 'Số dòng', width: 60, align: 'right' },
        { title: 'Số tiền', width: 95, align: 'right' },
      ],
      r.rows.map((x) => [...rowCells(x), String(x.count), formatVnd(x.amount)]),
    );
  });
}
