// What every public page shares: the language (asked for, remembered in the `lang` cookie the app also sets),
// the platform's own API called in-process, and the page's shell with its few lines of CSS.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { html, raw, type Html } from './html.ts';
import { stringsOf, type Lang, type Strings } from './strings.ts';

/** An API refusal as the API gave it: both languages and the code. */
export interface Refusal {
  status: number;
  code: string;
  message: string;
  message_vi: string;
}

export type Answer<T> = { ok: true; body: T } | { ok: false; refusal: Refusal };

/**
 * GET on the platform's own API through app.inject: the same routes, masking, errors and rate limits (keyed
 * by the person's address, not the server's), so the pages are no second API.
 */
export async function apiGet<T>(app: FastifyInstance, req: FastifyRequest, url: string): Promise<Answer<T>> {
  const r = await app.inject({ method: 'GET', url, remoteAddress: req.ip });
  let body: unknown;
  try {
    body = r.json();
  } catch {
    body = {};
  }
  if (r.statusCode === 200) return { ok: true, body: body as T };
  const b = body as Partial<Refusal>;
  return {
    ok: false,
    refusal: {
      status: r.statusCode,
      code: b.code ?? 'internal',
      message: b.message ?? `HTTP ${r.statusCode}`,
      message_vi: b.message_vi ?? b.message ?? `HTTP ${r.statusCode}`,
    },
  };
}

/** A refusal in the reader's language, with its code. */
export const refusalText = (r: Refusal, lang: Lang): string =>
  `${lang === 'en' ? r.message : r.message_vi} (${r.code})`;

const isLang = (v: unknown): v is Lang => v === 'vi' || v === 'en';

/** The page's language: ?lang= (then remembered in the cookie), else the cookie, else Vietnamese. */
export function pageLang(req: FastifyRequest, reply: FastifyReply): Lang {
  const asked = (req.query as Record<string, unknown>)['lang'];
  if (isLang(asked)) {
    void reply.header('set-cookie', `lang=${asked}; Path=/; Max-Age=31536000; SameSite=Lax`);
    return asked;
  }
  const cookie = req.cookies['lang'];
  return isLang(cookie) ? cookie : 'vi';
}

/** A query parameter as one string (the last if repeated), at most `max` characters. */
export function param(req: FastifyRequest, name: string, max: number): string {
  const v = (req.query as Record<string, unknown>)[name];
  const s: unknown = Array.isArray(v) ? (v as unknown[]).at(-1) : v;
  return typeof s === 'string' ? s.slice(0, max) : '';
}

const CSS =
  raw(`*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;background:#f6f7f9}
header{background:#0b4f9c;color:#fff}header div,main{max-width:52rem;margin:0 auto;padding:.75rem 1rem}
header div{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:baseline}header b{margin-right:auto}
header a{color:#fff}header a[aria-current]{font-weight:700;text-decoration:none}
a{color:#0b4f9c}a:focus-visible,button:focus-visible,input:focus-visible,textarea:focus-visible{outline:3px solid #f5a623;outline-offset:2px}
h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.15rem;margin:0 0 .5rem}
form{display:grid;gap:.4rem;margin:0 0 1rem}label{font-weight:600}.hint{color:#4a5563;font-size:.9rem;margin:0}
input,textarea{font:inherit;padding:.5rem;border:1px solid #8a94a3;border-radius:4px;width:100%}textarea{min-height:6rem}
button{font:inherit;font-weight:600;padding:.5rem 1.25rem;border:0;border-radius:4px;background:#0b4f9c;color:#fff;justify-self:start;cursor:pointer}
section,.result{background:#fff;border:1px solid #d5dae1;border-radius:6px;padding:1rem;margin:0 0 1rem}
.error,.bad{border-left:5px solid #c62828}.error{color:#8e1b1b}.ok{border-left:5px solid #2e7d32}
.bad h2{color:#c62828}.ok h2{color:#2e7d32}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0 0 .75rem}dt{color:#4a5563}dd{margin:0}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .5rem;border-top:1px solid #e3e7ec;vertical-align:top}
th{font-size:.85rem;color:#4a5563}ul{list-style:none;padding:0;margin:0}li+li{border-top:1px solid #e3e7ec;margin-top:.5rem;padding-top:.5rem}
code{background:#eef1f5;padding:.1rem .3rem;border-radius:3px;overflow-wrap:anywhere}
@media (max-width:30rem){thead{display:none}tr{display:block;border-top:1px solid #e3e7ec;padding:.35rem 0}td{display:block;border:0;padding:0 .25rem}td:first-child{color:#4a5563}}`);

export type PagePath = '/track' | '/offices' | '/receipt' | '/dossier';

/** The shell of a public page: the post's header with the public pages, the language toggle, and the body. */
export function page(o: {
  s: Strings;
  path: PagePath;
  title: string;
  query: Record<string, string>;
  body: Html;
}): string {
  const { s } = o;
  const other = new URLSearchParams({ ...o.query, lang: s.toggle.lang });
  const nav = (path: PagePath, label: string) =>
    html`<a href="${path}" ${o.path === path ? raw(' aria-current="page"') : ''}>${label}</a>`;
  return (
    '<!doctype html>' +
    html`<html lang="${s.lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <title>${o.title} · ${s.site}</title>
        <style>
          ${CSS}
        </style>
      </head>
      <body>
        <header>
          <div>
            <b>${s.site}</b
            >${nav('/track', s.nav.track)}${nav('/offices', s.nav.offices)}${nav('/receipt', s.nav.receipt)}${nav('/dossier', s.nav.dossier)}
            <a
              href="${o.path}?${other.toString()}"
              lang="${s.toggle.lang}"
              title="${s.toggle.title}"
              data-testid="lang-toggle"
              >${s.toggle.label}</a
            >
          </div>
        </header>
        <main>
          <h1>${o.title}</h1>
          ${o.body}
        </main>
      </body>
    </html>`.text
  );
}

/** Sends a page with the headers every public page carries. */
export function sendPage(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return reply
    .status(status)
    .header('cache-control', 'no-cache')
    .header('vary', 'cookie')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'same-origin')
    .header(
      'content-security-policy',
      "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    )
    .type('text/html; charset=utf-8')
    .send(body);
}

export { stringsOf };
