// Builds the web app (web/ → web/dist) when its sources changed since the last build, and precompresses
// its assets (gzip and brotli) for the server to send as they are. Run by `npm start`, `npm test` and
// `npm run build`; `--force` builds even when nothing changed.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'vite';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WEB = join(ROOT, 'web');
const DIST = join(WEB, 'dist');
const STAMP = join(DIST, '.source-hash');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    if (d.isDirectory()) return d.name === 'dist' || d.name === 'node_modules' ? [] : files(p);
    return [p];
  });
}

/** A hash of everything the build reads: the web sources and the installed versions. */
function sourceHash(): string {
  const h = createHash('sha256');
  for (const f of [...files(WEB), join(ROOT, 'package-lock.json')].sort()) {
    h.update(relative(ROOT, f)).update('\0').update(readFileSync(f)).update('\0');
  }
  return h.digest('hex');
}

const force = process.argv.includes('--force');
const hash = sourceHash();
if (!force && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === hash) {
  process.stdout.write('web app: up to date\n');
} else {
  const started = performance.now();
  await build({ configFile: join(WEB, 'vite.config.ts'), logLevel: 'warn' });
  const assets = join(DIST, 'assets');
  for (const name of readdirSync(assets)) {
    if (!/\.(js|css|svg|json)$/.test(name)) continue;
    const p = join(assets, name);
    const body = readFileSync(p);
    writeFileSync(`${p}.gz`, gzipSync(body, { level: 9 }));
    writeFileSync(`${p}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  }
  writeFileSync(STAMP, hash);
  const js = readdirSync(assets)
    .filter((n) => n.endsWith('.js'))
    .reduce((s, n) => s + statSync(join(assets, n)).size, 0);
  process.stdout.write(
    `web app: built in ${Math.round(performance.now() - started)} ms (${Math.round(js / 1024)} KiB of JavaScript)\n`,
  );
}
