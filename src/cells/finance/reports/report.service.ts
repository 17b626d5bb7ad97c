import type { Kysely } from '../../../storage/index.ts';
import { stringify } from 'csv-stringify/sync';
import { isRealDay, vietnamDayBounds } from '../../../platform/clock.ts';
import { formatVnd } from '../../../platform/money.ts';
import { renderPdf, table } from '../../../platform/pdf.ts';
import { ACCOUNT_CODES, accountId } from '../chart/index.ts';
import { FinanceError } from '../finance-error.ts';
import type { FinanceTables } from '../finance-tables.ts';
import { balanceBefore, crossOfficeTransfers, type Ledger } from '../ledger/index.ts';
import { type TillMovement, type Tills, type TillSession } from '../tills/index.ts';

export interface TrialBalanceLine {
  account_id: string;
  code: number;
  name: string;
  /** Net at the start of the day: posted debits less posted credits (negative for a credit balance). */
  opening: bigint;
  debits: bigint;
  credits: bigint;
  closing: bigint;
  /** The closing net as the column it belongs in. */
  debit_balance: bigint;
  credit_balance: bigint;
}

export interface TrialBalance {
  office_id: string;
  day: string;
  lines: TrialBalanceLine[];
  total_debits: bigint;
  total_credits: bigint;
  total_debit_balance: bigint;
  total_credit_balance: bigint;
  balanced: boolean;
  /** When not balanced, where not: the day's transfers with one side outside the office. */
  unbalanced_by: Array<{
    transfer_id: string;
    debit_account_id: string;
    credit_account_id: string;
    amount: bigint;
  }>;
}

export interface CashPosition {
  office_id: string;
  at: string;
  vault: bigint;
  tills: Array<{
    account_id: string;
    holder_id: string | null;
    name: string;
    cash: bigint;
    held_for_moves: bigint;
  }>;
  in_transit: bigint;
  total: bigint;
}

/** What a till took in and paid out during its session, by kind of transfer. */
export interface TillTaking {
  kind: 'vault' | 'pension' | 'fee' | 'cod' | 'sale' | 'other';
  count: number;
  cash_in: bigint;
  cash_out: bigint;
}

export interface TillReport {
  session: TillSession;
  movements: TillMovement[];
  /** The session's cash by kind, so the clerk sees today's takings without the ledger's read permission. */
  takings: TillTaking[];
}

// The platform's transfer ids say what moved the cash (SYSTEM_TRANSFER_IDS in the chart).
const TAKING_KINDS: ReadonlyArray<readonly [string, TillTaking['kind']]> = [
  ['till:', 'vault'],
  ['pp:', 'pension'],
  ['fee:', 'fee'],
  // The post's own tariff for carrying a dossier is a fee like a parcel's.
  ['dsf:', 'fee'],
  ['cod:', 'cod'],
  // The retail cell's money through the till: sales and returns, prepaid orders' deposits and their refunds.
  ['rsl:', 'sale'],
  ['rrt:', 'sale'],
  ['rod:', 'sale'],
  ['rrf:', 'sale'],
];

export interface Reports {
  /** Every account of an office on a day (Vietnam time): opening, the day's debits and credits, closing. */
  trialBalance(officeId: string, day: string): Promise<TrialBalance>;
  cashPosition(officeId: string): Promise<CashPosition>;
  tillReport(sessionId: string): Promise<TillReport>;
}

/** The UTC instants a Vietnam (UTC+7) day starts and ends; a day that does not exist is refused by its field. */
export function dayBounds(day: string): { from: string; to: string } {
  // A date that does not exist (2026-02-30) must be refused, not rolled over into the next month.
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || !isRealDay(day))
    throw new FinanceError(
      'invalid_day',
      `day must be a date that exists, such as 2026-11-25, got ${JSON.stringify(day)}`,
      'Ngày không hợp lệ: hãy ghi theo dạng năm-tháng-ngày, ví dụ 2026-11-25',
      { field: 'day' },
    );
  return vietnamDayBounds(day);
}

const CASH_CODES = new Set<number>([
  ACCOUNT_CODES.till_cash,
  ACCOUNT_CODES.vault_cash,
  ACCOUNT_CODES.cash_in_transit,
]);

