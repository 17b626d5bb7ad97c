export {
  ACCOUNT_FLAGS,
  ledgerEvents,
  TRANSFER_FLAGS,
  type AccountFlag,
  type TransferFlag,
} from './ledger.events.ts';
export {
  createLedger,
  isSuccess,
  MAX_AMOUNT,
  MAX_TIMEOUT_SECONDS,
  TRANSFER_RESULTS,
  type Account,
  type Ledger,
  type LedgerDeps,
  type OpenAccountInput,
  type Transfer,
  type TransferInput,
  type TransferResult,
  type TransferResultCode,
} from './ledger.service.ts';
export { totals, findOverdrawn, pendingHeld } from './ledger.repository.ts';
