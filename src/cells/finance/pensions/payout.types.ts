// The pension payouts' public shapes: a receipt, a home round, a list's funding, who takes the money, and
// what the payouts module does and is given.
import type { Journal, RequestKey, RequestKeys } from '../../../journal/index.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Kysely } from '../../../storage/index.ts';
import type { FinanceTables } from '../finance-tables.ts';
import type { Ledger } from '../ledger/index.ts';
import type { StopReason } from './payout.events.ts';
import type { Reconciliation } from './reconciliation.ts';
import type { Directory, PensionLine } from './pension.service.ts';

/** People this old may be paid at home whatever their list says. */
export const HOME_AGE = 80;

export interface Receipt {
  id: string;
  line_id: string;
  period_id: string;
  months: string[];
  full_name: string;
  cccd: string;
  benefit: string;
  amount: bigint;
  amount_words: string;
  place: 'bank' | 'point' | 'counter' | 'home';
  office_id: string;
  session_id: string | null;
  clerk_id: string | null;
  recipient: 'self' | 'proxy';
  recipient_name: string;
  recipient_cccd: string | null;
  evidence: string | null;
  transfer_id: string;
  paid_at: string;
  seq: bigint;
}

export interface Round {
  id: string;
  period_id: string;
  office_id: string;
  postman_id: string;
  postman_name: string;
  day: string;
  status: 'open' | 'closed';
  line_count: number;
  advance: bigint;
  paid: bigint;
  paid_count: number;
  returned: bigint | null;
  opened_by: string;
  opened_at: string;
  closed_by: string | null;
  closed_at: string | null;
}

export interface Funding {
  period_id: string;
  sha256: string;
  reference: string;
  province_office_id: string;
  total: bigint;
  allocations: Array<{ postcode: string; office_id: string; line_count: number; amount: bigint }>;
}

/** Who takes the money: the person (their CCCD checked against the list) or their registered proxy. */
export interface Identity {
  recipient: 'self' | 'proxy';
  /** The CCCD the person presents: the pensioner's, or the proxy's. */
  cccd: string;
}

export interface Payouts {
  /** The agency's money for an accepted list arrives; it is split between the offices that pay it. */
  fund(
    input: { period_id: string; sha256: string; reference: string },
    directory: Directory,
    actor: string,
  ): Promise<Funding>;
  /** Pays every funded bank-account line of the period (from the schedule's bank day). */
  payBankTransfers(periodId: string, actor: string): Promise<{ line_count: number; amount: bigint }>;
  /**
   * Pays one line in cash from the clerk's open till, at the counter or at a commune point, in one
   * transaction: the ledger moves the money, the line is paid, the receipt is made. A line is paid once;
   * the same request again (same till, same person, or the same key) is answered with the first receipt.
   */
  pay(
    input: {
      line_id: string;
      session_id: string;
      place: 'counter' | 'point';
      /** The province of the till's office: a period is paid only in its province. */
      office_province: string | null;
    } & Identity,
    actor: string,
    request?: RequestKey,
  ): Promise<Receipt>;
  /** A home round: the lines (at the office, aged 80+ or on the home channel) and their cash to the postman. */
  openRound(
    input: {
      period_id: string;
      office_id: string;
      postman_id: string;
      postman_name: string;
      line_ids: readonly string[];
    },
    actor: string,
    request?: RequestKey,
  ): Promise<Round>;
  /** The postman pays at home, with the recipient's signature or photo reference. */
  payAtHome(
    input: { round_id: string; line_id: string; evidence: string } & Identity,
    actor: string,
    request?: RequestKey,
  ): Promise<Receipt>;
  /** The postman brings back the unpaid cash, counted by a second person; the unpaid lines wait at the office. */
  closeRound(
    roundId: string,
    input: { returned: bigint | string },
    actor: string,
    request?: RequestKey,
  ): Promise<Round>;
  /** The agency stops a person's payments: lines not yet paid are suspended, paid ones open a recovery. */
  stop(
    input: {
      period_id: string;
      cccd: string;
      benefit?: string;
      reason: StopReason;
      reference: string;
      effective_date: string;
    },
    actor: string,
  ): Promise<Array<{ line_id: string; outcome: 'suspended' | 'recovery' }>>;
  /** Closes the period: unpaid lines and their money go back to the agency. */
  closePeriod(periodId: string, actor: string): Promise<{ returned_count: number; returned_amount: bigint }>;
  receipt(id: string): Promise<Receipt>;
  receiptOfLine(lineId: string): Promise<Receipt>;
  round(id: string): Promise<Round>;
  /** A round's lines, in list order. */
  roundLines(id: string): Promise<PensionLine[]>;
  /** Counts and sums per office, channel and state, checked against the envelope, the receipts and the ledger. */
  reconciliation(periodId: string): Promise<Reconciliation>;
  rounds(q: { periodId?: string; officeId?: string; status?: string }): Promise<Round[]>;
}

export interface PayoutsDeps {
  db: Kysely<FinanceTables>;
  journal: Journal<FinanceTables>;
  clock: Clock;
  ledger: Pick<Ledger, 'createTransfersIn' | 'openAccountsIn'>;
  requests: RequestKeys<FinanceTables>;
}
