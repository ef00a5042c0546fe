/**
 * The tests module VS Code's extension host loads (`extensionTestsPath`): it calls `run()`, and when the
 * promise settles the host exits. Under code-server nothing reports the outcome back to the caller, so
 * the result also goes to a JSON file (TO_VSCODE_RESULT) that host.mjs reads; under @vscode/test-electron
 * the rejected promise makes runTests fail as well.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export interface SuiteResult {
  passed: number;
  failed: number;
  pending: number;
  tests: Array<{ title: string; state: 'passed' | 'failed' | 'pending'; durationMs: number; error?: string }>;
  /** An error outside any test (the suite could not load), or null. */
  error: string | null;
  vscodeVersion: string;
  finishedAt: string;
}

/**
 * Runs extension.test.cjs (beside this bundle) with mocha's tdd interface; rejects when a test failed.
 *
 * @example
 * // VS Code calls it: code --extensionDevelopmentPath=extension --extensionTestsPath=<dir>/index.cjs
 * await run();
 */
export async function run(): Promise<void> {
  const resultFile = process.env.TO_VSCODE_RESULT;
  const result: SuiteResult = { passed: 0, failed: 0, pending: 0, tests: [], error: null, vscodeVersion: '', finishedAt: '' };
  const save = (): void => {
    result.finishedAt = new Date().toISOString();
    if (resultFile) writeFileSync(resultFile, `${JSON.stringify(result, null, 2)}\n`);
  };
  try {
    result.vscodeVersion = vscode.version;
    const mocha = new Mocha({ ui: 'tdd', timeout: 30_000, color: false, reporter: 'spec' });
    mocha.addFile(join(__dirname, 'extension.test.cjs'));
    const failures = await new Promise<number>((done) => {
      const runner = mocha.run((n) => done(n));
      runner.on('pass', (t) => {
        result.passed++;
        result.tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration ?? 0 });
      });
      runner.on('fail', (t, err: Error) => {
        result.failed++;
        result.tests.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration ?? 0, error: String(err?.stack ?? err) });
      });
      runner.on('pending', (t) => {
        result.pending++;
        result.tests.push({ title: t.fullTitle(), state: 'pending', durationMs: 0 });
      });
    });
    save();
    if (failures > 0) throw new Error(`${failures} extension-host test(s) failed`);
  } catch (err) {
    if (result.error === null && result.failed === 0) {
      result.error = String((err as Error)?.stack ?? err);
      save();
    }
    throw err;
  }
}
