// Loads the TypeScript classifier in process for the bench: esbuild bundles server/engine/policy into one .mjs
// (npm packages stay external) and we import it. The bundle lives under node_modules/.cache so that the engine's
// own lookups (createRequire(import.meta.url) for web-tree-sitter and the bash grammar wasm) resolve exactly as
// they do in development; a bundle under os.tmpdir() could not see node_modules.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const ENGINE_BUNDLE = join(ROOT, 'node_modules/.cache/task-orchestrator-bench/engine.mjs');

const POLICY_INDEX = 'server/engine/policy/index.ts';
const POLICY_FILE = 'server/engine/policy/policy-file.ts';

/**
 * Bundles the classifier and returns it with the default policy.
 * @returns {Promise<{ classify: (call: object, ctx: object) => Promise<any>, defaultPolicy: () => object, bundle: string, notes: string[] }>}
 */
export async function buildEngine() {
  const notes = [];
  const { build } = await import('esbuild');
  const contents = [`export { classify } from './${POLICY_INDEX}';`, `export { defaultPolicy } from './${POLICY_FILE}';`].join('\n');
  mkdirSync(dirname(ENGINE_BUNDLE), { recursive: true });
  await build({
    stdin: { contents, resolveDir: ROOT, sourcefile: 'bench-engine-entry.ts', loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: ENGINE_BUNDLE,
    logLevel: 'silent',
  });
  const mod = await import(`${pathToFileURL(ENGINE_BUNDLE).href}?t=${Date.now()}`);
  return { classify: mod.classify, defaultPolicy: mod.defaultPolicy, bundle: ENGINE_BUNDLE, notes };
}
