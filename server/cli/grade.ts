/**
 * `grade [--assert SPEC]… [--judge relevance,accuracy,…] [--prompt TEXT] [--expected TEXT] [--json] < output`:
 * grade an output read from stdin with code assertions (promptfoo-style specs: `'{"type":"icontains","value":"ok"}'`,
 * or `@file.json` holding one spec or an array) and LLM judges (the configured provider: Gemini with
 * GOOGLE_API_KEY, OpenAI or a compatible server with OPENAI_API_KEY / OPENAI_BASE_URL). Without a provider
 * the judges report "skipped: no provider". Exit 0 when the output passes, 1 when it fails.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { graderFromSpec, GraderSpecError } from '../engine/grading/spec.js';
import { runGraders } from '../engine/grading/pipeline.js';
import type { BuiltGrader } from '../engine/grading/grader.js';
import { accuracyGrader, codeQualityGrader, completenessGrader, formatGrader, performanceGrader, relevanceGrader, safetyGrader } from '../engine/grading/model-graders.js';
import type { LLMProvider } from '../engine/providers/types.js';
import { UsageError } from './args.js';
import { CommandError, type CliIO } from './io.js';

const JUDGES = {
  relevance: relevanceGrader, completeness: completenessGrader, accuracy: accuracyGrader, format: formatGrader,
  'code-quality': codeQualityGrader, safety: safetyGrader, performance: performanceGrader,
} as const;

interface GradeArgs {
  asserts: string[];
  judges: string[];
  prompt?: string;
  expected?: string;
  json: boolean;
}

function parse(args: string[]): GradeArgs {
  const out: GradeArgs = { asserts: [], judges: [], json: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const value = (): string => {
      const v = args[++i];
      if (v === undefined) throw new UsageError(`grade ${a}: needs a value`);
      return v;
    };
    if (a === '--assert') out.asserts.push(value());
    else if (a === '--judge') out.judges.push(...value().split(',').map((s) => s.trim()).filter(Boolean));
    else if (a === '--prompt') out.prompt = value();
    else if (a === '--expected') out.expected = value();
    else if (a === '--json') out.json = true;
    else throw new UsageError(`grade: unknown argument ${JSON.stringify(a)}`);
  }
  if (out.asserts.length === 0 && out.judges.length === 0) throw new UsageError('grade: give at least one --assert SPEC or --judge NAME');
  for (const j of out.judges) if (!(j in JUDGES)) throw new UsageError(`grade --judge: unknown judge ${JSON.stringify(j)}; expected ${Object.keys(JUDGES).join(', ')}`);
  return out;
}

function specsOf(text: string, cwd: string): unknown[] {
  const raw = text.startsWith('@') ? readFileSync(resolve(cwd, text.slice(1)), 'utf8') : text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    throw new UsageError(`grade --assert: not JSON (${(err as Error).message}): ${raw.slice(0, 80)}`);
  }
  return Array.isArray(parsed) ? parsed : [parsed];
}

export async function runGrade(args: string[], io: CliIO): Promise<number> {
  const a = parse(args);
  const lines: string[] = [];
  for await (const line of io.lines()) lines.push(line);
  const output = lines.join('\n');
  let provider: LLMProvider | null = null;
  if (a.judges.length) {
    const { selectProvider } = await import('../engine/providers/select.js');
    try {
      provider = selectProvider(io.env);
    } catch (err) {
      throw new CommandError(`grade: ${(err as Error).message}`);
    }
  }
  const graders: BuiltGrader[] = [];
  try {
    for (const text of a.asserts) for (const spec of specsOf(text, io.cwd)) graders.push(graderFromSpec(spec, provider ? { provider } : {}));
  } catch (err) {
    if (err instanceof GraderSpecError) throw new UsageError(`grade --assert: ${err.message}`);
    throw err;
  }
  for (const j of a.judges) graders.push(JUDGES[j as keyof typeof JUDGES]({ provider }));
  const summary = await runGraders(graders, output, { ...(a.prompt ? { prompt: a.prompt } : {}), ...(a.expected ? { expected: a.expected } : {}) });
  if (a.json) await io.out(`${JSON.stringify(summary, null, 2)}\n`);
  else {
    for (const r of summary.results) await io.out(`${r.skipped ? '·' : r.passed ? '✔' : '✘'} ${r.name} ${r.skipped ? '' : r.score.toFixed(2)} ${r.reason}\n`);
    await io.out(`${summary.passed ? 'PASS' : 'FAIL'} score ${summary.score.toFixed(2)} (threshold ${summary.threshold.toFixed(2)})${summary.failureType ? ` ${summary.failureType}` : ''}${provider ? '' : a.judges.length ? ' — judges skipped: no provider configured' : ''}\n`);
  }
  return summary.passed ? 0 : 1;
}
