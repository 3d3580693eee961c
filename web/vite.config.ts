/**
 * Builds the web UI (web/ → dist/web) that `dateline serve` hands out. Everything the UI needs is
 * bundled, the world map included: the built page fetches nothing but its own /api routes.
 * The virtual module `virtual:country-codes` maps ISO 3166 numeric codes (world-atlas ids) to
 * alpha-3 codes (the API's), computed here from the world-countries package so that only the
 * mapping, not the whole package, reaches the bundle.
 *
 * The output folder is emptied before each build except for `e2e/`: the root TypeScript build
 * compiles the UI's end-to-end tests (web/e2e) to dist/web/e2e, and Vite's own emptyOutDir would
 * delete them when the UI is built after them.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const require = createRequire(import.meta.url);
const VIRTUAL_ID = 'virtual:country-codes';

function countryCodes(): Plugin {
  return {
    name: 'dateline-country-codes',
    resolveId(id) {
      return id === VIRTUAL_ID ? `\0${VIRTUAL_ID}` : undefined;
    },
    load(id) {
      if (id !== `\0${VIRTUAL_ID}`) return undefined;
      const countries = JSON.parse(readFileSync(require.resolve('world-countries/countries.json'), 'utf8')) as { ccn3?: string; cca3: string }[];
      const numericToAlpha3: Record<string, string> = {};
      for (const country of countries) if (country.ccn3) numericToAlpha3[country.ccn3] = country.cca3;
      return `export default ${JSON.stringify(numericToAlpha3)};`;
    },
  };
}

const OUT_DIR = fileURLToPath(new URL('../dist/web', import.meta.url));
const KEEP = new Set(['e2e']);

function emptyOutDirExceptTests(): Plugin {
  return {
    name: 'dateline-empty-out-dir',
    apply: 'build',
    buildStart() {
      let entries: string[] = [];
      try {
        entries = readdirSync(OUT_DIR);
      } catch {
        return;
      }
      for (const entry of entries) if (!KEEP.has(entry)) rmSync(join(OUT_DIR, entry), { recursive: true, force: true });
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [countryCodes(), emptyOutDirExceptTests()],
  build: {
    outDir: OUT_DIR,
    emptyOutDir: false,
    chunkSizeWarningLimit: 1500,
  },
});
