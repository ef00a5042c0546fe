// Grading and the immune memory end to end: the real Claude Code CLI runs a failing test command (a PATH
// shim standing in for `npm`) and writes a broken JSON file; our PostToolUse / PostToolUseFailure hooks
// grade the results and the model is told, in the very next request. The failure is folded into
// immune.json, and in later sessions in the same HOME and project our UserPromptSubmit hook warns before a
// prompt that resembles it (and stays quiet before one that does not), and SessionStart lists it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { toolResultsIn } from './mock-anthropic.mjs';
import { checkSessionHealthy, resultFor, session } from './lib/session.mjs';

const bash = (command) => ({ tool: 'Bash', input: { command, description: 'scripted by the e2e mock' } });

/** What the npm shim prints for `npm test`: a vitest run with 2 failing tests, exit 1. */
const VITEST_FAILURE = [
  '',
  ' FAIL  src/auth.test.ts > login rejects bad password',
  'AssertionError: expected 200 to be 401',
  ' ❯ src/auth.test.ts:14:23',
  '',
  ' FAIL  src/auth.test.ts > login locks the account after 5 attempts',
  '',
  ' Test Files  1 failed | 3 passed (4)',
  '      Tests  2 failed | 10 passed (12)',
  '   Duration  1.24s',
];
const TEST_GUARDRAIL = 'IMPORTANT: Similar test runs have failed before.';
const GRADE_TEST = '[task-orchestrator grade: test_failure]';
const GRADE_JSON = '[task-orchestrator grade: json_invalid]';

/** The world of one scenario: the state directory, an `npm` that fails like a test run, immune.json. */
function immuneWorld(ctx) {
  const cli = path.join(ctx.pluginDir, 'dist', 'cli.mjs');
  const stateDir = path.join(ctx.sb.home, '.task-orchestrator');
  const env = { ...process.env, HOME: ctx.sb.home, TASK_ORCHESTRATOR_HOME: stateDir };
  delete env.CLAUDECODE;
  const shimDir = path.join(ctx.sb.root, 'shims');
  const shimLog = path.join(ctx.sb.root, 'npm-calls.log');
  fs.mkdirSync(shimDir, { recursive: true });
  const printed = VITEST_FAILURE.map((l) => `printf '%s\\n' '${l}'`).join('\n');
  fs.writeFileSync(path.join(shimDir, 'npm'), `#!/bin/sh\necho "npm $*" >> "${shimLog}"\n${printed}\nexit 1\n`, { mode: 0o755 });
  const patterns = () => {
    try { return JSON.parse(fs.readFileSync(path.join(stateDir, 'immune.json'), 'utf8')).patterns ?? []; } catch { return []; }
  };
  return {
    stateDir, patterns,
    claudeEnv: { PATH: `${shimDir}:${process.env.PATH}`, TASK_ORCHESTRATOR_HOME: stateDir },
    npmCalls: () => (fs.existsSync(shimLog) ? fs.readFileSync(shimLog, 'utf8').trim().split('\n').filter(Boolean) : []),
    /** The prompt the hooks remembered for a session ('' when none). */
    sessionPrompt: (id) => {
      try { return JSON.parse(fs.readFileSync(path.join(stateDir, 'sessions', `${id}.json`), 'utf8')).prompt ?? ''; } catch { return ''; }
    },
    /** Waits (bounded) for the hook's detached `store fold` to put a matching pattern into immune.json. */
    waitForPattern: async (match, timeoutMs = 15_000) => {
      const started = Date.now();
      while (Date.now() - started < timeoutMs) {
        const p = patterns().find(match);
        if (p) return { pattern: p, ms: Date.now() - started };
        await new Promise((r) => setTimeout(r, 100));
      }
      return null;
    },
    /** `task-orchestrator store fold` with the scenario's state: the fallback when the detached fold did not run. */
    fold: () => spawnSync(process.execPath, [cli, 'store', 'fold'], { env, encoding: 'utf8', timeout: 30_000 }),
  };
}

/** Waits for the pattern; if the hook's fold did not write it in time, the check fails and we fold by hand. */
async function expectFolded(t, w, what, match) {
  const got = await w.waitForPattern(match);
  t.check(`${what}: the hook's detached fold wrote it to immune.json (waited at most 15 s)`, got != null,
    `patterns=${JSON.stringify(w.patterns()).slice(0, 600)}`);
  if (got) {
    t.info(`${what}: in immune.json ${got.ms} ms after the session ended`);
    return got.pattern;
  }
  const f = w.fold();
  t.info(`${what}: fell back to \`store fold\` (exit ${f.status}) ${f.stderr.slice(0, 200)}`);
  return w.patterns().find(match) ?? null;
}

