/**
 * The approval inbox view: shows the InboxState, tracks the item the webview reports as selected (for
 * the palette's approve/deny commands and the view's title buttons) and hands decisions to `decide`.
 */
import * as vscode from 'vscode';
import { badgeFor } from './notify.js';
import type { InboxItem, InboxState, WebviewMessage } from './protocol.js';
import type { DecisionAction } from './state-service.js';
import { StateView } from './view-base.js';

export class InboxView implements vscode.Disposable {
  readonly view: StateView;
  private selectedId: string | null = null;
  private pending: InboxItem[] = [];

  constructor(
    extensionUri: vscode.Uri,
    private readonly events: { refresh: () => void; decide: (id: string, action: DecisionAction) => Promise<void> },
  ) {
    this.view = new StateView(extensionUri, 'inbox', { onWantsState: () => events.refresh(), onMessage: (m) => this.receive(m) });
  }

  /** The pending item the user selected, if it is still pending. */
  get selected(): InboxItem | null {
    return this.pending.find((i) => i.id === this.selectedId) ?? null;
  }

  item(id: string): InboxItem | null {
    return this.pending.find((i) => i.id === id) ?? null;
  }

  show(state: InboxState): void {
    this.pending = state.pending;
    this.view.show({ type: 'inbox', state });
    this.view.badge = badgeFor(state.pending.length);
    void this.setContext();
  }

  /** Tells the webview the outcome of a decision. */
  decided(id: string, ok: boolean, message: string): void {
    this.view.post({ type: 'decided', id, ok, message });
  }

  /** Selects an item from the host side (a notification's "Show"). */
  select(id: string | null): void {
    this.selectedId = id;
    this.view.post({ type: 'select', id });
    void this.setContext();
  }

  dispose(): void {
    this.view.dispose();
  }

  private receive(m: WebviewMessage): void {
    if (m.type === 'selected') {
      this.selectedId = m.id;
      void this.setContext();
    } else if (m.type === 'approve') void this.events.decide(m.id, { kind: 'approve' });
    else if (m.type === 'approveAlways') void this.events.decide(m.id, { kind: 'approveAlways', pattern: m.pattern });
    else if (m.type === 'deny') void this.events.decide(m.id, { kind: 'deny', reason: m.reason });
  }

  private async setContext(): Promise<void> {
    await vscode.commands.executeCommand('setContext', 'taskOrchestrator.hasSelection', this.selected !== null);
  }
}
