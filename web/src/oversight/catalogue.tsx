// The provincial manager's goods catalogue: find a product (with or without accents, or by barcode), open it,
// edit their province's products and set their province's prices; import a file and see every bad row named.
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useParams } from 'wouter';
import { ApiError } from '../ui/api.ts';
import { useT } from '../ui/i18n.ts';
import { ErrorBox, Field, Money, Notice, Page } from '../ui/parts.tsx';
import { useMe } from '../ui/session.tsx';
import {
  importFile,
  productCard,
  saveProduct,
  searchProducts,
  setPrice,
  type ImportResult,
  type Price,
  type Problem,
  type Product,
} from './catalogue.ts';

/** Every bad row of a refused file, as the API named them. */
function Problems({ error }: { error: unknown }) {
  const { t, lang } = useT();
  if (!(error instanceof ApiError) || error.code !== 'invalid_catalogue') return <ErrorBox error={error} />;
  const problems = ((error.details ?? {}) as { problems?: Problem[] }).problems ?? [];
  return (
    <div className="error-box" role="alert" data-testid="import-problems" data-code={error.code}>
      <strong>{t('oversight.catalogue.refusedFile')}</strong>
      <table className="table">
        <thead>
          <tr>
            <th>{t('oversight.catalogue.row')}</th>
            <th>{t('oversight.catalogue.column')}</th>
            <th>{t('oversight.catalogue.problem')}</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((p, i) => (
            <tr key={i} data-testid="import-problem" data-row={p.row} data-field={p.field}>
              <td className="num">{p.row}</td>
              <td>
                <code>{p.field}</code>
              </td>
              <td>{lang === 'vi' ? p.message_vi : p.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function OversightCataloguePage() {
  const { t, lang } = useT();
  const me = useMe();
  const [q, setQ] = useState('');
  const [items, setItems] = useState<Product[] | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [file, setFile] = useState<File | null>(null);
  const [imported, setImported] = useState<ImportResult | null>(null);
  const [importError, setImportError] = useState<unknown>(null);
  const search = (e?: FormEvent) => {
    e?.preventDefault();
    setError(null);
    searchProducts(q).then((r) => setItems(r.items), setError);
  };
  const upload = (e: FormEvent) => {
    e.preventDefault();
    if (file === null || me.office_province === null) return;
    setImported(null);
    setImportError(null);
    importFile(me.office_province, file).then(setImported, setImportError);
  };
  return (
    <Page title={t('oversight.catalogue.title')}>
      <form onSubmit={search} className="row">
        <Field
          label={t('oversight.catalogue.search')}
          hint={t('oversight.catalogue.searchHint')}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          data-testid="catalogue-q"
        />
        <button type="submit" data-testid="catalogue-search">
          {t('oversight.catalogue.find')}
        </button>
      </form>
      <ErrorBox error={error} />
      {items !== undefined &&
        (items.length === 0 ? (
          <p>{t('oversight.catalogue.none')}</p>
        ) : (
          <table className="table" data-testid="catalogue-results">
            <thead>
              <tr>
                <th>{t('oversight.catalogue.code')}</th>
                <th>{t('oversight.catalogue.name')}</th>
                <th>{t('oversight.catalogue.barcode')}</th>
                <th>{t('oversight.catalogue.province')}</th>
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
                    {!p.active && <small className="muted"> ({t('oversight.catalogue.withdrawn')})</small>}
                  </td>
                  <td>
                    <code>{p.barcode}</code>
                  </td>
                  <td>{p.province_code ?? t('oversight.catalogue.national')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      <h2>{t('oversight.catalogue.importTitle')}</h2>
      <p className="muted">{t('oversight.catalogue.importLead')}</p>
      <form onSubmit={upload} className="row">
        <input
          type="file"
          accept=".csv,.xlsx,text/csv"
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
    </Page>
  );
}

export function OversightProductPage() {
  const { t, lang } = useT();
  const me = useMe();
  const { code } = useParams<{ code: string }>();
  const [product, setProduct] = useState<Product | null>(null);
  const [prices, setPrices] = useState<Price[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [price, setPriceForm] = useState({ kind: 'list', valid_from: '', valid_to: '', price: '' });
  const [priceError, setPriceError] = useState<unknown>(null);
  const [priced, setPriced] = useState(false);
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
  const submitPrice = (e: FormEvent) => {
    e.preventDefault();
    setPriceError(null);
    setPriced(false);
    setPrice(product.code, {
      province_code: province,
      kind: price.kind === 'promotion' ? 'promotion' : 'list',
      valid_from: price.valid_from,
      valid_to: price.valid_to === '' ? null : price.valid_to,
      price: price.price,
    }).then((c) => {
      setPrices(c.prices);
      setPriced(true);
    }, setPriceError);
  };
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
        {t('oversight.catalogue.province')}: {product.province_code ?? t('oversight.catalogue.national')}
        {product.ocop_stars !== null && ` · OCOP ${'★'.repeat(product.ocop_stars)}`}
      </p>
      <form onSubmit={save} data-testid="product-form">
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
        <label className="check">
          <input
            type="checkbox"
            checked={product.active}
            onChange={(e) => edit({ active: e.target.checked })}
            data-testid="active"
          />{' '}
          {t('oversight.catalogue.active')}
        </label>
        <button type="submit" data-testid="product-save">
          {t('oversight.catalogue.save')}
        </button>
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
            <tr key={`${p.province_code}${p.kind}${p.valid_from}`} data-testid="price-row" data-kind={p.kind}>
              <td>{p.province_code}</td>
              <td>{t(`oversight.catalogue.${p.kind}`)}</td>
              <td>{p.valid_from}</td>
              <td>{p.valid_to ?? '…'}</td>
              <td className="num">
                <Money value={p.price} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('oversight.catalogue.setPrice', { province })}</h2>
      <form onSubmit={submitPrice} className="row" data-testid="price-form">
        <label>
          {t('oversight.catalogue.kind')}{' '}
          <select
            value={price.kind}
            onChange={(e) => setPriceForm({ ...price, kind: e.target.value })}
            data-testid="price-kind"
          >
            <option value="list">{t('oversight.catalogue.list')}</option>
            <option value="promotion">{t('oversight.catalogue.promotion')}</option>
          </select>
        </label>
        <Field
          label={t('oversight.catalogue.from')}
          type="date"
          value={price.valid_from}
          onChange={(e) => setPriceForm({ ...price, valid_from: e.target.value })}
          data-testid="price-from"
        />
        <Field
          label={t('oversight.catalogue.to')}
          type="date"
          value={price.valid_to}
          onChange={(e) => setPriceForm({ ...price, valid_to: e.target.value })}
          data-testid="price-to"
        />
        <Field
          label={t('oversight.catalogue.price')}
          inputMode="numeric"
          value={price.price}
          onChange={(e) => setPriceForm({ ...price, price: e.target.value.replace(/\D/g, '') })}
          data-testid="price-value"
        />
        <button type="submit" data-testid="price-submit">
          {t('oversight.catalogue.setPriceShort')}
        </button>
      </form>
      <ErrorBox error={priceError} testId="price-error" />
      {priced && <Notice testId="price-set">{t('oversight.catalogue.priceSet')}</Notice>}
    </Page>
  );
}
