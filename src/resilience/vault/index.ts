export { createDirectoryStore, type ObjectStore, type StoredObject } from './object-store.ts';
export { checkLogChain, type EntryKind, type LogEntry } from './vault-log.ts';
export { MAX_VAULT_TOKEN_DAYS, type TokenKind, type TokenRecord } from './vault-tokens.ts';
export {
  checkpointSchema,
  initVaultDir,
  openVault,
  witnessMessage,
  type CellAck,
  type EntryRequest,
  type Vault,
  type VaultConfig,
  type VaultDeps,
  type Witness,
} from './vault.service.ts';
export { buildVaultServer } from './vault.server.ts';