/** Our hook responses for one event (only our plugin is loaded). */
const hooksOf = (r, event) => r.hookResponses.filter((h) => h.event === event);
/** PostToolUse / PostToolUseFailure responses in order: one per tool call that ran, so the n-th is the n-th call's. */
const postHooks = (r) => r.hookResponses.filter((h) => h.event === 'PostToolUse' || h.event === 'PostToolUseFailure');

/** Every hook of ours that ran in the session exited 0 (they grade and warn; they never crash a session). */
function checkHooksExitZero(t, r, label) {
  const bad = r.hookResponses.filter((h) => h.exitCode !== 0);
  const events = [...new Set(r.hookResponses.map((h) => h.event))].join(', ');
  t.check(`${label}: every hook exited 0 (${events})`, r.hookResponses.length > 0 && bad.length === 0,
    bad.map((h) => `${h.hookName}: exit ${h.exitCode} ${String(h.stderr).slice(0, 200)}`).join('; '));
}

const flatten = (c) => (typeof c === 'string' ? c
  : Array.isArray(c) ? c.map((x) => (x?.type === 'text' ? x.text : JSON.stringify(x))).join('\n') : '');

/** Every text a request carries, with where it sits: the system parameter, or messages[i] and its block. */
function blocksOf(body) {
  const out = [];
  const sys = body?.system;
  for (const b of typeof sys === 'string' ? [{ text: sys }] : Array.isArray(sys) ? sys : []) {
    out.push({ msg: -1, role: 'system parameter', type: 'text', text: b?.text ?? '' });
  }
  (body?.messages ?? []).forEach((m, i) => {
    if (typeof m.content === 'string') return out.push({ msg: i, role: m.role, type: 'string', text: m.content });
    (Array.isArray(m.content) ? m.content : []).forEach((b, j) => out.push({
      msg: i, block: j, role: m.role, type: b?.type, toolUseId: b?.tool_use_id,
      text: b?.type === 'tool_result' ? flatten(b.content) : typeof b?.text === 'string' ? b.text : '',
    }));
    return undefined;
  });
  return out;
}

/** Where a block sits, in words (for the report and the README's notes). */
function describe(b) {
  if (b.role === 'system parameter') return 'the `system` parameter';
  const reminder = /^\s*<system-reminder>/.test(b.text) ? ', wrapped in <system-reminder>' : '';
  const shape = b.type === 'string' ? 'string content' : `content[${b.block}] (${b.type})`;
  return `messages[${b.msg}] role "${b.role}", ${shape}${reminder}`;
}

/** The first main request that carries the n-th call's tool_result: what the model saw next. */
function requestAfter(r, n) {
  const id = r.toolUses[n]?.id;
  return r.mock.mainRequests().find((q) => toolResultsIn(q.body).some((x) => x.tool_use_id === id)) ?? null;
}

/**
 * Blocks after the n-th call's tool_result and before the next assistant message (where Claude Code
 * puts what the PostToolUse hooks said) that contain `needle`.
 */
function afterToolResult(r, n, needle) {
  const q = requestAfter(r, n);
  if (!q) return { request: null, hits: [], rest: [] };
  const blocks = blocksOf(q.body);
  const at = blocks.findIndex((b) => b.type === 'tool_result' && b.toolUseId === r.toolUses[n]?.id);
  const rest = [];
  for (const b of blocks.slice(at + 1)) {
    if (b.role === 'assistant') break;
    rest.push(b);
  }
  return { request: q, hits: rest.filter((b) => needle !== '' && b.text.includes(needle)), rest };
}

/** Blocks of a request (not tool results) that contain `needle`. */
const textHits = (q, needle) => (q ? blocksOf(q.body).filter((b) => b.type !== 'tool_result' && b.text.includes(needle)) : []);

const short = (s, n = 300) => JSON.stringify(String(s ?? '').slice(0, n));

