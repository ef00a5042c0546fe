/**
 * Grading file tools. A Write/Edit/MultiEdit of a `.json` file must leave JSON that parses (JSONC —
 * comments, trailing commas — for tsconfig*.json, jsconfig*.json, .vscode/*.json, devcontainer files
 * and .jsonc), and must match a schema configured for its path. The written text is Write's
 * `content`; for Edit/MultiEdit it is rebuilt from the tool response's original file and the edits,
 * and the check is skipped when that is not possible.
 */
import { matchesPathGlob } from '../policy/policy-file.js';
import { clip, excerptFrom, oneLine } from './bounded-text.js';
import { describeViolations } from './schema-violations.js';
import { parseJson } from './json-text.js';
import { parseJsonc } from './jsonc.js';
import { errorMessage, fail, pass, skip } from './result.js';
import type { GraderResult, ToolResultEvent } from './types.js';
import type { Findings, ToolResultOptions } from './tool-result-types.js';

export const WRITE_TOOLS = new Set(['Write', 'Edit', 'MultiEdit']);

const JSON_FILE = /\.jsonc?$/i;
const JSONC_FILE = /(?:^|\/)(?:tsconfig[^/]*\.json|jsconfig[^/]*\.json|\.vscode\/[^/]+\.json|\.devcontainer(?:\/[^/]+)?\.json|devcontainer\.json|\.eslintrc\.json|[^/]+\.jsonc)$/i;

/**
 * The path a file tool acted on, if it names one.
 *
 * @example
 * filePathOf({ file_path: '/p/a.json', content: '{}' }) // → '/p/a.json'
 */
export function filePathOf(input: Record<string, unknown>): string | undefined {
  for (const key of ['file_path', 'notebook_path', 'path']) {
    const v = input[key];
    if (typeof v === 'string' && v !== '') return v;
  }
  return undefined;
}

/**
 * The schemas configured for this event's file: exact path matches and glob matches.
 *
 * @example
 * applicableSchemas({ …Write of /p/package.json… }, [{ glob: '**\/package.json', schema }]) // → [{ glob, schema }]
 */
export function applicableSchemas(e: ToolResultEvent, schemas: ToolResultOptions['schemas']): Array<{ glob: string; schema: object }> {
  const path = filePathOf(e.toolInput);
  if (!schemas?.length || !path || !WRITE_TOOLS.has(e.toolName) || !JSON_FILE.test(path)) return [];
  const normal = path.replace(/\\/g, '/');
  return schemas.filter((s) => {
    if (s.glob === path || s.glob.replace(/\\/g, '/') === normal) return true;
    try {
      return matchesPathGlob(s.glob, normal);
    } catch {
      return false; // a bad glob is the configuration's error, reported where it is loaded
    }
  });
}

/**
 * The checks on one file-tool result.
 *
 * @example
 * gradeFileTool({ event: 'PostToolUse', toolName: 'Write', toolInput: { file_path: '/p/a.json', content: '{"a":' } }, {}).results[0]
 * // → { name: 'json-file', passed: false, reason: 'Invalid JSON in a.json: Unexpected end of JSON input (line 1, column 6)', failureType: 'json_invalid' }
 */
export function gradeFileTool(e: ToolResultEvent, opts: ToolResultOptions): Findings {
  if (e.event === 'PostToolUseFailure') {
    const error = e.error ?? '';
    return { results: [fail('tool-error', oneLine(`${e.toolName} failed: ${error || 'no error message'}`), 'tool_error')], output: clip(error) };
  }
  const path = filePathOf(e.toolInput);
  if (!path || !WRITE_TOOLS.has(e.toolName) || !JSON_FILE.test(path)) return { results: [pass('tool-result', `${e.toolName} succeeded`)], output: '' };

  const name = path.slice(path.replace(/\\/g, '/').lastIndexOf('/') + 1);
  const content = writtenContent(e);
  if (content === undefined) return { results: [skip('json-file', 'skipped: the written content is not available')], output: '' };
  const parsed = JSONC_FILE.test(path.replace(/\\/g, '/')) ? parseJsonc(content) : parseJson(content);
  if (!parsed.ok) {
    const where = parsed.where ? ` (line ${parsed.where.line}, column ${parsed.where.column})` : '';
    const output = parsed.where ? excerptFrom(content, parsed.where.position) : clip(content);
    return { results: [fail('json-file', oneLine(`Invalid JSON in ${name}: ${parsed.message}${where}`), 'json_invalid', { metadata: { path } })], output };
  }
  const results: GraderResult[] = [pass('json-file', `${name} is valid JSON`)];
  for (const { glob, schema } of applicableSchemas(e, opts.schemas)) {
    results.push(schemaResult(name, glob, schema, parsed.value, opts));
  }
  const failing = results.find((r) => !r.passed);
  return { results, output: failing ? clip(content) : '' };
}

function schemaResult(name: string, glob: string, schema: object, value: unknown, opts: ToolResultOptions): GraderResult {
  if (!opts.validateSchema) return skip('json-schema', 'skipped: no schema validator loaded (see tool-result-schema.ts)', { metadata: { glob } });
  let check;
  try {
    check = opts.validateSchema(schema, value);
  } catch (err) {
    return skip('json-schema', oneLine(`skipped: the schema for ${glob} is invalid: ${errorMessage(err)}`), { metadata: { glob } });
  }
  if (check.valid) return pass('json-schema', `${name} matches its schema`, { metadata: { glob } });
  return fail('json-schema', oneLine(`${name} does not match its schema: ${describeViolations(check.violations)}`), 'schema_violation', {
    metadata: { glob, violations: check.violations.slice(0, 20) },
  });
}

interface EditStep {
  old_string?: unknown;
  new_string?: unknown;
  replace_all?: unknown;
}

/**
 * The file's text after the tool ran, when the event lets us know it: Write's content, or an
 * Edit/MultiEdit replayed on the response's original file (undefined when an edit does not apply).
 *
 * @example
 * writtenContent({ event: 'PostToolUse', toolName: 'Edit', toolInput: { file_path: 'a.json', old_string: '1', new_string: '2' },
 *   toolResponse: { originalFile: '{"a": 1}' } }) // → '{"a": 2}'
 */
export function writtenContent(e: ToolResultEvent): string | undefined {
  const input = e.toolInput;
  if (e.toolName === 'Write') {
    if (typeof input['content'] === 'string') return input['content'];
    const r = e.toolResponse as { content?: unknown } | undefined;
    return typeof r?.content === 'string' ? r.content : undefined;
  }
  const response = (e.toolResponse ?? {}) as { originalFile?: unknown; originalFileContents?: unknown };
  const original = typeof response.originalFile === 'string' ? response.originalFile : response.originalFileContents;
  if (typeof original !== 'string') return undefined;
  const steps: EditStep[] = e.toolName === 'MultiEdit' ? (Array.isArray(input['edits']) ? (input['edits'] as EditStep[]) : []) : [input as EditStep];
  let text = original;
  for (const step of steps) {
    const next = applyEdit(text, step);
    if (next === undefined) return undefined;
    text = next;
  }
  return steps.length ? text : undefined;
}

function applyEdit(text: string, step: EditStep): string | undefined {
  const { old_string: from, new_string: to } = step;
  if (typeof from !== 'string' || typeof to !== 'string') return undefined;
  if (from === '') return text === '' ? to : undefined; // Claude Code's "create with Edit" case
  if (!text.includes(from)) return undefined;
  return step.replace_all === true ? text.split(from).join(to) : text.replace(from, () => to);
}
