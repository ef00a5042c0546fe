// `inbox watch` as data (server/cli/watch/model.ts, render.ts): keys, what each does, and the screen.
import { describe, expect, test } from 'vitest';
import { APPROVE_REASON, initialState, onKey, parseKeys, withItems, type Key, type WatchState } from '../../server/cli/watch/model.js';
import { plainLine, renderScreen } from '../../server/cli/watch/render.js';
import type { ApprovalItem } from '../../server/engine/store/repos.js';

const NOW = Date.parse('2025-06-01T12:00:00Z');
const item = (id: string, summary: string, p: Partial<ApprovalItem> = {}): ApprovalItem => ({
  id, status: 'pending', tool_name: 'Bash', summary, input: '{}', rule: 'publish.package', reason: 'Publishes a package', project: '/home/dev/app',
  session: 's1', created_at: NOW - 5_000, expires_at: NOW + 40_000, decided_at: null, decided_by: null, decision_reason: null, ...p,
});
const two = (): WatchState => withItems(initialState(), [item('b', 'git reset --hard'), item('a', 'npm publish')]);
const press = (s: WatchState, data: string) => {
  let state = s;
  const effects = [];
  for (const k of parseKeys(data)) {
    const r = onKey(state, k);
    state = r.state;
    if (r.effect) effects.push(r.effect);
  }
  return { state, effects };
};

describe('parseKeys', () => {
  test('letters, Enter, Backspace, Esc, Ctrl-C and the arrows; other escape sequences are ignored', () => {
    const keys: Key[] = parseKeys('aA\r\x7f\x1b\x03\x1b[A\x1b[B\x1bOA\x1b[5~é\n');
    expect(keys).toEqual([
      { name: 'char', ch: 'a' }, { name: 'char', ch: 'A' }, { name: 'enter' }, { name: 'backspace' }, { name: 'escape' }, { name: 'ctrl-c' },
      { name: 'up' }, { name: 'down' }, { name: 'up' }, { name: 'char', ch: 'é' }, { name: 'enter' },
    ]);
  });
});

describe('keys', () => {
  test('the newest item is selected first, and the selection follows its item across refreshes', () => {
    const s = two();
    expect(s.selected).toBe('b');
    const moved = press(s, 'j').state;
    expect(moved.selected).toBe('a');
    expect(withItems(moved, [item('c', 'kubectl delete pod x'), ...moved.items]).selected).toBe('a');
    expect(withItems(moved, [item('b', 'git reset --hard')]).selected).toBe('b'); // its item left: the first one
  });

  test('j/k and ↓/↑ move within bounds', () => {
    expect(press(two(), 'jjj').state.selected).toBe('a');
    expect(press(two(), 'jk').state.selected).toBe('b');
    expect(press(two(), '\x1b[B').state.selected).toBe('a');
    expect(press(two(), '\x1b[A').state.selected).toBe('b');
  });

  test('a approves the selected item at once', () => {
    expect(press(two(), 'ja').effects).toEqual([{ kind: 'decide', id: 'a', status: 'approved', reason: APPROVE_REASON }]);
  });

  test('d asks for a reason (required), then denies with it; Esc cancels', () => {
    let r = press(two(), 'd');
    expect(r.state.prompt).toEqual({ kind: 'deny', id: 'b', text: '' });
    r = press(r.state, '\r');
    expect(r.effects).toEqual([]);
    expect(r.state.message).toMatch(/Type a reason/);
    r = press(r.state, 'stash qq\x7f\x7ffirst\r');
    expect(r.effects).toEqual([{ kind: 'decide', id: 'b', status: 'denied', reason: 'stash first' }]);
    expect(r.state.prompt).toBeNull();
    expect(press(press(two(), 'dxyz').state, '\x1b').state).toMatchObject({ prompt: null, message: 'Cancelled.' });
  });

  test('A shows the pattern it will create (editable) and approves always with it', () => {
    let r = press(two(), 'jA');
    expect(r.state.prompt).toEqual({ kind: 'always', id: 'a', text: 'npm publish' });
    r = press(r.state, ' *\r');
    expect(r.effects).toEqual([{ kind: 'decide', id: 'a', status: 'approved', reason: APPROVE_REASON, pattern: 'npm publish *' }]);
  });

  test('while a prompt is open, letters are text (a does not approve, q does not quit)', () => {
    const r = press(two(), 'daq');
    expect(r.effects).toEqual([]);
    expect(r.state.prompt?.text).toBe('aq');
  });

  test('q and Ctrl-C quit; Ctrl-C also from a prompt', () => {
    expect(press(two(), 'q').effects).toEqual([{ kind: 'quit' }]);
    expect(press(two(), 'd\x03').effects).toEqual([{ kind: 'quit' }]);
  });

  test('an empty inbox: nothing to decide', () => {
    const r = press(initialState(), 'a');
    expect(r.effects).toEqual([]);
    expect(r.state.message).toBe('Nothing to decide.');
  });

  test('a prompt whose item was decided elsewhere closes, saying so', () => {
    const s = press(two(), 'd').state;
    const after = withItems(s, [item('a', 'npm publish')]);
    expect(after.prompt).toBeNull();
    expect(after.message).toMatch(/no longer pending/);
  });
});

describe('the screen', () => {
  test('pending items with tool, summary, rule, age and time left; the selected one in full; the keys', () => {
    const lines = renderScreen(two(), NOW, { columns: 200, rows: 40 }, '/state');
    const text = lines.join('\n');
    expect(lines[0]).toBe('Task Orchestrator inbox — 2 pending · /state');
    expect(text).toMatch(/^> Bash {2}git reset --hard {2}\[publish\.package\] {2}5s ago · 40s left$/m);
    expect(text).toMatch(/^ {2}Bash {2}npm publish {2}\[publish\.package\]/m);
    expect(text).toMatch(/^reason {3}Publishes a package$/m);
    expect(text).toMatch(/^project {2}\/home\/dev\/app$/m);
    expect(text).toContain('A proposes the pattern "git reset --hard"');
    expect(text).toContain('a approve · A approve always · d deny · j/k or ↑/↓ move · q quit');
  });

  test('prompts are shown with what Enter will do', () => {
    expect(renderScreen(press(two(), 'dno').state, NOW, { columns: 200, rows: 40 }, '/s').join('\n')).toMatch(/Deny b, reason: no▏ {2}\(Enter deny · Esc cancel\)/);
    expect(renderScreen(press(two(), 'A').state, NOW, { columns: 200, rows: 40 }, '/s').join('\n')).toMatch(/Always allow Bash \[publish\.package\] matching: git reset --hard▏/);
  });

  test('no line is wider than the terminal, and control characters are neutralised', () => {
    const s = withItems(initialState(), [item('x', `echo ${'y'.repeat(500)}\x1b[2J`)]);
    for (const line of renderScreen(s, NOW, { columns: 60, rows: 20 }, '/s')) {
      expect([...line].length).toBeLessThanOrEqual(60);
      expect(line).not.toMatch(/\x1b/);
    }
  });

  test('the empty inbox says it is waiting', () => {
    expect(renderScreen(initialState(), NOW, { columns: 80, rows: 24 }, '/s').join('\n')).toContain('No pending approvals. Waiting for Claude Code to ask');
  });

  test('a plain line per item when stdout is not a terminal', () => {
    expect(plainLine(item('a1', 'npm publish'))).toBe(`2025-06-01T11:59:55.000Z pending a1 Bash [publish.package] npm publish (project /home/dev/app, expires 2025-06-01T12:00:40.000Z)`);
  });
});
