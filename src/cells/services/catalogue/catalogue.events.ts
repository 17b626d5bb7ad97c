import { z } from 'zod';
import { defineEvent } from '../../../journal/index.ts';
import { canonicalJson } from '../../../platform/canonical-json.ts';
import { vndText } from '../../../platform/vnd-schema.ts';
import type { Kysely } from '../../../storage/index.ts';
import type { ServicesTables } from '../services-tables.ts';
import * as repo from './catalogue.repository.ts';

const amount = vndText('nonNegative');
const commune = z.string().regex(/^\d{5}$/);

export const agencySchema = z.strictObject({
  code: z.string().regex(/^(H\d{2}|TW)\.[A-Z0-9]{2,16}(\.[A-Z0-9]{2,16})?$/),
  name: z.string().min(3).max(200),
  level: z.enum(['central', 'province', 'commune']),
  province_code: z.string().regex(/^\d{2}$/),
  commune_code: commune.nullable(),
  address: z.string().min(5).max(200),
  commune,
  phone: z.string().regex(/^\+84\d{8,10}$/),
});

export const procedureSchema = z.strictObject({
  code: z.string().regex(/^\d\.\d{6}\.\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/),
  name: z.string().min(3).max(300),
  field: z.string().min(2).max(100),
  agency_code: z.string(),
  documents: z
    .array(
      z.strictObject({
        key: z.string().regex(/^[a-z0-9_]{1,64}$/),
        name: z.string().min(2).max(150),
        form: z.enum(['original', 'copy', 'either']),
        count: z.number().int().min(1).max(20),
      }),
    )
    .min(1)
    .max(30),
  agency_fee: amount,
  agency_charge: amount,
  send_tariff: amount,
  return_tariff: amount,
  deadline_days: z.number().int().min(1).max(90),
  active: z.boolean(),
});

/**
 * One import of a catalogue file: the agencies and procedures it adds or changes (what it leaves as it was is
 * not repeated), all or nothing. A file is at most 5,000 rows, so one event carries it.
 */
export const catalogueLoaded = defineEvent({
  type: 'services.catalogue.loaded',
  schema: z.strictObject({
    file: z.strictObject({
      name: z.string().min(1).max(200),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      rows: z.number().int().min(1).max(5000),
    }),
    agencies: z.array(agencySchema).max(5000),
    procedures: z.array(procedureSchema).max(5000),
  }),
  async apply(db: Kysely<ServicesTables>, e) {
    for (const a of e.payload.agencies) await repo.upsertAgency(db, { ...a, updated_seq: e.seq });
    for (const p of e.payload.procedures)
      await repo.upsertProcedure(db, {
        code: p.code,
        name: p.name,
        field: p.field,
        agency_code: p.agency_code,
        documents: canonicalJson(p.documents),
        search_key: repo.procedureSearchKey(p.name, p.field),
        agency_fee: BigInt(p.agency_fee),
        agency_charge: BigInt(p.agency_charge),
        send_tariff: BigInt(p.send_tariff),
        return_tariff: BigInt(p.return_tariff),
        deadline_days: BigInt(p.deadline_days),
        active: p.active ? 1n : 0n,
        updated_seq: e.seq,
      });
  },
});

/** An agency officer's account acts for an agency from now on (a later assignment replaces it). */
export const officerAssigned = defineEvent({
  type: 'services.officer.assigned',
  schema: z.strictObject({
    staff_id: z.string().min(1).max(64),
    agency_code: z.string().min(1).max(40),
  }),
  async apply(db: Kysely<ServicesTables>, e) {
    await repo.upsertOfficer(db, {
      staff_id: e.payload.staff_id,
      agency_code: e.payload.agency_code,
      assigned_by: e.actor,
      assigned_at: e.at,
    });
  },
});

/** The catalogue's events, for the services cell's definition. */
export const catalogueEvents = [catalogueLoaded, officerAssigned];
