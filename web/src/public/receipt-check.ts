// The receipt page's script: checks what the person pasted or scanned, here in the browser, and says whether
// the receipt is genuine and which check failed. The page brings its words and the post's key with it (the
// key is also kept in localStorage), so that once the page is open the check needs no network.
import { checkReceiptText, type PublishedKey, type Verdict } from './receipt-verify.ts';

interface PageData {
  lang: 'vi' | 'en';
  keys: PublishedKey[];
  s: {
    genuine: string;
    genuineWhy: string;
    forged: string;
    failed: string;
    checking: string;
    checks: Record<string, string>;
    reasons: Record<string, string>;
    what: string;
    amount: string;
    at: string;
    office: string;
    recipient: string;
    receiptId: string;
    entry: string;
    detail: string;
    types: Record<string, string>;
    noKey: string;
  };
}

const STORE = 'postcore.checkpoint-keys';
const data = JSON.parse(document.getElementById('receipt-data')!.textContent) as PageData;
const s = data.s;
const form = document.getElementById('receipt-form') as HTMLFormElement;
const field = document.getElementById('receipt-text') as HTMLTextAreaElement;
const out = document.getElementById('receipt-result')!;

function storedKeys(): PublishedKey[] {
  try {
    const v = JSON.parse(localStorage.getItem(STORE) ?? '[]') as unknown;
    return Array.isArray(v) ? (v as PublishedKey[]) : [];
  } catch {
    return [];
  }
}

function remember(keys: PublishedKey[]): PublishedKey[] {
  const all = [...keys, ...storedKeys()].filter(
    (k, i, a) => typeof k?.key_id === 'string' && a.findIndex((x) => x.key_id === k.key_id) === i,
  );
  try {
    localStorage.setItem(
      STORE,
      JSON.stringify(all.map(({ key_id, public_key }) => ({ key_id, public_key }))),
    );
  } catch {
    // Private browsing: the key embedded in the page is enough while it is open.
  }
  return all;
}

let keys = remember(data.keys);

/** The post's current key from the server, when the page's own copy names another (a key was rotated). */
async function freshKeys(): Promise<boolean> {
  try {
    const r = await fetch('/v1/checkpoints/key');
    if (!r.ok) return false;
    keys = remember([(await r.json()) as PublishedKey]);
    return true;
  } catch {
    return false;
  }
}

const DAY = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const moment = (at: string) => DAY.format(new Date(at)).replace(',', '');
const vnd = (a: string) => `${a.replace(/\B(?=(\d{3})+(?!\d))/g, '.')} ₫`;

function el(tag: string, text?: string, attrs: Record<string, string> = {}): HTMLElement {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

function row(dl: HTMLElement, term: string, value: string, testid: string): HTMLElement {
  const dd = el('dd', value, { 'data-testid': testid });
  dl.append(el('dt', term), dd);
  return dd;
}

/** The office's name in place of its id, when the network answers (the check never depends on it). */
async function officeName(dd: HTMLElement, id: string): Promise<void> {
  try {
    const r = await fetch(`/v1/offices/${encodeURIComponent(id)}`);
    if (!r.ok) return;
    const o = (await r.json()) as { name: string; postcode: string };
    dd.textContent = `${o.name} (${o.postcode})`;
  } catch {
    // Offline: the id stays.
  }
}

function show(v: Verdict): void {
  out.replaceChildren();
  out.className = v.ok ? 'result ok' : 'result bad';
  if (!v.ok) {
    out.append(el('h2', s.forged, { 'data-testid': 'receipt-verdict' }));
    const p = el('p', `${s.failed}: `);
    p.append(el('strong', s.checks[v.check] ?? v.check, { 'data-testid': 'receipt-failed-check' }));
    out.append(p, el('p', s.reasons[v.check] ?? ''));
    const d = el('details');
    d.append(el('summary', s.detail), el('code', v.message));
    out.append(d);
    return;
  }
  const { event, cell } = v.proof;
  const payload = (event.payload ?? {}) as Record<string, unknown>;
  const str = (k: string) => (typeof payload[k] === 'string' ? payload[k] : undefined);
  out.append(el('h2', s.genuine, { 'data-testid': 'receipt-verdict' }), el('p', s.genuineWhy));
  const dl = el('dl');
  row(dl, s.what, s.types[event.type] ?? event.type, 'receipt-what');
  const amount = str('amount');
  if (amount !== undefined && /^\d+$/.test(amount)) row(dl, s.amount, vnd(amount), 'receipt-amount');
  row(dl, s.at, moment(event.at), 'receipt-at');
  const office = str('office_id') ?? event.office;
  if (office !== null && office !== undefined)
    void officeName(row(dl, s.office, office, 'receipt-office'), office);
  const who = str('recipient_name');
  if (who !== undefined) row(dl, s.recipient, who, 'receipt-recipient');
  const id = str('receipt_id');
  if (id !== undefined) row(dl, s.receiptId, id, 'receipt-id');
  row(dl, s.entry, `${cell} #${event.seq}`, 'receipt-entry');
  out.append(dl);
}

async function check(): Promise<void> {
  out.className = 'result';
  out.textContent = s.checking;
  let v = await checkReceiptText(field.value, keys);
  if (!v.ok && v.check === 'checkpoint_key' && (await freshKeys()))
    v = await checkReceiptText(field.value, keys);
  show(v);
  if (!v.ok && v.check === 'checkpoint_key' && keys.length === 0) out.append(el('p', s.noKey));
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  void check();
});
// A scanner types the QR text and presses Enter: that submits (Shift+Enter still breaks a pasted line).
field.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey) {
    e.preventDefault();
    form.requestSubmit();
  }
});
if (field.value.trim() !== '') void check();
