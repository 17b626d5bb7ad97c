// The citizen's look-up of a public-service dossier: its code and the phone given when lodging it, in a plain
// GET form, answered by GET /v1/public/dossiers/:dossier?phone= (rate limited, the citizen's name already
// masked there): the state in words, the procedure, the agency, the appointment and each leg's carriage. A
// wrong code and a wrong phone get the same answer, and the phone typed is not written back into the page.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { html, type Html } from './html.ts';
import { apiGet, page, pageLang, param, refusalText, sendPage, stringsOf } from './layout.ts';
import type { Lang, Strings } from './strings.ts';
import { moment } from './track.ts';

/** What GET /v1/public/dossiers/:dossier answers. */
interface PublicDossier {
  id: string;
  procedure: string;
  agency: string;
  state: string;
  citizen: string;
  appointment_day: string | null;
  steps: Array<{ step: string; state: string; at: string }>;
  transport: Array<{
    id: string;
    status: string;
    events: Array<{ code: string; description_vi: string; description: string; at: string }>;
  }>;
}

/** A dossier code as printed (HS + digits): typed in any case, spaces dropped. */
export const normaliseCode = (text: string): string => text.replace(/\s+/g, '').toUpperCase();

const dayText = (d: string) => d.split('-').reverse().join('/');

function found(d: PublicDossier, s: Strings, lang: Lang): Html {
  const w = s.dossier;
  const steps = [...d.steps].reverse();
  return html`<section class="ok" data-testid="dossier-result" data-dossier="${d.id}">
      <h2>${d.id}</h2>
      <dl>
        <dt>${w.state}</dt>
        <dd data-testid="dossier-state" data-state="${d.state}">
          <strong>${w.states[d.state] ?? d.state}</strong>
        </dd>
        <dt>${w.procedure}</dt>
        <dd>${d.procedure}</dd>
        <dt>${w.agency}</dt>
        <dd>${d.agency}</dd>
        <dt>${w.citizen}</dt>
        <dd data-testid="dossier-citizen">${d.citizen}</dd>
        <dt>${w.appointment}</dt>
        <dd data-testid="dossier-appointment">
          ${d.appointment_day === null ? w.noAppointment : dayText(d.appointment_day)}
        </dd>
      </dl>
      <h2>${w.history}</h2>
      <table>
        <thead>
          <tr>
            <th>${w.when}</th>
            <th>${w.step}</th>
            <th>${w.state}</th>
          </tr>
        </thead>
        <tbody>
          ${steps.map(
            (x) =>
              html`<tr data-testid="dossier-step">
                <td>${moment(x.at)}</td>
                <td>${w.steps[x.step] ?? x.step}</td>
                <td>${w.states[x.state] ?? x.state}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </section>
    ${d.transport.map((t) => leg(t, s, lang))}`;
}

function leg(t: PublicDossier['transport'][number], s: Strings, lang: Lang): Html {
  const events = [...t.events].reverse();
  return html`<section data-testid="dossier-leg" data-item="${t.id}">
    <h2>${s.dossier.transport}: ${t.id}</h2>
    <p>${s.track.status}: <strong>${s.track.statuses[t.status] ?? t.status}</strong></p>
    ${
      events.length === 0
        ? html`<p>${s.dossier.noEvents}</p>`
        : html`<table>
            <tbody>
              ${events.map(
                (e) =>
                  html`<tr>
                    <td>${moment(e.at)}</td>
                    <td>${lang === 'en' ? e.description : e.description_vi}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
  </section>`;
}

/** GET /dossier: the form, and the dossier asked for. */
export function dossierPage(app: FastifyInstance) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const lang = pageLang(req, reply);
    const s = stringsOf(lang);
    const code = normaliseCode(param(req, 'code', 40));
    const phone = param(req, 'phone', 30).trim();
    let result: Html = html``;
    let status = 200;
    if (code !== '' || phone !== '') {
      if (code === '' || phone === '') {
        status = 400;
        result = html`<p class="result error" role="alert" data-testid="dossier-error">
          ${s.dossier.needBoth}
        </p>`;
      } else {
        const a = await apiGet<PublicDossier>(
          app,
          req,
          `/v1/public/dossiers/${encodeURIComponent(code)}?phone=${encodeURIComponent(phone)}`,
        );
        if (a.ok) result = found(a.body, s, lang);
        else {
          status = a.refusal.status;
          // Not found says the same whether the code or the phone was wrong: the API answers both alike.
          result = html`<p
            class="result error"
            role="alert"
            data-testid="dossier-error"
            data-code="${a.refusal.code}"
          >
            ${a.refusal.status === 404 ? s.dossier.notFound : refusalText(a.refusal, lang)}
          </p>`;
        }
      }
    }
    const body = html`<p>${s.dossier.lead}</p>
      <form method="get" action="/dossier" role="search">
        <label for="code">${s.dossier.code}</label>
        <input
          id="code"
          name="code"
          value="${code}"
          maxlength="40"
          autocomplete="off"
          autocapitalize="characters"
          spellcheck="false"
          aria-describedby="code-hint"
          required
        />
        <p class="hint" id="code-hint">${s.dossier.codeHint}</p>
        <label for="phone">${s.dossier.phone}</label>
        <input
          id="phone"
          name="phone"
          type="tel"
          inputmode="tel"
          maxlength="30"
          autocomplete="tel"
          aria-describedby="phone-hint"
          required
        />
        <p class="hint" id="phone-hint">${s.dossier.phoneHint}</p>
        <button type="submit">${s.dossier.submit}</button>
      </form>
      ${result}`;
    // The language toggle keeps the code, never the phone: the page holds no full phone number.
    return sendPage(
      reply,
      page({ s, path: '/dossier', title: s.dossier.title, query: code === '' ? {} : { code }, body }),
      status,
    );
  };
}
