// A commune picked by typing part of its name, with or without accents, from the 3,321 communes (the API's
// search): a combobox the keyboard drives (arrows, Enter, Escape), optionally narrowed to one of the 34
// provinces. Reusable wherever a form needs a commune.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { get, query } from '../ui/api.ts';
import { useT } from '../ui/i18n.ts';

export interface Commune {
  code: string;
  name: string;
  type: string;
  province_code: string;
  province_name: string;
}
interface Province {
  code: string;
  name: string;
}

const PAGE = 8;
let provincesOnce: Promise<Province[]> | null = null;
// The 34 provinces change by law, not by the minute: fetched once per page load for every picker.
const loadProvinces = () =>
  (provincesOnce ??= get<{ items: Province[] }>('/v1/geo/provinces').then(
    (r) => r.items,
    () => {
      provincesOnce = null;
      return [];
    },
  ));

/** How a picked commune reads in the field: its name, then its province. */
export const communeText = (c: Commune) => `${c.name} — ${c.province_name}`;

interface Props {
  label: string;
  value: Commune | null;
  onChange: (c: Commune | null) => void;
  error?: string | undefined;
  /** Prefix of the stable test ids: `${testId}`, `${testId}-option`, `${testId}-province`. */
  testId: string;
}

/** A labelled commune combobox; its error (if any) is shown beside it. */
export function CommunePicker({ label, value, onChange, error, testId }: Props) {
  const { t } = useT();
  const id = useId();
  const listId = `${id}-list`;
  const [text, setText] = useState(value === null ? '' : communeText(value));
  const [province, setProvince] = useState('');
  const [provinces, setProvinces] = useState<Province[]>([]);
  const [options, setOptions] = useState<Commune[]>([]);
  const [total, setTotal] = useState(0);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [searching, setSearching] = useState(false);
  const typed = useRef(false);

  useEffect(() => {
    void loadProvinces().then(setProvinces);
  }, []);
  // A value set from outside (a cleared form) shows in the field.
  useEffect(() => {
    if (!typed.current) setText(value === null ? '' : communeText(value));
  }, [value]);

  useEffect(() => {
    if (!typed.current) return;
    const q = text.trim();
    if (q === '') {
      setOptions([]);
      setOpen(false);
      setSearching(false);
      return;
    }
    const ctl = new AbortController();
    setSearching(true);
    // Debounced: a clerk types fast, one search per pause.
    const timer = setTimeout(() => {
      get<{ items: Commune[]; total: number }>(
        `/v1/geo/communes${query({ q, province: province === '' ? undefined : province, limit: PAGE })}`,
        ctl.signal,
      ).then(
        (r) => {
          setOptions(r.items);
          setTotal(r.total);
          setActive(0);
          setOpen(true);
          setSearching(false);
        },
        (err: unknown) => {
          if ((err as Error).name !== 'AbortError') {
            setOptions([]);
            setSearching(false);
          }
        },
      );
    }, 180);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [text, province]);

  const pick = (c: Commune) => {
    typed.current = false;
    setText(communeText(c));
    setOpen(false);
    onChange(c);
  };

  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (!open && options.length > 0) setOpen(true);
      else setActive((a) => Math.min(a + 1, options.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === 'Enter') {
      // Enter takes the highlighted commune; it submits the form only once a commune is picked.
      if (open && options[active] !== undefined) {
        e.preventDefault();
        pick(options[active]);
      } else if (value === null && text.trim() !== '') e.preventDefault();
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      setOpen(false);
    }
  };

  const errId = `${id}-err`;
  const activeId = open && options[active] !== undefined ? `${id}-opt-${active}` : undefined;
  return (
    <div className={`field commune-picker${error === undefined ? '' : ' invalid'}`}>
      <label htmlFor={id}>{label}</label>
      <div className="commune-row">
        <div className="combo">
          <input
            id={id}
            role="combobox"
            aria-expanded={open}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={activeId}
            aria-invalid={error === undefined ? undefined : true}
            aria-describedby={error === undefined ? `${id}-help` : `${errId} ${id}-help`}
            autoComplete="off"
            placeholder={t('counter.accept.commune.placeholder')}
            data-testid={testId}
            data-code={value?.code}
            value={text}
            onChange={(e) => {
              typed.current = true;
              setText(e.target.value);
              if (value !== null) onChange(null);
            }}
            onKeyDown={onKey}
            onBlur={() => setOpen(false)}
          />
          {open && (
            <ul id={listId} role="listbox" className="combo-list" aria-label={label}>
              {options.map((c, i) => (
                <li
                  key={c.code}
                  id={`${id}-opt-${i}`}
                  role="option"
                  aria-selected={i === active}
                  data-testid={`${testId}-option`}
                  // mousedown, not click: it comes before the input's blur closes the list
                  onMouseDown={(e) => {
                    e.preventDefault();
                    pick(c);
                  }}
                >
                  <strong>{c.name}</strong> <span className="muted">{c.province_name}</span>
                </li>
              ))}
              {options.length === 0 && <li className="muted">{t('counter.accept.commune.none')}</li>}
              {total > options.length && (
                <li className="muted">{t('counter.accept.commune.more', { n: total - options.length })}</li>
              )}
            </ul>
          )}
        </div>
        {/* after the field in the tab order, drawn beside its label */}
        <select
          aria-label={t('counter.accept.commune.province')}
          title={t('counter.accept.commune.province')}
          data-testid={`${testId}-province`}
          value={province}
          onChange={(e) => {
            typed.current = text.trim() !== '' && value === null;
            setProvince(e.target.value);
          }}
        >
          <option value="">{t('counter.accept.commune.allProvinces')}</option>
          {provinces.map((p) => (
            <option key={p.code} value={p.code}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      <small id={`${id}-help`} className="hint">
        {searching ? t('counter.accept.commune.searching') : t('counter.accept.commune.help')}
      </small>
      {error !== undefined && (
        <small id={errId} className="field-error" role="alert">
          {error}
        </small>
      )}
    </div>
  );
}