export function createReports(deps: {
  db: Kysely<FinanceTables>;
  ledger: Pick<Ledger, 'accountsOf' | 'history'>;
  tills: Pick<Tills, 'get' | 'movements'>;
  now: () => Date;
}): Reports {
  const { db, ledger, tills } = deps;
  /** The till account's posted changes within the session (history is newest first, balances after each). */
  const takingsOf = async (session: TillSession): Promise<TillTaking[]> => {
    const account = accountId(session.office_id, 'till_cash', session.clerk_id);
    const inside: Array<{ transfer_id: string; net: bigint }> = [];
    let base = 0n;
    scan: for (let offset = 0; ; offset += 500) {
      const { items } = await ledger.history(account, { limit: 500, offset });
      for (const h of items) {
        const net = BigInt(h.debits_posted) - BigInt(h.credits_posted);
        if (h.at < session.opened_at) {
          base = net;
          break scan;
        }
        if (session.closed_at === null || h.at <= session.closed_at)
          inside.push({ transfer_id: h.transfer_id, net });
      }
      if (items.length < 500) break;
    }
    const byKind = new Map<TillTaking['kind'], TillTaking>();
    const counted = new Set<string>();
    for (let i = inside.length - 1, before = base; i >= 0; i--) {
      const { transfer_id, net } = inside[i]!;
      const change = net - before;
      before = net;
      if (change === 0n) continue;
      const kind = TAKING_KINDS.find(([start]) => transfer_id.startsWith(start))?.[1] ?? 'other';
      const t = byKind.get(kind) ?? { kind, count: 0, cash_in: 0n, cash_out: 0n };
      // A sale's price and its VAT are two transfers (rsl:<sale>:net, :vat) of one sale: counted once.
      const one = transfer_id.replace(/:(net|vat)$/, '');
      if (!counted.has(one)) t.count += 1;
      counted.add(one);
      if (change > 0n) t.cash_in += change;
      else t.cash_out -= change;
      byKind.set(kind, t);
    }
    return [...byKind.values()];
  };
  return {
    async trialBalance(officeId, day) {
      const { from, to } = dayBounds(day);
      const accounts = await ledger.accountsOf({ officeId });
      const lines: TrialBalanceLine[] = [];
      for (const a of accounts) {
        const [start, end] = await Promise.all([balanceBefore(db, a.id, from), balanceBefore(db, a.id, to)]);
        const d0 = start === undefined ? 0n : BigInt(start.debits_posted);
        const c0 = start === undefined ? 0n : BigInt(start.credits_posted);
        const d1 = end === undefined ? 0n : BigInt(end.debits_posted);
        const c1 = end === undefined ? 0n : BigInt(end.credits_posted);
        const closing = d1 - c1;
        lines.push({
          account_id: a.id,
          code: a.code,
          name: a.name,
          opening: d0 - c0,
          debits: d1 - d0,
          credits: c1 - c0,
          closing,
          debit_balance: closing > 0n ? closing : 0n,
          credit_balance: closing < 0n ? -closing : 0n,
        });
      }
      const sum = (f: (l: TrialBalanceLine) => bigint) => lines.reduce((n, l) => n + f(l), 0n);
      const total_debits = sum((l) => l.debits);
      const total_credits = sum((l) => l.credits);
      const balanced =
        total_debits === total_credits && sum((l) => l.debit_balance) === sum((l) => l.credit_balance);
      const cross = balanced ? [] : await crossOfficeTransfers(db, officeId, from, to);
      return {
        office_id: officeId,
        day,
        lines,
        total_debits,
        total_credits,
        total_debit_balance: sum((l) => l.debit_balance),
        total_credit_balance: sum((l) => l.credit_balance),
        balanced,
        unbalanced_by: cross.map((t) => ({
          transfer_id: t.id,
          debit_account_id: t.debit_account_id,
          credit_account_id: t.credit_account_id,
          amount: BigInt(t.amount),
        })),
      };
    },
    async cashPosition(officeId) {
      const accounts = (await ledger.accountsOf({ officeId })).filter((a) => CASH_CODES.has(a.code));
      const net = (a: (typeof accounts)[number]) => a.debits_posted - a.credits_posted;
      const vault = accounts
        .filter((a) => a.code === ACCOUNT_CODES.vault_cash)
        .reduce((n, a) => n + net(a), 0n);
      const tillAccounts = accounts.filter((a) => a.code === ACCOUNT_CODES.till_cash);
      const inTransit = accounts
        .filter((a) => a.code === ACCOUNT_CODES.cash_in_transit)
        .reduce((n, a) => n + net(a), 0n);
      const tillList = tillAccounts.map((a) => ({
        account_id: a.id,
        holder_id: a.holder_id,
        name: a.name,
        cash: net(a),
        held_for_moves: a.credits_pending,
      }));
      return {
        office_id: officeId,
        at: deps.now().toISOString(),
        vault,
        tills: tillList,
        in_transit: inTransit,
        total: vault + inTransit + tillList.reduce((n, t) => n + t.cash, 0n),
      };
    },
    async tillReport(sessionId) {
      const session = await tills.get(sessionId);
      return { session, movements: await tills.movements(sessionId), takings: await takingsOf(session) };
    },
  };
}

