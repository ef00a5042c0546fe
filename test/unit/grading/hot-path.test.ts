// The hook grades every tool call: tool-result.ts must not pull in ajv, zod or node:vm.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');

/**
 * Static run-time imports (not `import type` / `export type`) of a source file, resolved to .ts paths or
 * package names. Dynamic `import()`s are left out: they load on demand, which is the point.
 */
function runtimeImports(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  const specs = [
    ...src.matchAll(/^(?:import|export)\s+(?!type\b)[^;'"]*?\bfrom\s+['"]([^'"]+)['"]/gm),
    ...src.matchAll(/^import\s+['"]([^'"]+)['"]/gm),
  ].map((m) => m[1] as string);
  return specs.map((s) => (s.startsWith('.') ? join(dirname(file), s.replace(/\.js$/, '.ts')) : s));
}

function closure(entry: string): Set<string> {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length) {
    const f = queue.pop() as string;
    if (seen.has(f)) continue;
    seen.add(f);
    if (f.endsWith('.ts')) queue.push(...runtimeImports(f));
  }
  return seen;
}

describe('the PostToolUse hot path', () => {
  const reached = closure(join(root, 'server/engine/grading/tool-result.ts'));

  test('loads no ajv, zod or node:vm', () => {
    const packages = [...reached].filter((f) => !f.endsWith('.ts'));
    expect(packages.filter((p) => /^(?:ajv|zod)(?:\/|$)|^node:vm$/.test(p))).toEqual([]);
  });

  test('does not reach the schema, spec, judge or javascript modules', () => {
    const names = [...reached].map((f) => f.slice(f.lastIndexOf('/') + 1));
    for (const heavy of ['json-schema.ts', 'spec.ts', 'model-graders.ts', 'judge-verdict.ts', 'javascript-grader.ts', 'tool-result-schema.ts']) {
      expect(names, heavy).not.toContain(heavy);
    }
  });

  test('the check itself sees imports: the schema module does reach ajv', () => {
    const schemaSide = [...closure(join(root, 'server/engine/grading/tool-result-schema.ts'))];
    expect(schemaSide).toContain('ajv');
  });
});