export const immuneScenarios = [
  {
    name: 'grade-feedback',
    title: 'a failing test run (PostToolUseFailure) and an invalid JSON write (PostToolUse block) are graded; the model reads the grade next',
    async run(ctx, t) {
      const w = immuneWorld(ctx);
      const config = path.join(ctx.sb.project, 'config.json');
      const broken = '{ "port": 8080,, "debug": true }\n';
      const turns = [bash('npm test'), { tool: 'Write', input: { file_path: config, content: broken } }, bash('echo all good')];
      const r = await session(ctx, { mode: 'bypassPermissions', prompt: 'run the tests and fix the failing login test', turns, env: w.claudeEnv });
      checkSessionHealthy(t, r);
      checkHooksExitZero(t, r, 'session');
      const post = postHooks(r);
      t.check('one PostToolUse(Failure) hook response per tool call', post.length === turns.length,
        `post hooks=${post.map((h) => h.hookName).join(', ')} tool calls=${r.toolUses.length}`);

      // 1. npm test fails like a test run: exit 1, a vitest summary.
      const res0 = resultFor(r, 0);
      t.check('npm test ran (the shim) and failed: is_error tool_result with the vitest summary',
        w.npmCalls().length === 1 && res0?.is_error === true && /Tests {2}2 failed/.test(res0.text), `${JSON.stringify(w.npmCalls())} ${short(res0?.text)}`);
      const h0 = post[0];
      t.check('npm test: our PostToolUseFailure:Bash hook ran and exited 0', h0?.hookName === 'PostToolUseFailure:Bash' && h0.exitCode === 0,
        JSON.stringify(h0 && { hookName: h0.hookName, exitCode: h0.exitCode, stderr: h0.stderr }));
      const ac0 = h0?.additionalContext ?? '';
      t.check('npm test: additionalContext (hookEventName PostToolUseFailure) names test_failure and the failing test',
        h0?.output?.hookSpecificOutput?.hookEventName === 'PostToolUseFailure' && ac0.startsWith(GRADE_TEST)
          && /2 tests failed \(vitest\)/.test(ac0) && /login rejects bad password/.test(ac0) && h0.decision === null,
        short(h0?.stdout, 500));
      const next0 = afterToolResult(r, 0, GRADE_TEST);
      t.check(`npm test: the model's next request carries "${GRADE_TEST}" after the tool_result`, next0.hits.length > 0,
        `after the tool_result: ${next0.rest.map((b) => `${describe(b)}: ${short(b.text, 120)}`).join(' | ') || '(nothing)'}`);
      const where0 = next0.hits[0];
      if (where0) {
        t.check('npm test: Claude Code labels it "PostToolUseFailure:Bash hook additional context: …"',
          where0.text.includes(`PostToolUseFailure:Bash hook additional context: ${GRADE_TEST}`), short(where0.text));
        t.info(`PostToolUseFailure additionalContext reached the model as ${describe(where0)}`);
      }

      // 2. Write of config.json with invalid JSON: exit 0 but wrong, so PostToolUse answers decision block.
      t.check('config.json: the Write itself ran (a grade cannot undo it)', fs.existsSync(config) && fs.readFileSync(config, 'utf8') === broken);
      const res1 = resultFor(r, 1);
      const h1 = post[1];
      t.check('config.json: our PostToolUse:Write hook ran and exited 0', h1?.hookName === 'PostToolUse:Write' && h1.exitCode === 0,
        JSON.stringify(h1 && { hookName: h1.hookName, exitCode: h1.exitCode, stderr: h1.stderr }));
      t.check('config.json: the hook answered decision "block" with a json_invalid reason',
        h1?.decision === 'block' && h1.reason.startsWith(`${GRADE_JSON} Invalid JSON in config.json`), short(h1?.stdout, 500));
      t.check('config.json: and additionalContext (hookEventName PostToolUse) with the offending text',
        h1?.output?.hookSpecificOutput?.hookEventName === 'PostToolUse' && h1.additionalContext.startsWith('Relevant output:')
          && h1.additionalContext.includes('"port": 8080,,'), short(h1?.additionalContext, 500));
      const next1 = afterToolResult(r, 1, h1?.reason ?? '');
      t.check('config.json: the model\'s next request carries the block reason after the tool_result', next1.hits.length > 0,
        `after the tool_result: ${next1.rest.map((b) => `${describe(b)}: ${short(b.text, 160)}`).join(' | ') || '(nothing)'}`);
      const block = next1.hits.find((b) => b.text.includes('PostToolUse:Write hook blocking error'));
      t.check('config.json: Claude Code labels it "PostToolUse:Write hook blocking error from command: …"', block != null,
        next1.hits.map((b) => short(b.text, 200)).join(' | '));
      if (block) t.info(`PostToolUse decision block reason reached the model as ${describe(block)}`);
      const ctx1 = afterToolResult(r, 1, 'PostToolUse:Write hook additional context: ').hits[0];
      t.check('config.json: the additionalContext reached the model too ("PostToolUse:Write hook additional context: …")',
        ctx1 != null && ctx1.text.includes('Relevant output:'), next1.rest.map((b) => short(b.text, 160)).join(' | '));
      if (ctx1) t.info(`PostToolUse additionalContext (beside a block) reached the model as ${describe(ctx1)}`);
      t.info(`the Write's own tool_result stays ${res1?.is_error ? 'is_error' : 'a success'}: ${short(res1?.text, 80)}`);

      // 3. Control: a command that works gets no grade at all.
      const h2 = post[2];
      t.check('echo all good: our PostToolUse:Bash hook ran, exited 0 and said nothing',
        h2?.hookName === 'PostToolUse:Bash' && h2.exitCode === 0 && h2.stdout.trim() === '', short(h2?.stdout));
      const next2 = afterToolResult(r, 2, '[task-orchestrator grade');
      t.check('echo all good: nothing from us follows its tool_result', next2.request != null && next2.hits.length === 0,
        next2.hits.map((b) => short(b.text, 160)).join(' | ') || `request found: ${next2.request != null}`);
    },
  },
  {
    name: 'immune-warning',
    title: 'a failure is remembered with its prompt: a later similar prompt is warned (UserPromptSubmit), an unrelated one is not; SessionStart lists it',
    async run(ctx, t) {
      const w = immuneWorld(ctx);
      const isTestFailure = (min) => (p) => p.failureType === 'test_failure' && p.operation === 'Bash:npm test' && p.count >= min;

      // Session 1: fresh memory; the tests fail once.
      const p1 = 'run the tests and fix the failing login test';
      const s1 = await session(ctx, { mode: 'bypassPermissions', prompt: p1, turns: [bash('npm test')], env: w.claudeEnv });
      checkSessionHealthy(t, s1);
      checkHooksExitZero(t, s1, 'session 1');
      const ups1 = hooksOf(s1, 'UserPromptSubmit');
      t.check('session 1: our UserPromptSubmit hook ran once, with no warning (nothing remembered yet)',
        ups1.length === 1 && ups1[0].stdout.trim() === '', JSON.stringify(ups1.map((h) => h.stdout)));
      const ss1 = hooksOf(s1, 'SessionStart');
      t.check('session 1: our SessionStart hook ran once, with no briefing yet', ss1.length === 1 && ss1[0].stdout.trim() === '',
        JSON.stringify(ss1.map((h) => h.stdout)));
      const f1 = postHooks(s1)[0];
      t.check('session 1: npm test graded test_failure, no recurrence yet',
        f1?.event === 'PostToolUseFailure' && f1.additionalContext.startsWith(GRADE_TEST) && !/failed the same way/.test(f1.additionalContext),
        short(f1?.stdout, 400));
      const sid1 = s1.init?.session_id ?? '';
      t.check('session 1: the prompt is remembered in <state>/sessions/<session>.json', sid1 !== '' && w.sessionPrompt(sid1) === p1,
        `session=${sid1} remembered=${JSON.stringify(w.sessionPrompt(sid1))}`);
      const pat1 = await expectFolded(t, w, 'the test_failure pattern', isTestFailure(1));
      t.check('the pattern is stored with the session\'s prompt (tokens "run" and "fix" come only from it)',
        pat1 != null && pat1.tokens.includes('run') && pat1.tokens.includes('fix') && pat1.project === ctx.sb.project,
        JSON.stringify(pat1));

      // Session 2: a similar prompt is warned; the same failure again is called a recurrence.
      const p2 = 'please run the tests again and fix the login failure';
      const s2 = await session(ctx, { mode: 'bypassPermissions', prompt: p2, turns: [bash('npm test')], env: w.claudeEnv });
      checkSessionHealthy(t, s2);
      checkHooksExitZero(t, s2, 'session 2');
      const ups2 = hooksOf(s2, 'UserPromptSubmit')[0];
      const warn = ups2?.additionalContext ?? '';
      t.check('session 2: UserPromptSubmit answered additionalContext "Task Orchestrator immune memory: this request resembles …"',
        ups2?.output?.hookSpecificOutput?.hookEventName === 'UserPromptSubmit'
          && warn.startsWith('Task Orchestrator immune memory: this request resembles') && /test_failure ×1 .* on Bash:npm test/.test(warn),
        short(ups2?.stdout, 600));
      t.check('session 2: with the test_failure guardrail', warn.includes(TEST_GUARDRAIL), short(warn, 600));
      const first2 = s2.mock.mainRequests()[0] ?? null;
      const inFirst2 = textHits(first2, 'UserPromptSubmit hook additional context: Task Orchestrator immune memory');
      t.check('session 2: the model\'s FIRST request carries the warning and the guardrail',
        inFirst2.length > 0 && inFirst2[0].text.includes(TEST_GUARDRAIL),
        first2 ? `hits=${inFirst2.length}; immune text in: ${textHits(first2, 'immune memory').map(describe).join(' | ')}` : 'no main request');
      if (inFirst2[0]) t.info(`UserPromptSubmit additionalContext reached the model as ${describe(inFirst2[0])} (the prompt itself: ${textHits(first2, p2).map(describe).join(', ')})`);
      const ss2 = hooksOf(s2, 'SessionStart')[0];
      t.check('session 2: SessionStart lists the recent failure (test_failure ×1)',
        /^Task Orchestrator immune memory: recent or recurring failures/.test(ss2?.additionalContext ?? '') && /test_failure ×1 /.test(ss2.additionalContext),
        short(ss2?.stdout, 500));
      const f2 = postHooks(s2)[0];
      const again = 'This has failed the same way 1 time before in this project';
      t.check('session 2: the second failing run is graded as a recurrence', f2?.additionalContext.startsWith(GRADE_TEST) && f2.additionalContext.includes(again),
        short(f2?.stdout, 500));
      t.check('session 2: the model\'s next request carries the recurrence', afterToolResult(s2, 0, again).hits.length > 0,
        afterToolResult(s2, 0, '').rest.map((b) => short(b.text, 200)).join(' | '));
      await expectFolded(t, w, 'the recurrence (count 2)', isTestFailure(2));

      // Session 3: an unrelated prompt is not warned; SessionStart lists the recurring failure.
      const p3 = 'write a haiku about autumn';
      const s3 = await session(ctx, { mode: 'default', prompt: p3, turns: [], env: w.claudeEnv });
      checkSessionHealthy(t, s3);
      checkHooksExitZero(t, s3, 'session 3');
      const ups3 = hooksOf(s3, 'UserPromptSubmit');
      t.check('session 3 (unrelated prompt): UserPromptSubmit ran and added nothing', ups3.length === 1 && ups3[0].stdout.trim() === '',
        JSON.stringify(ups3.map((h) => h.stdout)));
      const first3 = s3.mock.mainRequests()[0] ?? null;
      t.check('session 3: no request carries a UserPromptSubmit warning',
        first3 != null && s3.mock.mainRequests().every((q) => textHits(q, 'UserPromptSubmit hook additional context').length === 0 && textHits(q, 'this request resembles').length === 0),
        first3 ? textHits(first3, 'resembles').map((b) => short(b.text, 300)).join(' | ') : 'no main request');
      const ss3 = hooksOf(s3, 'SessionStart')[0];
      t.check('session 3: SessionStart lists the recurring failure (test_failure ×2 on Bash:npm test)',
        ss3?.exitCode === 0 && ss3.output?.hookSpecificOutput?.hookEventName === 'SessionStart'
          && /test_failure ×2 \(last [^)]*\) on Bash:npm test/.test(ss3.additionalContext), short(ss3?.stdout, 500));
      const brief3 = textHits(first3, 'SessionStart hook additional context: Task Orchestrator immune memory');
      t.check('session 3: the model\'s first request carries the briefing', brief3.length > 0 && brief3[0].text.includes('test_failure ×2'),
        first3 ? textHits(first3, 'immune memory').map(describe).join(' | ') : 'no main request');
      if (brief3[0]) t.info(`SessionStart additionalContext reached the model as ${describe(brief3[0])}`);
      t.check('npm test ran exactly twice (sessions 1 and 2)', w.npmCalls().length === 2, JSON.stringify(w.npmCalls()));
    },
  },
];
