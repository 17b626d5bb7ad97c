export { GENESIS_HASH, hashEvent, hashInput } from './chain.ts';
export {
  checkpointMessage,
  importCheckpoints,
  checkSignature,
  createCheckpoints,
  DEFAULT_CADENCE,
  type Checkpoint,
  type CheckpointCadence,
  type Checkpoints,
} from './checkpoint.ts';
export { drawProof } from './proof.pdf.ts';
export {
  eventProofSchema,
  proofToQr,
  readReceiptText,
  verifyProof,
  type EventProof,
  type ProofCheck,
  type ProofResult,
} from './proof.ts';
export {
  keyIdOf,
  loadOrCreateSigner,
  newSigner,
  publish,
  readPublicKey,
  readSigner,
  readSignerPublicKey,
  type PublishedKey,
  type Signer,
} from './signing.ts';
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
export { plantCanaries, readCanaries, readHeadMark } from './journal.repository.ts';
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
  verifyJournal,
  type JournalVerifyReport,
  type CellVerifyReport,
  type VerifyCheck,
  type VerifyFailure,
} from './verify.ts';
export { migration as journalMigrations } from './migrations/index.ts';
export * as requestKeyMigration from './migrations/request-key.ts';
export {
  createRequestKeys,
  REQUEST_KEY_PATTERN,
  REQUEST_KEY_TABLE,
  requestAnswered,
  requestKey,
  type RequestKey,
  type RequestKeys,
  type RequestKeyTables,
} from './request-key.ts';
