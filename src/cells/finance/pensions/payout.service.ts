// The pension payouts: a period's money (funding, bank run, stops, close), lines paid at counters, points
// and homes, their receipts. Each job lives in its own file; this one assembles them.
import { counterJobs } from './payout.counter.ts';
import { createPayoutContext } from './payout.context.ts';
import { periodJobs } from './payout.period.ts';
import { receiptJobs } from './payout.receipts.ts';
import { roundJobs } from './payout.rounds.ts';
import type { Payouts, PayoutsDeps } from './payout.types.ts';

export { pensionInvariants } from './payout.invariants.ts';
export {
  HOME_AGE,
  type Funding,
  type Identity,
  type Payouts,
  type PayoutsDeps,
  type Receipt,
  type Round,
} from './payout.types.ts';

/** The payouts module over the finance cell's database, journal, clock, ledger and request keys. */
export function createPayouts(deps: PayoutsDeps): Payouts {
  const ctx = createPayoutContext(deps);
  return {
    ...periodJobs(deps, ctx),
    ...counterJobs(deps, ctx),
    ...roundJobs(deps, ctx),
    ...receiptJobs(deps, ctx),
  };
}
