import type { CreateTableBuilder, Kysely } from 'kysely';

type Table = CreateTableBuilder<string, string>;
const columns = (t: Table, type: 'text' | 'bigint', names: readonly string[], nullable = false): Table =>
  names.reduce((acc, n) => acc.addColumn(n, type, (c) => (nullable ? c : c.notNull())), t);

// Frozen: the services cell. The catalogue (agencies, the procedures they take through the post, which agency
// each officer acts for), citizens' dossiers with their documents, the legs the delivery cell carries them on,
// their history, the notices sent to citizens, and the serials dossier codes are drawn from.
export async function up(db: Kysely<any>): Promise<void> {
  let agency: Table = db.schema
    .createTable('services_agency')
    .addColumn('code', 'text', (c) => c.primaryKey());
  agency = columns(agency, 'text', ['name', 'level', 'province_code', 'address', 'commune', 'phone']);
  agency = columns(agency, 'text', ['commune_code'], true);
  await columns(agency, 'bigint', ['updated_seq']).execute();

  let procedure: Table = db.schema
    .createTable('services_procedure')
    .addColumn('code', 'text', (c) => c.primaryKey());
  procedure = columns(procedure, 'text', ['name', 'field', 'agency_code', 'documents', 'search_key']);
  await columns(procedure, 'bigint', [
    'agency_fee',
    'agency_charge',
    'send_tariff',
    'return_tariff',
    'deadline_days',
    'active',
    'updated_seq',
  ]).execute();
  await db.schema
    .createIndex('services_procedure_agency')
    .on('services_procedure')
    .column('agency_code')
    .execute();

  await db.schema
    .createTable('services_agency_officer')
    .addColumn('staff_id', 'text', (c) => c.primaryKey())
    .addColumn('agency_code', 'text', (c) => c.notNull())
    .addColumn('assigned_by', 'text', (c) => c.notNull())
    .addColumn('assigned_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('services_serial')
    .addColumn('prefix', 'text', (c) => c.primaryKey())
    .addColumn('last', 'bigint', (c) => c.notNull())
    .execute();

  let dossier: Table = db.schema
    .createTable('services_dossier')
    .addColumn('id', 'text', (c) => c.primaryKey());
  dossier = columns(dossier, 'text', [
    'service',
    'procedure_code',
    'agency_code',
    'office_id',
    'place',
    'state',
    'citizen_name',
    'citizen_cccd',
    'citizen_phone',
    'citizen_address',
    'citizen_commune',
    'documents',
    'missing',
    'clerk_id',
    'created_at',
    'updated_at',
  ]);
  dossier = columns(
    dossier,
    'text',
    [
      'representative_name',
      'representative_cccd',
      'representative_phone',
      'authorisation_no',
      'authorisation_until',
      'agency_ref',
      'seal_no',
      'till_session_id',
      'citizen_signature',
      'clerk_signature',
      'accepted_at',
      'handed_over_at',
      'received_by',
      'deadline_day',
      'appointment_day',
      'decision_note',
      'decided_at',
      'closed_at',
    ],
    true,
  );
  await columns(dossier, 'bigint', ['agency_fee', 'post_fee', 'updated_seq']).execute();
  await db.schema
    .createIndex('services_dossier_office')
    .on('services_dossier')
    .columns(['office_id', 'state'])
    .execute();
  await db.schema
    .createIndex('services_dossier_agency')
    .on('services_dossier')
    .columns(['agency_code', 'state'])
    .execute();
  await db.schema
    .createIndex('services_dossier_deadline')
    .on('services_dossier')
    .column('deadline_day')
    .execute();

  await db.schema
    .createTable('services_dossier_leg')
    .addColumn('dossier_id', 'text', (c) => c.notNull())
    .addColumn('leg_no', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text')
    .addColumn('from_office_id', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('services_dossier_leg_pk', ['dossier_id', 'leg_no'])
    .execute();
  await db.schema
    .createIndex('services_dossier_leg_item')
    .on('services_dossier_leg')
    .column('item_id')
    .execute();
  await db.schema
    .createIndex('services_dossier_leg_state')
    .on('services_dossier_leg')
    .column('state')
    .execute();

  await db.schema
    .createTable('services_dossier_step')
    .addColumn('dossier_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('office_id', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addPrimaryKeyConstraint('services_dossier_step_pk', ['dossier_id', 'seq'])
    .execute();

  await db.schema
    .createTable('services_notice')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dossier_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema.createIndex('services_notice_unsent').on('services_notice').column('sent_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'services_notice',
    'services_dossier_step',
    'services_dossier_leg',
    'services_dossier',
    'services_serial',
    'services_agency_officer',
    'services_procedure',
    'services_agency',
  ])
    await db.schema.dropTable(t).execute();
}
