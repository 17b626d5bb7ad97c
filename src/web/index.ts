// The web app as the server serves it: the built app for staff, and the public pages (tracking, office
// finder, receipt check) rendered here, small and working without JavaScript.
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { appFiles } from './app-files.ts';
import { publicPages } from './public/index.ts';

/** Where `npm run build` puts the app. */
export const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

export interface WebOptions {
  dist?: string;
}

/** The routes of the web app (a Fastify plugin): registered by the app beside /v1. */
export function webRoutes(o: WebOptions = {}) {
  return async function web(app: FastifyInstance): Promise<void> {
    await appFiles(app, { dist: o.dist ?? WEB_DIST });
    await app.register(publicPages({ dist: o.dist ?? WEB_DIST }));
  };
}
