export {
  ACCOUNT_FLAGS,
  ledgerEvents,
  TRANSFER_FLAGS,
  type AccountFlag,
  type TransferFlag,
} from './ledger.events.ts';
export {
  createLedger,
  toAccount,
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
export {
  balanceBefore,
  crossOfficeTransfers,
  findAccount,
  findAccountsOf,
  findOverdrawn,
  pendingHeld,
  totals,
} from './ledger.repository.ts';
