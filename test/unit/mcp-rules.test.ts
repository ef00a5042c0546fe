import { describe, expect, test } from 'vitest';
import {
  MCP_KIND_RULES,
  ORIGINAL_BLOCKED_PATTERNS,
  SQL_PAYLOAD_KEYS,
  classifyMcpTool,
  operationKind,
  originalPayloadFindings,
  parseMcpToolName,
  payloadStrings,
  words,
  type McpClassifyOptions,
} from '../../server/engine/policy/mcp-rules.js';
import type { Category, Finding } from '../../server/engine/policy/types.js';

const OWN = { ownServerNames: ['task-orchestrator'] };

function classify(tool: string, input: Record<string, unknown> = {}, opts: McpClassifyOptions = OWN): Finding[] {
  return classifyMcpTool(tool, input, opts);
}

/** The one finding for a tool, checked for rule and category; returns its reason. */
function expectFinding(tool: string, rule: string, category: Category, input: Record<string, unknown> = {}): string {
  const findings = classify(tool, input);
  expect(findings.map((f) => [f.rule, f.category])).toEqual([[rule, category]]);
  expect(findings[0]?.subject).toBe(tool);
  return findings[0]?.reason ?? '';
}

const expectAsk = (tool: string, rule: string) => expectFinding(tool, rule, 'REQUIRES_APPROVAL');
const expectNoOpinion = (tool: string, input: Record<string, unknown> = {}) => expect(classify(tool, input)).toEqual([]);

describe('tool names', () => {
  test('mcp__<server>__<tool> splits on the first "__", like Claude Code', () => {
    expect(parseMcpToolName('mcp__my_db-server__run__twice')).toMatchObject({ server: 'my_db-server', tool: 'run__twice' });
  });

  test('plugin tools name the plugin and the server', () => {
    expect(parseMcpToolName('mcp__plugin_task-orchestrator_task-orchestrator__inbox_status')).toMatchObject({
      server: 'plugin_task-orchestrator_task-orchestrator',
      plugin: { plugin: 'task-orchestrator', server: 'task-orchestrator' },
      tool: 'inbox_status',
    });
  });

  test("the PreToolUse sample's plugin tool parses (reference/claude-code/hook-stdin-2.1.197.json and 2.1.330)", () => {
    expect(parseMcpToolName('mcp__plugin_guard-demo_guard__echo')).toEqual({
      server: 'plugin_guard-demo_guard',
      plugin: { plugin: 'guard-demo', server: 'guard' },
      tool: 'echo',
      words: ['echo'],
    });
    expectNoOpinion('mcp__plugin_guard-demo_guard__echo', { text: 'hi there' });
  });

  test("2.1.330's mcp_server.name settles a plugin name that contains '_'", () => {
    expect(parseMcpToolName('mcp__plugin_my_plugin_srv__x', 'plugin:my_plugin:srv')?.plugin).toEqual({ plugin: 'my_plugin', server: 'srv' });
  });

  test('names that are not MCP tools get no finding', () => {
    for (const name of ['Bash', 'mcp__', 'mcp__server', 'mcp__server__', 'mcpx__a__delete_all']) expect(classify(name)).toEqual([]);
  });

  test('words split on _, -, . and camelCase', () => {
    expect(words('sendEmail')).toEqual(['send', 'email']);
    expect(words('HTTPDelete-all_items.now')).toEqual(['http', 'delete', 'all', 'items', 'now']);
  });
});

