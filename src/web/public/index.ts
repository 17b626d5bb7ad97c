// The public pages, no sign-in: tracking, the office finder, the receipt check and the dossier look-up,
// rendered here as small HTML (no React) that works without JavaScript, over the platform's own API called
// in-process.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { dossierPage } from './dossier.ts';
import { officesPage } from './offices.ts';
import { receiptPage } from './receipt.ts';
import { trackPage } from './track.ts';

export { MAX_IDS } from './track.ts';

export interface PublicPagesOptions {
  /** The web app's build (web/dist): its manifest names the receipt check's script. */
  dist: string;
}

/** The pages hold nothing themselves: what they show comes from the public API, which checks every call. */
const ACCESS = { public: true, reason: 'a public page over the public API' } as const;
/** The receipt check's entry in the build's manifest. */
const RECEIPT_ENTRY = 'src/public/receipt-check.ts';

/** The built receipt check's address (/assets/…), or undefined when the app is not built. */
export function receiptScript(dist: string): string | undefined {
  const manifest = join(dist, '.vite', 'manifest.json');
  if (!existsSync(manifest)) return undefined;
  const entries = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, { file?: string }>;
  const file = entries[RECEIPT_ENTRY]?.file;
  return file === undefined ? undefined : `/${file}`;
}

/** The public pages as a Fastify plugin: GET /track, /offices, /receipt and /dossier. */
export function publicPages(o: PublicPagesOptions) {
  return async function pages(app: FastifyInstance): Promise<void> {
    const config = { access: ACCESS };
    const schema = { hide: true };
    app.get('/track', { schema, config }, trackPage(app));
    app.get('/offices', { schema, config }, officesPage(app));
    app.get('/receipt', { schema, config }, receiptPage(app, receiptScript(o.dist)));
    app.get('/dossier', { schema, config }, dossierPage(app));
  };
}
