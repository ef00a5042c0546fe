/**
 * The V8 code cache (hooks/loader.ts) holds only functions that were compiled when it was written. The
 * run that writes it therefore first classifies a few calls of the shapes Claude Code sends most — after
 * its own answer is out — so later hooks find those paths compiled too. Only the most common shapes: every
 * function in the cache is deserialised on every call (measured: a cache warmed with rare, destructive
 * shapes too was twice the size and cost more than it saved).
 */
import type { Classification, ClassifyContext, ToolCall } from '../server/engine/policy/types.js';

const WRITE_CACHE = Symbol.for('task-orchestrator.code-cache');

const WARM_UP: ToolCall[] = [
  { tool_name: 'Bash', tool_input: { command: 'ls -la && git status --short | head -20' } },
  { tool_name: 'Bash', tool_input: { command: "git commit -m \"$(cat <<'EOF'\nWarm up\nEOF\n)\"" } },
  { tool_name: 'Bash', tool_input: { command: 'npm test 2>&1 | tail -20' } },
  { tool_name: 'Read', tool_input: { file_path: 'src/index.ts' } },
  { tool_name: 'Edit', tool_input: { file_path: 'src/index.ts', old_string: 'a', new_string: 'b' } },
  { tool_name: 'mcp__server__list_items', tool_input: { query: 'x' } },
];

/**
 * When the loader asked for a cache, warm up the common paths, then write it. Never throws. `record`
 * runs what every call does after classifying (the audit event's summary and redaction) without
 * writing anything, so those functions are in the cache too.
 */
export async function writeCodeCache(
  classify: (c: ToolCall, x: ClassifyContext) => Promise<Classification>,
  ctx: () => Promise<ClassifyContext>,
  record: (c: ToolCall, r: Classification, x: ClassifyContext) => void = () => {},
): Promise<void> {
  const write = (globalThis as Record<symbol, unknown>)[WRITE_CACHE];
  if (typeof write !== 'function') return;
  try {
    const context = await ctx();
    for (const call of WARM_UP) record(call, await classify(call, context), context);
  } catch {
    // warm-up is best effort
  }
  (write as () => void)();
}
