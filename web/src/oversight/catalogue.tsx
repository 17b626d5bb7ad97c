// The provincial manager's goods catalogue and prices: find a product (with or without accents, or by barcode),
// see the province's price list of a day, open a product to edit it or set a price or promotion for a period,
// and import a file whole or not at all, every bad row named.
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useParams } from 'wouter';
import { ApiError } from '../ui/api.ts';
import { day, parseDay, parseVnd, vnd } from '../ui/format.ts';
import { useT } from '../ui/i18n.ts';
import { ErrorBox, Field, Money, Notice, Page } from '../ui/parts.tsx';
import { useMe } from '../ui/session.tsx';
import { DayField, INLINE, MUTED, PriceList, Problems, TIGHT, useProvince } from './catalogue-parts.tsx';
import {
  importFile,
  productCard,
  saveProduct,
  searchProducts,
  setPrice,
  type ImportResult,
  type Price,
  type Product,
} from './catalogue.ts';

export function OversightCataloguePage() {
  const { t, lang } = useT();
  const me = useMe();
  const label = useProvince();
  const [q, setQ] = useState('');
  const [items, setItems] = useState<Product[] | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [file, setFile] = useState<File | null>(null);
  const [imported, setImported] = useState<ImportResult | null>(null);
  const [importError, setImportError] = useState<unknown>(null);
  const [reload, setReload] = useState(0);
  const province = me.office_province;
  const search = (e?: FormEvent) => {
    e?.preventDefault();
    setError(null);
    searchProducts(q).then((r) => setItems(r.items), setError);
  };
  const upload = (e: FormEvent) => {
    e.preventDefault();
    if (file === null || province === null) return;
    setImported(null);
    setImportError(null);
    importFile(province, file).then((r) => {
      setImported(r);
      setReload((n) => n + 1);
    }, setImportError);
  };
  return (
    <Page
      title={t('oversight.catalogue.title')}
      aside={
        province !== null && (
          <span data-testid="my-province">
            {t('oversight.catalogue.yourProvince', { province: label(province) })}
          </span>
        )
      }
    >
      <form onSubmit={search} className="row">
        <Field
          label={t('oversight.catalogue.search')}
          hint={t('oversight.catalogue.searchHint')}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          data-testid="catalogue-q"
        />
        <div className="field" style={TIGHT}>
          <button type="submit" data-testid="catalogue-search">
            {t('oversight.catalogue.find')}
          </button>
        </div>
      </form>
      <ErrorBox error={error} />
      {items !== undefined &&
        (items.length === 0 ? (
          <p data-testid="catalogue-none">{t('oversight.catalogue.none')}</p>
        ) : (
          <table className="table" data-testid="catalogue-results">
            <thead>
              <tr>
                <th>{t('oversight.catalogue.code')}</th>
                <th>{t('oversight.catalogue.name')}</th>
                <th>{t('oversight.catalogue.barcode')}</th>
                <th>{t('oversight.catalogue.maintainer')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((p) => (
                <tr key={p.code} data-testid="catalogue-row" data-code={p.code}>
                  <td>
                    <Link href={`/oversight/catalogue/${encodeURIComponent(p.code)}`}>{p.code}</Link>
                  </td>
                  <td>
                    {lang === 'vi' ? p.name_vi : p.name_en}
                    {!p.active && <small style={MUTED}> ({t('oversight.catalogue.withdrawn')})</small>}
                  </td>
                  <td>
                    <code>{p.barcode}</code>
                  </td>
                  <td data-testid="catalogue-row-province">{label(p.province_code)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      <h2>{t('oversight.catalogue.importTitle')}</h2>
      <p style={MUTED}>{t('oversight.catalogue.importLead')}</p>
      <form onSubmit={upload} className="row">
        <input
          type="file"
          accept=".csv,.xlsx,text/csv"
          style={INLINE}
          data-testid="import-file"
          aria-label={t('oversight.catalogue.importTitle')}
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
        <button type="submit" disabled={file === null} data-testid="import-submit">
          {t('oversight.catalogue.import')}
        </button>
      </form>
      {importError !== null && <Problems error={importError} />}
      {imported !== null && (
        <Notice testId="import-done">
          {t('oversight.catalogue.imported', {
            name: imported.file.name,
            rows: imported.file.rows,
            added: imported[imported.file.layout].added,
            changed: imported[imported.file.layout].changed,
            unchanged: imported[imported.file.layout].unchanged,
          })}
        </Notice>
      )}
      {province !== null && <PriceList province={province} reload={reload} />}
    </Page>
  );
}

const BARE = { border: 0, padding: 0, margin: 0 };

type PriceForm = { kind: 'list' | 'promotion'; from: string; to: string; price: string };
type PriceField = 'valid_from' | 'valid_to' | 'price';

export function OversightProductPage() {
  const { t, lang } = useT();
  const me = useMe();
  const label = useProvince();
  const { code } = useParams<{ code: string }>();
  const [product, setProduct] = useState<Product | null>(null);
  const [prices, setPrices] = useState<Price[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [form, setForm] = useState<PriceForm>({ kind: 'list', from: '', to: '', price: '' });
  const [invalid, setInvalid] = useState<Partial<Record<PriceField, string>>>({});
  const [priceError, setPriceError] = useState<unknown>(null);
  const [priced, setPriced] = useState<Price | null>(null);
  useEffect(() => {
    productCard(code).then((c) => {
      setProduct(c.product);
      setPrices(c.prices);
    }, setError);
  }, [code]);
  if (product === null) return <Page title={code}>{error === null ? null : <ErrorBox error={error} />}</Page>;
  const edit = (p: Partial<Product>) => setProduct({ ...product, ...p });
  const save = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setSaved(false);
    saveProduct(product).then((p) => {
      setProduct(p);
      setSaved(true);
    }, setError);
  };
  const province = me.office_province ?? '';
  // Another province's product (or the national goods) is theirs to edit: the price here is still this one's.
  const mine = product.province_code !== null && product.province_code === province;
  const submitPrice = (e: FormEvent) => {
    e.preventDefault();
    setPriceError(null);
    setPriced(null);
    const from = parseDay(form.from);
    const to = form.to.trim() === '' ? null : parseDay(form.to);
    const amount = parseVnd(form.price);
    // Checked here so that a slip is named beside its field before anything is sent; the API decides the rest.
    const bad: Partial<Record<PriceField, string>> = {};
    if (from === undefined) bad.valid_from = t('oversight.catalogue.badDay');
    if (to === undefined) bad.valid_to = t('oversight.catalogue.badDay');
    else if (to === null && form.kind === 'promotion') bad.valid_to = t('oversight.catalogue.needTo');
    if (amount === undefined || amount <= 0n) bad.price = t('oversight.catalogue.badPrice');
    setInvalid(bad);
    if (from === undefined || to === undefined || amount === undefined || Object.keys(bad).length > 0) return;
    const sent = {
      province_code: province,
      kind: form.kind,
      valid_from: from,
      valid_to: to,
      price: `${amount}`,
    };
    setPrice(product.code, sent).then(
      (c) => {
        setPrices(c.prices);
        setPriced({ ...sent, product_code: product.code });
      },
      (err: unknown) => {
        const field = err instanceof ApiError ? (err.details as { field?: string } | null)?.field : undefined;
        if (field === 'valid_from' || field === 'valid_to' || field === 'price')
          setInvalid({ [field]: lang === 'vi' ? (err as ApiError).messageVi : (err as ApiError).message });
        setPriceError(err);
      },
    );
  };
  const until = (to: string | null) => (to === null ? t('oversight.catalogue.openEnded') : day(to));
  return (
    <Page
      title={`${product.code} — ${lang === 'vi' ? product.name_vi : product.name_en}`}
      aside={
        <Link href="/oversight/catalogue" data-testid="back">
          {t('oversight.catalogue.back')}
        </Link>
      }
    >
      <p>
        {t('oversight.catalogue.barcode')}: <code data-testid="product-barcode">{product.barcode}</code> ·{' '}
        {t('oversight.catalogue.maintainer')}:{' '}
        <span data-testid="product-province">{label(product.province_code)}</span>
        {product.ocop_stars !== null &&
          ` · OCOP ${'★'.repeat(product.ocop_stars)}${product.local_province === null ? '' : ` ${label(product.local_province)}`}`}
      </p>
      {!mine && (
        <p className="caution" data-testid="product-not-yours">
          {t('oversight.catalogue.notYours', { province: label(product.province_code) })}
        </p>
      )}
      <form onSubmit={save} data-testid="product-form">
        <fieldset disabled={!mine} style={BARE}>
          <Field
            label={t('oversight.catalogue.nameVi')}
            value={product.name_vi}
            onChange={(e) => edit({ name_vi: e.target.value })}
            data-testid="name-vi"
          />
          <Field
            label={t('oversight.catalogue.nameEn')}
            value={product.name_en}
            onChange={(e) => edit({ name_en: e.target.value })}
            data-testid="name-en"
          />
          <Field
            label={t('oversight.catalogue.unit')}
            value={product.unit}
            onChange={(e) => edit({ unit: e.target.value })}
          />
          <label className="field" style={TIGHT}>
            <span>
              <input
                type="checkbox"
                style={INLINE}
                checked={product.active}
                onChange={(e) => edit({ active: e.target.checked })}
                data-testid="active"
              />{' '}
              {t('oversight.catalogue.active')}
            </span>
          </label>
          <button type="submit" data-testid="product-save">
            {t('oversight.catalogue.save')}
          </button>
        </fieldset>
      </form>
      <ErrorBox error={error} testId="product-error" />
      {saved && <Notice testId="product-saved">{t('oversight.catalogue.saved')}</Notice>}
      <h2>{t('oversight.catalogue.prices')}</h2>
      <table className="table" data-testid="prices">
        <thead>
          <tr>
            <th>{t('oversight.catalogue.province')}</th>
            <th>{t('oversight.catalogue.kind')}</th>
            <th>{t('oversight.catalogue.from')}</th>
            <th>{t('oversight.catalogue.to')}</th>
            <th className="num">{t('oversight.catalogue.price')}</th>
          </tr>
        </thead>
        <tbody>
          {prices.map((p) => (
            <tr
              key={`${p.province_code}${p.kind}${p.valid_from}`}
              data-testid="price-row"
              data-kind={p.kind}
              data-province={p.province_code}
              data-from={p.valid_from}
            >
              <td>{label(p.province_code)}</td>
              <td>{t(`oversight.catalogue.${p.kind}`)}</td>
              <td>{day(p.valid_from)}</td>
              <td>{until(p.valid_to)}</td>
              <td className="num">
                <Money value={p.price} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('oversight.catalogue.setPrice', { province: label(province) })}</h2>
      <form onSubmit={submitPrice} className="row" data-testid="price-form">
        <div className="field" style={TIGHT}>
          <label htmlFor="price-kind">{t('oversight.catalogue.kind')}</label>
          <select
            id="price-kind"
            value={form.kind}
            onChange={(e) =>
              setForm({ ...form, kind: e.target.value === 'promotion' ? 'promotion' : 'list' })
            }
            data-testid="price-kind"
          >
            <option value="list">{t('oversight.catalogue.list')}</option>
            <option value="promotion">{t('oversight.catalogue.promotion')}</option>
          </select>
        </div>
        <DayField
          label={t('oversight.catalogue.from')}
          text={form.from}
          onText={(from) => setForm({ ...form, from })}
          error={invalid.valid_from}
          testId="price-from"
        />
        <DayField
          label={t('oversight.catalogue.to')}
          text={form.to}
          onText={(to) => setForm({ ...form, to })}
          error={invalid.valid_to}
          testId="price-to"
        />
        <Field
          label={t('oversight.catalogue.price')}
          hint={t('oversight.catalogue.priceHint')}
          inputMode="numeric"
          autoComplete="off"
          value={form.price}
          error={invalid.price}
          onChange={(e) => setForm({ ...form, price: e.target.value })}
          data-testid="price-value"
        />
        <div className="field" style={TIGHT}>
          <button type="submit" data-testid="price-submit">
            {t('oversight.catalogue.setPriceShort')}
          </button>
        </div>
      </form>
      <ErrorBox error={priceError} testId="price-error" />
      {priced !== null && (
        <Notice testId="price-set">
          {t('oversight.catalogue.priceSet', {
            kind: t(`oversight.catalogue.${priced.kind}`),
            price: vnd(priced.price),
            period:
              priced.valid_to === null
                ? t('oversight.catalogue.periodOpen', { from: day(priced.valid_from) })
                : t('oversight.catalogue.period', { from: day(priced.valid_from), to: day(priced.valid_to) }),
          })}
        </Notice>
      )}
    </Page>
  );
}
