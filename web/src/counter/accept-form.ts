// The acceptance form's values and the checks the page makes before it asks the API: the same rules the API
// applies (a Vietnamese phone by libphonenumber's metadata, a picked commune, whole grams and centimetres,
// whole đồng), so that a mistake shows beside its field at once; the API still decides.
import type { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { ApiError } from '../ui/api.ts';
import { parseVnd } from '../ui/format.ts';
import type { Commune } from './commune-picker.tsx';

export interface PartyForm {
  name: string;
  phone: string;
  address: string;
  commune: Commune | null;
}
export interface ItemForm {
  service: string;
  weight: string;
  length: string;
  width: string;
  height: string;
  cod: string;
  insured: string;
}
export interface AcceptForm {
  sender: PartyForm;
  recipient: PartyForm;
  item: ItemForm;
}
/** Field path (as the API names it, e.g. `sender.phone`) -> the i18n key or text of its problem. */
export type FieldErrors = Partial<Record<string, string>>;

const party = (): PartyForm => ({ name: '', phone: '', address: '', commune: null });
export const emptyForm = (): AcceptForm => ({
  sender: party(),
  recipient: party(),
  item: { service: 'parcel', weight: '', length: '', width: '', height: '', cod: '', insured: '' },
});

type PhoneLib = { parsePhoneNumberFromString: typeof parsePhoneNumberFromString };
let phoneLib: Promise<PhoneLib> | null = null;
/** libphonenumber with full metadata, as the API validates with: loaded only by the screens that need it. */
export const loadPhoneLib = (): Promise<PhoneLib> => (phoneLib ??= import('libphonenumber-js/max'));

/** Whether a phone number is one the API accepts (parseVnPhone's rule: valid, Vietnamese). */
export async function phoneValid(text: string): Promise<boolean> {
  const lib = await loadPhoneLib();
  const p = lib.parsePhoneNumberFromString(text, 'VN');
  return p !== undefined && p.isValid() && p.country === 'VN';
}

const whole = (s: string): number | undefined => (/^\d{1,9}$/.test(s.trim()) ? Number(s.trim()) : undefined);
const amount = (s: string): bigint | undefined | null => (s.trim() === '' ? 0n : (parseVnd(s) ?? null));

/** The API's body for the item, or null when a number in it cannot be read yet. */
export function itemBody(f: ItemForm): Record<string, unknown> | null {
  const weight = whole(f.weight);
  const dims = [whole(f.length), whole(f.width), whole(f.height)];
  const cod = amount(f.cod);
  const insured = amount(f.insured);
  if (weight === undefined || weight <= 0 || dims.some((d) => d === undefined || d <= 0)) return null;
  if (cod === null || cod === undefined || insured === null || insured === undefined) return null;
  return {
    service: f.service,
    weight_g: weight,
    length_cm: dims[0],
    width_cm: dims[1],
    height_cm: dims[2],
    cod_amount: cod.toString(),
    insured_value: insured.toString(),
  };
}

const partyBody = (p: PartyForm) => ({
  name: p.name.trim(),
  phone: p.phone.trim(),
  address: p.address.trim(),
  commune: p.commune?.code ?? '',
});

/** The whole acceptance body, as POST /v1/delivery/tills/{id}/items takes it. */
export function acceptBody(f: AcceptForm): Record<string, unknown> | null {
  const item = itemBody(f.item);
  if (item === null) return null;
  return { ...item, sender: partyBody(f.sender), recipient: partyBody(f.recipient) };
}

// The quote prices the parcel only: the people's names and phones do not change it, so stand-ins fill them
// while the clerk is still typing; the zone is counted from the clerk's office, as acceptance counts it.
const STAND_IN = { name: 'Báo giá', phone: '0912345678', address: 'Báo giá' };

/** The body of a live quote, or null while the form cannot be priced (no commune, weight or size yet). */
export function quoteBody(f: AcceptForm, officeCommune: string | null): Record<string, unknown> | null {
  const item = itemBody(f.item);
  const to = f.recipient.commune;
  const from = officeCommune ?? f.sender.commune?.code ?? null;
  if (item === null || to === null || from === null) return null;
  return {
    ...item,
    sender: { ...STAND_IN, commune: from },
    recipient: { ...STAND_IN, commune: to.code },
  };
}

/** The form's problems the page can see without the API: i18n keys by field path. */
export async function checkForm(f: AcceptForm): Promise<FieldErrors> {
  const out: FieldErrors = {};
  for (const who of ['sender', 'recipient'] as const) {
    const p = f[who];
    if (p.name.trim() === '') out[`${who}.name`] = 'counter.accept.missing';
    if (p.phone.trim() === '') out[`${who}.phone`] = 'counter.accept.missing';
    else if (!(await phoneValid(p.phone.trim()))) out[`${who}.phone`] = 'counter.accept.badPhone';
    if (p.address.trim() === '') out[`${who}.address`] = 'counter.accept.missing';
    if (p.commune === null) out[`${who}.commune`] = 'counter.accept.pickCommune';
  }
  const nums = [
    ['weight_g', f.item.weight],
    ['length_cm', f.item.length],
    ['width_cm', f.item.width],
    ['height_cm', f.item.height],
  ] as const;
  for (const [field, v] of nums) {
    const n = whole(v);
    if (v.trim() === '') out[field] = 'counter.accept.missing';
    else if (n === undefined || n <= 0) out[field] = 'counter.accept.badNumber';
  }
  if (amount(f.item.cod) === null) out['cod_amount'] = 'counter.accept.badAmount';
  if (amount(f.item.insured) === null) out['insured_value'] = 'counter.accept.badAmount';
  return out;
}

const FIELD =
  /^(?:Row \d+: )?((?:sender|recipient)\.(?:name|phone|address|commune)|service|weight_g|length_cm|width_cm|height_cm|insured_value|cod_amount)\b/;

/** The field an API refusal is about (`sender.phone`…), when it names one. */
export function refusedField(err: unknown): string | undefined {
  if (!(err instanceof ApiError)) return undefined;
  const details = (err as ApiError & { details?: { field?: unknown } }).details;
  if (typeof details?.field === 'string') return details.field;
  if (err.code !== 'invalid_item') return undefined;
  return FIELD.exec(err.message)?.[1];
}
