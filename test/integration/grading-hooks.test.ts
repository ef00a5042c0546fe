// Grading every tool result, through the built hook (plugin/dist/hook.cjs) as Claude Code runs it for
// PostToolUse and PostToolUseFailure: what Claude is told, what is recorded, and that no input, however
// broken, makes the hook fail or block.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { contextOf, ensureBuilt, GradingSandbox, pytestFailure, ROOT, SAMPLES, vitestFailure } from './grading-helpers.js';

beforeAll(() => ensureBuilt());

let sandboxes: GradingSandbox[] = [];
afterEach(async () => {
  await Promise.all(sandboxes.map((s) => s.close()));
  sandboxes = [];
});
const sandbox = (): GradingSandbox => {
  const s = new GradingSandbox();
  sandboxes.push(s);
  return s;
};

/** One line per exported trial (`immune export`), oldest first. */
async function trials(sb: GradingSandbox): Promise<Array<Record<string, unknown>>> {
  const file = join(sb.root, `export-${Date.now()}.jsonl`);
  const r = await sb.run(['immune', 'export', '--out', file]);
  expect(r.status, r.stderr).toBe(0);
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('PostToolUseFailure: a failing test run', () => {
  test.each([
    ['vitest', 'npm test', vitestFailure(), 'test/auth.test.ts > login > rejects a bad password'],
    ['pytest', 'pytest tests', pytestFailure(), 'tests/test_auth.py::test_login_rejects'],
  ])('%s: Claude is told it is a test_failure and which test failed; exit 0, no decision', async (_runner, command, error, failingTest) => {
    const sb = sandbox();
    const r = await sb.failure(command, error);
    expect(r.status).toBe(0);
    expect(r.output).not.toHaveProperty('decision'); // PostToolUseFailure takes context only
    expect(r.output?.hookSpecificOutput).toMatchObject({ hookEventName: 'PostToolUseFailure' });
    const context = contextOf(r);
    expect(context).toContain('[task-orchestrator grade: test_failure]');
    expect(context).toContain('1 test failed');
    expect(context).toContain(failingTest);
    expect(context).not.toContain('before in this project'); // the first time
  });

  test('the failure is recorded: after `store fold` it is a trial and a test_failure pattern', async () => {
    const sb = sandbox();
    await sb.failure('npm test', vitestFailure());
    await sb.fold();
    const patterns = await sb.patterns();
    expect(patterns).toHaveLength(1);
    expect(patterns[0]).toMatchObject({ operation: 'Bash:npm test', failureType: 'test_failure', project: sb.project, count: 1, inputSummary: 'npm test' });
    expect(patterns[0]?.lastReason).toContain('rejects a bad password');
    const status = await sb.status();
    expect(status.totals).toMatchObject({ trials: 1, failures: 1, patterns: 1 });
  });

  test('the hook folds by itself: immune.json knows the failure without anyone running `store fold`', async () => {
    const sb = sandbox();
    expect(sb.snapshot()).toEqual([]);
    await sb.failure('npm test', vitestFailure());
    const known = await sb.waitFor('immune.json to hold the pattern', () => sb.snapshot().find((p) => p.operation === 'Bash:npm test'));
    expect(known).toMatchObject({ failureType: 'test_failure', count: 1, project: sb.project });
  });

  test('the same failure again says it happened before, with the count', async () => {
    const sb = sandbox();
    await sb.failure('npm test', vitestFailure());
    await sb.waitFor('the first failure to reach immune.json', () => sb.snapshot().some((p) => p.count === 1));
    const second = await sb.failure('npm test', vitestFailure());
    expect(second.status).toBe(0);
    expect(contextOf(second)).toMatch(/This has failed the same way 1 time before in this project \(first \d{4}-\d{2}-\d{2}\)/);

    await sb.fold();
    const third = await sb.failure('npm test', vitestFailure());
    expect(contextOf(third)).toContain('failed the same way 2 times before');
    await sb.fold();
    expect((await sb.patterns())[0]).toMatchObject({ count: 3 });
  });

  test('a plain failing command gets no output (Claude already sees the error), but is recorded', async () => {
    const sb = sandbox();
    const r = await sb.failure('ls ./nope', "Exit code 2\nls: cannot access './nope': No such file or directory");
    expect(r).toMatchObject({ status: 0, stdout: '' });
    await sb.fold();
    const [trial] = await trials(sb);
    expect(trial).toMatchObject({ label: 'bad', tool: 'Bash', operation: 'Bash:ls', failure_type: 'command_failed', prompt: 'ls ./nope' });
    expect((trial?.metadata as Record<string, unknown>).reason).toBe("ls exited with code 2: ls: cannot access './nope': No such file or directory");
  });

  test('the real 2.1.197 sample (`ls ./nope-xyz`, exit 2) verbatim: no output, exit 0', async () => {
    const sb = sandbox();
    const r = await sb.event('PostToolUseFailure', { ...SAMPLES.v197['PostToolUseFailure:Bash'], cwd: sb.project });
    expect(r).toMatchObject({ status: 0, stdout: '' });
  });

  test('a plain failure that keeps recurring is worth saying: the second time Claude is told the count', async () => {
    const sb = sandbox();
    const error = "Exit code 2\nls: cannot access './nope': No such file or directory";
    await sb.failure('ls ./nope', error);
    await sb.fold();
    const again = await sb.failure('ls ./nope', error);
    expect(contextOf(again)).toContain('[task-orchestrator grade: command_failed]');
    expect(contextOf(again)).toContain('failed the same way 1 time before');
  });

  test('`grep -q x file` exiting 1 is an answer (no match), graded as passed', async () => {
    const sb = sandbox();
    const r = await sb.failure('grep -q x file', 'Exit code 1');
    expect(r).toMatchObject({ status: 0, stdout: '' });
    await sb.fold();
    const [trial] = await trials(sb);
    expect(trial).toMatchObject({ label: 'good', operation: 'Bash:grep', failure_type: null });
    expect((trial?.metadata as Record<string, unknown>).reason).toBe('grep exited with 1: no match (an answer, not a failure)');
    expect(await sb.patterns()).toEqual([]);
  });

  test.each([
    ['Read', { file_path: '/home/dev/project/missing.ts' }, 'File does not exist.'],
    ['mcp__github__create_issue', { title: 'x' }, 'Error: connection closed'],
  ])('a failed %s adds nothing to its own error: no output, still recorded as a tool_error', async (tool, input, error) => {
    const sb = sandbox();
    const r = await sb.failure('', error, { tool_name: tool, tool_input: input });
    expect(r).toMatchObject({ status: 0, stdout: '' });
    await sb.fold();
    const [trial] = await trials(sb);
    expect(trial).toMatchObject({ label: 'bad', tool, failure_type: 'tool_error' });
  });
});

const TRACEBACK = 'Traceback (most recent call last):\n  File "app.py", line 3, in <module>\n    main()\nValueError: bad input\n';

describe('PostToolUse: a result that exited 0', () => {
  test('an error hidden in the output (a Python traceback) blocks, with the reason and the excerpt', async () => {
    const sb = sandbox();
    const r = await sb.success('python app.py', `starting\n${TRACEBACK}`);
    expect(r.status).toBe(0);
    expect(r.output).toMatchObject({
      decision: 'block',
      reason: '[task-orchestrator grade: hidden_error] Python traceback: ValueError: bad input.',
      hookSpecificOutput: { hookEventName: 'PostToolUse' },
    });
    expect(contextOf(r)).toMatch(/Relevant output:\n(?:.*\n)?Traceback \(most recent call last\):\n.*\nValueError: bad input/s);
  });

  test('gradeFeedback "context": no decision, the same words as additionalContext', async () => {
    const sb = sandbox();
    sb.policy({ gradeFeedback: 'context' });
    const r = await sb.success('python app.py', TRACEBACK);
    expect(r.status).toBe(0);
    expect(r.output).not.toHaveProperty('decision');
    expect(r.output).not.toHaveProperty('reason');
    expect(contextOf(r)).toContain('[task-orchestrator grade: hidden_error] Python traceback: ValueError: bad input.');
  });

  test('gradeFeedback "off": nothing is said, but the failure is still recorded', async () => {
    const sb = sandbox();
    sb.policy({ gradeFeedback: 'off' });
    const r = await sb.success('python app.py', TRACEBACK);
    expect(r).toMatchObject({ status: 0, stdout: '' });
    await sb.fold();
    expect(await sb.patterns()).toMatchObject([{ operation: 'Bash:python', failureType: 'hidden_error' }]);
  });

  test('a project policy cannot switch grading off (untrusted), and says so on stderr', async () => {
    const sb = sandbox();
    mkdirSync(join(sb.project, '.task-orchestrator'));
    writeFileSync(join(sb.project, '.task-orchestrator/policy.json'), JSON.stringify({ gradeFeedback: 'off' }));
    const r = await sb.success('python app.py', TRACEBACK);
    expect(r.output).toMatchObject({ decision: 'block' });
    expect(r.stderr).toContain('gradeFeedback');
  });

  test('a successful `ls` gets no output, and is recorded as passed', async () => {
    const sb = sandbox();
    const r = await sb.success('ls -la', 'total 8\ndrwxr-xr-x 2 dev dev 4096 Jan 1 12:00 .\n-rw-r--r-- 1 dev dev   12 Jan 1 12:00 README.md\n');
    expect(r).toMatchObject({ status: 0, stdout: '', stderr: '' });
    await sb.fold();
    expect(await trials(sb)).toMatchObject([{ label: 'good', operation: 'Bash:ls' }]);
  });

  test.each(['2.1.197', '2.1.330'] as const)('the real %s PostToolUse samples (Bash, MCP) verbatim: no output', async (version) => {
    const sb = sandbox();
    const s = version === '2.1.197' ? SAMPLES.v197 : SAMPLES.v330;
    for (const key of ['PostToolUse:Bash', 'PostToolUse:mcp']) {
      const r = await sb.event('PostToolUse', { ...s[key], cwd: sb.project });
      expect(r, key).toMatchObject({ status: 0, stdout: '' });
    }
  });

  test('a file listing that merely shows an error message is not an error (cat is a viewer)', async () => {
    const sb = sandbox();
    const r = await sb.success('cat crash.log', TRACEBACK);
    expect(r).toMatchObject({ status: 0, stdout: '' });
  });
});

describe('PostToolUse: files written', () => {
  test('a Write that leaves invalid JSON blocks with json_invalid, naming the file and the place', async () => {
    const sb = sandbox();
    const r = await sb.write(join(sb.project, 'config.json'), '{ bad');
    expect(r.status).toBe(0);
    expect(r.output).toMatchObject({ decision: 'block' });
    expect(r.output?.reason).toMatch(/^\[task-orchestrator grade: json_invalid\] Invalid JSON in config\.json: .*\(line 1, column 3\)/);
    expect(contextOf(r)).toContain('Relevant output:\n{ bad');
  });

  test('a Write of valid JSON, or of a file that is not JSON, says nothing', async () => {
    const sb = sandbox();
    expect(await sb.write(join(sb.project, 'config.json'), '{"port": 8080}\n')).toMatchObject({ status: 0, stdout: '' });
    expect(await sb.write(join(sb.project, 'notes.md'), '{ not json, and that is fine')).toMatchObject({ status: 0, stdout: '' });
  });

  test('tsconfig.json is JSONC: comments and trailing commas are fine', async () => {
    const sb = sandbox();
    const r = await sb.write(join(sb.project, 'tsconfig.json'), '{\n  // strict\n  "compilerOptions": { "strict": true, },\n}\n');
    expect(r).toMatchObject({ status: 0, stdout: '' });
  });

  describe('with gradingSchemas configured (the lazy ajv bundle)', () => {
    const schema = { type: 'object', required: ['port'], properties: { port: { type: 'integer', minimum: 1 }, name: { type: 'string' } } };
    const configured = (): GradingSandbox => {
      const sb = sandbox();
      writeFileSync(join(sb.root, 'app.schema.json'), JSON.stringify(schema));
      sb.policy({ gradingSchemas: [{ glob: 'config/*.json', schema: join(sb.root, 'app.schema.json') }] });
      return sb;
    };

    test('the lazy schema bundle is built beside the hook', () => {
      expect(existsSync(join(ROOT, 'plugin/dist/lazy/tool-result-schema.cjs'))).toBe(true);
    });

    test('a Write whose JSON breaks the schema blocks with schema_violation, naming the field — cold and from the code cache', async () => {
      const sb = configured();
      // The first run compiles the lazy events bundle and writes its V8 code cache; the second runs from it.
      for (const run of ['cold', 'cached']) {
        const r = await sb.write(join(sb.project, 'config/app.json'), '{"port": "eighty"}');
        expect(r.stderr, run).toBe('');
        expect(r.output, run).toMatchObject({ decision: 'block' });
        expect(r.output?.reason, run).toMatch(/^\[task-orchestrator grade: schema_violation\] app\.json does not match its schema: \/port: must be integer\./);
      }
    });

    test('a missing required field is named too', async () => {
      const sb = configured();
      const r = await sb.write(join(sb.project, 'config/app.json'), '{"name": "shop"}');
      expect(r.output?.reason).toContain('schema_violation');
      expect(r.output?.reason).toContain('port');
    });

    test('JSON that matches the schema, or a file outside the glob, says nothing', async () => {
      const sb = configured();
      expect(await sb.write(join(sb.project, 'config/app.json'), '{"port": 80}')).toMatchObject({ status: 0, stdout: '' });
      expect(await sb.write(join(sb.project, 'other/app.json'), '{"port": "eighty"}')).toMatchObject({ status: 0, stdout: '' });
    });

    test('a schema file that does not exist: no verdict, a note on stderr', async () => {
      const sb = sandbox();
      sb.policy({ gradingSchemas: [{ glob: 'config/*.json', schema: join(sb.root, 'missing.schema.json') }] });
      const r = await sb.write(join(sb.project, 'config/app.json'), '{"port": "eighty"}');
      expect(r).toMatchObject({ status: 0, stdout: '' });
      expect(r.stderr).toContain('missing.schema.json');
    });
  });
});

describe('bad input never crashes or blocks: exit 0, no stdout, one stderr line', () => {
  const oneNote = (stderr: string): void => {
    const lines = stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^task-orchestrator: /);
  };

  test.each(['PostToolUse', 'PostToolUseFailure', 'UserPromptSubmit', 'SessionStart'])('%s: malformed JSON', async (event) => {
    const sb = sandbox();
    const r = await sb.event(event, `{"hook_event_name":"${event}","tool_name":`);
    expect(r).toMatchObject({ status: 0, stdout: '' });
    oneNote(r.stderr);
    expect(r.stderr).toContain('not valid JSON');
  });

  test('a PostToolUse without tool_name', async () => {
    const sb = sandbox();
    const { tool_name: _dropped, ...rest } = SAMPLES.v330['PostToolUse:Bash'] as Record<string, unknown>;
    const r = await sb.event('PostToolUse', { ...rest, cwd: sb.project });
    expect(r).toMatchObject({ status: 0, stdout: '' });
    oneNote(r.stderr);
    expect(r.stderr).toContain('tool_name');
  });

  test('a UserPromptSubmit whose prompt is not a string', async () => {
    const sb = sandbox();
    const r = await sb.prompt('', { prompt: 42 });
    expect(r).toMatchObject({ status: 0, stdout: '' });
    oneNote(r.stderr);
  });

  test('binary garbage', async () => {
    const sb = sandbox();
    const garbage = Buffer.alloc(4096);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 131 + 7) % 256;
    const r = await sb.event('PostToolUse', garbage);
    expect(r).toMatchObject({ status: 0, stdout: '' });
    oneNote(r.stderr);
  });

  test('stdin larger than the hook reads (16 MiB)', async () => {
    const sb = sandbox();
    const r = await sb.event('PostToolUse', Buffer.alloc(17 * 1024 * 1024, 0x20));
    expect(r).toMatchObject({ status: 0, stdout: '' });
    oneNote(r.stderr);
    expect(r.stderr).toContain('larger than');
  });

  test('a 5 MB tool_response is graded (bounded) and recorded, without output', async () => {
    const sb = sandbox();
    const r = await sb.success('./build.sh', `${'building…\n'.repeat(500_000)}done\n`);
    expect(r).toMatchObject({ status: 0, stdout: '', stderr: '' });
    await sb.fold();
    const [trial] = await trials(sb);
    expect(trial).toMatchObject({ label: 'good', operation: 'Bash:build.sh' });
    expect((trial?.response as string).length).toBeLessThanOrEqual(2048);
  });

  test('an error at the end of a 5 MB output is still found', async () => {
    const sb = sandbox();
    const r = await sb.success('./build.sh', `${'x'.repeat(5_000_000)}\n${TRACEBACK}`);
    expect(r.output).toMatchObject({ decision: 'block', reason: '[task-orchestrator grade: hidden_error] Python traceback: ValueError: bad input.' });
  });

  test('an event the plugin does not handle (PostToolBatch) gets nothing', async () => {
    const sb = sandbox();
    const r = await sb.event('PostToolBatch', { ...SAMPLES.v330.PostToolBatch, cwd: sb.project });
    expect(r).toMatchObject({ status: 0, stdout: '' });
  });
});
