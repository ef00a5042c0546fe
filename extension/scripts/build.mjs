#!/usr/bin/env node
/**
 * Builds the VS Code extension into extension/dist:
 *   extension.js        the extension host bundle (CommonJS, Node 20, `vscode` external, the engine inside)
 *   sql-wasm.wasm       sql.js's wasm, beside the bundle where the engine's locateSqlWasm() looks first
 *   webview/<view>.js   the webview scripts (browser IIFE, minified, Chart.js inside)
 *   webview/*.css       the webviews' stylesheets
 *   README.md           docs/vscode.md, the package's description
 * Fails with a clear message when a webview entry is missing.
 */
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ext = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const root = resolve(ext, '..');
const dist = join(ext, 'dist');
const webviewSrc = join(ext, 'webview');
export const WEBVIEWS = ['inbox', 'dashboard', 'cost'];

/** The engine is ESM and reads `import.meta.url` (to find its wasm): give it a meaning in CommonJS. */
const META_SHIM = "var __import_meta_url=require('url').pathToFileURL(__filename).href;";

function fail(message) {
  console.error(`build-extension: ${message}`);
  process.exit(1);
}

export async function buildExtension() {
  const missing = WEBVIEWS.map((v) => join(webviewSrc, `${v}.ts`)).filter((f) => !existsSync(f));
  if (missing.length > 0) {
    fail(`missing webview entr${missing.length === 1 ? 'y' : 'ies'}: ${missing.map((f) => relative(root, f)).join(', ')} (the webview scripts in extension/webview/ must exist before the extension can be built)`);
  }
  const wasm = join(root, 'node_modules', 'sql.js', 'dist', 'sql-wasm.wasm');
  if (!existsSync(wasm)) fail(`${relative(root, wasm)} not found: run npm ci in the repository root first`);

  rmSync(dist, { recursive: true, force: true });
  mkdirSync(join(dist, 'webview'), { recursive: true });

  await build({
    absWorkingDir: root,
    entryPoints: [join(ext, 'src', 'extension.ts')],
    outfile: join(dist, 'extension.js'),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['vscode'],
    define: { 'import.meta.url': '__import_meta_url' },
    banner: { js: META_SHIM },
    minifySyntax: true,
    minifyWhitespace: true,
    keepNames: true,
    legalComments: 'none',
    sourcemap: false,
    logLevel: 'warning',
  });
  copyFileSync(wasm, join(dist, 'sql-wasm.wasm'));
  // The package's README (vsce takes it only from inside the extension folder).
  copyFileSync(join(root, 'docs', 'vscode.md'), join(dist, 'README.md'));

  await build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(WEBVIEWS.map((v) => [v, join(webviewSrc, `${v}.ts`)])),
    outdir: join(dist, 'webview'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    sourcemap: false,
    logLevel: 'warning',
  });
  const css = readdirSync(webviewSrc).filter((f) => f.endsWith('.css'));
  for (const f of css) copyFileSync(join(webviewSrc, f), join(dist, 'webview', f));

  const out = readdirSync(join(dist, 'webview')).sort();
  console.log(`build-extension: ${relative(root, dist)}/extension.js, sql-wasm.wasm, webview/{${out.join(', ')}}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildExtension().catch((err) => fail(err?.message ?? String(err)));
}
