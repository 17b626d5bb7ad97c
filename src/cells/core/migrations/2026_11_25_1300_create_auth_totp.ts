import type { Kysely } from 'kysely';

// Frozen: second-factor (TOTP) enrolments, their seed sealed by the server's secret box, and the last
// time step used, so that one code cannot sign in twice.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('auth_totp')
    .addColumn('staff_id', 'text', (c) => c.primaryKey())
    .addColumn('sealed_secret', 'text', (c) => c.notNull())
    .addColumn('enrolled_at', 'text', (c) => c.notNull())
    .addColumn('last_step', 'bigint')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('auth_totp').execute();
}
