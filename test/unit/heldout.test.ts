// A second labelled set, written by hand for this project (test/fixtures/heldout/README.md): 1,095 commands
// across tools the two upstream corpora barely touch (cloud CLIs, clusters, payments, messaging, backups …).
// It was written before the rules it exercises were reviewed against it; it now guards them as a regression set.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { classify } from '../../server/engine/policy/index.js';
import { context } from './helpers/classify.js';

interface Case { command: string; expected: 'block' | 'allow'; category: string }
const file = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/heldout/commands.jsonl');
const cases: Case[] = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Case);

describe('held-out labelled commands', () => {
  test('catch ≥ 95% of block cases, deny ≤ 1% and ask ≤ 10% of allow cases', async () => {
    const ctx = context();
    let block = 0, caught = 0, allow = 0, denied = 0, asked = 0;
    const misses: string[] = [];
    for (const c of cases) {
      const r = await classify({ tool_name: 'Bash', tool_input: { command: c.command } }, ctx);
      if (c.expected === 'block') {
        block++;
        if (r.decision === 'deny' || r.decision === 'ask') caught++;
        else misses.push(`missed  ${c.category}: ${c.command}`);
      } else {
        allow++;
        if (r.decision === 'deny') { denied++; misses.push(`denied  ${c.category}: ${c.command} [${r.rule}]`); }
        if (r.decision === 'ask') { asked++; misses.push(`asked   ${c.category}: ${c.command} [${r.rule}]`); }
      }
    }
    const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)}%`;
    console.log(`held-out: caught ${caught}/${block} ${pct(caught, block)}; deny on allow ${denied}/${allow} ${pct(denied, allow)}; ask on allow ${asked}/${allow} ${pct(asked, allow)}\n${misses.join('\n')}`);
    expect(caught / block).toBeGreaterThanOrEqual(0.95);
    expect(denied / allow).toBeLessThanOrEqual(0.01);
    expect(asked / allow).toBeLessThanOrEqual(0.1);
  });
});
