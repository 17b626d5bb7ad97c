export {
  ACCOUNT_FLAGS,
  ledgerEvents,
  TRANSFER_FLAGS,
  type AccountFlag,
  type SystemTransferRefusal,
  type TransferFlag,
} from './ledger.events.ts';
export { createLedger } from './ledger.service.ts';
export { toAccount } from './ledger.checks.ts';
export {
  isConflict,
  isPermanentRefusal,
  isSuccess,
  MAX_ACCOUNT_TOTAL,
  MAX_MANUAL_ACCOUNT_TOTAL,
  MAX_AMOUNT,
  MAX_TIMEOUT_SECONDS,
  TRANSFER_RESULTS,
  type Account,
  type Ledger,
  type LedgerAlarm,
  type LedgerDeps,
  type OpenAccountInput,
  type Transfer,
  type TransferInput,
  type TransferOptions,
  type TransferResult,
  type TransferResultCode,
} from './ledger.types.ts';
export {
  balanceBefore,
  crossOfficeTransfers,
  findAccount,
  findAccountsOf,
  findForeignSystemTransfers,
  findOverdrawn,
  findPostedByCode,
  findRefusals,
  findTransfers,
  pendingHeld,
  totals,
  wasRefused,
} from './ledger.repository.ts';
export { postOrRecordRefusal } from './post-transfers.ts';
export { postTransfers } from './post-transfers.ts';
export { ledgerRoutes, type LedgerRouteDeps } from './ledger.routes.ts';
