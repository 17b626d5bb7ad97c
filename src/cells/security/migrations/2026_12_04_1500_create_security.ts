import type { Kysely } from 'kysely';

// Frozen: incident modes per cell, two-person requests, and detection's alerts.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('cell_mode')
    .addColumn('cell', 'text', (c) => c.primaryKey())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .addColumn('changed_by', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text')
    .addColumn('alert_id', 'text')
    .addColumn('updated_seq', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('incident_request')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('cell', 'text')
    .addColumn('mode', 'text')
    .addColumn('target', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_reason', 'text')
    .addColumn('updated_seq', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('incident_request_status')
    .on('incident_request')
    .columns(['status', 'id'])
    .execute();
  await db.schema
    .createTable('security_alert')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('signal', 'text', (c) => c.notNull())
    .addColumn('cell', 'text')
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('raised_at', 'text', (c) => c.notNull())
    .addColumn('acknowledged_by', 'text')
    .addColumn('acknowledged_at', 'text')
    .addColumn('acknowledge_note', 'text')
    .addColumn('raised_seq', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('security_alert_raised').on('security_alert').column('raised_seq').execute();
  await db.schema
    .createIndex('security_alert_open')
    .on('security_alert')
    .columns(['signal', 'dedupe_key', 'acknowledged_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('security_alert').execute();
  await db.schema.dropTable('incident_request').execute();
  await db.schema.dropTable('cell_mode').execute();
}
