#!/usr/bin/env node
// The same extension-host suite (test/vscode/suite/) in desktop VS Code through @vscode/test-electron,
// for machines that can download VS Code (this project's CI cannot: it uses host.mjs and code-server).
// It downloads VS Code 1.100.3 (the line code-server 4.100.3 is built from; override with VSCODE_VERSION,
// e.g. "stable") into .cache/vscode-test/electron, and starts it with the extension under development,
// the bundled suite as extensionTestsPath, and a scratch HOME / state dir / workspace / user-data-dir /
// extensions dir. On Linux without a display, run it under `xvfb-run -a`.
// Exit: 0 all passed, 1 a test failed or VS Code could not start (the reason on stderr).
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ASK_COMMAND, CLI, EXTENSION_DIR, HOOK, ROOT, Scratch, spawnHook } from './harness.mjs';
import { printResult } from './host.mjs';
import { buildSuite } from './suite-build.mjs';

const VERSION = process.env.VSCODE_VERSION || '1.100.3';

async function main() {
  for (const f of [HOOK, CLI, join(EXTENSION_DIR, 'dist/extension.js')]) {
    if (!existsSync(f)) throw new Error(`${f} is missing: run \`npm run build\` and \`npm run build:extension\` first`);
  }
  const { runTests } = await import('@vscode/test-electron');
  const extensionTestsPath = await buildSuite();
  const scratch = new Scratch('to-vscode-electron-');
  const resultFile = join(scratch.root, 'suite-result.json');
  try {
    // The seeded history the suite expects: an ask nobody answered (no surface was live yet).
    const seeded = await spawnHook(scratch, ASK_COMMAND).done;
    if (seeded.decision !== 'ask') throw new Error(`seeding: the hook with no surface answered ${JSON.stringify(seeded)}`);
    let failure = null;
    try {
      await runTests({
        version: VERSION,
        cachePath: join(ROOT, '.cache/vscode-test/electron'),
        extensionDevelopmentPath: EXTENSION_DIR,
        extensionTestsPath,
        // The extension host inherits these (the extension resolves its state dir from TASK_ORCHESTRATOR_HOME).
        extensionTestsEnv: {
          HOME: scratch.home,
          TASK_ORCHESTRATOR_HOME: scratch.state,
          TO_VSCODE_RESULT: resultFile,
          TO_VSCODE_HOOK: HOOK,
          TO_VSCODE_CLI: CLI,
          TO_VSCODE_WORKSPACE: scratch.workspace,
        },
        launchArgs: [
          scratch.workspace,
          `--user-data-dir=${scratch.userData}`,
          `--extensions-dir=${scratch.extensions}`,
          '--disable-extensions', // every other extension (the one under development still loads)
          '--disable-workspace-trust',
          '--skip-welcome',
          '--skip-release-notes',
          '--disable-telemetry',
          '--no-sandbox',
          '--disable-gpu',
        ],
      });
    } catch (e) {
      failure = e; // TestRunFailedError: VS Code exited non-zero (a failed test, or it did not start)
    }
    if (!existsSync(resultFile)) throw new Error(`VS Code ran no suite${failure ? `: ${failure.message}` : ''}`);
    const r = JSON.parse(readFileSync(resultFile, 'utf8'));
    printResult(r, { host: 'Electron, @vscode/test-electron' });
    return r.failed === 0 && !r.error && r.passed > 0 && !failure ? 0 : 1;
  } finally {
    scratch.dispose();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`run-electron: ${e.message}`);
    process.exit(1);
  },
);
