// Loads the generated trials (test/fixtures/prediction/README.md) for the prediction tests.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TrialSample } from '../../../server/engine/prediction/index.js';

export const FIXTURE_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/prediction');

export function loadTrials(): TrialSample[] {
  return readFileSync(join(FIXTURE_DIR, 'trials.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as TrialSample);
}

/** `n` trials of which `failures` failed, with texts that differ, for the refusal tests. */
export function syntheticTrials(n: number, failures: number): TrialSample[] {
  return Array.from({ length: n }, (_, i) => ({
    text: i < failures ? `npx tsc --noEmit step ${i % 3}` : `git status check ${i % 4}`,
    tool: 'Bash',
    failed: i < failures,
  }));
}
