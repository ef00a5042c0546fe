/**
 * `classify` and `explain`: one tool call from the command line.
 *   task-orchestrator classify [--json] [--cwd DIR] <command…>
 *   task-orchestrator classify --tool Read --input '{"file_path":".env"}'
 */
import type { Classification, ToolCall } from '../engine/policy/types.js';
import { splitArgs, UsageError } from './args.js';
import { reportPolicyErrors, type CliIO } from './io.js';

const OPTIONS = {
  json: { type: 'boolean' },
  batch: { type: 'boolean' },
  tool: { type: 'string' },
  input: { type: 'string' },
  cwd: { type: 'string' },
} as const;

interface Values {
  json?: boolean;
  batch?: boolean;
  tool?: string;
  input?: string;
  cwd?: string;
}

export async function runClassify(args: string[], io: CliIO, mode: 'classify' | 'explain'): Promise<number> {
  const { values, rest } = splitArgs<Values>(args, OPTIONS);
  if (values.batch) {
    if (mode === 'explain' || rest.length || values.tool || values.input) {
      throw new UsageError('--batch reads tool calls from stdin and takes no other arguments');
    }
    const { runBatch } = await import('./batch.js'); // zod is loaded only for batch input
    return runBatch(io, values.cwd);
  }
  const call = toolCall(values, rest);
  const ctx = await io.context(values.cwd);
  reportPolicyErrors(ctx, io);
  const result = await io.classify(call, ctx);
  if (values.json) await io.out(`${JSON.stringify(result)}\n`);
  else await io.out(mode === 'explain' ? formatExplain(call, result) : formatClassification(result));
  return 0;
}

/** The tool call named by the arguments: `--tool`/`--input`, or the words of a Bash command. */
export function toolCall(values: Values, rest: string[]): ToolCall {
  const tool = values.tool ?? 'Bash';
  if (values.input !== undefined) {
    if (rest.length) throw new UsageError('give the tool input either as --input JSON or as command words, not both');
    let input: unknown;
    try {
      input = JSON.parse(values.input);
    } catch (err) {
      throw new UsageError(`--input: not valid JSON (${(err as Error).message})`);
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new UsageError(`--input: must be a JSON object, got ${Array.isArray(input) ? 'an array' : typeof input}`);
    }
    return { tool_name: tool, tool_input: input as Record<string, unknown> };
  }
  if (tool !== 'Bash') throw new UsageError(`--tool ${tool} needs --input '<json>'`);
  if (!rest.length) throw new UsageError('missing the command to classify');
  return { tool_name: 'Bash', tool_input: { command: rest.join(' ') } };
}

export function formatClassification(r: Classification): string {
  return [
    `decision  ${r.decision}`,
    `category  ${r.category ?? '-'}`,
    `rule      ${r.rule ?? '-'}`,
    `reason    ${r.reason}`,
  ].join('\n') + '\n';
}

export function formatExplain(call: ToolCall, r: Classification): string {
  const subject = call.tool_name === 'Bash' ? String(call.tool_input.command) : `${call.tool_name} ${JSON.stringify(call.tool_input)}`;
  const lines = [`${subject}`, `→ ${r.decision}${r.category ? ` (${r.category})` : ''}${r.rule ? ` [${r.rule}]` : ''}: ${r.reason}`];
  lines.push('', 'trail:');
  if (!r.trail.length) lines.push('  (empty)');
  r.trail.forEach((s, i) => lines.push(`  ${i + 1}. ${s.step}: ${s.detail}`));
  lines.push('', 'findings:');
  if (!r.findings.length) lines.push('  (none)');
  for (const f of r.findings) {
    lines.push(`  - [${f.rule}] ${f.category}: ${f.reason}${f.subject ? `  (on: ${f.subject})` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}
