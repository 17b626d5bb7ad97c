// Sending goods to another office: the receiving office found by name or postcode (the public directory, the
// province's post offices; a postcode reaches any office), the goods scanned or found by name with their
// quantities, a note. The API values what leaves the shelf at its average cost; the page shows that value once
// sent, and the transfers still on their way. One transfer under one Idempotency-Key while it is sent again.
import { useCallback, useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { get, isApiError, newKey, post } from '../ui/api.ts';
import { searchKey } from '../ui/format.ts';
import { useT } from '../ui/i18n.ts';
import { ErrorBox, Field, Money, Notice } from '../ui/parts.tsx';
import { GoodsLines, linesBody, useProductNames, type MoveLine } from './stock-lines.tsx';
import type { StockLine } from './stock.tsx';

export interface Office {
  id: string;
  name: string;
  postcode: string;
  province_code: string | null;
}

export interface Transfer {
  id: string;
  from_office: string;
  to_office: string;
  state: 'sent' | 'received';
  sent_at: string;
  note: string | null;
  lines: Array<{ product: string; sent: number; value: string; received: number | null }>;
}

/** The offices a page names, each read once from the public directory. */
export function useOfficeNames(): (id: string) => string {
  const [names, setNames] = useState<Record<string, string>>({});
  const asked = useRef(new Set<string>());
  return useCallback(
    (id: string) => {
      if (names[id] !== undefined) return names[id];
      if (!asked.current.has(id)) {
        asked.current.add(id);
        get<Office>(`/v1/offices/${encodeURIComponent(id)}`).then(
          (o) => setNames((n) => ({ ...n, [id]: `${o.name} (${o.postcode})` })),
          () => undefined,
        );
      }
      return id;
    },
    [names],
  );
}

export const transferValue = (t: Transfer) => t.lines.reduce((a, l) => a + BigInt(l.value), 0n);

/** The receiving office: typed name or postcode, ↑ ↓ and Enter, the sending office itself never offered. */
function OfficePicker(props: { own: string; chosen: Office | null; choose: (o: Office | null) => void }) {
  const { own, chosen, choose } = props;
  const { t } = useT();
  const [province, setProvince] = useState<Office[]>([]);
  const [text, setText] = useState('');
  const [byPostcode, setByPostcode] = useState<Office[]>([]);
  const [pick, setPick] = useState(0);

  useEffect(() => {
    void (async () => {
      const me = await get<Office>(`/v1/offices/${encodeURIComponent(own)}`);
      if (me.province_code === null) return;
      const r = await get<{ items: Office[] }>(
        `/v1/offices?type=post_office&status=open&province=${me.province_code}&limit=500`,
      );
      setProvince(r.items);
    })().catch(() => undefined);
  }, [own]);
  // A whole postcode reaches an office of any province.
  useEffect(() => {
    const q = text.trim();
    if (!/^\d{5}$/.test(q)) return setByPostcode([]);
    get<{ items: Office[] }>(`/v1/offices?status=open&postcode=${q}`).then(
      (r) => setByPostcode(r.items),
      () => setByPostcode([]),
    );
  }, [text]);

  const q = searchKey(text);
  const matches =
    q === ''
      ? []
      : [
          ...byPostcode,
          ...province.filter(
            (o) =>
              !byPostcode.some((b) => b.id === o.id) &&
              (o.postcode.startsWith(q) || searchKey(o.name).includes(q)),
          ),
        ]
          .filter((o) => o.id !== own)
          .slice(0, 8);
  const take = (o: Office) => {
    choose(o);
    setText('');
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') setPick((p) => Math.min(p + 1, matches.length - 1));
    else if (e.key === 'ArrowUp') setPick((p) => Math.max(p - 1, 0));
    else if (e.key === 'Enter') {
      if (matches[pick] !== undefined) take(matches[pick]);
    } else return;
    e.preventDefault();
  };

  if (chosen !== null)
    return (
      <p className="stock-chosen" data-testid="send-chosen">
        <strong>{t('counter.stock.send.chosen', { name: chosen.name, postcode: chosen.postcode })}</strong>{' '}
        <button type="button" data-testid="send-change" onClick={() => choose(null)}>
          {t('counter.stock.send.change')}
        </button>
      </p>
    );
  return (
    <div>
      <Field
        label={t('counter.stock.send.office')}
        hint={t('counter.stock.send.officeHint')}
        autoComplete="off"
        data-testid="send-office"
        value={text}
        error={q !== '' && matches.length === 0 ? t('counter.stock.send.officeNone') : undefined}
        onChange={(e) => (setText(e.target.value), setPick(0))}
        onKeyDown={onKey}
      />
      {matches.length > 0 && (
        <ul className="stock-found" role="listbox" data-testid="send-offices">
          {matches.map((o, i) => (
            <li
              key={o.id}
              role="option"
              aria-selected={i === pick}
              className={i === pick ? 'picked' : ''}
              onClick={() => take(o)}
            >
              <strong>{o.postcode}</strong> {o.name}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function SendSection(props: { office: string; stock: StockLine[]; onDone: () => Promise<void> }) {
  const { office, stock, onDone } = props;
  const { t } = useT();
  const name = useOfficeNames();
  const product = useProductNames(office);
  const [to, setTo] = useState<Office | null>(null);
  const [lines, setLines] = useState<MoveLine[]>([]);
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<{ office?: string; lines?: string }>({});
  const [refusal, setRefusal] = useState<unknown>(null);
  const [sent, setSent] = useState<Transfer | null>(null);
  const [outgoing, setOutgoing] = useState<Transfer[]>([]);
  const submission = useRef<{ key: string; body: string } | null>(null);

  const load = useCallback(async () => {
    const r = await get<{ items: Transfer[] }>(
      `/v1/retail/offices/${office}/transfers?direction=out&state=sent&limit=20`,
    );
    setOutgoing(r.items);
  }, [office]);
  useEffect(() => void load().catch(setRefusal), [load]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setRefusal(null);
    setSent(null);
    const body = linesBody(lines);
    const next = {
      ...(to === null ? { office: t('counter.stock.send.officeMissing') } : {}),
      ...(lines.length === 0
        ? { lines: t('counter.stock.lines.none') }
        : 'bad' in body
          ? { lines: t('counter.stock.lines.quantityBad', { line: body.bad }) }
          : {}),
    };
    setProblem(next);
    if (to === null || 'bad' in body || lines.length === 0) return;
    const payload = { to_office: to.id, note: note.trim() === '' ? null : note.trim(), lines: body.lines };
    const text = JSON.stringify(payload);
    if (submission.current?.body !== text) submission.current = { key: newKey(), body: text };
    try {
      const r = await post<Transfer>(
        `/v1/retail/offices/${office}/transfers`,
        payload,
        submission.current.key,
      );
      submission.current = null;
      setSent(r);
      setLines([]);
      setNote('');
      setTo(null);
      await load();
      await onDone();
    } catch (err) {
      setRefusal(err);
    }
  };
  const details = isApiError(refusal) ? (refusal.details as { line?: number } | undefined) : undefined;

  return (
    <section className="card" aria-labelledby="send-title">
      <h2 id="send-title">{t('counter.stock.send.title')}</h2>
      {sent !== null && (
        <Notice testId="send-done">
          {t('counter.stock.send.done', { id: sent.id, name: name(sent.to_office) })}
          <table className="table" data-testid="send-sent">
            <thead>
              <tr>
                <th>{t('counter.stock.product')}</th>
                <th className="num">{t('counter.stock.send.sent')}</th>
                <th className="num">{t('counter.stock.send.valueAtCost')}</th>
              </tr>
            </thead>
            <tbody>
              {sent.lines.map((l) => (
                <tr key={l.product}>
                  <td>{product(l.product)}</td>
                  <td className="num">{l.sent}</td>
                  <td className="num">
                    <Money value={l.value} />
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th colSpan={2}>{t('counter.stock.send.total')}</th>
                <td className="num">
                  <Money value={transferValue(sent)} testId="send-value" />
                </td>
              </tr>
            </tfoot>
          </table>
        </Notice>
      )}
      <ErrorBox error={refusal} testId="send-error" />
      <form onSubmit={(e) => void submit(e)} data-testid="send-form">
        <OfficePicker own={office} chosen={to} choose={setTo} />
        {problem.office !== undefined && to === null && (
          <p className="field-error" role="alert" data-testid="send-office-error">
            {problem.office}
          </p>
        )}
        <GoodsLines
          office={office}
          prefix="send"
          stock={stock}
          lines={lines}
          setLines={(f) => setLines(f)}
          badLine={details?.line}
        />
        {problem.lines !== undefined && (
          <p className="field-error" role="alert">
            {problem.lines}
          </p>
        )}
        <Field
          label={t('counter.stock.send.note')}
          data-testid="send-note"
          value={note}
          maxLength={500}
          onChange={(e) => setNote(e.target.value)}
        />
        <button type="submit" className="primary" data-testid="send-submit">
          {t('counter.stock.send.submit')}
        </button>
      </form>
      <h3>{t('counter.stock.send.outgoing')}</h3>
      {outgoing.length === 0 ? (
        <p className="muted">{t('counter.stock.send.noOutgoing')}</p>
      ) : (
        <table className="table" data-testid="send-outgoing">
          <tbody>
            {outgoing.map((x) => (
              <tr key={x.id} data-testid={`outgoing-${x.id}`}>
                <td>
                  <strong>{x.id}</strong> → {name(x.to_office)}
                </td>
                <td>
                  {x.lines.map((l) => `${l.product} × ${l.sent}`).join(', ')}
                  {x.note === null ? '' : ` · ${x.note}`}
                </td>
                <td className="num">
                  <Money value={transferValue(x)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
