// The tracking page: one or several S10 ids in a plain GET form, the journey of each newest first, as
// GET /v1/track/:id gives it (the recipient already masked there), and a line saying what is wrong with an id
// that is malformed or unknown.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { html, type Html } from './html.ts';
import { apiGet, page, pageLang, param, refusalText, sendPage, stringsOf, type Refusal } from './layout.ts';
import type { Lang, Strings } from './strings.ts';

/** The most ids one request tracks: each is a call of the rate-limited tracking API. */
export const MAX_IDS = 20;

/** What GET /v1/track/:id answers. */
interface Tracking {
  id: string;
  service: string;
  status: string;
  destination_province: string;
  recipient: string;
  recipient_phone: string;
  events: Array<{
    code: string;
    description_vi: string;
    description: string;
    at: string;
    office: string;
    reason: string | null;
  }>;
}

const TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** A moment as dd/mm/yyyy HH:mm in Vietnam's time. */
export const moment = (at: string): string => TIME.format(new Date(at)).replace(',', '');

/** The ids typed or scanned: split on spaces, commas, semicolons and new lines, upper-cased, each once. */
export function parseIds(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,;]+/)
        .filter((x) => x !== '')
        .map((x) => x.toUpperCase()),
    ),
  ];
}

function journey(t: Tracking, s: Strings, lang: Lang): Html {
  const events = [...t.events].reverse();
  return html`<section data-testid="item" data-item="${t.id}">
    <h2>${t.id}</h2>
    <dl>
      <dt>${s.track.service}</dt>
      <dd>${t.service}</dd>
      <dt>${s.track.status}</dt>
      <dd data-testid="item-status">${s.track.statuses[t.status] ?? t.status}</dd>
      <dt>${s.track.destination}</dt>
      <dd>${t.destination_province}</dd>
      <dt>${s.track.recipient}</dt>
      <dd data-testid="item-recipient">${t.recipient} · ${t.recipient_phone}</dd>
    </dl>
    ${
      events.length === 0
        ? html`<p>${s.track.noEvents}</p>`
        : html`<table>
            <thead>
              <tr>
                <th>${s.track.when}</th>
                <th>${s.track.event}</th>
                <th>${s.track.where}</th>
              </tr>
            </thead>
            <tbody>
              ${events.map(
                (e) =>
                  html`<tr data-testid="event">
                    <td>${moment(e.at)}</td>
                    <td>
                      ${lang === 'en' ? e.description : e.description_vi}${
                        e.reason === null ? '' : html`<br /><small>${s.track.reason}: ${e.reason}</small>`
                      }
                    </td>
                    <td>${e.office}</td>
                  </tr> `,
              )}
            </tbody>
          </table>`
    }
  </section>`;
}

const refused = (id: string, r: Refusal, lang: Lang): Html =>
  html`<section class="error" role="alert" data-testid="item-error" data-item="${id}">
    <h2>${id}</h2>
    <p>${refusalText(r, lang)}</p>
  </section>`;

/** GET /track: the form, and the journeys of the ids asked for. */
export function trackPage(app: FastifyInstance) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const lang = pageLang(req, reply);
    const s = stringsOf(lang);
    const typed = param(req, 'id', 2_000);
    const ids = parseIds(typed);
    let results: Html = html``;
    let status = 200;
    if (ids.length > MAX_IDS) {
      status = 400;
      results = html`<p class="result error" role="alert" data-testid="track-error">
        ${s.track.tooMany(ids.length, MAX_IDS)}
      </p>`;
    } else if (ids.length > 0) {
      const answers = await Promise.all(
        ids.map((id) => apiGet<Tracking>(app, req, `/v1/track/${encodeURIComponent(id)}`)),
      );
      results = html`${answers.map((a, i) => (a.ok ? journey(a.body, s, lang) : refused(ids[i]!, a.refusal, lang)))}`;
    }
    const body = html`<form method="get" action="/track" role="search">
        <label for="id">${s.track.label}</label>
        <textarea
          id="id"
          name="id"
          rows="2"
          autocomplete="off"
          autocapitalize="characters"
          spellcheck="false"
          autofocus
          aria-describedby="id-hint"
        >
${typed}</textarea>
        <p class="hint" id="id-hint">${s.track.hint}</p>
        <button type="submit">${s.track.submit}</button>
      </form>
      ${results}`;
    return sendPage(
      reply,
      page({ s, path: '/track', title: s.track.title, query: typed === '' ? {} : { id: typed }, body }),
      status,
    );
  };
}
