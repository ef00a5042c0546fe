/**
 * The extension's entry: registers the three sidebar views, the commands, the watcher and the heartbeat
 * (through the Controller), and disposes all of it on deactivate.
 */
import * as vscode from 'vscode';
import { registerCommands } from './commands.js';
import { Controller } from './controller.js';
import type { InboxState } from './protocol.js';
import type { DecisionAction, DecisionOutcome } from './state-service.js';

/** What activate() returns, for tests running in the extension host. */
export interface TaskOrchestratorApi {
  stateDir(): string;
  inbox(): Promise<InboxState>;
  refresh(): Promise<void>;
  decide(id: string, action: DecisionAction): Promise<DecisionOutcome>;
}

let controller: Controller | null = null;

export function activate(context: vscode.ExtensionContext): TaskOrchestratorApi {
  const c = new Controller(context);
  controller = c;
  const retain = { webviewOptions: { retainContextWhenHidden: false } };
  context.subscriptions.push(
    c,
    vscode.window.registerWebviewViewProvider('taskOrchestrator.inbox', c.inbox.view, retain),
    vscode.window.registerWebviewViewProvider('taskOrchestrator.dashboard', c.dashboard.view, retain),
    vscode.window.registerWebviewViewProvider('taskOrchestrator.cost', c.cost.view, retain),
    ...registerCommands(c),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('taskOrchestrator.stateDir') || e.affectsConfiguration('taskOrchestrator.project')) c.reconfigure();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => c.reconfigure()),
  );
  c.start();
  return {
    stateDir: () => c.paths().dir,
    inbox: () => c.service.inbox(),
    refresh: () => c.refresh(),
    decide: (id, action) => c.decide(id, action),
  };
}

export function deactivate(): void {
  // context.subscriptions disposes the controller; ending the heartbeat first tells waiting hooks at once.
  controller?.dispose();
  controller = null;
}
