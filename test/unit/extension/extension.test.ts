// activate() against the vscode stub and a real store: what it registers (matching the manifest), the
// inbox view's message flow, the badge, notifications, commands, and the heartbeat ending on deactivate.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import * as vscode from 'vscode';
import { activate, deactivate, type TaskOrchestratorApi } from '../../../extension/src/extension.js';
import type { HostMessage, InboxState } from '../../../extension/src/protocol.js';
import { readDecision } from '../../../server/engine/store/journal.js';
import { storePaths } from '../../../server/engine/store/paths.js';
import { approvals } from '../../../server/engine/store/repos.js';
import { Store } from '../../../server/engine/store/store.js';
import { fakeWebviewView, recorded } from './vscode-stub.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'extension', 'package.json'), 'utf8'));
const APP = '/home/dev/app';
let dir: string;
let api: TaskOrchestratorApi;
const subscriptions: Array<{ dispose(): void }> = [];

async function until<T>(fn: () => T | undefined, what: string, ms = 3000): Promise<T> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 10))) {
    const v = fn();
    if (v !== undefined && v !== false) return v;
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function seed(id: string, summary = 'npm publish'): Promise<void> {
  const store = await Store.open(dir);
  await store.write((db) => void approvals.create(db, {
    id, tool_name: 'Bash', summary, input: '{}', rule: 'publish.package', reason: 'publishes', project: APP, session: 's', expires_at: Date.now() + 60_000,
  }));
  store.close();
}

function resolveInbox() {
  const fake = fakeWebviewView();
  (recorded.providers.get('taskOrchestrator.inbox') as vscode.WebviewViewProvider).resolveWebviewView(fake.view as never, {} as never, {} as never);
  return fake;
}

const lastInbox = (posted: unknown[]): InboxState | undefined =>
  (posted.filter((m) => (m as HostMessage).type === 'inbox').at(-1) as { state: InboxState } | undefined)?.state;

beforeEach(() => {
  recorded.reset();
  dir = mkdtempSync(join(tmpdir(), 'to-ext-activate-'));
  recorded.config.stateDir = dir;
  recorded.folders = [APP];
  subscriptions.length = 0;
  api = activate({ extensionUri: vscode.Uri.file(join(ROOT, 'extension')), subscriptions } as unknown as vscode.ExtensionContext);
});
afterEach(async () => {
  await api.refresh(); // let the start-up read finish before its directory goes
  deactivate();
  for (const s of subscriptions) s.dispose();
  rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
});

describe('activate', () => {
  test('registers the manifest\'s three webview views and every contributed command', () => {
    const views = manifest.contributes.views.taskOrchestrator.map((v: { id: string }) => v.id);
    expect([...recorded.providers.keys()].sort()).toEqual([...views].sort());
    const commands = manifest.contributes.commands.map((c: { command: string }) => c.command);
    expect([...recorded.commands.keys()].sort()).toEqual([...commands].sort());
    expect(manifest.contributes.views.taskOrchestrator.slice(1).map((v: { visibility?: string }) => v.visibility)).toEqual(['collapsed', 'collapsed']);
  });

  test('beats the heartbeat while active and removes it on deactivate', async () => {
    const surfaces = join(dir, 'surfaces');
    await until(() => readdirSync(surfaces).includes(`vscode-${process.pid}.json`) || undefined, 'the heartbeat');
    deactivate();
    expect(readdirSync(surfaces)).not.toContain(`vscode-${process.pid}.json`);
  });
});

describe('the inbox view', () => {
  test('posts the state after ready; an approve click decides, answers `decided` and refreshes', async () => {
    await seed('a1');
    const fake = resolveInbox();
    expect(fake.view.webview.html).toContain('id="inbox-root"');
    expect(fake.view.webview.options).toMatchObject({ enableScripts: true });
    fake.send({ type: 'ready' });
    const state = await until(() => lastInbox(fake.posted)?.pending.length ? lastInbox(fake.posted) : undefined, 'the inbox state');
    expect(state.pending[0]).toMatchObject({ id: 'a1', summary: 'npm publish', project: APP });
    expect(fake.view.badge).toEqual({ value: 1, tooltip: '1 approval waiting' });

    fake.send({ type: 'approve', id: 'a1' });
    const decided = await until(() => fake.posted.find((m) => (m as HostMessage).type === 'decided') as HostMessage | undefined, 'decided');
    expect(decided).toEqual({ type: 'decided', id: 'a1', ok: true, message: 'Approved: Bash npm publish' });
    expect(readDecision(storePaths(dir), 'a1')?.decidedBy).toBe('human:vscode');
    await until(() => lastInbox(fake.posted)?.pending.length === 0 || undefined, 'the refreshed inbox');
    expect(fake.view.badge).toEqual({ value: 0, tooltip: '' });
  });

  test('a failed decision is a `decided` error and an error notification', async () => {
    const fake = resolveInbox();
    fake.send({ type: 'ready' });
    fake.send({ type: 'deny', id: 'missing', reason: 'x' });
    const decided = await until(() => fake.posted.find((m) => (m as HostMessage).type === 'decided') as { ok: boolean; message: string } | undefined, 'decided');
    expect(decided.ok).toBe(false);
    expect(decided.message).toMatch(/no approval with id missing/);
    expect(recorded.messages.find((m) => m.level === 'error')?.text).toMatch(/^Task Orchestrator: no approval with id missing/);
  });

  test('a new request is notified once, with Approve / Deny / Show', async () => {
    await seed('n1', 'git push --force');
    await api.refresh();
    await api.refresh();
    const notes = recorded.messages.filter((m) => m.text.startsWith('Claude Code asks:'));
    expect(notes).toEqual([{ level: 'info', text: 'Claude Code asks: Bash git push --force', items: ['Approve', 'Deny', 'Show'] }]);
  });

  test('no notification when the setting is "none"', async () => {
    recorded.config.notifications = 'none';
    await seed('n2');
    await api.refresh();
    expect(recorded.messages.filter((m) => m.text.startsWith('Claude Code asks:'))).toEqual([]);
  });

  test('deny on the selected item asks for a reason and sends it', async () => {
    await seed('d1');
    const fake = resolveInbox();
    fake.send({ type: 'ready' });
    await until(() => lastInbox(fake.posted)?.pending.length ? true : undefined, 'the inbox state');
    fake.send({ type: 'selected', id: 'd1' });
    await until(() => recorded.contexts.get('taskOrchestrator.hasSelection') === true || undefined, 'the selection context');
    recorded.nextInput = 'use the staging registry';
    await vscode.commands.executeCommand('taskOrchestrator.denySelected');
    expect(readDecision(storePaths(dir), 'd1')).toMatchObject({ status: 'denied', reason: 'use the staging registry', decidedBy: 'human:vscode' });
  });

  test('approve without a selection warns instead of failing', async () => {
    await vscode.commands.executeCommand('taskOrchestrator.approveSelected');
    expect(recorded.messages).toContainEqual(expect.objectContaining({ level: 'warning', text: expect.stringMatching(/select a pending request/) }));
  });

  test('the audit log opens as a document', async () => {
    await seed('l1');
    await api.decide('l1', { kind: 'approve' });
    await vscode.commands.executeCommand('taskOrchestrator.openAuditLog');
    expect(recorded.documents[0]?.content).toMatch(/approval\.decided {2}allow/);
  });
});
