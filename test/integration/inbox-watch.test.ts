// `inbox watch` as a person uses it: in a real terminal (tmux), deciding with key presses while a real
// hook waits; and, when stdout is not a terminal, one plain line per new item until stdin ends.
// tmux is a test dependency (.ci/run installs it). Under CI (CI=true) a missing tmux fails with the fix;
// elsewhere (a user's fresh clone) these tests are skipped with a note saying how to run them.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { ASK_COMMAND, CLI, ensureBuilt, Sandbox, sleep } from './inbox-helpers.js';

beforeAll(ensureBuilt);
let box: Sandbox;
let tmuxSocket: string | null = null;
afterEach(() => {
  if (tmuxSocket) spawnSync('tmux', ['-S', tmuxSocket, 'kill-server']);
  tmuxSocket = null;
  box?.dispose();
});

const tmuxVersion = spawnSync('tmux', ['-V'], { encoding: 'utf8' });
const hasTmux = tmuxVersion.status === 0;
const skipTmux = !hasTmux && (process.env.TASK_ORCHESTRATOR_SKIP_TMUX === '1' || process.env.CI !== 'true');
if (skipTmux) console.warn('inbox watch terminal tests skipped: tmux is not installed (apt-get install -y tmux to run them; CI requires it)');

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Starts `inbox watch` in a detached 160×40 tmux session of its own server. */
function startWatch(): { keys: (...k: string[]) => void; text: (t: string) => void; screen: () => string; alive: () => boolean } {
  tmuxSocket = join(box.root, 'tmux.sock');
  const env = Object.entries(box.env()).map(([k, v]) => `${k}=${quote(v ?? '')}`).join(' ');
  const command = `env -i ${env} ${quote(process.execPath)} ${quote(CLI)} inbox watch`;
  const r = spawnSync('tmux', ['-S', tmuxSocket, 'new-session', '-d', '-s', 'watch', '-x', '160', '-y', '40', command], { encoding: 'utf8', cwd: box.project });
  expect(r.status, r.stderr).toBe(0);
  const sock = tmuxSocket;
  return {
    keys: (...k) => void spawnSync('tmux', ['-S', sock, 'send-keys', '-t', 'watch', ...k]),
    text: (t) => void spawnSync('tmux', ['-S', sock, 'send-keys', '-t', 'watch', '-l', t]),
    screen: () => spawnSync('tmux', ['-S', sock, 'capture-pane', '-p', '-t', 'watch'], { encoding: 'utf8' }).stdout ?? '',
    alive: () => spawnSync('tmux', ['-S', sock, 'has-session', '-t', 'watch']).status === 0,
  };
}

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 10_000, dump = () => ''): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${dump()}`);
    await sleep(100);
  }
}

const liveWatch = () => (JSON.parse(box.cli(['status', '--json']).stdout) as { liveSurfaces: string[] }).liveSurfaces.find((s) => s.startsWith('watch-'));

describe.skipIf(skipTmux)('inbox watch in a terminal (tmux)', () => {
  test('tmux is installed (apt-get install -y tmux)', () => {
    expect(hasTmux, 'tmux is required for the inbox watch tests under CI: apt-get install -y tmux').toBe(true);
  });

  test('the pending item shows; `a` approves it and the waiting hook gets allow', async () => {
    box = new Sandbox();
    const w = startWatch();
    await until('the watch heartbeat', liveWatch, 10_000, w.screen);
    const answer = box.hook(ASK_COMMAND);
    const screen = await until('the item on screen', () => /npm publish\s+\[publish\.package\]/.test(w.screen()) && w.screen(), 10_000, w.screen);
    expect(screen).toMatch(/Task Orchestrator inbox — 1 pending/);
    expect(screen).toMatch(/reason\s+Publishes a package/);
    expect(screen).toMatch(/project\s+.*project/);
    expect(screen).toMatch(/\d+s left/);
    expect(screen).toContain('A proposes the pattern "npm publish"');
    w.keys('a');
    const a = await answer;
    expect(a).toMatchObject({ decision: 'allow', reason: '[inbox] approved by human:watch: approved in task-orchestrator inbox watch' });
    await until('the list to empty', () => /0 pending/.test(w.screen()), 5000, w.screen);
    expect(box.items()[0]).toMatchObject({ status: 'approved', decided_by: 'human:watch' });
  });

  test('`d` prompts for a reason and denies with it; `A` shows the pattern and creates the rule; `q` quits', async () => {
    box = new Sandbox();
    const w = startWatch();
    await until('the watch heartbeat', liveWatch, 10_000, w.screen);

    const denied = box.hook('git reset --hard');
    await until('the reset on screen', () => w.screen().includes('git reset --hard'), 10_000, w.screen);
    w.keys('d');
    await until('the deny prompt', () => /Deny \w+, reason:/.test(w.screen()), 5000, w.screen);
    w.keys('Enter'); // an empty reason is refused
    await until('the hint', () => w.screen().includes('Type a reason'), 5000, w.screen);
    w.text('stash first, please');
    w.keys('Enter');
    expect(await denied).toMatchObject({ decision: 'deny', reason: '[inbox] denied by human:watch: stash first, please' });

    const first = box.hook(ASK_COMMAND);
    await until('npm publish on screen', () => w.screen().includes('npm publish'), 10_000, w.screen);
    w.keys('A');
    await until('the always prompt', () => /Always allow Bash \[publish\.package\] matching: npm publish/.test(w.screen()), 5000, w.screen);
    w.keys('Enter');
    expect((await first).decision).toBe('allow');
    await until('the rule message', () => /always-rule \w+ matches "npm publish"/.test(w.screen()), 5000, w.screen);
    const again = await box.hook(ASK_COMMAND);
    expect(again.reason).toMatch(/^\[inbox\] approved by always-rule /);

    w.keys('q');
    await until('the watch to exit', () => !w.alive(), 5000, w.screen);
    expect(liveWatch()).toBeUndefined();
  });

  test('j/k and the arrow keys move the selection', async () => {
    box = new Sandbox();
    const w = startWatch();
    await until('the watch heartbeat', liveWatch, 10_000, w.screen);
    const one = box.hook('npm publish');
    await until('the first item', () => w.screen().includes('npm publish'), 10_000, w.screen);
    const two = box.hook('git reset --hard');
    await until('two items', () => /2 pending/.test(w.screen()), 10_000, w.screen);
    const selected = () => /^> Bash {2}(.+?) {2}\[/m.exec(w.screen())?.[1] ?? '';
    expect(selected()).toBe('npm publish'); // the selection stays on its item when a newer one arrives above it
    w.keys('k');
    await until('k to move up', () => selected() === 'git reset --hard', 5000, w.screen);
    w.keys('j');
    await until('j to move down', () => selected() === 'npm publish', 5000, w.screen);
    w.keys('Up');
    await until('↑ to move up', () => selected() === 'git reset --hard', 5000, w.screen);
    w.keys('Down');
    await until('↓ to move down', () => selected() === 'npm publish', 5000, w.screen);
    w.keys('a');
    await until('one left', () => /1 pending/.test(w.screen()), 5000, w.screen);
    w.keys('a');
    const answers = await Promise.all([one, two]);
    expect(answers.map((x) => x.decision)).toEqual(['allow', 'allow']);
  });
});

describe('inbox watch without a terminal', () => {
  test('one plain line per new item; ends at the end of stdin; counts as a live surface meanwhile', async () => {
    box = new Sandbox();
    const child = spawn(process.execPath, [CLI, 'inbox', 'watch'], { env: box.env(), cwd: box.project });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('close', r));
    await until('the watch heartbeat', liveWatch);
    const answer = box.hook(ASK_COMMAND);
    const line = await until('a line', () => out.split('\n').find((l) => l.includes(' pending ')));
    expect(line).toMatch(/^\d{4}-\d\d-\d\dT\S+ pending (\w+) Bash \[publish\.package\] npm publish \(project .*, expires \S+\)$/);
    const id = / pending (\w+) /.exec(line)![1]!;
    expect(box.cli(['inbox', 'approve', id]).status).toBe(0);
    expect((await answer).decision).toBe('allow');
    child.stdin.end();
    expect(await exited).toBe(0);
    expect(out.trim().split('\n')).toHaveLength(1);
    expect(liveWatch()).toBeUndefined();
  });
});

describe('inbox watch ends cleanly on a signal', () => {
  test('SIGTERM: exit 0 and the heartbeat is removed at once', async () => {
    box = new Sandbox();
    const child = spawn(process.execPath, [CLI, 'inbox', 'watch'], { env: box.env(), cwd: box.project, stdio: ['pipe', 'ignore', 'ignore'] });
    const exited = new Promise<number | null>((r) => child.on('close', r));
    await until('the watch heartbeat', liveWatch);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(readdirSync(box.paths.surfaces)).toEqual([]);
  });
});
