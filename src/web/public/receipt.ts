// The receipt check's page: a field for the QR code's text or the receipt's JSON, and the script that checks
// it in the browser. The page carries the post's public key and the script's words, so the check needs no
// network once the page is open; without JavaScript it says so and gives the command line that does the same.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { html, jsonScript } from './html.ts';
import { apiGet, page, pageLang, param, sendPage, stringsOf } from './layout.ts';

interface PublishedKey {
  key_id: string;
  public_key: string;
}

/** How long the key read from the API is kept before it is asked for again (a rotation shows within it). */
const KEY_TTL_MS = 5 * 60_000;
const CLI = 'postcore verify-receipt receipt.json --key key.json';

/** GET /receipt: the form and the check's script (its built file, or undefined when the app is not built). */
export function receiptPage(app: FastifyInstance, script: string | undefined) {
  let cached: { keys: PublishedKey[]; at: number } | undefined;
  const keys = async (req: FastifyRequest): Promise<PublishedKey[]> => {
    if (cached !== undefined && Date.now() - cached.at < KEY_TTL_MS) return cached.keys;
    const a = await apiGet<PublishedKey>(app, req, '/v1/checkpoints/key');
    if (!a.ok) return [];
    cached = { keys: [{ key_id: a.body.key_id, public_key: a.body.public_key }], at: Date.now() };
    return cached.keys;
  };
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const lang = pageLang(req, reply);
    const s = stringsOf(lang);
    const text = param(req, 'text', 20_000);
    const cli = html`<pre><code>${CLI}</code></pre>`;
    const body = html`${
        script === undefined
          ? html`<p class="result error" data-testid="receipt-noscript">${s.receipt.noBuild}</p>
              ${cli}`
          : html`<noscript
              ><div class="result error" data-testid="receipt-noscript">
                <p>${s.receipt.noScript}</p>
                ${cli}
              </div></noscript
            >`
      }
      <form method="get" action="/receipt" id="receipt-form">
        <label for="receipt-text">${s.receipt.label}</label>
        <textarea
          id="receipt-text"
          name="text"
          rows="5"
          autocomplete="off"
          spellcheck="false"
          autofocus
          aria-describedby="receipt-hint"
        >
${text}</textarea>
        <p class="hint" id="receipt-hint">${s.receipt.hint}</p>
        <button type="submit">${s.receipt.submit}</button>
      </form>
      <div id="receipt-result" role="status" aria-live="polite" data-testid="receipt-result"></div>
      <script type="application/json" id="receipt-data">
        ${jsonScript({ lang, keys: await keys(req), s: s.script })}
      </script>
      ${script === undefined ? '' : html`<script type="module" src="${script}"></script>`}`;
    return sendPage(reply, page({ s, path: '/receipt', title: s.receipt.title, query: {}, body }));
  };
}
