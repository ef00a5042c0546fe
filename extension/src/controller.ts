/**
 * Ties the extension together: the state service, the three views, the watcher, the heartbeat, the status
 * bar item and the notifications. One refresh reads the inbox (always: the badge and the notifications
 * need it) and the dashboard and cost only when they are visible.
 */
import * as vscode from 'vscode';
import { storePaths, type StorePaths } from '../../server/engine/store/paths.js';
import { CostView } from './cost-view.js';
import { DashboardView } from './dashboard-view.js';
import { Heartbeat } from './heartbeat.js';
import { InboxView } from './inbox-view.js';
import { goneRequests, newRequests, notificationLevel, notificationText, shouldNotifyNew } from './notify.js';
import type { InboxItem, InboxState } from './protocol.js';
import { serviceConfig } from './settings.js';
import { type DecisionAction, type DecisionOutcome, StateService } from './state-service.js';
import { StateWatcher } from './watcher.js';

export class Controller implements vscode.Disposable {
  readonly service: StateService;
  readonly inbox: InboxView;
  readonly dashboard: DashboardView;
  readonly cost: CostView;
  readonly output: vscode.OutputChannel;
  private readonly status: vscode.StatusBarItem;
  private readonly heartbeat: Heartbeat;
  private watcher: StateWatcher | null = null;
  private seen: Set<string> | null = null;
  private refreshing: Promise<void> | null = null;
  private again = false;
  private lastInbox: InboxState | null = null;
  private disposed = false;

  constructor(context: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel('Task Orchestrator');
    this.service = new StateService(() => this.config(), { onStoreCall: () => this.watcher?.ownWrite() });
    this.inbox = new InboxView(context.extensionUri, { refresh: () => void this.refresh(), decide: (id, a) => this.decide(id, a).then(() => undefined) });
    this.dashboard = new DashboardView(context.extensionUri, this.service);
    this.cost = new CostView(context.extensionUri, this.service);
    this.status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 50);
    this.status.command = 'taskOrchestrator.openInbox';
    this.heartbeat = new Heartbeat(() => this.paths(), (m) => this.output.appendLine(m));
  }

  /** The state directory's paths for the current settings. */
  paths(): StorePaths {
    return storePaths(this.config().stateDir);
  }

  start(): void {
    this.heartbeat.start();
    this.watch();
    void this.refresh();
  }

  /** The settings changed: watch the (maybe new) directory and read again. */
  reconfigure(): void {
    this.seen = null;
    this.heartbeat.tick();
    this.watch();
    void this.refresh();
  }

  /** Reads the states and updates the views; concurrent calls coalesce into one more run. */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.again = false;
        const inbox = await this.service.inbox();
        this.showInbox(inbox);
        await Promise.all([this.dashboard.refresh(), this.cost.refresh()]);
      } while (this.again);
    })()
      .catch((err: unknown) => this.output.appendLine(`refresh failed: ${(err as Error).message}`))
      .finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  /** Decides `id`; the outcome goes to the webview, an error also to an error notification. Never rejects. */
  async decide(id: string, action: DecisionAction): Promise<DecisionOutcome> {
    const outcome = await this.service.decide(id, action);
    this.inbox.decided(id, outcome.ok, outcome.message);
    this.output.appendLine(`${outcome.ok ? 'decided' : 'not decided'}: ${outcome.message}`);
    if (!outcome.ok) void vscode.window.showErrorMessage(`Task Orchestrator: ${outcome.message}`);
    await this.refresh();
    return outcome;
  }

  /** The last inbox read. */
  get lastInboxState(): InboxState | null {
    return this.lastInbox;
  }

  /** Idempotent (deactivate and the subscriptions both call it). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.watcher?.dispose();
    this.heartbeat.stop();
    this.inbox.dispose();
    this.dashboard.dispose();
    this.cost.dispose();
    this.status.dispose();
    this.output.dispose();
    this.service.close();
  }

  private config() {
    const c = vscode.workspace.getConfiguration('taskOrchestrator');
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    return serviceConfig({ stateDir: c.get('stateDir'), project: c.get('project') }, { folders });
  }

  private watch(): void {
    const paths = this.paths();
    if (this.watcher && this.watcherDir === paths.dir) return;
    this.watcher?.dispose();
    this.watcher = new StateWatcher({ paths, onChange: () => void this.refresh() });
    this.watcherDir = paths.dir;
    this.watcher.start();
  }

  private watcherDir = '';

  private showInbox(state: InboxState): void {
    this.lastInbox = state;
    this.inbox.show(state);
    const n = state.pending.length;
    this.status.text = `$(shield) ${n}`;
    this.status.tooltip = n === 1 ? '1 approval waiting in the Task Orchestrator inbox' : `${n} approvals waiting in the Task Orchestrator inbox`;
    if (n > 0) this.status.show();
    else this.status.hide();
    const level = notificationLevel(vscode.workspace.getConfiguration('taskOrchestrator').get('notifications'));
    const prev = this.seen ?? new Set<string>();
    if (shouldNotifyNew(level)) for (const item of newRequests(prev, state.pending)) void this.notify(item);
    if (level === 'all' && this.seen) {
      for (const id of goneRequests(prev, state.pending)) {
        const h = state.history.find((x) => x.id === id);
        if (h) void vscode.window.showInformationMessage(`Task Orchestrator: ${h.tool} ${h.summary} was ${h.status}${h.decidedBy ? ` by ${h.decidedBy}` : ''}`);
      }
    }
    this.seen = new Set(state.pending.map((i) => i.id));
  }

  private async notify(item: InboxItem): Promise<void> {
    const choice = await vscode.window.showInformationMessage(notificationText(item), 'Approve', 'Deny', 'Show');
    if (choice === 'Approve') await this.decide(item.id, { kind: 'approve' });
    else if (choice === 'Deny') await vscode.commands.executeCommand('taskOrchestrator.denySelected', item.id);
    else if (choice === 'Show') {
      await this.inbox.view.focus();
      this.inbox.select(item.id);
    }
  }
}