/** A text cell for CSV: one a spreadsheet would run as a formula (=, +, -, @, tab, CR) is quoted with '. */
function text(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** A trial balance as CSV (UTF-8, with a BOM so that spreadsheet programs show Vietnamese correctly). */
export function trialBalanceCsv(tb: TrialBalance): string {
  const rows = tb.lines.map((l) =>
    [l.code, text(l.name), l.opening, l.debits, l.credits, l.debit_balance, l.credit_balance].map(String),
  );
  rows.push([
    '',
    'Tổng cộng',
    '',
    String(tb.total_debits),
    String(tb.total_credits),
    String(tb.total_debit_balance),
    String(tb.total_credit_balance),
  ]);
  return `\uFEFF${stringify(rows, {
    header: true,
    columns: [
      'Mã TK',
      'Tên tài khoản',
      'Số dư đầu ngày',
      'Phát sinh Nợ',
      'Phát sinh Có',
      'Dư Nợ cuối ngày',
      'Dư Có cuối ngày',
    ],
  })}`;
}

/** A till session's moves as CSV. */
export function tillReportCsv(r: TillReport): string {
  const rows = r.movements.map((m) => [
    m.created_at,
    m.direction === 'to_till' ? 'Két → quầy' : 'Quầy → két',
    String(m.amount),
    m.maker_id,
    m.checker_id ?? '',
    m.status,
    text(m.reason ?? ''),
  ]);
  return `\uFEFF${stringify(rows, { header: true, columns: ['Thời điểm', 'Chiều', 'Số tiền', 'Người lập', 'Người kiểm soát', 'Trạng thái', 'Lý do'] })}`;
}

const vnd = (v: bigint) => (v === 0n ? '0' : formatVnd(v).replace(' ₫', ''));

/** A trial balance as an A4 PDF for the office's file: amounts in đồng, totals, and where it does not balance. */
export function trialBalancePdf(tb: TrialBalance, officeName: string, at: Date): Promise<Buffer> {
  return renderPdf({ title: `Bảng cân đối thử ${officeName} ${tb.day}`, at }, (doc) => {
    doc.font('bold').fontSize(14).text('BẢNG CÂN ĐỐI THỬ (TRIAL BALANCE)');
    doc
      .font('regular')
      .fontSize(10)
      .text(`${officeName} — ngày ${tb.day.split('-').reverse().join('/')} (giờ Việt Nam)`);
    doc.text('Đơn vị tính: đồng').moveDown(0.5);
    table(
      doc,
      [
        { title: 'Mã TK', width: 40 },
        { title: 'Tên tài khoản', width: 170 },
        { title: 'Đầu ngày', width: 62, align: 'right' },
        { title: 'Phát sinh Nợ', width: 62, align: 'right' },
        { title: 'Phát sinh Có', width: 62, align: 'right' },
        { title: 'Dư Nợ', width: 59, align: 'right' },
        { title: 'Dư Có', width: 59, align: 'right' },
      ],
      [
        ...tb.lines.map((l) => [
          String(l.code),
          l.name.split(' — ')[0]!,
          vnd(l.opening),
          vnd(l.debits),
          vnd(l.credits),
          vnd(l.debit_balance),
          vnd(l.credit_balance),
        ]),
        [
          '',
          'Tổng cộng',
          '',
          vnd(tb.total_debits),
          vnd(tb.total_credits),
          vnd(tb.total_debit_balance),
          vnd(tb.total_credit_balance),
        ],
      ],
    );
    doc.moveDown();
    doc
      .font('bold')
      .fontSize(10)
      .text(
        tb.balanced
          ? 'Cân đối: tổng Nợ bằng tổng Có.'
          : 'KHÔNG CÂN ĐỐI: các giao dịch với đơn vị khác trong ngày:',
      );
    if (!tb.balanced)
      table(
        doc,
        [
          { title: 'Giao dịch', width: 140 },
          { title: 'Tài khoản Nợ', width: 165 },
          { title: 'Tài khoản Có', width: 165 },
          { title: 'Số tiền', width: 44, align: 'right' },
        ],
        tb.unbalanced_by.map((u) => [u.transfer_id, u.debit_account_id, u.credit_account_id, vnd(u.amount)]),
      );
  });
}

/** A till session's report as an A4 PDF: float, moves with maker and checker, cash-up and variance. */
export function tillReportPdf(
  r: TillReport,
  names: { office: string; people: ReadonlyMap<string, string> },
  at: Date,
): Promise<Buffer> {
  const s = r.session;
  const who = (id: string | null) => (id === null ? '' : (names.people.get(id) ?? id));
  const STATUS: Record<string, string> = {
    opening: 'chờ nhận quỹ',
    open: 'đang mở',
    closing: 'chờ đóng',
    closed: 'đã đóng',
    pending: 'chờ kiểm soát',
    confirmed: 'đã xác nhận',
    rejected: 'từ chối',
  };
  return renderPdf({ title: `Báo cáo quầy ${s.id}`, at }, (doc) => {
    doc.font('bold').fontSize(14).text('BÁO CÁO PHIÊN QUẦY GIAO DỊCH');
    doc.font('regular').fontSize(10);
    doc.text(`${names.office} — ngày ${s.day.split('-').reverse().join('/')}`);
    doc.text(`Giao dịch viên: ${who(s.clerk_id)}    Trạng thái: ${STATUS[s.status] ?? s.status}`);
    doc.text(`Phiên: ${s.id}`);
    doc.text(`Quỹ đầu ca: ${formatVnd(s.float_amount)}`);
    doc.moveDown(0.5);
    table(
      doc,
      [
        { title: 'Thời điểm (UTC)', width: 110 },
        { title: 'Chiều', width: 70 },
        { title: 'Số tiền', width: 80, align: 'right' },
        { title: 'Người lập', width: 85 },
        { title: 'Kiểm soát', width: 85 },
        { title: 'Trạng thái', width: 85 },
      ],
      r.movements.map((m) => [
        m.created_at.slice(0, 19).replace('T', ' '),
        m.direction === 'to_till' ? 'Két → quầy' : 'Quầy → két',
        formatVnd(m.amount),
        who(m.maker_id),
        who(m.checker_id),
        STATUS[m.status] ?? m.status,
      ]),
    );
    doc.moveDown().font('regular').fontSize(10);
    if (s.counted_amount !== null) {
      doc.text(`Tiền mặt theo sổ: ${formatVnd(s.expected_amount ?? 0n)}`);
      doc.text(`Tiền mặt kiểm đếm: ${formatVnd(s.counted_amount)}`);
      doc.text(
        `Chênh lệch: ${formatVnd(s.variance ?? 0n)}${s.variance_reason === null ? '' : ` — lý do: ${s.variance_reason}`}`,
      );
      doc.text(
        `Chi tiết: ${
          Object.entries(s.counted_denominations ?? {})
            .map(([v, n]) => `${n} × ${formatVnd(BigInt(v))}`)
            .join(', ') || 'không có'
        }`,
      );
    }
    if (s.closed_by !== null) doc.text(`Đóng quầy bởi: ${who(s.closed_by)} lúc ${s.closed_at}`);
  });
}

/** The cash position as CSV. */
export function cashPositionCsv(c: CashPosition): string {
  const rows = [
    ['Két bưu cục', '', String(c.vault), ''],
    ...c.tills.map((t) => ['Quầy', text(t.name), String(t.cash), String(t.held_for_moves)]),
    ['Bưu tá đang giữ', '', String(c.in_transit), ''],
    ['Tổng cộng', '', String(c.total), ''],
  ];
  return `\uFEFF${stringify(rows, { header: true, columns: ['Nơi giữ', 'Tài khoản', 'Tiền mặt', 'Đang chờ chuyển'] })}`;
}

/** The cash position as an A4 PDF. */
export function cashPositionPdf(c: CashPosition, officeName: string, at: Date): Promise<Buffer> {
  return renderPdf({ title: `Tồn quỹ tiền mặt ${officeName}`, at }, (doc) => {
    doc.font('bold').fontSize(14).text('TỒN QUỸ TIỀN MẶT');
    doc
      .font('regular')
      .fontSize(10)
      .text(`${officeName} — lúc ${c.at.slice(0, 19).replace('T', ' ')} UTC`)
      .moveDown(0.5);
    table(
      doc,
      [
        { title: 'Nơi giữ', width: 110 },
        { title: 'Tài khoản', width: 250 },
        { title: 'Tiền mặt', width: 85, align: 'right' },
        { title: 'Đang chờ chuyển', width: 70, align: 'right' },
      ],
      [
        ['Két bưu cục', '', formatVnd(c.vault), ''],
        ...c.tills.map((t) => [
          'Quầy',
          t.name.split(' — ').slice(0, 2).join(' — '),
          formatVnd(t.cash),
          formatVnd(t.held_for_moves),
        ]),
        ['Bưu tá đang giữ', '', formatVnd(c.in_transit), ''],
        ['Tổng cộng', '', formatVnd(c.total), ''],
      ],
    );
  });
}
