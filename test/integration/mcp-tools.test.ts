// The MCP server's other categories through the SDK Client: tasks (persisted, analysed, scheduled into
// an .ics file), workflows with the target files' contents, validate_code, run_with_error_capture behind
// the classifier, the immune and prediction tools, and the errors a user meets first.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { failureDetails } from '../../server/mcp/tool.js';
import { connect, type Connected, ensureBuilt, McpSandbox, text } from './mcp-helpers.js';

let c: Connected;
let box: McpSandbox;
beforeAll(async () => {
  ensureBuilt();
  box = new McpSandbox();
  mkdirSync(join(box.project, 'src'), { recursive: true });
  writeFileSync(join(box.project, 'src', 'math.ts'), 'export const add = (a: number, b: number) => a + b;\n');
  writeFileSync(join(box.project, '.env'), 'API_KEY=sk-live-abcdefghijklmnopqrstuvwx\n');
  // No provider: every tool that can work without one must.
  c = await connect(box.env({ TASK_ORCHESTRATOR_MCP_TOOLS: 'all' }));
});
afterAll(async () => {
  await c.close();
  box.cleanup();
});

const sc = (r: CallToolResult): Record<string, any> => (r.isError ? (failureDetails(r) ?? {}) : (r.structuredContent as Record<string, any>));

describe('tasks', () => {
  test('add, list by priority, analyse by rules, complete; persisted in the store', async () => {
    const low = sc(await c.call('tasks_add', { title: 'Tidy the README', priority: 'low' })).task;
    const high = sc(await c.call('tasks_add', { title: 'Rotate the leaked deploy key', priority: 'critical', due_date: '2020-01-01T09:00:00Z', tags: ['security'] })).task;
    const list = sc(await c.call('tasks_list', {}));
    expect(list.tasks.map((t: any) => t.id)).toEqual([high.id, low.id]);
    const analysis = sc(await c.call('tasks_analyze', { task_id: high.id })).analysis;
    expect(analysis).toMatchObject({ source: 'rules', taskId: high.id, overdue: true });
    const done = sc(await c.call('tasks_complete', { task_id: low.id, notes: 'done' })).task;
    expect(done.status).toBe('completed');
    expect(sc(await c.call('tasks_list', {})).tasks.map((t: any) => t.id)).toEqual([high.id]);
    const briefing = sc(await c.call('tasks_briefing', {})).briefing;
    expect(briefing.source).toBe('rules');
  });

  test('an unknown task id is a clear error', async () => {
    const r = await c.call('tasks_complete', { task_id: 'nope' });
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/nope/);
  });

  test('tasks_schedule writes an event into the .ics file', async () => {
    const t = sc(await c.call('tasks_add', { title: 'Write the migration guide', estimated_minutes: 60 })).task;
    const file = join(box.root, 'calendar.ics');
    const r = await c.call('tasks_schedule', { task_id: t.id, calendar_file: file, time_zone: 'UTC' });
    expect(r.isError, text(r)).toBeFalsy();
    expect(existsSync(file)).toBe(true);
    const ics = readFileSync(file, 'utf8');
    expect(ics).toContain(`UID:${t.id}@task-orchestrator`);
    expect(ics).toContain('SUMMARY:[Task] Write the migration guide');
    expect(sc(r).task.status).toBe('scheduled');
    const notIcs = await c.call('tasks_schedule', { task_id: t.id, calendar_file: join(box.home, '.bashrc') });
    expect(notIcs.isError).toBe(true);
    expect(existsSync(join(box.home, '.bashrc'))).toBe(false);
  });

  test('tasks_sync_email without a mailbox configured says which variables to set', async () => {
    const r = await c.call('tasks_sync_email', {});
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/TASK_ORCHESTRATOR_IMAP_HOST/);
  });
});

describe('workflows and code', () => {
  test('list_workflows names the five triggers', async () => {
    const w = sc(await c.call('list_workflows', {})).workflows.map((x: any) => x.trigger).sort();
    expect(w).toEqual(['@Debug', '@Docs', '@Refactor', '@Review', '@TestGen']);
  });

  test('trigger_workflow includes the target files\' contents and refuses secrets and escapes', async () => {
    const r = await c.call('trigger_workflow', { workflow: 'review', prompt: 'Review the math helpers', target_files: ['src/math.ts', '.env', '../outside.txt'] });
    expect(r.isError, text(r)).toBeFalsy();
    const s = sc(r);
    expect(s.archetype).toBe('architect');
    expect(s.files.map((f: any) => f.path)).toEqual(['src/math.ts']);
    expect(s.expandedPrompt).toContain('export const add');
    expect(s.expandedPrompt).not.toContain('sk-live');
    expect(s.skipped.map((x: any) => x.path).sort()).toEqual(['../outside.txt', '.env']);
  });

  test('validate_code reports a real syntax error with its position', async () => {
    const r = sc(await c.call('validate_code', { code: 'def f(x)\n    return x\n', language: 'python' }));
    expect(r.valid).toBe(false);
    expect(r.errors[0]).toMatchObject({ line: 1 });
    const ok = sc(await c.call('validate_code', { code: '{"a": 1}', language: 'json' }));
    expect(ok.valid).toBe(true);
  });

  test('run_with_error_capture: the gate refuses a destructive command and runs a failing script with its trace parsed', async () => {
    const denied = await c.call('run_with_error_capture', { command: 'rm -rf ~' });
    expect(denied.isError).toBe(true);
    expect(text(denied)).toMatch(/refused by the safety gate/);
    const asked = await c.call('run_with_error_capture', { command: 'git push --force origin main' });
    expect(asked.isError).toBe(true);
    expect(text(asked)).toMatch(/needs a human's approval|refused by the safety gate/);
    const r = await c.call('run_with_error_capture', { command: `node -e "const o = undefined; o.name"` });
    expect(r.isError, text(r)).toBeFalsy();
    const s = sc(r);
    expect(s.exitCode).toBe(1);
    expect(s.errors[0]).toMatchObject({ language: 'node', type: 'TypeError' });
    const outside = await c.call('run_with_error_capture', { command: 'ls', working_dir: '/' });
    expect(outside.isError).toBe(true);
  });
});

describe('immune, prediction, cost, healing with an empty state', () => {
  test('honest empty answers, never made-up scores', async () => {
    expect(sc(await c.call('immune_check', { prompt: 'deploy the service' }))).toMatchObject({ risk: 0, matches: [] });
    expect(sc(await c.call('predict_risk', { prompt: 'deploy the service' })).status).toBe('not_enough_data');
    expect(sc(await c.call('alert_list', {}))).toMatchObject({ count: 0 });
    expect(sc(await c.call('healing_status', {})).breakers).toEqual([]);
    const dash = await c.call('immune_dashboard', {});
    expect(text(dash)).toMatch(/Immune memory/);
    const cost = sc(await c.call('cost_summary', {}));
    expect(cost.totals.today).toBe(0);
    expect(cost.priceTable.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  test('spawn tools without a provider say how to configure one', async () => {
    for (const [name, args] of [['spawn_agent', { prompt: 'x' }], ['spawn_archetype_agent', { archetype: 'qc', prompt: 'x' }], ['spawn_parallel_agents', { prompts: ['x', 'y'] }]] as const) {
      const r = await c.call(name, args);
      expect(r.isError, name).toBe(true);
      expect(text(r)).toMatch(/no LLM provider is configured/);
    }
  });
});
