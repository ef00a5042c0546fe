// trialsToJsonl(): one labelled, redacted training example per line, with the tool and operation.
import { describe, expect, test } from 'vitest';
import { type ExportTrial, trialsToJsonl } from '../../../server/engine/immune/export.js';

const TS = Date.UTC(2025, 2, 3, 8, 0, 0);

const bad: ExportTrial = {
  id: 't1', ts: TS, prompt: 'npm test -- test/auth/login.test.ts', response: 'FAIL login.test.ts > rejects an expired session', passed: false,
  results: [
    { name: 'ExitCode', passed: false, score: 0, reason: 'exit 1', failureType: 'command_failed' },
    { name: 'TestRunner', passed: false, score: 0.25, reason: '1 of 4 failed', failureType: 'test_failure' },
    { name: 'Judge', passed: true, score: 1, reason: 'skipped: no provider', skipped: true },
  ],
  tool: 'Bash', operation: 'Bash:npm test', failureType: 'test_failure', model: 'claude-sonnet', costUsd: 0.0123, latencyMs: 5400,
  metadata: { session: 's1', env: { API_TOKEN: 'tok_abcdefgh12345678' } },
};
const good: ExportTrial = { id: 't2', ts: TS + 1000, prompt: 'ls', response: 'a b', passed: true, results: [{ name: 'ExitCode', passed: true, score: 1, reason: 'exit 0' }] };

describe('trialsToJsonl', () => {
  test('one JSON object per line, each line ending in a newline', () => {
    const out = trialsToJsonl([bad, good]);
    expect(out.endsWith('\n')).toBe(true);
    const lines = out.split('\n').slice(0, -1);
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(() => JSON.parse(l)).not.toThrow();
    expect(trialsToJsonl([])).toBe('');
  });

  test('the fields, in order, for a failed trial', () => {
    const line = JSON.parse(trialsToJsonl([bad]));
    expect(Object.keys(line)).toEqual([
      'id', 'prompt', 'response', 'label', 'scores', 'grader_details', 'tool', 'operation', 'failure_type', 'model', 'cost_usd', 'latency_ms', 'timestamp', 'metadata',
    ]);
    expect(line).toMatchObject({
      id: 't1', label: 'bad', scores: { ExitCode: 0, TestRunner: 0.25 }, tool: 'Bash', operation: 'Bash:npm test', failure_type: 'test_failure',
      model: 'claude-sonnet', cost_usd: 0.0123, latency_ms: 5400, timestamp: '2025-03-03T08:00:00.000Z',
    });
    expect(line.grader_details[2]).toEqual({ name: 'Judge', passed: true, score: 1, reason: 'skipped: no provider', skipped: true, failure_type: null });
  });

  test('a good trial: label good, no failure type, absent fields null', () => {
    expect(JSON.parse(trialsToJsonl([good]))).toMatchObject({
      label: 'good', failure_type: null, tool: null, operation: null, model: null, cost_usd: null, latency_ms: null, metadata: {},
    });
  });

  test("a failed trial without a type takes its results'", () => {
    const line = JSON.parse(trialsToJsonl([{ ...bad, failureType: null }]));
    expect(line.failure_type).toBe('command_failed');
  });

  test('secrets are redacted in prompt, response, reasons and metadata', () => {
    const out = trialsToJsonl([{
      ...bad, prompt: 'curl -u admin:hunter2 https://x.test', response: 'token=abcdef123456',
      results: [{ name: 'R', passed: false, score: 0, reason: 'used password=swordfish' }],
    }]);
    for (const s of ['hunter2', 'abcdef123456', 'swordfish', 'tok_abcdefgh12345678']) expect(out).not.toContain(s);
    const line = JSON.parse(out);
    expect(line.metadata.session).toBe('s1');
  });
});
