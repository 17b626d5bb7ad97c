// The dossiers module's events: each step of a dossier, with its schema and its projection together, so that
// replay and live writes cannot drift. Every step also lands in the dossier's history.
import { z } from 'zod';
import { defineEvent, type JournalEvent } from '../../../journal/index.ts';
import type { Kysely } from '../../../storage/index.ts';
import { vndText } from '../../../platform/vnd-schema.ts';
import type { ServicesTables } from '../services-tables.ts';
import { AGENCY_STATUSES, DOSSIER_SERVICES, LEG_KINDS, type DossierState } from './dossier.model.ts';
import * as repo from './dossier.repository.ts';

type Db = Kysely<ServicesTables>;
const amount = vndText('nonNegative');
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const commune = z.string().regex(/^\d{5}$/);
const cccd = z.string().regex(/^\d{12}$/);
const phone = z.string().regex(/^\+84\d{8,10}$/);
const presented = z.array(
  z.strictObject({
    key: z.string().min(1).max(64),
    form: z.enum(['original', 'copy']),
    count: z.number().int().min(1).max(20),
  }),
);
const ref = z.string().max(200).nullable();

async function step(db: Db, e: JournalEvent, s: DossierState, dossier: string, note: string | null = null) {
  await repo.insertStep(db, {
    dossier_id: dossier,
    seq: e.seq,
    step: e.type.slice('services.'.length),
    state: s,
    actor: e.actor,
    office_id: e.office,
    at: e.at,
    note,
  });
}

const legSchema = z.strictObject({
  leg_no: z.number().int().min(1).max(50),
  kind: z.enum(LEG_KINDS),
  from_office: z.string(),
});
type LegPayload = z.output<typeof legSchema>;

async function requestLeg(db: Db, e: JournalEvent, dossier: string, leg: LegPayload): Promise<void> {
  await repo.insertLeg(db, {
    dossier_id: dossier,
    leg_no: BigInt(leg.leg_no),
    kind: leg.kind,
    state: 'requested',
    item_id: null,
    from_office_id: leg.from_office,
    requested_at: e.at,
    updated_at: e.at,
  });
}

export const dossierTakenSchema = z.strictObject({
  id: z.string().regex(/^HS\d{12}$/),
  service: z.enum(DOSSIER_SERVICES),
  procedure: z.string(),
  agency: z.string(),
  office: z.string(),
  place: z.enum(['counter', 'address']),
  state: z.enum(['incomplete', 'accepted', 'awaiting_result']),
  citizen: z.strictObject({
    name: z.string().min(1).max(100),
    cccd,
    phone,
    address: z.string().min(1).max(200),
    commune,
  }),
  representative: z
    .strictObject({
      name: z.string().min(1).max(100),
      cccd,
      phone,
      authorisation: z.strictObject({ number: z.string().min(1).max(40), until: day }),
    })
    .nullable(),
  agency_ref: z.string().max(60).nullable(),
  documents: presented,
  missing: z.array(z.string().max(64)),
  seal: z.string().max(20).nullable(),
  agency_fee: amount,
  post_fee: amount,
  clerk: z.string(),
  till_session_id: z.string().nullable(),
  signatures: z.strictObject({ citizen: ref, clerk: ref }),
  /** The leg that carries the dossier to the agency, when it is complete and sent. */
  leg: legSchema.nullable(),
});

