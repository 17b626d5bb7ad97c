// `npm run docs`: writes the generated reference pages (docs/cli.md from the commander program,
// docs/configuration.md from config.ts). src/docs.test.ts fails when the committed pages are stale.
import { writeFileSync } from 'node:fs';
import { referencePages } from '../src/docs.ts';

const root = new URL('..', import.meta.url);
for (const page of await referencePages(root)) {
  writeFileSync(new URL(page.path, root), page.text);
  console.log(`wrote ${page.path}`);
}