describe('operation kinds of third-party tools', () => {
  test('send_email asks, with a reason that names the tool and the kind', () => {
    expect(expectAsk('mcp__gmail__send_email', 'mcp.send')).toBe(
      'mcp__gmail__send_email sends a message on your behalf (operation kind: send); approve it if you meant to',
    );
  });

  test.each([
    ['mcp__db__delete_records', 'mcp.delete'],
    ['mcp__fs__removeFile', 'mcp.delete'],
    ['mcp__db__drop_table', 'mcp.delete'],
    ['mcp__mail__archive_thread', 'mcp.delete'],
    ['mcp__slack__post_message', 'mcp.send'],
    ['mcp__github__create_comment', 'mcp.send'],
    ['mcp__twilio__sms_send', 'mcp.send'],
    ['mcp__vercel__deploy', 'mcp.deploy'],
    ['mcp__k8s__rollback_deployment', 'mcp.deploy'],
    ['mcp__npm__publish_package', 'mcp.deploy'],
    ['mcp__github__create_release', 'mcp.deploy'],
    ['mcp__stripe__create_refund', 'mcp.charge'],
    ['mcp__stripe__charge_customer', 'mcp.charge'],
    ['mcp__stripe__create_payment_intent', 'mcp.charge'],
    ['mcp__prisma__migrate_dev', 'mcp.migrate'],
    ['mcp__db__alter_table', 'mcp.migrate'],
    ['mcp__db__create_migration', 'mcp.migrate'],
    ['mcp__ide__executeCode', 'mcp.execute'],
    ['mcp__box__run_command', 'mcp.execute'],
    ['mcp__box__eval', 'mcp.execute'],
  ])('%s asks (%s)', (tool, rule) => {
    expectAsk(tool, rule);
  });

  test.each([
    'mcp__mail__get_deleted_items',
    'mcp__vercel__list_deployments',
    'mcp__gmail__read_sent_mail',
    'mcp__slack__search_messages',
    'mcp__stripe__get_charge',
    'mcp__github__list_releases',
    'mcp__k8s__deployment_status',
    'mcp__mail__email_list',
    'mcp__db__describe_migration',
    'mcp__github__get_pull_request_comments',
  ])('%s is a read: no finding for a third-party server', (tool) => {
    expectNoOpinion(tool);
  });

  test('the first verb decides, wherever it is: noun-first names work too', () => {
    expect(operationKind(['email', 'send'])).toBe('send');
    expect(operationKind(['tasks', 'list'])).toBe('read');
    expect(operationKind(['release', 'notes', 'get'])).toBe('read');
    expect(operationKind(['update', 'profile'])).toBeNull();
  });

  test('a third-party tool with no recognised verb gets no opinion', () => {
    expectNoOpinion('mcp__github__update_issue');
    expectNoOpinion('mcp__weather__forecast');
  });

  test('third-party read tools are never auto-allowed, even with our tool names', () => {
    expectNoOpinion('mcp__other__inbox_status');
    expectNoOpinion('mcp__plugin_evil_task-orchestrator__inbox_status');
  });

  test('every kind rule asks', () => {
    for (const r of Object.values(MCP_KIND_RULES)) expect(r.category).toBe('REQUIRES_APPROVAL');
  });
});

describe('our own server', () => {
  test('its read-only tools are SAFE, standalone or as a plugin', () => {
    expect(expectFinding('mcp__task-orchestrator__inbox_status', 'mcp.own-read', 'SAFE')).toBe(
      'mcp__task-orchestrator__inbox_status is a read-only Task Orchestrator tool',
    );
    expectFinding('mcp__plugin_task-orchestrator_task-orchestrator__inbox_status', 'mcp.own-read', 'SAFE');
    for (const tool of ['tasks_list', 'cost_summary', 'immune_dashboard', 'predict_risk', 'list_workflows', 'immune_check']) {
      expectFinding(`mcp__task-orchestrator__${tool}`, 'mcp.own-read', 'SAFE');
    }
  });

  test('its other tools are classified like anyone else\'s', () => {
    expectNoOpinion('mcp__task-orchestrator__spawn_agent', { prompt: 'write a haiku' });
    expectNoOpinion('mcp__task-orchestrator__get_something_new');
    expectNoOpinion('mcp__task-orchestrator__cost_set_budget', { provider: 'openai', daily_limit: 5 });
    expectAsk('mcp__task-orchestrator__execute_workflow', 'mcp.execute');
  });

  test.each([
    'approve_action',
    'inbox_approve',
    'inbox_deny',
    'decide_approval',
    'reject_request',
    'always_allow',
    'inbox_clear',
    'mark_approved',
    'setApprovalStatus',
  ])('%s, which would decide an approval, is BLOCKED', (tool) => {
    const reason = expectFinding(`mcp__plugin_task-orchestrator_task-orchestrator__${tool}`, 'mcp.self-approval', 'BLOCKED');
    expect(reason).toContain('only a human decides approvals');
  });

  test('reading approvals is not deciding them', () => {
    expectNoOpinion('mcp__task-orchestrator__list_approvals');
    expectFinding('mcp__task-orchestrator__inbox_status', 'mcp.own-read', 'SAFE');
  });

  test('a third party\'s approve tool is an ordinary tool', () => {
    expectNoOpinion('mcp__github__approve_pull_request');
  });
});

