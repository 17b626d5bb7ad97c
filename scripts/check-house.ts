// The house rules, checked by `npm run check`: the README and docs name files that exist, no import circles in
// src/, no file over MAX_LINES (tables of data excepted, by name), Kysely only in repositories, storage/ and
// migrations, no dialect branch outside storage/, http/ importing no cell, and a cell speaking HTTP only in its
// *.routes.ts files. Prints every breach, exits 1 if any.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { globFiles, parseCircular, parseDependencyTree } from 'dpdm';

const MAX_LINES = 500;
/** Files that are a table of data, not code: long by nature, allowed past MAX_LINES. */
const DATA_TABLES = new Set<string>([]);

const root = new URL('..', import.meta.url).pathname;
const files = (await globFiles('src/**/*.ts', root)).map((f) => relative(root, f)).sort();
const breaches: string[] = [];

// 0. The README and docs/ name only files that exist: a page that points at a moved file misleads a newcomer.
const pages = ['README.md', ...(await globFiles('docs/**/*.md', root)).map((f) => relative(root, f))];
for (const page of pages) {
  const text = await readFile(`${root}${page}`, 'utf8');
  for (const m of text.matchAll(/\b(?:src|bench|scripts|docs|web)\/[A-Za-z0-9_./-]*[A-Za-z0-9_-]/g)) {
    const path = m[0];
    if (text[m.index + path.length] === '<' || text[m.index + path.length] === '*') continue; // a pattern
    if (!existsSync(`${root}${path}`)) breaches.push(`${page}: names ${path}, which does not exist`);
  }
}

// 1. Import circles, type-only imports included: a circle of types is still a circle a reader must untie.
const tree = await parseDependencyTree('src/**/*.ts', {
  context: root,
  transform: false,
  skipDynamicImports: false,
});
for (const circle of parseCircular(tree))
  breaches.push(`import circle: ${[...circle, circle[0]].join(' -> ')}`);

const isRepository = (f: string) => f.endsWith('.repository.ts');
const inStorage = (f: string) => f.startsWith('src/storage/');
const isMigration = (f: string) => f.includes('/migrations/');
const isTest = (f: string) => f.endsWith('.test.ts') || /(^|\/)testing(-[a-z-]+)?\.ts$/.test(f);
const QUERY =
  /\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\(|\bsql(<[^>]*>)?`|\bsql\.(raw|ref|id|lit|table|join)\(/;
const DIALECT_BRANCH =
  /(===|!==)\s*'(sqlite|postgres)'|'(sqlite|postgres)'\s*(===|!==)|case\s+'(sqlite|postgres)'\s*:/;
const HTTP_IMPORT = /from\s+'(\.\.\/)+http\//;
const CELL_IMPORT = /from\s+'(\.\.\/)+cells\/|from\s+'\.\.\/cells\//;

for (const f of files) {
  const text = await readFile(`${root}${f}`, 'utf8');
  const lines = text.split('\n');
  const count = text.endsWith('\n') ? lines.length - 1 : lines.length;
  if (count > MAX_LINES && !DATA_TABLES.has(f))
    breaches.push(`${f}: ${count} lines, over ${MAX_LINES}: split it by job`);
  const ownsQueries = isRepository(f) || inStorage(f) || isMigration(f);
  lines.forEach((line, i) => {
    const at = `${f}:${i + 1}`;
    if (!ownsQueries && !isTest(f) && /from\s+'kysely'/.test(line))
      breaches.push(
        `${at}: imports kysely outside a repository, storage/ or a migration (take the types from storage/)`,
      );
    if (!ownsQueries && !isTest(f) && QUERY.test(line))
      breaches.push(`${at}: builds a query outside a repository (move it into the module's *.repository.ts)`);
    if (!inStorage(f) && !isTest(f) && DIALECT_BRANCH.test(line))
      breaches.push(
        `${at}: branches on the dialect outside storage/ (give storage/ one function both dialects answer)`,
      );
    if (f.startsWith('src/cells/') && !f.endsWith('.routes.ts') && !isTest(f) && HTTP_IMPORT.test(line))
      breaches.push(`${at}: domain code imports http/ (only a module's *.routes.ts speaks HTTP)`);
    if ((f.startsWith('src/http/') || f.startsWith('src/web/')) && !isTest(f) && CELL_IMPORT.test(line))
      breaches.push(`${at}: ${f.slice(4, 8)} imports a cell (hand what it needs in through its deps)`);
  });
}

// 3. The web app: the same size rule, and it reaches the server only through the API (never src/).
const webFiles = (await globFiles('web/src/**/*.{ts,tsx}', root)).map((f) => relative(root, f)).sort();
for (const f of webFiles) {
  const text = await readFile(`${root}${f}`, 'utf8');
  const lines = text.split('\n');
  const count = text.endsWith('\n') ? lines.length - 1 : lines.length;
  if (count > MAX_LINES) breaches.push(`${f}: ${count} lines, over ${MAX_LINES}: split it by job`);
  lines.forEach((line, i) => {
    if (/from\s+'(\.\.\/)+src\//.test(line))
      breaches.push(`${f}:${i + 1}: the web app imports the server's code (call the API through ui/api.ts)`);
  });
}

if (breaches.length > 0) {
  console.error(`house rules: ${breaches.length} breach(es)\n${breaches.join('\n')}`);
  process.exit(1);
}
console.log(`house rules: ${files.length} files under src/ and ${webFiles.length} under web/src/ keep them`);
