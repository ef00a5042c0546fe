#!/usr/bin/env node
/**
 * Builds the plugin's self-contained bundles into plugin/dist (or the directory given as the first
 * argument): hook.cjs (the hooks), cli.mjs (the `task-orchestrator` command), mcp.mjs (the MCP server) and the wasm files
 * the shell parser loads. Output is deterministic: the same sources give byte-identical files, which
 * scripts/check-bundles.mjs verifies against the committed plugin/dist.
 */
import { build } from 'esbuild';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Files copied verbatim beside the bundles (the shell parser finds them there). */
export const WASM_FILES = [
  'node_modules/web-tree-sitter/web-tree-sitter.wasm',
  'node_modules/tree-sitter-bash/tree-sitter-bash.wasm',
  'node_modules/sql.js/dist/sql-wasm.wasm',
  // validate_code's grammars (the MCP server)
  'node_modules/tree-sitter-python/tree-sitter-python.wasm',
  'node_modules/tree-sitter-javascript/tree-sitter-javascript.wasm',
  'node_modules/tree-sitter-typescript/tree-sitter-typescript.wasm',
];

/**
 * The hook is CommonJS: Node starts a CJS file about 5 ms faster than an ESM one, and the hook is a new
 * process on every tool call. What only some calls need (the bash grammar, the zod schemas) is bundled
 * into separate files under lazy/ and reached through the engine's dynamic `import()`s, so a plain
 * command never loads them. The CLI is ESM with code splitting.
 */
const LAZY = [
  { name: 'tree-sitter', entry: 'server/engine/shell/tree-sitter.ts', match: /\/tree-sitter\.js$/ },
  { name: 'policy-schema', entry: 'server/engine/policy/policy-schema.ts', match: /\/policy-schema\.js$/ },
  { name: 'input-schema', entry: 'hooks/input-schema.ts', match: /\/input-schema\.js$/ },
  { name: 'schema', entry: 'server/engine/runtime/schema.ts', match: /\/runtime\/schema\.js$/ },
  // PostToolUse(Failure), UserPromptSubmit, SessionStart: graders and the immune matcher, never loaded by PreToolUse.
  { name: 'events', entry: 'hooks/events.ts', match: /\/events\.js$/ },
  { name: 'tool-result-schema', entry: 'server/engine/grading/tool-result-schema.ts', match: /\/tool-result-schema\.js$/ },
  // prices.json validation (zod) for session costs: only when the file exists.
  { name: 'price-file', entry: 'server/engine/cost/price-file.ts', match: /\/price-file\.js$/ },
];

/** Lets CommonJS dependencies call `require` inside the ESM bundle. */
const REQUIRE_SHIM = "import { createRequire as __to_createRequire } from 'node:module';\nconst require = __to_createRequire(import.meta.url);";
/** Gives ESM-authored code (`import.meta.url`) its meaning inside a CommonJS bundle. */
// A getter, so node:url is loaded only by the code that asks (the grammar's wasm lookup), not by every hook.
const META_SHIM = "var __import_meta={get url(){return require('node:url').pathToFileURL(__filename).href}};";

function common(version) {
  return {
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    target: 'node20',
    minifyWhitespace: true,
    minifySyntax: true,
    minifyIdentifiers: true,
    keepNames: false,
    legalComments: 'none',
    sourcemap: false,
    charset: 'ascii', // an ASCII-only bundle is a one-byte string for V8: faster to read and compile
    define: { __TASK_ORCHESTRATOR_VERSION__: JSON.stringify(version) },
    logLevel: 'warning',
  };
}

/** Rewrites the engine's dynamic imports of lazy modules to the separately bundled files. */
function lazyModules(fromDir) {
  return {
    name: 'lazy-modules',
    setup(b) {
      b.onResolve({ filter: /./ }, (args) => {
        if (args.kind !== 'dynamic-import') return undefined;
        const lazy = LAZY.find((l) => l.match.test('/' + args.path.replace(/^\.\//, '')));
        return lazy ? { path: `${fromDir}lazy/${lazy.name}.cjs`, external: true } : undefined;
      });
    },
  };
}

export async function buildAll(outDir = join(root, 'plugin', 'dist')) {
  const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  // Lazy modules are reached with require() (esbuild lowers import()), which also works for the main
  // bundle run through the loader's vm.Script.
  const cjs = { ...common(version), format: 'cjs', supported: { 'dynamic-import': false }, define: { ...common(version).define, 'import.meta.url': '__import_meta.url' }, banner: { js: META_SHIM } };
  await build({ ...cjs, entryPoints: { 'hook-main': 'hooks/bin.ts' }, outdir: outDir, outExtension: { '.js': '.cjs' }, plugins: [lazyModules('./')] });
  await build({ ...common(version), format: 'cjs', entryPoints: { hook: 'hooks/loader.ts' }, outdir: outDir, outExtension: { '.js': '.cjs' } });
  // The lazy files are ordinary CommonJS modules, where import() works natively; lowering it there would
  // break web-tree-sitter, which declares its own `require` in the scope of its `import('module')`.
  // lazy/events.cjs, though, runs through the loader's vm.Script (and its code cache) like hook-main.cjs,
  // where a native import() has no loader ("A dynamic import callback was not specified"): lowered too.
  const { supported: _lowered, ...lazyCjs } = cjs;
  const viaLoader = (l) => l.name === 'events';
  const lazyEntries = (pick) => Object.fromEntries(LAZY.filter(pick).map((l) => [l.name, l.entry]));
  await build({ ...lazyCjs, entryPoints: lazyEntries((l) => !viaLoader(l)), outdir: join(outDir, 'lazy'), outExtension: { '.js': '.cjs' }, plugins: [lazyModules('../')] });
  await build({ ...cjs, entryPoints: lazyEntries(viaLoader), outdir: join(outDir, 'lazy'), outExtension: { '.js': '.cjs' }, plugins: [lazyModules('../')] });
  // The CLI and the MCP server: ESM with code splitting; the server's heavy parts (provider SDKs, sql.js,
  // graders, the IMAP client) are chunks loaded on first use, so `tools/list` answers before they are read.
  const esm = (name, entry) => build({
    ...common(version),
    entryPoints: { [name]: entry },
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    chunkNames: `chunks/${name}-[name]-[hash]`,
    splitting: true,
    format: 'esm',
    banner: { js: REQUIRE_SHIM },
  });
  await esm('cli', 'server/cli/main.ts');
  await esm('mcp', 'server/mcp/bin.ts');
  const cli = join(outDir, 'cli.mjs');
  writeFileSync(cli, `#!/usr/bin/env node\n${readFileSync(cli, 'utf8')}`);
  chmodSync(cli, 0o755);
  for (const file of WASM_FILES) {
    const dest = join(outDir, file.split('/').pop());
    copyFileSync(join(root, file), dest);
    chmodSync(dest, 0o644); // the source's mode varies by install; git records it
  }
  return outDir;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = await buildAll(process.argv[2] ? resolve(process.argv[2]) : undefined);
  console.error(`task-orchestrator: built ${out}`);
}