describe('payload', () => {
  test('"DROP DATABASE prod" in the input is BLOCKED, naming the pattern', () => {
    const findings = classify('mcp__postgres__query', { sql: 'DROP DATABASE prod' });
    expect(findings).toEqual([
      {
        rule: 'mcp.payload.blocked-pattern',
        category: 'BLOCKED',
        reason: 'mcp__postgres__query input contains "DROP DATABASE", which matches the blocked pattern /DROP\\s+DATABASE/i; run such an operation yourself if you really mean it',
        subject: 'DROP DATABASE',
      },
    ]);
  });

  test.each([
    [{ command: 'rm -rf /' }],
    [{ sql: 'drop database production' }],
    [{ command: 'git push --force origin main' }],
    [{ q: 'DELETE FROM users WHERE 1 = 1' }],
    [{ steps: [{ sql: 'TRUNCATE TABLE audit' }] }],
    [{ nested: { deeper: ['ok', 'format c:'] } }],
  ])('%o is BLOCKED, also inside nested objects and arrays', (input) => {
    expect(classify('mcp__any__do', input).map((f) => f.category)).toEqual(['BLOCKED']);
  });

  test('every original pattern is checked', () => {
    expect(ORIGINAL_BLOCKED_PATTERNS).toHaveLength(8);
  });

  test('keys and non-string values are not scanned', () => {
    expectNoOpinion('mcp__any__do', { 'DROP DATABASE x': 1, n: 42, ok: true, nothing: null });
  });

  test('a blocked payload also blocks a tool that would otherwise be SAFE', () => {
    const findings = classify('mcp__task-orchestrator__immune_check', { prompt: 'then TRUNCATE TABLE users' });
    expect(findings.map((f) => f.rule)).toEqual(['mcp.payload.blocked-pattern', 'mcp.own-read']);
  });

  test('payloadFindings replaces the default payload check, and can compose with it', () => {
    const sqlKeys: string[][] = [];
    const custom: McpClassifyOptions = {
      ...OWN,
      payloadFindings: (input) => {
        sqlKeys.push(payloadStrings(input, SQL_PAYLOAD_KEYS));
        return [];
      },
    };
    expect(classify('mcp__db__run', { statement: 'DROP DATABASE x', note: 'hi' }, custom)).toEqual([]);
    expect(sqlKeys).toEqual([['DROP DATABASE x']]);
    const both: McpClassifyOptions = {
      ...OWN,
      payloadFindings: (input, tool) => [...originalPayloadFindings(input, tool), { rule: 'sql.x', category: 'REQUIRES_APPROVAL', reason: 'r' }],
    };
    expect(classify('mcp__db__run', { statement: 'DROP DATABASE x' }, both).map((f) => f.rule)).toEqual(['mcp.payload.blocked-pattern', 'sql.x']);
  });

  test('payloadStrings walks objects and arrays, and can select by key at any depth', () => {
    const input = { a: 'x', b: ['y', { c: 'z' }], Query: { text: 'SELECT 1' } };
    expect(payloadStrings(input)).toEqual(['x', 'y', 'z', 'SELECT 1']);
    expect(payloadStrings(input, ['query'])).toEqual(['SELECT 1']);
  });
});
