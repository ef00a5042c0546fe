/** The guardrail line shown for each kind of failure, and their deterministic order. */
import type { FailureType } from '../grading/types.js';

export const GUARDRAILS: Readonly<Record<FailureType, string>> = {
  json_invalid:
    'IMPORTANT: Your response MUST be valid JSON. Do not include markdown code blocks, comments, or trailing commas. Ensure all strings are properly quoted and all brackets are balanced.',
  schema_violation:
    'IMPORTANT: Your response must strictly follow the required schema. Include all required fields and use the correct data types. Do not add extra fields not specified in the schema.',
  empty_response:
    'IMPORTANT: You must provide a substantive response. Do not return an empty or minimal response. If you cannot complete the task, explain why in detail.',
  pattern_mismatch:
    'IMPORTANT: Your response must follow the expected format. Review the requirements carefully and ensure your output matches the specified pattern or structure.',
  length_violation:
    'IMPORTANT: Pay attention to length requirements. Ensure your response meets the minimum length while staying within any maximum length constraints.',
  hallucination:
    "IMPORTANT: Only include information you are certain about. Do not make up facts, functions, or APIs that don't exist. If unsure, say so explicitly.",
  command_failed:
    'IMPORTANT: A similar command failed before. Check the command, its arguments and the working directory before running it, and read its exit code and error output instead of assuming it succeeded.',
  test_failure:
    'IMPORTANT: Similar test runs have failed before. Run the relevant tests after your change and read every failure. Fix the cause rather than the test, and do not report success until the tests pass.',
  hidden_error:
    'IMPORTANT: A similar command exited successfully while its output held an error. Read the whole output for tracebacks, "Error:" or "FAILED" lines. Do not rely on the exit code alone.',
  tool_error:
    'IMPORTANT: A similar tool call failed before. Check the required inputs (paths, identifiers, parameters) and that the target exists before calling it, and handle the error it returns.',
  interrupted:
    'IMPORTANT: A similar operation was interrupted or timed out before. Work in smaller steps, set explicit timeouts, and avoid commands that wait for input or never finish.',
  contradiction:
    'IMPORTANT: A previous response to a similar request contradicted what was asked. Re-read the request and make sure your response does exactly what it asks, not something else.',
  cost_exceeded:
    'IMPORTANT: Similar requests have exceeded their cost budget. Keep the work focused. Avoid unnecessary tool calls, large reads and repeated attempts.',
  latency_exceeded:
    'IMPORTANT: Similar requests have taken too long. Work in small, direct steps and avoid slow or long-running operations unless they are required.',
  evaluation_failed:
    'IMPORTANT: Previous similar requests have failed evaluation. Please be extra careful to follow all requirements exactly. Double-check your response before submitting.',
};

/**
 * The same failures when they were files Claude wrote (Write/Edit/MultiEdit/NotebookEdit), not its answer:
 * "your response must be valid JSON" would be the wrong advice there.
 */
export const FILE_GUARDRAILS: Readonly<Partial<Record<FailureType, string>>> = {
  json_invalid:
    'IMPORTANT: A JSON file written for a similar request did not parse. Files you write as JSON must be valid JSON: no comments or trailing commas, every string quoted, every bracket balanced. Read the file back after writing it.',
  schema_violation:
    'IMPORTANT: A file written for a similar request broke its JSON Schema. Check the schema for required fields, types and allowed values before writing the file, and do not add fields it does not allow.',
};

const FILE_TOOL = /^(Write|Edit|MultiEdit|NotebookEdit)$/;

/** The guardrail for a failure type, in the wording for files when the pattern came from a file tool. */
export function guardrailFor(type: FailureType, operation = ''): string {
  return (FILE_TOOL.test(operation) ? FILE_GUARDRAILS[type] : undefined) ?? GUARDRAILS[type] ?? GUARDRAILS.evaluation_failed;
}

/**
 * One guardrail per distinct failure type (and wording) of `matches`, ordered by its highest risk
 * (descending), then by text: the same matches give the same lines in the same order, whatever their order.
 *
 * @example
 * guardrailsFor([{ risk: 0.4, pattern: { failureType: 'json_invalid' } }, { risk: 0.7, pattern: { failureType: 'test_failure' } }])
 * // → [GUARDRAILS.test_failure, GUARDRAILS.json_invalid]
 */
export function guardrailsFor(matches: ReadonlyArray<{ risk: number; pattern: { failureType: FailureType; operation?: string } }>): string[] {
  const top = new Map<string, number>();
  for (const m of matches) {
    const line = guardrailFor(m.pattern.failureType, m.pattern.operation);
    top.set(line, Math.max(top.get(line) ?? 0, m.risk));
  }
  return [...top].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([line]) => line);
}
