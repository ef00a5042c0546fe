/**
 * `classify --batch`: JSON lines in, JSON lines out — the benchmark contract, keep it stable.
 * In:  {"tool_name":"Bash","tool_input":{"command":"…"}}   (optional "cwd": the call's directory)
 * Out: {"decision":"allow|ask|deny|none","category":…|null,"rule":…|null,"reason":"…"}
 * Exactly one output line per input line, in order; a line that cannot be read gets a deny with rule
 * `input.invalid` and processing continues.
 */
import type { Classification, ClassifyContext } from '../engine/policy/types.js';
import { printableMessage, REFUSAL_RULES, refusal } from '../engine/runtime/refusals.js';
import { describeIssues, z } from '../engine/runtime/schema.js';
import { reportPolicyErrors, type CliIO } from './io.js';

const LineSchema = z.looseObject({
  tool_name: z.string().check(z.minLength(1)),
  tool_input: z.record(z.string(), z.unknown()),
  cwd: z.optional(z.string()),
});

export interface BatchLine {
  decision: Classification['decision'];
  category: Classification['category'];
  rule: string | null;
  reason: string;
}

export async function runBatch(io: CliIO, defaultCwd?: string): Promise<number> {
  const contexts = new Map<string, ClassifyContext>();
  const contextFor = async (cwd: string | undefined): Promise<ClassifyContext> => {
    const key = cwd ?? defaultCwd ?? '';
    let ctx = contexts.get(key);
    if (!ctx) {
      ctx = await io.context(cwd ?? defaultCwd);
      if (contexts.size === 0) reportPolicyErrors(ctx, io);
      contexts.set(key, ctx);
    }
    return ctx;
  };
  let n = 0;
  for await (const line of io.lines()) {
    n++;
    const result = await classifyLine(line, n, io, contextFor);
    await io.out(`${JSON.stringify(result)}\n`);
  }
  return 0;
}

async function classifyLine(line: string, n: number, io: CliIO, contextFor: (cwd?: string) => Promise<ClassifyContext>): Promise<BatchLine> {
  if (line.trim() === '') return toLine(refusal(REFUSAL_RULES.invalidInput, `line ${n}: empty line, expected a JSON tool call`));
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (err) {
    return toLine(refusal(REFUSAL_RULES.invalidInput, `line ${n}: not valid JSON (${printableMessage(err)})`));
  }
  const parsed = LineSchema.safeParse(json);
  if (!parsed.success) {
    return toLine(refusal(REFUSAL_RULES.invalidInput, `line ${n}: ${describeIssues(parsed.error)}`));
  }
  try {
    const { tool_name, tool_input, cwd } = parsed.data;
    return toLine(await io.classify({ tool_name, tool_input }, await contextFor(cwd)));
  } catch (err) {
    return toLine(refusal(REFUSAL_RULES.internalError, `line ${n}: internal error, refusing to be safe (${printableMessage(err)})`));
  }
}

/** Fixed key order: the benchmark compares lines. */
function toLine(r: Classification): BatchLine {
  return { decision: r.decision, category: r.category, rule: r.rule, reason: r.reason };
}
