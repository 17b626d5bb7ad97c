import type { Kysely } from 'kysely';

// Frozen: items another cell sends through delivery. The owning cell and its key for the item (the same key
// twice is the same item, whichever of the cell's retries comes first), and who alone may receive it: the
// HMACs of the citizens' CCCDs with each one's last day, as JSON; null when anyone at the address may.
export async function up(db: Kysely<any>): Promise<void> {
  for (const c of ['owner', 'owner_key', 'restricted_to'])
    await db.schema.alterTable('delivery_item').addColumn(c, 'text').execute();
  // NULLs are distinct in both dialects: items no cell owns never collide.
  await db.schema
    .createIndex('delivery_item_owner_key')
    .on('delivery_item')
    .columns(['owner', 'owner_key'])
    .unique()
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('delivery_item_owner_key').execute();
  for (const c of ['restricted_to', 'owner_key', 'owner'])
    await db.schema.alterTable('delivery_item').dropColumn(c).execute();
}
