// The dossiers as the API gives them to staff, the moves an agency may record from each state (the server's
// AGENCY_MOVES, which refuses any other), and the deadline counted in working days from the same holiday
// table the server counts it with.
import holidays from '../../../assets/calendar/vn-holidays.json';
import { get, query } from '../ui/api.ts';
import { todayVn } from '../ui/format.ts';
import { agencyVi } from './strings.ts';

/** Every state a dossier can be in, in the API's order (the words for each are the list's source). */
export type DossierState = keyof typeof agencyVi.states;
export const DOSSIER_STATES = Object.keys(agencyVi.states) as DossierState[];

export type AgencyStatus = 'received' | 'needs_supplement' | 'extended' | 'suspended' | 'refused' | 'done';

/** From each state, what an agency may record next (as the server allows it; it refuses anything else). */
export const AGENCY_MOVES: Partial<Record<DossierState, readonly AgencyStatus[]>> = {
  handed_over: ['received', 'refused'],
  received: ['needs_supplement', 'extended', 'suspended', 'refused', 'done'],
  extended: ['needs_supplement', 'extended', 'suspended', 'refused', 'done'],
  suspended: ['received', 'refused', 'done'],
  awaiting_result: ['done', 'refused'],
};

/** The moves the citizen must be told a reason for. */
export const NEEDS_REASON: readonly AgencyStatus[] = ['needs_supplement', 'extended', 'suspended', 'refused'];

/** States in which the agency holds the dossier and its deadline runs. */
export const AT_AGENCY: readonly DossierState[] = [
  'handed_over',
  'received',
  'extended',
  'suspended',
  'needs_supplement',
  'supplementing',
  'awaiting_result',
];

export interface DossierRow {
  id: string;
  service: 'send' | 'receive' | 'both';
  procedure_code: string;
  agency_code: string;
  office_id: string;
  state: DossierState;
  citizen: { name: string; cccd: string; phone: string; address: string; commune: string };
  representative: {
    name: string;
    cccd: string;
    phone: string;
    authorisation: { number: string; until: string };
  } | null;
  agency_ref: string | null;
  documents: Array<{ key: string; form: string; count: number }>;
  missing: string[];
  handed_over_at: string | null;
  deadline_day: string | null;
  appointment_day: string | null;
  decision_note: string | null;
  decided_at: string | null;
  created_at: string;
  legs: Array<{
    leg_no: number;
    kind: 'out' | 'supplement' | 'back';
    state: 'requested' | 'posted' | 'delivered' | 'returned';
    item_id: string | null;
  }>;
}

export interface DossierStep {
  seq: string;
  step: string;
  state: DossierState;
  actor: string;
  at: string;
  note: string | null;
}

export type DossierWithSteps = DossierRow & { steps: DossierStep[] };

export interface DossierPage {
  items: DossierRow[];
  total: number;
}

export type DeadlineFilter = '' | 'near' | 'past';

/** A list of dossiers (the agency's inbox, an office's or an agency's) by state and deadline. */
export function listDossiers(
  path: string,
  f: { state?: string; deadline?: DeadlineFilter; limit?: number },
): Promise<DossierPage> {
  return get<DossierPage>(`${path}${query({ state: f.state, deadline: f.deadline, limit: f.limit ?? 200 })}`);
}

export const getDossier = (id: string) =>
  get<DossierWithSteps>(`/v1/services/dossiers/${encodeURIComponent(id)}`);

/** The names of procedures by code (those of an agency, or all of a province). */
export async function procedureNames(p: {
  agency?: string;
  province?: string;
}): Promise<Map<string, string>> {
  const r = await get<{ items: Array<{ code: string; name: string }> }>(
    `/v1/services/procedures${query({ ...p, limit: 500 })}`,
  );
  return new Map(r.items.map((x) => [x.code, x.name]));
}

const OFF = new Set(holidays.days.map((d) => d.day));
const MS_PER_DAY = 86_400_000;

function working(ms: number): boolean {
  const weekday = new Date(ms).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !OFF.has(new Date(ms).toISOString().slice(0, 10));
}

/** Working days after `from` up to and including `to`; negative when `to` is earlier (as the server counts). */
export function workingDaysFrom(from: string, to: string): number {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  const sign = b < a ? -1 : 1;
  const [lo, hi] = b < a ? [b, a] : [a, b];
  let n = 0;
  for (let ms = lo + MS_PER_DAY; ms <= hi; ms += MS_PER_DAY) if (working(ms)) n++;
  return sign * n;
}

/** Where a dossier stands against its deadline: days left (0 = today), overdue, or none running. */
export type DeadlineStanding =
  { kind: 'left'; days: number } | { kind: 'today' } | { kind: 'overdue'; days: number } | { kind: 'none' };

export function standing(d: Pick<DossierRow, 'state' | 'deadline_day'>, today = todayVn()): DeadlineStanding {
  if (d.deadline_day === null || !AT_AGENCY.includes(d.state)) return { kind: 'none' };
  if (d.deadline_day === today) return { kind: 'today' };
  if (d.deadline_day > today) return { kind: 'left', days: workingDaysFrom(today, d.deadline_day) };
  // Overdue by the working days gone since the deadline (at least one: the deadline day itself is past).
  return { kind: 'overdue', days: Math.max(1, -workingDaysFrom(today, d.deadline_day)) };
}
