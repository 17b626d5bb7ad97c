export { GENESIS_HASH, hashEvent, hashInput } from './chain.ts';
export { createConsumer, type Consumer, type ConsumerDeps } from './consumer.ts';
export {
  digestTables,
  firstDifference,
  type CellDigest,
  type RowDifference,
  type TableDigest,
} from './digest.ts';
export { JournalError, type JournalErrorCode } from './journal-error.ts';
export {
  defineEvent,
  type CellDefinition,
  type EventDraft,
  type EventType,
  type JournalEvent,
  type JournalTables,
  type ProjectionTable,
} from './journal-event.ts';
export { countEventsOfType, createJournal, type Journal, type JournalDeps } from './journal.ts';
export {
  consistencyProof,
  EMPTY_ROOT,
  foldNodes,
  inclusionProof,
  leafHash,
  nodeHash,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
  type Hash,
} from './merkle.ts';
export { createEventTree, eventLeaf, type EventTree } from './tree.ts';
export { replayCell, type ReplayDeps, type ReplayResult } from './replay.ts';
export {
  verifyCell,
  verifyChain,
  type CellVerifyReport,
  type VerifyCheck,
  type VerifyFailure,
} from './verify.ts';
export { migration as journalMigrations } from './migrations/index.ts';
