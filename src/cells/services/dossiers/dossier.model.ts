// The dossiers module's shapes: the three services a citizen chooses, a dossier's states and the moves an
// agency may make between them, what a clerk fills in, and the module's interface.
import type { Kysely } from '../../../storage/index.ts';
import type { Journal, RequestKey, RequestKeys } from '../../../journal/index.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { DocumentForm } from '../catalogue/index.ts';
import type { ServicesTables } from '../services-tables.ts';

/** send: the dossier to the agency; receive: the result back to the citizen; both. */
export const DOSSIER_SERVICES = ['send', 'receive', 'both'] as const;
export type DossierService = (typeof DOSSIER_SERVICES)[number];

export const DOSSIER_STATES = [
  /** Taken at the counter with documents missing: waits for the citizen to bring them. */
  'incomplete',
  /** Checked, signed, sealed and paid for: on its way to the agency. */
  'accepted',
  /** Delivered to the agency against its signature (the delivery's proof). */
  'handed_over',
  'received',
  'needs_supplement',
  /** The papers the agency asked for are on their way to it. */
  'supplementing',
  'extended',
  'suspended',
  'refused',
  /** The agency's result is ready. */
  'done',
  /** Lodged at the agency directly: the post waits for the result to bring it back. */
  'awaiting_result',
  /** The post has collected the result from the agency and carries it to the citizen. */
  'result_collected',
  'result_delivered',
  /** The result could not be delivered and went back to the agency. */
  'result_returned',
  /** The dossier could not be delivered to the agency and came back to the citizen. */
  'returned_to_citizen',
] as const;
export type DossierState = (typeof DOSSIER_STATES)[number];

/** What an agency may record about a dossier it holds. */
export const AGENCY_STATUSES = [
  'received',
  'needs_supplement',
  'extended',
  'suspended',
  'refused',
  'done',
] as const;
export type AgencyStatus = (typeof AGENCY_STATUSES)[number];

/** From each state, the statuses an agency may record next. */
export const AGENCY_MOVES: Partial<Record<DossierState, readonly AgencyStatus[]>> = {
  handed_over: ['received', 'refused'],
  received: ['needs_supplement', 'extended', 'suspended', 'refused', 'done'],
  extended: ['needs_supplement', 'extended', 'suspended', 'refused', 'done'],
  suspended: ['received', 'refused', 'done'],
  awaiting_result: ['done', 'refused'],
};

/** Statuses that need a reason. */
export const NEEDS_REASON: readonly AgencyStatus[] = ['needs_supplement', 'extended', 'suspended', 'refused'];

/** States in which the agency holds the dossier: its deadline runs. */
export const AT_AGENCY: readonly DossierState[] = [
  'handed_over',
  'received',
  'extended',
  'suspended',
  'needs_supplement',
  'supplementing',
  'awaiting_result',
];

/** States after which nothing more happens. */
export const FINAL: readonly DossierState[] = ['result_delivered', 'result_returned', 'returned_to_citizen'];

export const LEG_KINDS = ['out', 'supplement', 'back'] as const;
export type LegKind = (typeof LEG_KINDS)[number];

export interface PersonInput {
  name: string;
  cccd: string;
  phone: string;
  address?: string;
  commune?: string;
}

export interface RepresentativeInput {
  name: string;
  cccd: string;
  phone: string;
  /** The authorisation's number and its last day (YYYY-MM-DD). */
  authorisation: { number: string; until: string };
}

/** A document as presented at the counter. */
export interface PresentedInput {
  key: string;
  form: 'original' | 'copy';
  count: number;
}

/** What the citizen pays, as the clerk told them: checked against the catalogue. */
export interface FeesInput {
  agency: string | number;
  post: string | number;
}

/** What a clerk fills in at intake. */
export interface IntakeInput {
  procedure: string;
  service: string;
  citizen: PersonInput & { address: string; commune: string };
  representative?: RepresentativeInput | null;
  place?: 'counter' | 'address';
  documents?: readonly PresentedInput[];
  /** The agency's own number for a dossier lodged there directly (receive only). */
  agency_ref?: string | null;
  seal?: string | null;
  fees?: FeesInput | null;
  signatures?: { citizen?: string | null; clerk?: string | null } | null;
}

/** What completes a dossier that waited for documents at the counter. */
export interface CompleteInput {
  documents: readonly PresentedInput[];
  seal?: string | null;
  fees?: FeesInput | null;
  signatures?: { citizen?: string | null; clerk?: string | null } | null;
}

export interface DecisionInput {
  status: string;
  reason?: string | null;
  /** The day the result will be ready (received: defaults to the deadline; extended: required). */
  appointment_day?: string | null;
}

export interface Leg {
  leg_no: number;
  kind: LegKind;
  state: 'requested' | 'posted' | 'delivered' | 'returned';
  item_id: string | null;
  from_office_id: string;
}

export interface Step {
  seq: bigint;
  step: string;
  state: DossierState;
  actor: string;
  office_id: string | null;
  at: string;
  note: string | null;
}

