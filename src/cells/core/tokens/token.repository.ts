import type { Kysely } from 'kysely';
import type { CoreTables } from '../core-tables.ts';

type Db = Kysely<CoreTables>;
export type TokenRow = CoreTables['api_token'];

/** Stores a newly issued token by the hash of its secret. */
export async function insertToken(db: Db, row: TokenRow): Promise<void> {
  await db.insertInto('api_token').values(row).execute();
}

/** Marks a token revoked. */
export async function revokeToken(db: Db, id: string, at: string, reason: string): Promise<void> {
  await db
    .updateTable('api_token')
    .set({ revoked_at: at, revoked_reason: reason })
    .where('id', '=', id)
    .execute();
}

/** A token by id. */
export async function findToken(db: Db, id: string): Promise<TokenRow | undefined> {
  return db.selectFrom('api_token').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A token by the hash of its secret. */
export async function findBySecretHash(db: Db, secretHash: string): Promise<TokenRow | undefined> {
  return db.selectFrom('api_token').selectAll().where('secret_hash', '=', secretHash).executeTakeFirst();
}

/** The tokens of one holder, newest first. */
export async function findTokensOf(db: Db, staffId: string): Promise<TokenRow[]> {
  return db
    .selectFrom('api_token')
    .selectAll()
    .where('staff_id', '=', staffId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}
