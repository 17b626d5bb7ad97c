// What the dossier screens read and send: the API's shapes (GET /v1/services/…), the fees a service costs
// under a procedure (the catalogue's, to the đồng, as intake checks them), the documents ticked at the
// counter as the API's list, and a receipt's proof as the text of its QR code.
import { get } from '../ui/api.ts';
import { QR_PREFIX, type Proof } from '../public/receipt-verify.ts';

export const DOSSIER_SERVICES = ['send', 'receive', 'both'] as const;
export type DossierService = (typeof DOSSIER_SERVICES)[number];

export const DOSSIER_STATES = [
  'incomplete',
  'accepted',
  'handed_over',
  'received',
  'needs_supplement',
  'supplementing',
  'extended',
  'suspended',
  'refused',
  'done',
  'awaiting_result',
  'result_collected',
  'result_delivered',
  'result_returned',
  'returned_to_citizen',
] as const;

export interface RequiredDocument {
  key: string;
  name: string;
  form: 'original' | 'copy' | 'either';
  count: number;
}

export interface Procedure {
  code: string;
  name: string;
  field: string;
  agency_code: string;
  agency_name?: string;
  documents: RequiredDocument[];
  agency_fee: string;
  agency_charge: string;
  send_tariff: string;
  return_tariff: string;
  deadline_days: number;
}

export interface Presented {
  key: string;
  form: 'original' | 'copy';
  count: number;
}

export interface Step {
  seq: string;
  step: string;
  state: string;
  actor: string;
  office_id: string | null;
  at: string;
  note: string | null;
}

export interface Dossier {
  id: string;
  service: DossierService;
  procedure_code: string;
  agency_code: string;
  office_id: string;
  state: string;
  citizen: { name: string; cccd: string; phone: string; address: string; commune: string };
  representative: {
    name: string;
    cccd: string;
    phone: string;
    authorisation: { number: string; until: string };
  } | null;
  agency_ref: string | null;
  documents: Presented[];
  missing: string[];
  seal_no: string | null;
  agency_fee: string;
  post_fee: string;
  accepted_at: string | null;
  deadline_day: string | null;
  appointment_day: string | null;
  decision_note: string | null;
  created_at: string;
  legs: Array<{ leg_no: number; kind: string; state: string; item_id: string | null }>;
  steps?: Step[];
}

/** A dossier as intake and completion answer it: with its history and, once paid, its receipt's proof. */
export type TakenDossier = Dossier & { steps: Step[]; proof: Proof | null };

let agenciesOnce: Promise<Map<string, string>> | null = null;
/** The agencies' names by code (the catalogue's dozens), fetched once per page load. */
const agencyNames = () =>
  (agenciesOnce ??= get<{ items: Array<{ code: string; name: string }> }>('/v1/services/agencies').then(
    (r) => new Map(r.items.map((a) => [a.code, a.name])),
    () => {
      agenciesOnce = null;
      return new Map<string, string>();
    },
  ));

const procedures = new Map<string, Promise<Procedure>>();
/**
 * A procedure of the catalogue with its agency's name, fetched once per page load (its list and prices change
 * by import only).
 */
export function procedureOf(code: string): Promise<Procedure> {
  let p = procedures.get(code);
  if (p === undefined) {
    p = Promise.all([
      get<Procedure>(`/v1/services/procedures/${encodeURIComponent(code)}`),
      agencyNames(),
    ]).then(([proc, names]) => ({ ...proc, agency_name: proc.agency_name ?? names.get(proc.agency_code) }));
    p.catch(() => procedures.delete(code));
    procedures.set(code, p);
  }
  return p;
}

/** What a service costs under a procedure: the agency's fee and charge if it sends, the post's tariffs. */
export function feesFor(p: Procedure, service: DossierService): { agency: bigint; post: bigint } {
  const sends = service !== 'receive';
  const returns = service !== 'send';
  return {
    agency: sends ? BigInt(p.agency_fee) + BigInt(p.agency_charge) : 0n,
    post: (sends ? BigInt(p.send_tariff) : 0n) + (returns ? BigInt(p.return_tariff) : 0n),
  };
}

/** One document as the clerk ticks it: given or not, in which form, how many copies (as typed). */
export interface DocTick {
  on: boolean;
  form: 'original' | 'copy';
  count: string;
}
export type DocTicks = Record<string, DocTick>;

/** Nothing ticked yet, each document in the form and count the procedure asks for. */
export function emptyTicks(p: Procedure): DocTicks {
  return Object.fromEntries(
    p.documents.map((d) => [
      d.key,
      { on: false, form: d.form === 'original' ? 'original' : 'copy', count: String(d.count) },
    ]),
  );
}

/** The ticked documents as the API's list, and the keys whose count is not a whole number from 1 to 20. */
export function presentedOf(
  p: Procedure,
  ticks: DocTicks,
  only?: readonly string[],
): { documents: Presented[]; bad: string[] } {
  const documents: Presented[] = [];
  const bad: string[] = [];
  for (const d of p.documents) {
    const tk = ticks[d.key];
    if (tk === undefined || !tk.on || (only !== undefined && !only.includes(d.key))) continue;
    const n = Number(tk.count.trim());
    if (!/^\d{1,2}$/.test(tk.count.trim()) || n < 1 || n > 20) bad.push(d.key);
    else documents.push({ key: d.key, form: tk.form, count: n });
  }
  return { documents, bad };
}

/** The procedure's documents still short (absent, or fewer copies than it asks for), in its order. */
export function missingOf(
  p: Procedure,
  given: readonly Presented[],
  already: readonly Presented[] = [],
): RequiredDocument[] {
  const have = new Map<string, number>();
  for (const d of [...already, ...given]) have.set(d.key, (have.get(d.key) ?? 0) + d.count);
  return p.documents.filter((d) => (have.get(d.key) ?? 0) < d.count);
}

/** Where in a form an API refusal points: its `details.field` (`citizen.cccd`, `documents[0].form`…). */
export function refusalField(err: unknown): string | undefined {
  const f = (err as { details?: { field?: unknown } } | null)?.details?.field;
  return typeof f === 'string' ? f : undefined;
}

const B45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

/** RFC 9285 base45: two bytes as three characters, a last odd byte as two. */
function base45(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    const n = bytes[i]! * 256 + bytes[i + 1]!;
    out += B45[n % 45]! + B45[Math.floor(n / 45) % 45]! + B45[Math.floor(n / 2025)]!;
  }
  if (bytes.length % 2 === 1) {
    const n = bytes[bytes.length - 1]!;
    out += B45[n % 45]! + B45[Math.floor(n / 45)]!;
  }
  return out;
}

/**
 * The text a receipt's QR code holds, as the server prints it on its PDF receipts: `PC1:` and the proof's
 * JSON, zlib-deflated (what Compression Streams call 'deflate') and in base45, so that the receipt check page
 * and `postcore verify-receipt` read it.
 */
export async function proofQrText(proof: Proof): Promise<string> {
  const stream = new Blob([JSON.stringify(proof)]).stream().pipeThrough(new CompressionStream('deflate'));
  return QR_PREFIX + base45(new Uint8Array(await new Response(stream).arrayBuffer()));
}