/** A dossier taken in at a counter (or collected at an address): complete and on its way, or waiting. */
export const dossierTaken = defineEvent<ServicesTables, typeof dossierTakenSchema>({
  type: 'services.dossier.taken',
  schema: dossierTakenSchema,
  async apply(db, e) {
    const p = e.payload;
    // HS + the office's postcode + its serial: the office's serials only go up.
    await repo.saveSerial(db, p.id.slice(2, 7), BigInt(p.id.slice(7)));
    await repo.insertDossier(db, {
      id: p.id,
      service: p.service,
      procedure_code: p.procedure,
      agency_code: p.agency,
      office_id: p.office,
      place: p.place,
      state: p.state,
      citizen_name: p.citizen.name,
      citizen_cccd: p.citizen.cccd,
      citizen_phone: p.citizen.phone,
      citizen_address: p.citizen.address,
      citizen_commune: p.citizen.commune,
      representative_name: p.representative?.name ?? null,
      representative_cccd: p.representative?.cccd ?? null,
      representative_phone: p.representative?.phone ?? null,
      authorisation_no: p.representative?.authorisation.number ?? null,
      authorisation_until: p.representative?.authorisation.until ?? null,
      agency_ref: p.agency_ref,
      documents: JSON.stringify(p.documents),
      missing: JSON.stringify(p.missing),
      seal_no: p.seal,
      agency_fee: BigInt(p.agency_fee),
      post_fee: BigInt(p.post_fee),
      clerk_id: p.clerk,
      till_session_id: p.till_session_id,
      citizen_signature: p.signatures.citizen,
      clerk_signature: p.signatures.clerk,
      accepted_at: p.state === 'incomplete' ? null : e.at,
      handed_over_at: null,
      received_by: null,
      deadline_day: null,
      appointment_day: null,
      decision_note: null,
      decided_at: null,
      closed_at: null,
      created_at: e.at,
      updated_at: e.at,
      updated_seq: e.seq,
    });
    if (p.leg !== null) await requestLeg(db, e, p.id, p.leg);
    await step(db, e, p.state, p.id, p.missing.length > 0 ? `missing: ${p.missing.join(', ')}` : null);
  },
});

export const dossierCompletedSchema = z.strictObject({
  id: z.string(),
  documents: presented,
  seal: z.string().max(20).nullable(),
  agency_fee: amount,
  post_fee: amount,
  clerk: z.string(),
  till_session_id: z.string(),
  signatures: z.strictObject({ citizen: ref, clerk: ref }),
  leg: legSchema,
});

/** A dossier that waited for documents, now complete, signed, sealed and paid: on its way. */
export const dossierCompleted = defineEvent<ServicesTables, typeof dossierCompletedSchema>({
  type: 'services.dossier.completed',
  schema: dossierCompletedSchema,
  async apply(db, e) {
    const p = e.payload;
    await repo.updateDossier(db, p.id, {
      state: 'accepted',
      documents: JSON.stringify(p.documents),
      missing: '[]',
      seal_no: p.seal,
      agency_fee: BigInt(p.agency_fee),
      post_fee: BigInt(p.post_fee),
      clerk_id: p.clerk,
      till_session_id: p.till_session_id,
      citizen_signature: p.signatures.citizen,
      clerk_signature: p.signatures.clerk,
      accepted_at: e.at,
      updated_at: e.at,
      updated_seq: e.seq,
    });
    await requestLeg(db, e, p.id, p.leg);
    await step(db, e, 'accepted', p.id);
  },
});

export const feesTakenSchema = z.strictObject({
  dossier: z.string(),
  office: z.string(),
  clerk: z.string(),
  till_session_id: z.string(),
  agency: z.string(),
  agency_name: z.string(),
  agency_amount: amount,
  post_amount: amount,
});

/**
 * The fees of a dossier paid into a clerk's till: the agency's (owed to it) and the post's tariff. The finance
 * cell follows these, exactly once; the dossier's own record of them is in the step that took them.
 */
export const feesTaken = defineEvent<ServicesTables, typeof feesTakenSchema>({
  type: 'services.fees.taken',
  schema: feesTakenSchema,
  async apply() {},
});

export const legPostedSchema = z.strictObject({
  dossier: z.string(),
  leg_no: z.number().int().min(1),
  item: z.string().regex(/^[A-Z]{2}\d{9}VN$/),
  /** The delivery cell's event that took the item in. */
  source_seq: z.string().regex(/^\d+$/),
});

