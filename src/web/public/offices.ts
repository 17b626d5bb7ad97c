// The office finder: a commune's name (accent-insensitive, as GET /v1/geo/communes searches) or a postcode,
// and the offices a member of the public can walk into there, from the public directory GET /v1/offices.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { html, type Html } from './html.ts';
import { apiGet, page, pageLang, param, refusalText, sendPage, stringsOf } from './layout.ts';
import type { Strings } from './strings.ts';

interface Office {
  id: string;
  type: string;
  name: string;
  postcode: string;
  address: string;
  phone: string | null;
  opening_hours: string;
  status: string;
}
interface Commune {
  code: string;
  name: string;
  province_name: string;
}
interface Page<T> {
  items: T[];
  total: number;
}

/** The offices with a counter for the public (not the corporation's seat or a sorting centre). */
const COUNTERS = new Set(['provincial_post', 'post_office', 'service_point']);
/** The communes a search shows at most: a name is rarely shared by more. */
const MAX_COMMUNES = 10;

function officeList(offices: Office[], s: Strings): Html {
  return html`<ul>
    ${offices.map(
      (o) =>
        html`<li data-testid="office" data-postcode="${o.postcode}">
          <b>${o.name}</b> · ${s.offices.postcode}
          ${o.postcode}${o.status === 'open' ? '' : html` · <b>${s.offices.closed}</b>`}
          <dl>
            <dt>${s.offices.address}</dt>
            <dd>${o.address}</dd>
            ${
              o.phone === null
                ? ''
                : html`<dt>${s.offices.phone}</dt>
                    <dd><a href="tel:${o.phone}">${o.phone}</a></dd>`
            }
            <dt>${s.offices.hours}</dt>
            <dd>${o.opening_hours}</dd>
          </dl>
        </li>`,
    )}
  </ul>`;
}

/** GET /offices: the form, and the offices of the commune(s) or postcode asked for. */
export function officesPage(app: FastifyInstance) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const lang = pageLang(req, reply);
    const s = stringsOf(lang);
    const q = param(req, 'q', 100).trim();
    let results: Html = html``;
    let status = 200;
    const none = html`<p class="result" data-testid="offices-none">${s.offices.none(q)}</p>`;
    if (/^\d{5}$/.test(q)) {
      const a = await apiGet<Page<Office>>(app, req, `/v1/offices?postcode=${q}`);
      if (!a.ok) {
        status = a.refusal.status;
        results = html`<p class="result error" role="alert" data-testid="offices-error">
          ${refusalText(a.refusal, lang)}
        </p>`;
      } else
        results = a.body.items.length === 0 ? none : html`<section>${officeList(a.body.items, s)}</section>`;
    } else if (q !== '') {
      const c = await apiGet<Page<Commune>>(
        app,
        req,
        `/v1/geo/communes?${new URLSearchParams({ q, limit: String(MAX_COMMUNES) }).toString()}`,
      );
      if (!c.ok) {
        status = c.refusal.status;
        results = html`<p class="result error" role="alert" data-testid="offices-error">
          ${refusalText(c.refusal, lang)}
        </p>`;
      } else {
        const found = await Promise.all(
          c.body.items.map(async (commune) => {
            const a = await apiGet<Page<Office>>(
              app,
              req,
              `/v1/offices?commune=${commune.code}&status=open&limit=50`,
            );
            return { commune, offices: a.ok ? a.body.items.filter((o) => COUNTERS.has(o.type)) : [] };
          }),
        );
        const withOffices = found.filter((f) => f.offices.length > 0);
        results =
          withOffices.length === 0
            ? none
            : html`${withOffices.map(
                (f) =>
                  html`<section data-testid="commune">
                    <h2>${f.commune.name}, ${f.commune.province_name}</h2>
                    ${officeList(f.offices, s)}
                  </section>`,
              )}`;
      }
    }
    const body = html`<form method="get" action="/offices" role="search">
        <label for="q">${s.offices.label}</label>
        <input id="q" name="q" value="${q}" autocomplete="off" autofocus aria-describedby="q-hint" />
        <p class="hint" id="q-hint">${s.offices.hint}</p>
        <button type="submit">${s.offices.submit}</button>
      </form>
      ${results}`;
    return sendPage(
      reply,
      page({ s, path: '/offices', title: s.offices.title, query: q === '' ? {} : { q }, body }),
      status,
    );
  };
}
