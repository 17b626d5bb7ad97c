// The tills' public shapes: a session, a cash move, a count, what the tills do and are given.
import type { Kysely } from '../../../storage/index.ts';
import type { Journal, RequestKey, RequestKeys } from '../../../journal/index.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { FinanceTables } from '../finance-tables.ts';
import type { Ledger } from '../ledger/index.ts';

/** A variance above this at a till's close needs the office manager's approval. */
export const VARIANCE_APPROVAL_THRESHOLD = 50_000n;

export interface TillSession {
  id: string;
  office_id: string;
  clerk_id: string;
  day: string;
  status: 'opening' | 'open' | 'closing' | 'closed';
  float_amount: bigint;
  float_denominations: Record<string, number>;
  opened_at: string;
  counted_amount: bigint | null;
  counted_denominations: Record<string, number> | null;
  expected_amount: bigint | null;
  variance: bigint | null;
  variance_reason: string | null;
  closed_by: string | null;
  closed_at: string | null;
  /** The till account's cash now (posted debits less posted credits). */
  cash: bigint;
}

export interface TillMovement {
  id: string;
  session_id: string;
  direction: 'to_till' | 'to_vault';
  amount: bigint;
  denominations: Record<string, number>;
  maker_id: string;
  transfer_id: string;
  status: 'pending' | 'confirmed' | 'rejected';
  checker_id: string | null;
  reason: string | null;
  created_at: string;
  decided_at: string | null;
}

export interface CountInput {
  amount: string | bigint | number;
  denominations: Record<string, number>;
}

export interface Tills {
  /** Opens a clerk's till with a counted float, moved from the vault once a second person confirms it. */
  open(
    input: { office_id: string; clerk_id: string; clerk_name: string } & CountInput,
    actor: string,
    request?: RequestKey,
  ): Promise<{ session: TillSession; movement: TillMovement }>;
  /** The till's clerk asks to move cash between vault and till; it moves when a second person confirms. */
  requestMove(
    sessionId: string,
    input: { direction: 'to_till' | 'to_vault' } & CountInput,
    actor: string,
    request?: RequestKey,
  ): Promise<TillMovement>;
  /** A second person (not the maker) confirms or rejects a move. */
  decideMove(
    movementId: string,
    decision: { confirm: boolean; reason?: string | null },
    checker: string,
    request?: RequestKey,
  ): Promise<TillMovement>;
  /** The clerk's cash-up by denominations; the variance against the till's balance needs a reason. */
  requestClose(
    sessionId: string,
    input: CountInput & { reason?: string | null },
    actor: string,
    request?: RequestKey,
  ): Promise<TillSession>;
  /**
   * A second person takes the counted cash back into the vault and posts the variance to over/short; a
   * variance above the threshold needs that person to be the office manager (`manager`).
   */
  confirmClose(
    sessionId: string,
    checker: { id: string; manager: boolean },
    request?: RequestKey,
  ): Promise<TillSession>;
  get(sessionId: string): Promise<TillSession>;
  /** The clerk's own open session, or till_not_found / not_your_till / till_not_open. */
  ownOpen(sessionId: string, clerk: string): Promise<TillSession>;
  /** The session a cash move belongs to. */
  sessionOfMovement(movementId: string): Promise<TillSession>;
  movements(sessionId: string): Promise<TillMovement[]>;
  list(q: { officeId?: string; day?: string; status?: string }): Promise<TillSession[]>;
}

export interface TillsDeps {
  db: Kysely<FinanceTables>;
  journal: Journal<FinanceTables>;
  clock: Clock;
  ledger: Pick<Ledger, 'createTransfersIn' | 'openAccountsIn'>;
  /** Every till command takes a client's idempotency key: a retry gets the first answer. */
  requests: RequestKeys<FinanceTables>;
}
