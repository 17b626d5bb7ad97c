import type { Kysely } from 'kysely';
import type { RequestKeyTables } from './request-key.ts';

export type RequestKeyRow = RequestKeyTables['request_key'];

/** The answer recorded under a scoped key, if any. */
export async function findRequestKey(
  db: Kysely<RequestKeyTables>,
  key: string,
): Promise<RequestKeyRow | undefined> {
  return db.selectFrom('request_key').selectAll().where('key', '=', key).executeTakeFirst();
}

export async function insertRequestKey(db: Kysely<RequestKeyTables>, row: RequestKeyRow): Promise<void> {
  await db.insertInto('request_key').values(row).execute();
}