/** The delivery cell took a leg's papers in under an S10 id (learned by following its journal). */
export const legPosted = defineEvent<ServicesTables, typeof legPostedSchema>({
  type: 'services.leg.posted',
  schema: legPostedSchema,
  async apply(db, e) {
    const p = e.payload;
    await repo.updateLeg(db, p.dossier, p.leg_no, { state: 'posted', item_id: p.item, updated_at: e.at });
    const d = (await repo.findDossier(db, p.dossier))!;
    await step(db, e, d.state as DossierState, p.dossier, p.item);
  },
});

export const handedOverSchema = z.strictObject({
  dossier: z.string(),
  leg_no: z.number().int().min(1),
  item: z.string(),
  /** Who signed for it at the agency, and the reference of the signature. */
  received_by: z.string().min(1).max(100),
  signature: ref,
  deadline_day: day,
  source_seq: z.string().regex(/^\d+$/),
});

/** The dossier (or its supplement) delivered to the agency against its signature: the agency's deadline runs. */
export const handedOver = defineEvent<ServicesTables, typeof handedOverSchema>({
  type: 'services.dossier.handed_over',
  schema: handedOverSchema,
  async apply(db, e) {
    const p = e.payload;
    await repo.updateLeg(db, p.dossier, p.leg_no, { state: 'delivered', updated_at: e.at });
    await repo.updateDossier(db, p.dossier, {
      state: 'handed_over',
      handed_over_at: e.at,
      received_by: p.received_by,
      deadline_day: p.deadline_day,
      updated_at: e.at,
      updated_seq: e.seq,
    });
    await step(db, e, 'handed_over', p.dossier, `${p.item}: ${p.received_by}`);
  },
});

export const decidedSchema = z.strictObject({
  dossier: z.string(),
  agency: z.string(),
  status: z.enum(AGENCY_STATUSES),
  reason: z.string().max(500).nullable(),
  appointment_day: day.nullable(),
});

/** What the agency did: received, asked for a supplement, extended, suspended, refused, or done. */
export const decided = defineEvent<ServicesTables, typeof decidedSchema>({
  type: 'services.dossier.decided',
  schema: decidedSchema,
  async apply(db, e) {
    const p = e.payload;
    await repo.updateDossier(db, p.dossier, {
      state: p.status,
      decision_note: p.reason,
      decided_at: e.at,
      ...(p.appointment_day === null ? {} : { appointment_day: p.appointment_day }),
      ...(p.status === 'done' || p.status === 'refused' ? { closed_at: e.at } : {}),
      updated_at: e.at,
      updated_seq: e.seq,
    });
    await step(db, e, p.status, p.dossier, p.reason);
  },
});

export const supplementedSchema = z.strictObject({
  dossier: z.string(),
  documents: presented,
  leg: legSchema,
});

/** The papers the agency asked for, taken at a counter: on their way to it. */
export const supplemented = defineEvent<ServicesTables, typeof supplementedSchema>({
  type: 'services.dossier.supplemented',
  schema: supplementedSchema,
  async apply(db, e) {
    const p = e.payload;
    const d = (await repo.findDossier(db, p.dossier))!;
    const before = JSON.parse(d.documents) as unknown[];
    await repo.updateDossier(db, p.dossier, {
      state: 'supplementing',
      documents: JSON.stringify([...before, ...p.documents]),
      updated_at: e.at,
      updated_seq: e.seq,
    });
    await requestLeg(db, e, p.dossier, p.leg);
    await step(db, e, 'supplementing', p.dossier, p.documents.map((x) => x.key).join(', '));
  },
});

export const resultCollectedSchema = z.strictObject({ dossier: z.string(), leg: legSchema });