/** A dossier as staff see it. */
export interface Dossier {
  id: string;
  service: DossierService;
  procedure_code: string;
  agency_code: string;
  office_id: string;
  place: 'counter' | 'address';
  state: DossierState;
  citizen: { name: string; cccd: string; phone: string; address: string; commune: string };
  representative: {
    name: string;
    cccd: string;
    phone: string;
    authorisation: { number: string; until: string };
  } | null;
  agency_ref: string | null;
  documents: PresentedInput[];
  missing: string[];
  seal_no: string | null;
  agency_fee: bigint;
  post_fee: bigint;
  clerk_id: string;
  till_session_id: string | null;
  accepted_at: string | null;
  handed_over_at: string | null;
  received_by: string | null;
  deadline_day: string | null;
  appointment_day: string | null;
  decision_note: string | null;
  decided_at: string | null;
  closed_at: string | null;
  created_at: string;
  updated_at: string;
  legs: Leg[];
}

/** A dossier as anyone with its code and the citizen's phone sees it: nothing personal in clear. */
export interface PublicDossier {
  id: string;
  procedure: string;
  agency: string;
  state: DossierState;
  citizen: string;
  appointment_day: string | null;
  items: string[];
  steps: Array<{ step: string; state: DossierState; at: string }>;
}

/** A required document's form, as the procedure states it, and what satisfies it. */
export const FORM_ACCEPTS: Record<DocumentForm, ReadonlyArray<'original' | 'copy'>> = {
  original: ['original'],
  copy: ['copy', 'original'],
  either: ['original', 'copy'],
};

/** A party of an item the delivery cell carries: the sender or the recipient of a leg. */
export interface LegParty {
  name: string;
  phone: string;
  address: string;
  commune: string;
}

/** What the services cell asks of the delivery cell: one leg's papers taken in as an item already paid for. */
export interface DossierCarrier {
  /**
   * Takes a leg in at an office as a prepaid item under a key only the platform makes (`dossier:<id>:<leg>`):
   * the same key again answers the same item. The delivery cell journals it; the services cell learns its id
   * by following that journal.
   */
  send(input: {
    key: string;
    office_id: string;
    actor: string;
    sender: LegParty;
    recipient: LegParty;
    restricted_to?: Array<{ cccd: string; until: string | null }>;
  }): Promise<string>;
}

/** The geography and network the dossiers module needs from the core cell. */
export interface DossierPlaces {
  /** The province code of a commune, or undefined when there is no such commune. */
  provinceOf(commune: string): Promise<string | undefined>;
  /** The office that serves a commune (delivers there, collects there). */
  servingOffice(commune: string): Promise<string>;
  /** An office's postcode: dossier codes carry it. */
  postcode(office: string): Promise<string>;
}

export interface DossiersDeps {
  db: Kysely<ServicesTables>;
  journal: Journal<ServicesTables>;
  clock: Clock;
  requests: RequestKeys<ServicesTables>;
  places: DossierPlaces;
}

export interface DossierQuery {
  office?: string;
  agency?: string;
  state?: DossierState;
  /** near: the deadline within two working days; past: the deadline gone by. */
  deadline?: 'near' | 'past';
  limit: number;
  offset: number;
}

export interface Dossiers {
  /**
   * Takes a dossier in at a till: the documents checked against the procedure's list (missing ones recorded,
   * the dossier then waits), or, complete, signed, sealed and paid: the fees into the till and its papers on
   * their way. The same request under the same key answers the first dossier.
   */
  intake(
    input: IntakeInput,
    at: { office_id: string; clerk_id: string; till_session_id: string },
    request?: RequestKey,
  ): Promise<Dossier>;
  /** Completes a dossier that waited for documents: checked again, signed, sealed and paid. */
  complete(
    id: string,
    input: CompleteInput,
    at: { office_id: string; clerk_id: string; till_session_id: string },
    request?: RequestKey,
  ): Promise<Dossier>;
  /** The papers an agency asked for, taken at the counter and carried to it. */
  supplement(
    id: string,
    input: { documents: readonly PresentedInput[] },
    at: { office_id: string; clerk_id: string },
    request?: RequestKey,
  ): Promise<Dossier>;
  /** An agency officer records what the agency did, for its own agency's dossiers only. */
  decide(
    id: string,
    input: DecisionInput,
    officer: { id: string; agency: string | undefined },
    request?: RequestKey,
  ): Promise<Dossier>;
  /** The post collects a ready result (or a refusal) from the agency and carries it to the citizen. */
  collectResult(id: string, at: { office_id: string; actor: string }, request?: RequestKey): Promise<Dossier>;
  get(id: string): Promise<Dossier>;
  steps(id: string): Promise<Step[]>;
  list(q: DossierQuery): Promise<{ items: Dossier[]; total: number; limit: number; offset: number }>;
  /** A citizen's look-up by code and phone. */
  lookUp(id: string, phone: string): Promise<PublicDossier>;
  /** The seq of the event that took the dossier's fees: what its receipt proves. */
  acceptedSeq(id: string): Promise<bigint>;
}
