// Bundles the mocha suite that runs inside the extension host (test/vscode/suite/*.ts) into CommonJS, as
// VS Code loads a tests module: .cache/vscode-test/suite/{index,extension.test}.cjs. `vscode` and `mocha`
// stay external (the host provides the first; the second resolves from the repository's node_modules).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './harness.mjs';

export const SUITE_DIR = join(ROOT, '.cache/vscode-test/suite');
/** What VS Code is given as extensionTestsPath. */
export const SUITE_ENTRY = join(SUITE_DIR, 'index.cjs');

/** Builds the suite; returns the path of its entry (the module whose `run()` VS Code calls). */
export async function buildSuite() {
  const { build } = await import('esbuild');
  mkdirSync(SUITE_DIR, { recursive: true });
  await build({
    absWorkingDir: ROOT,
    entryPoints: { index: join(ROOT, 'test/vscode/suite/index.ts'), 'extension.test': join(ROOT, 'test/vscode/suite/extension.test.ts') },
    outdir: SUITE_DIR,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return SUITE_ENTRY;
}
