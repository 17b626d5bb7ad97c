// The built web app served beside the API: hashed assets (cached for a year, precompressed), and index.html
// for every path of a screen, so that a typed or reloaded address opens that screen.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** The paths the app's own router answers (a reload there serves the app). */
export const APP_PATHS = [
  '/',
  '/sign-in',
  '/home',
  '/counter/*',
  '/round',
  '/round/*',
  '/oversight/*',
  '/agency',
  '/agency/*',
  '/security',
  '/security/*',
];

const NOT_BUILT = `<!doctype html><html lang="vi"><meta charset="utf-8"><title>postcore</title>
<h1>Ứng dụng web chưa được dựng</h1><p>Chạy <code>npm start</code> (tự dựng) hoặc <code>npm run build</code>.</p>
<p lang="en">The web app is not built: <code>npm start</code> builds it, or run <code>npm run build</code>.</p></html>`;

/** The app's pages hold no data: what they show comes from the API, which checks every call. */
export const PUBLIC_PAGE = {
  public: true,
  reason: 'the page holds no data; the API it calls checks access',
} as const;

/**
 * The app runs only its own scripts and talks only to its own server: an injected value can neither run nor
 * send what it reads elsewhere. Images from data: and blob: are the signature pad's and a chosen photo's;
 * frames are the app's own PDFs sent to print.
 */
const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "frame-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export interface AppFilesOptions {
  /** The build's directory (web/dist). */
  dist: string;
}

/** Serves the built app: /assets/* and index.html for the app's paths; a page saying how to build it if not. */
export async function appFiles(app: FastifyInstance, o: AppFilesOptions): Promise<void> {
  const assets = join(o.dist, 'assets');
  let index: string | undefined;
  const indexHtml = (): string | undefined => {
    if (index === undefined && existsSync(join(o.dist, 'index.html')))
      index = readFileSync(join(o.dist, 'index.html'), 'utf8');
    return index;
  };
  if (existsSync(assets))
    await app.register(fastifyStatic, {
      root: assets,
      prefix: '/assets/',
      preCompressed: true,
      immutable: true,
      maxAge: '365d',
      index: false,
      wildcard: true,
    });
  const serveIndex = async (_req: unknown, reply: FastifyReply) => {
    const html = indexHtml();
    void reply
      .header('cache-control', 'no-cache')
      .header('x-frame-options', 'DENY')
      .header('referrer-policy', 'same-origin')
      .header('content-security-policy', APP_CSP)
      .type('text/html; charset=utf-8');
    if (html === undefined) return reply.status(503).send(NOT_BUILT);
    return reply.send(html);
  };
  for (const url of APP_PATHS)
    app.get(url, { schema: { hide: true }, config: { access: PUBLIC_PAGE } }, serveIndex);
}