/** The post collected the result from the agency: it travels to the citizen. */
export const resultCollected = defineEvent<ServicesTables, typeof resultCollectedSchema>({
  type: 'services.result.collected',
  schema: resultCollectedSchema,
  async apply(db, e) {
    const p = e.payload;
    await repo.updateDossier(db, p.dossier, {
      state: 'result_collected',
      updated_at: e.at,
      updated_seq: e.seq,
    });
    await requestLeg(db, e, p.dossier, p.leg);
    await step(db, e, 'result_collected', p.dossier);
  },
});

export const legEndedSchema = z.strictObject({
  dossier: z.string(),
  leg_no: z.number().int().min(1),
  item: z.string(),
  /** Whether the item went back to its sender instead of reaching its recipient. */
  returning: z.boolean(),
  received_by: z.string().min(1).max(100),
  source_seq: z.string().regex(/^\d+$/),
});

/**
 * A result delivered to the citizen or their representative, or returned to the agency; or a dossier the
 * agency could not be given, back with the citizen.
 */
export const legEnded = defineEvent<ServicesTables, typeof legEndedSchema>({
  type: 'services.leg.ended',
  schema: legEndedSchema,
  async apply(db, e) {
    const p = e.payload;
    const leg = (await repo.findLegs(db, p.dossier)).find((l) => Number(l.leg_no) === p.leg_no)!;
    const s: DossierState =
      leg.kind === 'back' ? (p.returning ? 'result_returned' : 'result_delivered') : 'returned_to_citizen';
    await repo.updateLeg(db, p.dossier, p.leg_no, {
      state: p.returning ? 'returned' : 'delivered',
      updated_at: e.at,
    });
    await repo.updateDossier(db, p.dossier, {
      state: s,
      closed_at: e.at,
      updated_at: e.at,
      updated_seq: e.seq,
    });
    await step(db, e, s, p.dossier, `${p.item}: ${p.received_by}`);
  },
});

export const legAttemptedSchema = z.strictObject({
  dossier: z.string(),
  leg_no: z.number().int().min(1),
  item: z.string(),
  reason: z.string().max(100),
  source_seq: z.string().regex(/^\d+$/),
});

/** A delivery of the dossier's papers that failed, with the delivery cell's reason. */
export const legAttempted = defineEvent<ServicesTables, typeof legAttemptedSchema>({
  type: 'services.leg.attempted',
  schema: legAttemptedSchema,
  async apply(db, e) {
    const p = e.payload;
    const d = (await repo.findDossier(db, p.dossier))!;
    await step(db, e, d.state as DossierState, p.dossier, `${p.item}: ${p.reason}`);
  },
});

export const noticeQueuedSchema = z.strictObject({
  id: z.string().max(80),
  dossier: z.string(),
  channel: z.enum(['sms', 'email']),
  recipient: z.string().max(200),
  body: z.string().max(480),
});

/** A message to the citizen put in the outbox. */
export const noticeQueued = defineEvent<ServicesTables, typeof noticeQueuedSchema>({
  type: 'services.notice.queued',
  schema: noticeQueuedSchema,
  async apply(db, e) {
    const p = e.payload;
    await repo.insertNotice(db, {
      id: p.id,
      dossier_id: p.dossier,
      channel: p.channel,
      recipient: p.recipient,
      body: p.body,
      created_at: e.at,
      sent_at: null,
    });
  },
});

export const noticeSentSchema = z.strictObject({ id: z.string().max(80) });

/** The outbox's adapter handed a message on. */
export const noticeSent = defineEvent<ServicesTables, typeof noticeSentSchema>({
  type: 'services.notice.sent',
  schema: noticeSentSchema,
  async apply(db, e) {
    await repo.markNoticeSent(db, e.payload.id, e.at);
  },
});

export const dossierEvents = [
  dossierTaken,
  dossierCompleted,
  feesTaken,
  legPosted,
  handedOver,
  decided,
  supplemented,
  resultCollected,
  legEnded,
  legAttempted,
  noticeQueued,
  noticeSent,
];
