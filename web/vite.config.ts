// The web app's build: one app for every role (index.html) and the public pages' small scripts, which the
// server finds through the manifest. Built by scripts/build-web.ts inside `npm start` and `npm test`.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/',
  logLevel: 'warn',
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    manifest: true,
    target: 'es2022',
    sourcemap: false,
    rollupOptions: {
      input: {
        app: here('index.html'),
        'receipt-check': here('src/public/receipt-check.ts'),
      },
    },
  },
});
