// gradeToolResult on file-tool and MCP events: JSON files, schemas, tool errors, empty content.
import { describe, expect, test } from 'vitest';
import { gradeToolResult, inputOf, schemaApplies } from '../../../server/engine/grading/tool-result.js';
import { gradeToolResultWithSchemas, validateSchema } from '../../../server/engine/grading/tool-result-schema.js';
import type { ToolResultEvent } from '../../../server/engine/grading/types.js';

describe('file tools', () => {
  const write = (file_path: string, content: string): ToolResultEvent => ({
    event: 'PostToolUse', toolName: 'Write', toolInput: { file_path, content }, toolResponse: { type: 'create', filePath: file_path, content },
  });

  test('writing invalid JSON to a .json file is json_invalid with line and column', () => {
    const g = gradeToolResult(write('/p/config.json', '{\n  "a": 1,\n  "b" 2\n}'));
    expect(g).toMatchObject({ tool: 'Write', operation: 'Write', passed: false, failureType: 'json_invalid', input: '/p/config.json' });
    expect(g.reason).toBe('Invalid JSON in config.json: Unexpected number in JSON at position 18 (line 3, column 7)');
    expect(g.output).toContain('"b" 2');
  });

  test('valid JSON passes; non-JSON files are not parsed', () => {
    expect(gradeToolResult(write('/p/package.json', '{"name": "x"}'))).toMatchObject({ passed: true, reason: 'package.json is valid JSON' });
    expect(gradeToolResult(write('/p/notes.md', '{ not json'))).toMatchObject({ passed: true });
  });

  test('tsconfig.json and .vscode settings may have comments and trailing commas', () => {
    const jsonc = '{\n  // strictness\n  "compilerOptions": { "strict": true, },\n  /* paths */\n}';
    expect(gradeToolResult(write('/p/tsconfig.json', jsonc)).passed).toBe(true);
    expect(gradeToolResult(write('/p/tsconfig.build.json', jsonc)).passed).toBe(true);
    expect(gradeToolResult(write('/p/.vscode/settings.json', jsonc)).passed).toBe(true);
    expect(gradeToolResult(write('/p/package.json', jsonc)).failureType).toBe('json_invalid');
  });

  test('an Edit is checked on the file rebuilt from the original and the edit', () => {
    const original = '{\n  "name": "app",\n  "version": "1.0.0"\n}\n';
    const edit = (old_string: string, new_string: string): ToolResultEvent => ({
      event: 'PostToolUse', toolName: 'Edit', toolInput: { file_path: '/p/package.json', old_string, new_string },
      toolResponse: { filePath: '/p/package.json', oldString: old_string, newString: new_string, originalFile: original, structuredPatch: [] },
    });
    expect(gradeToolResult(edit('"1.0.0"', '"1.1.0"')).passed).toBe(true);
    expect(gradeToolResult(edit('"version": "1.0.0"', '"version": "1.1.0",')).failureType).toBe('json_invalid');
  });

  test('a MultiEdit applies its edits in order', () => {
    const e: ToolResultEvent = {
      event: 'PostToolUse', toolName: 'MultiEdit',
      toolInput: { file_path: '/p/a.json', edits: [{ old_string: '1', new_string: '2' }, { old_string: '"a"', new_string: '"a",' }] },
      toolResponse: { filePath: '/p/a.json', originalFile: '{"a": 1}' },
    };
    expect(gradeToolResult(e).failureType).toBe('json_invalid');
  });

  test('an Edit without the original content is skipped, not guessed', () => {
    const e: ToolResultEvent = { event: 'PostToolUse', toolName: 'Edit', toolInput: { file_path: '/p/a.json', old_string: 'a', new_string: 'b' }, toolResponse: {} };
    const g = gradeToolResult(e);
    expect(g.passed).toBe(true);
    expect(g.results[0]).toMatchObject({ skipped: true, reason: 'skipped: the written content is not available' });
  });

  test('a file tool failure is tool_error', () => {
    const g = gradeToolResult({ event: 'PostToolUseFailure', toolName: 'Read', toolInput: { file_path: '/p/missing.ts' }, error: 'File does not exist.' });
    expect(g).toMatchObject({ operation: 'Read', passed: false, failureType: 'tool_error', reason: 'Read failed: File does not exist.', input: '/p/missing.ts' });
  });

  test('other tools pass and summarise their input', () => {
    expect(gradeToolResult({ event: 'PostToolUse', toolName: 'Grep', toolInput: { pattern: 'TODO', path: 'src' }, toolResponse: {} })).toMatchObject({ passed: true, input: 'TODO in src' });
    expect(inputOf({ event: 'PostToolUse', toolName: 'WebFetch', toolInput: { url: 'https://example.com', prompt: 'x' } })).toBe('https://example.com');
  });
});

