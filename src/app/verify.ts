// Verifying every open cell: chain, head, checkpoints, replay digest, canaries and invariants.
import type { KeyObject } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { Config } from '../config.ts';
import {
  createConsumer,
  keyIdOf,
  readSignerPublicKey,
  verifyCell,
  type CellVerifyReport,
  type JournalTables,
  type VerifyFailure,
} from '../journal/index.ts';
import { ACCOUNT_CODES, findAccountsOf, type FinanceTables } from '../cells/finance/index.ts';
import { heldValueByOffice } from '../cells/retail/index.ts';
import { formatVnd } from '../platform/money.ts';
import type { Clock } from '../platform/clock.ts';
import { readSecretBoxKey } from '../platform/secret-box.ts';
import { canaryKeyOf, canaryRows, canariesPlanted } from '../resilience/detection/index.ts';
import type { Kysely, Storage } from '../storage/index.ts';
import type { OpenCell, VerifyOptions } from './platform.ts';

export interface VerifyDeps {
  config: Config;
  storage: Storage;
  clock: Clock;
  cells: ReadonlyArray<OpenCell<JournalTables>>;
  /** The platform's signer, when it holds the checkpoint key; its public half is trusted. */
  signer: { publicKey: KeyObject } | undefined;
}

/** Platform.verify: see there. */
export async function verifyPlatform(deps: VerifyDeps, options: VerifyOptions): Promise<CellVerifyReport[]> {
  const { config, storage, clock, cells, signer } = deps;
  const own = signer?.publicKey ?? readSignerPublicKey(config.checkpointKeyFile);
  const trusted = options.keys ?? (own === undefined ? [] : [own]);
  const keys = new Map(trusted.map((k) => [keyIdOf(k), k]));
  const reports: CellVerifyReport[] = [];
  // The canaries' values are derived from the sealing key; without it (a copy checked elsewhere) only
  // their names are checked. Verify never creates the key.
  const sealing = readSecretBoxKey(config.secretKeyFile);
  const canaryKey = sealing === undefined ? undefined : canaryKeyOf(sealing);
  const sourceHash = async (source: string, seq: bigint) => {
    const journal = cells.find((x) => x.definition.name === source)?.journal;
    if (journal === undefined) return undefined;
    if (seq === 0n) return ''; // the start of a journal that is there
    const [event] = await journal.readAfter(seq - 1n, 1);
    return event?.seq === seq ? event.hash : undefined;
  };
  for (const c of cells) {
    const name = c.definition.name;
    if (options.only !== undefined && name !== options.only) continue;
    const since =
      options.since === undefined ? undefined : 'at' in options.since ? options.since : options.since[name];
    reports.push(
      await verifyCell({
        cell: c.definition,
        db: c.database.db,
        storage,
        clock,
        keys,
        sourceHash,
        canaries: { rows: canaryRows(name, canaryKey), planted: canariesPlanted(config.dataDir) },
        ...(since === undefined ? {} : { since: since as number | { at: string } }),
        parallel: { storage: config.storage, workers: availableParallelism() },
      }),
    );
  }
  const finance = reports.find((r) => r.cell === 'finance');
  if (finance !== undefined) {
    const found = await goodsInLedger(cells, clock);
    finance.failures.push(...found);
    if (found.length > 0) finance.ok = false;
  }
  return reports;
}

/**
 * Across the retail and finance cells: once finance has applied every retail event (its position is the retail
 * head, before and after reading both), each office's inventory account holds what the retail cell values its
 * shelves and picked goods at, and its goods in transit what it has sent and not yet seen received. Not checked
 * while finance lags (each cell's own replay and invariants still are).
 */
async function goodsInLedger(cells: VerifyDeps['cells'], clock: Clock): Promise<VerifyFailure[]> {
  const retail = cells.find((c) => c.definition.name === 'retail');
  const finance = cells.find((c) => c.definition.name === 'finance');
  if (retail === undefined || finance === undefined) return [];
  const head = (await retail.journal.head()).seq;
  // Only its position is read: this consumer applies nothing.
  const follower = createConsumer({
    source: retail.journal,
    target: finance.journal,
    clock,
    handle: () => Promise.reject(new Error('verify applies nothing')),
  });
  if ((await follower.position()) !== head) return [];
  const held = await heldValueByOffice(retail.database.db);
  const financeDb = finance.database.db as unknown as Kysely<FinanceTables>;
  const ledger = new Map<string, bigint>();
  for (const code of [ACCOUNT_CODES.inventory, ACCOUNT_CODES.goods_in_transit])
    for (const a of await findAccountsOf(financeDb, { code: BigInt(code), holderId: null }))
      ledger.set(`${a.office_id}:${code}`, BigInt(a.debits_posted) - BigInt(a.credits_posted));
  if ((await retail.journal.head()).seq !== head || (await follower.position()) !== head) return [];
  const out: VerifyFailure[] = [];
  const compare = (office: string, code: number, what: string, want: bigint) => {
    const got = ledger.get(`${office}:${code}`) ?? 0n;
    ledger.delete(`${office}:${code}`);
    if (got !== want)
      out.push({
        check: 'invariant',
        seq: head.toString(),
        message: `office ${office}'s ${what} account (${code}) holds ${formatVnd(got)} but the retail cell values its goods there at ${formatVnd(want)}`,
      });
  };
  for (const o of held) {
    compare(o.office_id, ACCOUNT_CODES.inventory, 'inventory', o.shelf);
    compare(o.office_id, ACCOUNT_CODES.goods_in_transit, 'goods in transit', o.transit);
  }
  for (const [key, got] of ledger)
    if (got !== 0n)
      out.push({
        check: 'invariant',
        seq: head.toString(),
        message: `account ${key} holds ${formatVnd(got)} of goods at an office where the retail cell holds none`,
      });
  return out;
}
