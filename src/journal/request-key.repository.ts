import type { Kysely } from 'kysely';

export interface RequestKeyTables {
  /** One row per answered key (the projection of `<cell>.request.answered`). */
  request_key: { key: string; request: string; result: string; actor: string; at: string };
}

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
