// The built app as the server hands it out: every screen's path gets index.html with headers that keep it
// from running anything but its own scripts, assets are cached for good, and an unbuilt app says how to build.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import fastify from 'fastify';
import { appFiles } from './app-files.ts';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function serve(built: boolean) {
  const dist = mkdtempSync(join(tmpdir(), 'postcore-web-'));
  dirs.push(dist);
  if (built) {
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dist, 'assets', 'app-abc123.js'), 'console.log(1)');
  }
  const app = fastify();
  await appFiles(app, { dist });
  return app;
}

test('every screen path is the app, sent with a policy that runs only its own scripts', async () => {
  const app = await serve(true);
  for (const url of [
    '/',
    '/sign-in',
    '/counter/payout',
    '/round',
    '/round?item=EE1',
    '/home',
    '/agency',
    '/agency/HS011000000001',
    '/oversight/dossiers',
    '/security',
    '/security/requests',
    '/security/drill',
  ]) {
    const r = await app.inject({ url });
    assert.equal(r.statusCode, 200, url);
    assert.match(r.body, /id="root"/);
    assert.equal(r.headers['cache-control'], 'no-cache');
    assert.equal(r.headers['x-frame-options'], 'DENY');
    const csp = String(r.headers['content-security-policy']);
    for (const directive of [
      "script-src 'self'",
      "connect-src 'self'",
      "object-src 'none'",
      "frame-ancestors 'none'",
    ])
      assert.ok(csp.includes(directive), `${url}: ${directive} in ${csp}`);
  }
  const js = await app.inject({ url: '/assets/app-abc123.js' });
  assert.equal(js.statusCode, 200);
  assert.match(String(js.headers['cache-control']), /immutable/);
  assert.equal((await app.inject({ url: '/assets/nope.js' })).statusCode, 404);
  await app.close();
});

test('an app not built yet answers 503 with how to build it, in Vietnamese and English', async () => {
  const app = await serve(false);
  const r = await app.inject({ url: '/' });
  assert.equal(r.statusCode, 503);
  assert.match(r.body, /chưa được dựng/);
  assert.match(r.body, /npm run build/);
  await app.close();
});