describe('file schemas', () => {
  const schema = { type: 'object', required: ['name'], properties: { name: { type: 'string' } } };
  const write = (content: string): ToolResultEvent => ({ event: 'PostToolUse', toolName: 'Write', toolInput: { file_path: '/p/app/package.json', content } });

  test('a schema applies by glob or by exact path', () => {
    expect(schemaApplies(write('{}'), [{ glob: '**/package.json', schema }])).toBe(true);
    expect(schemaApplies(write('{}'), [{ glob: '/p/app/package.json', schema }])).toBe(true);
    expect(schemaApplies(write('{}'), [{ glob: '*.yaml', schema }])).toBe(false);
    expect(schemaApplies(write('{}'), [])).toBe(false);
  });

  test('an exact path with glob characters in it still matches itself', () => {
    const e: ToolResultEvent = { event: 'PostToolUse', toolName: 'Write', toolInput: { file_path: '/p/app/[id]/data.json', content: '{}' } };
    expect(schemaApplies(e, [{ glob: '/p/app/[id]/data.json', schema }])).toBe(true);
  });

  test('with the validator loaded, a schema violation is schema_violation', () => {
    const g = gradeToolResultWithSchemas(write('{"name": 42}'), { schemas: [{ glob: '**/package.json', schema }] });
    expect(g).toMatchObject({ passed: false, failureType: 'schema_violation', reason: 'package.json does not match its schema: /name: must be string' });
    expect(gradeToolResultWithSchemas(write('{"name": "x"}'), { schemas: [{ glob: '**/package.json', schema }] }).passed).toBe(true);
  });

  test('without the validator the schema check is skipped, never a false pass or fail', () => {
    const g = gradeToolResult(write('{"name": 42}'), { schemas: [{ glob: '**/package.json', schema }] });
    expect(g.passed).toBe(true);
    expect(g.results.find((r) => r.name === 'json-schema')).toMatchObject({ skipped: true });
  });

  test('an invalid configured schema is skipped with its error', () => {
    const g = gradeToolResult(write('{}'), { schemas: [{ glob: '**/package.json', schema: { type: 'nope' } }], validateSchema });
    expect(g.passed).toBe(true);
    expect(g.results.find((r) => r.name === 'json-schema')?.reason).toMatch(/^skipped: the schema for \*\*\/package.json is invalid: Invalid JSON Schema/);
  });

  test('each schema object is compiled once', () => {
    const s = { type: 'string' };
    expect(validateSchema(s, 'x')).toEqual({ valid: true });
    expect(validateSchema(s, 1)).toMatchObject({ valid: false });
  });
});

describe('MCP tools', () => {
  const mcp = (toolResponse: unknown, event: ToolResultEvent['event'] = 'PostToolUse', error?: string): ToolResultEvent => ({
    event, toolName: 'mcp__github__create_issue', toolInput: { title: 'Bug' }, toolResponse, ...(error ? { error } : {}),
  });

  test('a text result passes', () => {
    expect(gradeToolResult(mcp([{ type: 'text', text: 'Created issue #12' }]))).toMatchObject({ passed: true, operation: 'mcp__github__create_issue' });
  });

  test('an isError result is tool_error', () => {
    const g = gradeToolResult(mcp({ content: [{ type: 'text', text: 'Validation Failed: title is too long' }], isError: true }));
    expect(g).toMatchObject({ passed: false, failureType: 'tool_error', reason: 'mcp__github__create_issue returned an error: Validation Failed: title is too long' });
  });

  test('an MCP protocol error text is tool_error', () => {
    expect(gradeToolResult(mcp([{ type: 'text', text: 'MCP error -32602: Invalid params' }])).failureType).toBe('tool_error');
  });

  test('a PostToolUseFailure is tool_error', () => {
    expect(gradeToolResult(mcp(undefined, 'PostToolUseFailure', 'Error: connection closed'))).toMatchObject({ failureType: 'tool_error', reason: 'mcp__github__create_issue failed: Error: connection closed' });
  });

  test('empty content is empty_response; an image is content', () => {
    expect(gradeToolResult(mcp([])).failureType).toBe('empty_response');
    expect(gradeToolResult(mcp([{ type: 'text', text: '  ' }])).failureType).toBe('empty_response');
    expect(gradeToolResult(mcp([{ type: 'image', data: 'iVBOR', mimeType: 'image/png' }])).passed).toBe(true);
  });

  test('the input is the tool and its JSON, at most 2 KB', () => {
    const g = gradeToolResult({ ...mcp([{ type: 'text', text: 'ok' }]), toolInput: { body: 'x'.repeat(5000) } });
    expect(g.input.startsWith('mcp__github__create_issue {"body":"xxx')).toBe(true);
    expect(g.input.length).toBeLessThanOrEqual(2048);
  });
});

