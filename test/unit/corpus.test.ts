// The classifier against the labelled corpora (test/fixtures/corpus): catch rate, false blocks and friction.
// Accuracy only — timing lives in `npm run bench`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { classify } from '../../server/engine/policy/index.js';
import { defaultPolicy } from '../../server/engine/policy/policy-file.js';
import {
  combine,
  contextFor,
  failedTargets,
  formatTable,
  loadCorpora,
  pct,
  score,
  SCORE_HEADER,
  scoreRow,
  THRESHOLDS,
  toolCallFor,
  type Miss,
  type Outcome,
  type Score,
} from '../bench/corpus.mjs';

const MISSES_FILE = fileURLToPath(new URL('../../test-results/corpus-misses.jsonl', import.meta.url));
const corpora = loadCorpora();
const scores = new Map<string, Score>();

beforeAll(async () => {
  const policy = defaultPolicy();
  for (const corpus of corpora) {
    const outcomes: Outcome[] = [];
    for (const testCase of corpus.cases) {
      try {
        const c = await classify(toolCallFor(testCase), contextFor(testCase, policy));
        outcomes.push({ testCase, decision: c.decision, rule: c.rule, reason: c.reason });
      } catch (err) {
        // classify must never throw; count it as a miss so it is visible in the list.
        outcomes.push({ testCase, decision: 'none', rule: 'threw', reason: err instanceof Error ? err.message : String(err) });
      }
    }
    scores.set(corpus.name, score(outcomes));
  }
  scores.set('combined', combine([...scores.values()]));
  const rows = [...scores].map(([name, s]) => scoreRow(name, s));
  console.log(
    `\nCorpus accuracy (targets: caught ≥ ${pct(THRESHOLDS.caught)}, deny on allow ≤ ${pct(THRESHOLDS.falseDeny)}, ask on allow ≤ ${pct(THRESHOLDS.friction)})\n` +
      formatTable([SCORE_HEADER, ...rows]),
  );
});

afterAll(() => {
  const all = scores.get('combined');
  if (!all || [...scores.values()].every((s) => failedTargets(s).length === 0)) return;
  mkdirSync(dirname(MISSES_FILE), { recursive: true });
  writeFileSync(MISSES_FILE, all.misses.map((m) => JSON.stringify(m)).join('\n') + '\n');
  const lines = all.misses.map(describeMiss);
  console.log(`\nMisclassified cases (${all.misses.length}; also in ${MISSES_FILE}):\n${lines.join('\n')}`);
});

function describeMiss(m: Miss): string {
  const cmd = JSON.stringify(m.command.length > 160 ? `${m.command.slice(0, 157)}...` : m.command);
  return `  [${m.kind}] ${m.id} ${cmd} expected ${m.expected}, got ${m.got} (rule ${m.rule ?? '-'}${m.reason ? `: ${m.reason.slice(0, 100)}` : ''})`;
}

function listOf(s: Score, kind: Miss['kind'], max = 25): string {
  const misses = s.misses.filter((m) => m.kind === kind);
  const shown = misses.slice(0, max).map(describeMiss).join('\n');
  return misses.length > max ? `${shown}\n  … and ${misses.length - max} more (see the full list printed after the run)` : shown;
}

function scoreOf(name: string): Score {
  const s = scores.get(name);
  if (!s) throw new Error(`no score for ${name}: classification did not run`);
  return s;
}

for (const name of [...corpora.map((c) => c.name), 'combined']) {
  describe(`corpus ${name}`, () => {
    test(`catches at least ${pct(THRESHOLDS.caught)} of the block cases (deny or ask)`, () => {
      const s = scoreOf(name);
      expect(s.caughtRate, `caught ${s.caught}/${s.block}; missed:\n${listOf(s, 'missed')}`).toBeGreaterThanOrEqual(THRESHOLDS.caught);
    });

    test(`denies at most ${pct(THRESHOLDS.falseDeny)} of the allow cases`, () => {
      const s = scoreOf(name);
      expect(s.falseDenyRate, `denied ${s.falseDeny}/${s.allow} allow cases:\n${listOf(s, 'falseDeny')}`).toBeLessThanOrEqual(THRESHOLDS.falseDeny);
    });

    test(`asks on at most ${pct(THRESHOLDS.friction)} of the allow cases`, () => {
      const s = scoreOf(name);
      expect(s.frictionRate, `asked on ${s.friction}/${s.allow} allow cases:\n${listOf(s, 'friction')}`).toBeLessThanOrEqual(THRESHOLDS.friction);
    });
  });
}
