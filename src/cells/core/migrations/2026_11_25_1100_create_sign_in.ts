import type { Kysely } from 'kysely';

// Frozen: sign-in sessions (only the SHA-256 of each session secret) and the failure count behind lockout.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('auth_session')
    .addColumn('secret_hash', 'text', (c) => c.primaryKey())
    .addColumn('staff_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .execute();
  await db.schema.createIndex('auth_session_staff').on('auth_session').column('staff_id').execute();
  await db.schema
    .createTable('auth_lockout')
    .addColumn('staff_id', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'bigint', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('auth_lockout').execute();
  await db.schema.dropTable('auth_session').execute();
}
