// The dossiers module's HTTP shapes: what intake, completion and the agency's decisions accept, and what a
// dossier, its steps and the citizen's look-up return.
import { z } from 'zod';
import { vndText } from '../../../platform/vnd-schema.ts';
import { DOSSIER_SERVICES, DOSSIER_STATES, type Dossier, type Step } from './dossier.model.ts';

const money = vndText('nonNegative');
const amountIn = z.union([z.string().max(20), z.number()]).describe('VND, whole đồng');
const person = z.object({
  name: z.string().max(200),
  cccd: z.string().max(20).describe('12 digits'),
  phone: z.string().max(30),
  address: z.string().max(400),
  commune: z.string().max(10).describe('the 5-digit commune code'),
});
export const presented = z.object({
  key: z.string().max(60).describe('the document’s key in the procedure’s list'),
  form: z.string().max(10).describe('original or copy'),
  count: z.number(),
});
const signatures = z
  .object({
    citizen: z.string().max(200).nullable().optional(),
    clerk: z.string().max(200).nullable().optional(),
  })
  .describe(
    'references of the signatures on the document list (signature:<id>), the citizen’s and the clerk’s',
  );
export const intakeBody = z
  .object({
    procedure: z.string().max(60).describe('the procedure’s code in the national catalogue'),
    service: z
      .string()
      .max(10)
      .describe(`one of ${DOSSIER_SERVICES.join(', ')}`),
    citizen: person,
    representative: z
      .object({
        name: z.string().max(200),
        cccd: z.string().max(20),
        phone: z.string().max(30),
        authorisation: z.object({ number: z.string().max(60), until: z.string().max(10) }),
      })
      .nullable()
      .optional(),
    place: z.enum(['counter', 'address']).optional(),
    documents: z.array(presented).max(60).optional(),
    agency_ref: z.string().max(80).nullable().optional(),
    seal: z.string().max(40).nullable().optional(),
    fees: z.object({ agency: amountIn, post: amountIn }).nullable().optional(),
    signatures: signatures.nullable().optional(),
  })
  .meta({ id: 'DossierIntake' });
export const completeBody = z.object({
  documents: z.array(presented).max(60),
  seal: z.string().max(40).nullable().optional(),
  fees: z.object({ agency: amountIn, post: amountIn }).nullable().optional(),
  signatures: signatures.nullable().optional(),
});

const stepSchema = z.object({
  seq: z.string(),
  step: z.string(),
  state: z.enum(DOSSIER_STATES),
  actor: z.string(),
  office_id: z.string().nullable(),
  at: z.string(),
  note: z.string().nullable(),
});
export const dossierSchema = z
  .object({
    id: z.string().describe('HS + the office’s postcode + a serial'),
    service: z.enum(DOSSIER_SERVICES),
    procedure_code: z.string(),
    agency_code: z.string(),
    office_id: z.string(),
    place: z.enum(['counter', 'address']),
    state: z.enum(DOSSIER_STATES),
    citizen: z.object({
      name: z.string(),
      cccd: z.string(),
      phone: z.string(),
      address: z.string(),
      commune: z.string(),
    }),
    representative: z
      .object({
        name: z.string(),
        cccd: z.string(),
        phone: z.string(),
        authorisation: z.object({ number: z.string(), until: z.string() }),
      })
      .nullable(),
    agency_ref: z.string().nullable(),
    documents: z.array(z.object({ key: z.string(), form: z.string(), count: z.number().int() })),
    missing: z.array(z.string()),
    seal_no: z.string().nullable(),
    agency_fee: money,
    post_fee: money,
    clerk_id: z.string(),
    till_session_id: z.string().nullable(),
    accepted_at: z.string().nullable(),
    handed_over_at: z.string().nullable(),
    received_by: z.string().nullable(),
    deadline_day: z.string().nullable(),
    appointment_day: z.string().nullable(),
    decision_note: z.string().nullable(),
    decided_at: z.string().nullable(),
    closed_at: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
    legs: z.array(
      z.object({
        leg_no: z.number().int(),
        kind: z.enum(['out', 'supplement', 'back']),
        state: z.enum(['requested', 'posted', 'delivered', 'returned']),
        item_id: z.string().nullable(),
        from_office_id: z.string(),
      }),
    ),
  })
  .meta({ id: 'Dossier' });
export const withSteps = dossierSchema.extend({ steps: z.array(stepSchema) });
export const publicSchema = z
  .object({
    id: z.string(),
    procedure: z.string(),
    agency: z.string(),
    state: z.enum(DOSSIER_STATES),
    citizen: z.string().describe('initials only'),
    appointment_day: z.string().nullable(),
    steps: z.array(z.object({ step: z.string(), state: z.enum(DOSSIER_STATES), at: z.string() })),
    transport: z.array(
      z.object({
        id: z.string(),
        status: z.string(),
        events: z.array(
          z.object({ code: z.string(), description_vi: z.string(), description: z.string(), at: z.string() }),
        ),
      }),
    ),
  })
  .meta({ id: 'PublicDossier' });

export const dossierJson = (d: Dossier) => ({
  ...d,
  agency_fee: d.agency_fee.toString(),
  post_fee: d.post_fee.toString(),
});
export const stepJson = (s: Step) => ({ ...s, seq: s.seq.toString() });

export const dossierParams = z.object({ dossier: z.string().max(40) });
export const tillParams = z.object({ id: z.string().max(100) });
